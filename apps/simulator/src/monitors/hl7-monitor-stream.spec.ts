import { ECG_LEADS } from '@feijiu/contracts';
import { type Hl7Event, Hl7StreamParser } from '@feijiu/monitor-protocols';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import { toCounts } from './ecg-synthesizer';
import { Hl7MonitorStream, type Hl7MonitorStreamOptions } from './hl7-monitor-stream';
import { buildObservations, MonitorSignals } from './monitor-session';

const START_MS = Date.parse('2026-11-22T08:00:00Z');
// each monitor gets its own source seeded alike, so a twin measures the same patient
const options = (overrides: Partial<Hl7MonitorStreamOptions> = {}): Hl7MonitorStreamOptions => ({
  scenario: 'stemi',
  startMs: START_MS,
  random: seededRandom(8),
  demo: true,
  ...overrides,
});

/** The bytes of `seconds` of monitoring, produced every 200 ms as the serial pump does. */
function bytesOf(seconds: number, overrides: Partial<Hl7MonitorStreamOptions> = {}): Buffer {
  const sut = new Hl7MonitorStream(options(overrides));
  const frames: Buffer[] = [];
  for (let t = 200; t <= seconds * 1000; t += 200) frames.push(...sut.produce(START_MS + t));
  return Buffer.concat(frames);
}

function parse(bytes: Buffer): Hl7Event[] {
  const parser = new Hl7StreamParser();
  // split at an awkward size, as a serial line delivers it
  const events: Hl7Event[] = [];
  for (let i = 0; i < bytes.length; i += 4093) events.push(...parser.push(bytes.subarray(i, i + 4093)));
  return events;
}

describe(Hl7MonitorStream.name, () => {
  it('should write STEMI vitals that parse back to the same values, times and demo flags', () => {
    const events = parse(bytesOf(90));
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
    const vitals = events.flatMap((e) => (e.type === 'message' && e.message.kind === 'vitals' ? [e.message] : []));
    expect(vitals).toHaveLength(90);

    // the same patient, measured again with the same seed, is what the messages must say
    const twin = new MonitorSignals({ ...options(), chunkMs: 1000 });
    const snapshots = Array.from({ length: 450 }, (_, i) => twin.produce(START_MS + (i + 1) * 200).snapshots).flat();
    vitals.forEach((message, i) => {
      const expected = buildObservations(snapshots[i]);
      expect(message.demo).toBe(true);
      expect(message.messageTime).toBe(new Date(snapshots[i].atMs).toISOString());
      expect(message.observations.map((o) => ({ code: o.code, value: o.value, unit: o.unit }))).toEqual(
        expected.map((o) => ({ code: o.code, value: o.value, unit: o.unit })),
      );
      for (const o of message.observations) expect(o.flags).toEqual(['demo']);
      const nibp = message.observations.find((o) => o.code === 'NIBP_SYS');
      const expectedNibp = expected.find((o) => o.code === 'NIBP_SYS');
      expect(nibp?.measuredAt ?? null).toBe(expectedNibp?.ts ?? null);
    });
    const last = vitals.at(-1)!.observations;
    expect(last.find((o) => o.code === 'HR')!.value).toBeGreaterThanOrEqual(105);
    expect(last.find((o) => o.code === 'NIBP_SYS')!.value).toBeGreaterThanOrEqual(130);
  });

  it('should write one 12-lead waveform message a second whose counts are the ECG', () => {
    const events = parse(bytesOf(3));
    const waves = events.flatMap((e) => (e.type === 'message' && e.message.kind === 'waveform' ? [e.message] : []));
    expect(waves).toHaveLength(3);
    const twin = new MonitorSignals({ ...options(), chunkMs: 1000 });
    const chunks = Array.from({ length: 15 }, (_, i) => twin.produce(START_MS + (i + 1) * 200).chunks).flat();
    waves.forEach((w, i) => {
      expect(w.t0).toBe(new Date(START_MS + i * 1000).toISOString());
      expect(w.channels.map((c) => c.lead)).toEqual([...ECG_LEADS]);
      for (const [l, channel] of w.channels.entries()) {
        expect(channel).toMatchObject({ hz: 500, resolution: 0.0025, invalidSampleCount: 0 });
        expect(Array.from(channel.samples)).toEqual(Array.from(toCounts(chunks[i].leadsMv[l], 2.5)));
      }
    });
  });

  it('should leave OBX-8 empty when the monitor is not in demo mode', () => {
    const events = parse(bytesOf(2, { demo: false }));
    for (const e of events) if (e.type === 'message' && e.message.kind === 'vitals') expect(e.message.demo).toBe(false);
  });

  it('should write an ORU^R40 when an alarm starts, with the value, right after the vitals that raised it, and one that ends it when the monitor is taken off', () => {
    // haemorrhagic shock at ten times speed: the cuff reads below 90 within about a clock minute
    const sut = new Hl7MonitorStream(options({ scenario: 'haemorrhagic_shock', timeScale: 10 }));
    const frames: Buffer[] = [];
    for (let t = 200; t <= 90_000; t += 200) frames.push(...sut.produce(START_MS + t));
    const events = parse(Buffer.concat(frames));
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
    const messages = events.flatMap((e) => (e.type === 'message' ? [e.message] : []));
    const alarms = messages.flatMap((m) => (m.kind === 'alarm' ? [m] : []));
    expect(alarms.map((a) => [a.alarmName, a.vital?.code, a.priority, a.state, a.phase])).toEqual([
      ['MDC_EVT_LO', 'NIBP_SYS', 'PH', 'active', 'start'],
      ['MDC_EVT_HI', 'HR', 'PM', 'active', 'start'],
    ]);
    const [pressure, heart] = alarms;
    expect(pressure).toMatchObject({ alarmCode: 196670, technical: false, demo: true, text: 'NIBP-S < 90', vital: { unit: 'mm[Hg]' } });
    expect(heart).toMatchObject({ alarmCode: 196648, text: 'HR > 130' });
    // the value in the alarm is the one the vitals message just before it shows
    for (const alarm of alarms) {
      const before = messages[messages.indexOf(alarm) - 1];
      expect(before?.kind).toBe('vitals');
      if (before?.kind !== 'vitals') continue;
      expect(before.messageTime).toBe(alarm.messageTime);
      expect(alarm.vital!.value).toBe(before.observations.find((o) => o.code === alarm.vital!.code)!.value);
    }
    expect(pressure!.vital!.value).toBeLessThan(90);
    expect(heart!.vital!.value).toBeGreaterThan(130);

    const ended = parse(Buffer.concat(sut.end(START_MS + 90_500))).flatMap((e) => (e.type === 'message' && e.message.kind === 'alarm' ? [e.message] : []));
    expect(ended.map((a) => [a.alarmName, a.vital?.code, a.state, a.phase, a.messageTime])).toEqual([
      ['MDC_EVT_HI', 'HR', 'inactive', 'end', new Date(START_MS + 90_500).toISOString()],
      ['MDC_EVT_LO', 'NIBP_SYS', 'inactive', 'end', new Date(START_MS + 90_500).toISOString()],
    ]);
    expect(sut.end(START_MS + 91_000)).toEqual([]);
  });

  it('should name the monitor by its EUI-64 in every message', () => {
    const events = parse(bytesOf(2, { deviceId: '02fe1a00000000aa' }));
    for (const e of events) if (e.type === 'message') expect(e.message.deviceId).toBe('02FE1A00000000AA');
  });
});
