import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { Outbox, OUTBOX_TOPICS, type OutboxTopic } from './outbox';

type Op =
  | { kind: 'append'; topic: OutboxTopic; size: number }
  | { kind: 'ack'; topic: OutboxTopic; count: number }
  | { kind: 'reopen'; hard: boolean };

const topicArb = fc.constantFrom(...OUTBOX_TOPICS);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('append' as const), topic: topicArb, size: fc.integer({ min: 0, max: 300 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('ack' as const), topic: topicArb, count: fc.integer({ min: 1, max: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reopen' as const), hard: fc.boolean() }) },
);

describe(`${Outbox.name} (model)`, () => {
  it('should never reuse a seq and never lose an unacknowledged record across clean and hard restarts', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 80 }), (ops) => {
        const dir = mkdtempSync(join(tmpdir(), 'feijiu-outbox-model-'));
        // big bound: this property is about ordering and seq, not thinning
        const open = () => {
          const o = new Outbox({ dir, maxBytes: 1e9, fsyncIntervalMs: 0, segmentMaxBytes: 700, logger: pino({ level: 'silent' }) });
          o.start();
          return o;
        };
        let sut = open();
        const appended: Record<OutboxTopic, number> = { vitals: 0, gps: 0, waveform: 0, alarm: 0 };
        const acked: Record<OutboxTopic, number> = { vitals: 0, gps: 0, waveform: 0, alarm: 0 };
        try {
          for (const op of ops) {
            if (op.kind === 'append') {
              const seq = sut.append(op.topic, (s) => Buffer.from(JSON.stringify({ topic: op.topic, seq: s, pad: 'p'.repeat(op.size) })));
              expect(seq).toBe(++appended[op.topic]);
            } else if (op.kind === 'ack') {
              acked[op.topic] = Math.min(appended[op.topic], sut.ackedSeq(op.topic) + op.count);
              sut.ack(op.topic, acked[op.topic]);
            } else {
              sut.stop({ hard: op.hard });
              sut = open();
            }
            for (const topic of OUTBOX_TOPICS) {
              // after a hard stop the cursor may be behind (resend), never ahead of what was acked
              const cursor = sut.ackedSeq(topic);
              expect(cursor).toBeLessThanOrEqual(acked[topic]);
              const pending = sut.read(topic, cursor + 1, 10_000).map((r) => JSON.parse(r.payload.toString()) as { topic: string; seq: number });
              expect(pending.map((p) => p.seq)).toEqual(Array.from({ length: appended[topic] - cursor }, (_, i) => cursor + 1 + i));
              expect(pending.every((p) => p.topic === topic)).toBe(true);
            }
          }
        } finally {
          sut.stop({ hard: true });
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 60 },
    );
  });
});
