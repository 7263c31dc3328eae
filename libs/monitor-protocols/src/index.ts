// Pure parsers and writers, no I/O: HL7 v2 (IHE PCD-01 ORU^R01, PCD-04 ORU^R40) over MLLP or bare,
// and NMEA 0183 GPS. Each protocol is constants / frame / parser / writer.

// ---- HL7 v2 ----
export type {
  Hl7AckRequest,
  Hl7AlarmMessage,
  Hl7AlarmVital,
  Hl7ErrorCode,
  Hl7Event,
  Hl7Ignored,
  Hl7Message,
  Hl7Observation,
  Hl7ParseOptions,
  Hl7ParseResult,
  Hl7VitalsMessage,
  Hl7WaveformChannel,
  Hl7WaveformMessage,
} from './hl7/types';
export { Hl7StreamParser, type Hl7StreamParserOptions } from './hl7/parser';
export { parseHl7Message, parseHl7Messages, splitHl7Messages } from './hl7/message';
export {
  ACK_CODE_FOR_ERROR,
  buildAckReply,
  buildHl7Ack,
  HL7_ACK_MODES,
  shouldAck,
  type AckCode,
  type AckOptions,
  type Hl7AckMode,
} from './hl7/ack';
export { frameMllp, type Hl7Framing } from './hl7/frame';
export {
  writeHl7Alarm,
  writeHl7Vitals,
  writeHl7Waveform,
  type WriteHl7AlarmInput,
  type WriteHl7VitalsInput,
  type WriteHl7WaveformInput,
} from './hl7/writer';
export { parseHl7Time, formatHl7Time, hasHl7TimeOffset, utcOffsetInZone, utcOffsetInZoneAt } from './hl7/time';
export { resolveVitalCode } from './hl7/codes';
export { DEFAULT_MAX_MESSAGE_BYTES, INVALID_SAMPLE, WAVEFORM_LEAD_BY_MDC } from './hl7/constants';

// ---- NMEA 0183 ----
export type { NmeaErrorCode, NmeaEvent } from './nmea/sentence';
export { NmeaStreamParser, type NmeaStreamParserOptions } from './nmea/parser';
export { writeNmeaGga, writeNmeaRmc, writeNmeaVtg } from './nmea/writer';
export { nmeaChecksum } from './nmea/frame';
export { NMEA_MAX_LINE_BYTES } from './nmea/constants';
