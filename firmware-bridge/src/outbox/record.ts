import { crc32 } from 'node:zlib';

// One outbox record on disk: a fixed header, then the payload (the wire JSON, UTF-8).
//
//   offset  size  field
//   0       4     magic "FJR1" (resync point after a damaged record)
//   4       4     payload length, u32 LE
//   8       8     seq, u64 LE
//   16      4     CRC-32 (zlib) over bytes 4..16 and the payload, u32 LE
//   20      n     payload
//
// A power cut can leave the last record torn (short) or zero-filled; the length and CRC catch
// both, and recovery truncates the file back to the last whole record.

export const RECORD_MAGIC = Buffer.from('FJR1', 'latin1');
export const RECORD_HEADER_BYTES = 20;
/** Larger lengths are damage, not data (a waveform second is a few kB). */
export const MAX_RECORD_PAYLOAD_BYTES = 16 * 1024 * 1024;

export interface OutboxRecord {
  seq: number;
  payload: Buffer;
}

export function encodeRecord(seq: number, payload: Buffer): Buffer {
  if (payload.length > MAX_RECORD_PAYLOAD_BYTES) throw new RangeError(`record of ${payload.length} bytes is too large`);
  const buf = Buffer.allocUnsafe(RECORD_HEADER_BYTES + payload.length);
  RECORD_MAGIC.copy(buf, 0);
  buf.writeUInt32LE(payload.length, 4);
  buf.writeBigUInt64LE(BigInt(seq), 8);
  payload.copy(buf, RECORD_HEADER_BYTES);
  buf.writeUInt32LE(checksum(buf.subarray(4, 16), payload), 16);
  return buf;
}

export type DecodeResult =
  | { kind: 'record'; record: OutboxRecord; bytes: number }
  /** Not enough bytes yet for a whole record (or a torn tail at end of file). */
  | { kind: 'short' }
  | { kind: 'bad'; reason: 'magic' | 'length' | 'crc' };

/** Decodes the record starting at `offset`; never throws. The payload is copied. */
export function decodeRecord(buf: Buffer, offset: number): DecodeResult {
  if (buf.length - offset < RECORD_HEADER_BYTES) {
    // a torn header: still say "bad" if what is there cannot be the start of a record
    const have = buf.subarray(offset, offset + RECORD_MAGIC.length);
    return RECORD_MAGIC.subarray(0, have.length).equals(have) ? { kind: 'short' } : { kind: 'bad', reason: 'magic' };
  }
  if (!buf.subarray(offset, offset + 4).equals(RECORD_MAGIC)) return { kind: 'bad', reason: 'magic' };
  const length = buf.readUInt32LE(offset + 4);
  if (length > MAX_RECORD_PAYLOAD_BYTES) return { kind: 'bad', reason: 'length' };
  const end = offset + RECORD_HEADER_BYTES + length;
  if (end > buf.length) return { kind: 'short' };
  const payload = buf.subarray(offset + RECORD_HEADER_BYTES, end);
  const expected = buf.readUInt32LE(offset + 16);
  if (checksum(buf.subarray(offset + 4, offset + 16), payload) !== expected) return { kind: 'bad', reason: 'crc' };
  const seq = Number(buf.readBigUInt64LE(offset + 8));
  return { kind: 'record', record: { seq, payload: Buffer.from(payload) }, bytes: RECORD_HEADER_BYTES + length };
}

/** The next offset after `from` where the magic appears, or -1. */
export function findNextMagic(buf: Buffer, from: number): number {
  return buf.indexOf(RECORD_MAGIC, from);
}

function checksum(header: Buffer, payload: Buffer): number {
  return crc32(payload, crc32(header));
}
