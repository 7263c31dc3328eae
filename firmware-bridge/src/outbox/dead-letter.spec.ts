import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeadLetterStore } from './dead-letter';
import { Outbox } from './outbox';

const AT = new Date('2026-11-22T08:00:00.000Z');
const letter = (seq: number, payload: string) => ({ topic: 'vitals', seq, reasonCode: 0x99, reason: 'payload format invalid', at: AT, payload: Buffer.from(payload) });

describe(DeadLetterStore.name, () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'feijiu-dead-letter-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should keep each refused record as one JSON line and count them again after a restart', () => {
    const sut = new DeadLetterStore(join(dir, 'dead-letter'));
    expect(sut.open()).toBe(0);
    sut.add(letter(4, '{"seq":4,"obs":[{"code":"HR","value":80}]}'));
    sut.add(letter(9, 'not json \n at all'));
    // the same record again (sent once more after a crash): written once
    expect(sut.add(letter(4, '{"seq":4,"obs":[{"code":"HR","value":80}]}'))).toBe(false);
    expect(sut.add(letter(9, 'not json \n at all'))).toBe(false);
    expect(sut.count).toBe(2);

    const lines = readFileSync(join(dir, 'dead-letter', 'vitals.jsonl'), 'utf8').split('\n');
    expect(lines.slice(0, 2).map((l) => JSON.parse(l) as unknown)).toEqual([
      { at: AT.toISOString(), topic: 'vitals', seq: 4, reasonCode: 0x99, reason: 'payload format invalid', payload: { seq: 4, obs: [{ code: 'HR', value: 80 }] } },
      { at: AT.toISOString(), topic: 'vitals', seq: 9, reasonCode: 0x99, reason: 'payload format invalid', payloadBase64: Buffer.from('not json \n at all').toString('base64') },
    ]);
    expect(new DeadLetterStore(join(dir, 'dead-letter')).open()).toBe(2);
  });

  it('should cut a line torn by a power cut and go on after the last whole one', () => {
    const sut = new DeadLetterStore(join(dir, 'dead-letter'));
    sut.add(letter(1, '{"seq":1}'));
    // the record of a torn line was never acknowledged: it is still in its log and comes back
    appendFileSync(join(dir, 'dead-letter', 'vitals.jsonl'), '{"at":"2026-11-22T08:00:00.000Z","topic":"vit');

    const reopened = new DeadLetterStore(join(dir, 'dead-letter'));
    expect(reopened.open()).toBe(1);
    reopened.add(letter(2, '{"seq":2}'));
    const lines = readFileSync(join(dir, 'dead-letter', 'vitals.jsonl'), 'utf8').trimEnd().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([1, 2]);
    expect(new DeadLetterStore(join(dir, 'dead-letter')).open()).toBe(2);
  });

  it('should keep one line per record when it is dead-lettered again after a crash before the ack cursor was saved', () => {
    const payload = (seq: number, value: number) => Buffer.from(JSON.stringify({ seq, obs: [{ code: 'HR', value }] }));
    const first = new Outbox({ dir, maxBytes: 8_000_000, fsyncIntervalMs: 0, logger: pino({ level: 'silent' }) });
    first.start();
    first.append('vitals', (seq) => payload(seq, 80));
    const [record] = first.read('vitals', 1, 1);
    expect(first.deadLetter('vitals', record!, { code: 0x99, text: 'payload format invalid' })).toBe('kept');
    first.ack('vitals', record!.seq);
    // killed before the cursor file was written: the record is still owed and is refused again
    first.stop({ hard: true });

    const second = new Outbox({ dir, maxBytes: 8_000_000, fsyncIntervalMs: 0, logger: pino({ level: 'silent' }) });
    second.start();
    try {
      const [again] = second.read('vitals', second.ackedSeq('vitals') + 1, 1);
      expect(again?.seq).toBe(1);
      expect(second.deadLetter('vitals', again!, { code: 0x99, text: 'payload format invalid' })).toBe('kept');
      expect(second.stats.deadLetters).toBe(1);
      expect(readFileSync(join(dir, 'dead-letter', 'vitals.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
      // a different record under the same seq (an outbox wiped by hand, the dead letters kept) is kept too
      expect(second.deadLetter('vitals', { seq: 1, payload: payload(1, 95) }, { code: 0x99, text: 'payload format invalid' })).toBe('kept');
      expect(second.stats.deadLetters).toBe(2);
    } finally {
      second.stop({ hard: true });
    }
    expect(new DeadLetterStore(join(dir, 'dead-letter')).open()).toBe(2);
  });

  it('should drop refused waveform chunks past their share of the size bound, and keep every numeric', () => {
    const outbox = new Outbox({ dir, maxBytes: 8_000, fsyncIntervalMs: 0, logger: pino({ level: 'silent' }) });
    outbox.start();
    try {
      const chunk = (seq: number) => ({ seq, payload: Buffer.from(JSON.stringify({ seq, data: 'x'.repeat(400) })) });
      // 1/8 of 8,000 bytes: two chunks fit, the third does not
      expect([1, 2, 3].map((seq) => outbox.deadLetter('waveform', chunk(seq), { code: 0x95, text: 'packet too large' }))).toEqual(['kept', 'kept', 'dropped']);
      expect(outbox.deadLetter('vitals', chunk(1), { code: 0x95, text: 'packet too large' })).toBe('kept');
      expect(outbox.stats).toMatchObject({ deadLetters: 3, droppedWaveforms: 1 });
    } finally {
      outbox.stop({ hard: true });
    }
  });
});
