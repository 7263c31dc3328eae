import { Buffer } from 'node:buffer';
import { MLLP_END, MLLP_START, MLLP_TRAILER } from './constants';

export type Hl7Framing = 'mllp' | 'bare';

/** Wraps a message in an MLLP block: 0x0B + text (UTF-8) + 0x1C 0x0D. */
export function frameMllp(text: string): Buffer {
  return Buffer.concat([Buffer.from([MLLP_START]), Buffer.from(text, 'utf8'), Buffer.from([MLLP_END, MLLP_TRAILER])]);
}

/** Bytes for a reply framed the way the request came in. */
export function encodeHl7(text: string, framing: Hl7Framing): Buffer {
  return framing === 'mllp' ? frameMllp(text) : Buffer.from(text, 'utf8');
}

export const CR = 0x0d;
export const LF = 0x0a;
export const isLineEnd = (b: number | undefined): boolean => b === CR || b === LF;

// A field separator is any printable, non-alphanumeric ASCII character.
export const isDelimiterByte = (b: number): boolean =>
  (b >= 0x21 && b <= 0x2f) || (b >= 0x3a && b <= 0x40) || (b >= 0x5b && b <= 0x60) || (b >= 0x7b && b <= 0x7e);

const MSH = [0x4d, 0x53, 0x48];

/**
 * Whether `buf` holds "MSH" + a field separator at `at` ('yes'), could once more bytes arrive
 * ('partial'), or does not ('no'). With `fs`, only that separator counts.
 */
export function matchMshAt(buf: Buffer, at: number, fs?: number): 'yes' | 'no' | 'partial' {
  for (let k = 0; k < 4; k++) {
    const b = buf[at + k];
    if (b === undefined) return 'partial';
    const ok = k < 3 ? b === MSH[k] : fs === undefined ? isDelimiterByte(b) : b === fs;
    if (!ok) return 'no';
  }
  return 'yes';
}

/** The MSH segment at the start of a (partial) message, when it is complete; else null. */
export function leadingMsh(bytes: Buffer): string | null {
  let start = 0;
  while (start < bytes.length && (isLineEnd(bytes[start]) || bytes[start] === 0x20)) start++;
  if (matchMshAt(bytes, start) !== 'yes') return null;
  for (let i = start; i < bytes.length && i < start + 64 * 1024; i++) {
    if (isLineEnd(bytes[i])) return bytes.subarray(start, i).toString('utf8');
  }
  return null;
}
