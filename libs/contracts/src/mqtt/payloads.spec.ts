import { describe, expect, it } from 'vitest';
import { VitalsMessageSchema } from './payloads';

const message = (obs: unknown[]) => ({ seq: 1, ts: '2026-11-22T08:00:00Z', monitorId: 'm1', obs });

describe('VitalsMessageSchema', () => {
  it('should accept an observation without a channel, as gateways before the channel send it', () => {
    expect(VitalsMessageSchema.safeParse(message([{ code: 'HR', value: 80, unit: '/min' }])).success).toBe(true);
  });

  it('should keep the channel and the pulse source of an observation', () => {
    const sut = VitalsMessageSchema.parse(message([{ code: 'PR', value: 80, unit: '/min', channel: '1.3.1.149530', source: 'spo2' }]));
    expect(sut.obs[0]).toMatchObject({ channel: '1.3.1.149530', source: 'spo2' });
  });

  it.each(['', 'x'.repeat(65), 'a b', 'ab\u0000'])('should refuse the channel %j', (channel) => {
    expect(VitalsMessageSchema.safeParse(message([{ code: 'HR', value: 80, unit: '/min', channel }])).success).toBe(false);
  });
});
