import { ApiErrorSchema } from '@feijiu/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/core-harness';

describe('POST /api/v1/scores/{kind}', () => {
  let sut: Harness;
  let crew: string;
  beforeAll(async () => {
    sut = await startHarness();
    crew = await sut.login('crew');
  });
  afterAll(async () => {
    await sut?.stop();
  });

  const score = (kind: string, body: unknown, token = crew) =>
    sut.api(`/api/v1/scores/${kind}`, { method: 'POST', token, body: JSON.stringify(body) });

  it('should score NEWS2 for a deteriorating patient as high with the single-parameter flag', async () => {
    // RCP NEWS2 chart: RR 25 → 3, SpO2 91 (scale 1) → 3, on O2 → 2, SBP 95 → 2, HR 125 → 2, A → 0, 38.5 → 1
    const res = await score('news2', {
      respRateBpm: 25,
      spo2Pct: 91,
      spo2Scale: 1,
      onOxygen: true,
      systolicMmHg: 95,
      heartRateBpm: 125,
      consciousness: 'A',
      temperatureC: 38.5,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { kind: string; score: number; category: string; flags: string[] };
    expect(body).toMatchObject({ kind: 'news2', score: 13, category: 'high' });
    expect(body.flags).toContain('single_parameter_red');
  });

  it('should score RACE for a left-sided stroke as LVO likely', async () => {
    const res = await score('race', { facialPalsy: 2, armMotor: 2, legMotor: 2, headGazeDeviation: 1, agnosia: 2 });
    const body = (await res.json()) as { score: number };
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.score).toBe(9);
  });

  it('should answer bad input with 400 naming the field', async () => {
    const res = await score('news2', { respRateBpm: 'fast', spo2Pct: 91 });
    expect(res.status).toBe(400);
    const body = ApiErrorSchema.parse(await res.json());
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.message).toContain('respRateBpm');
    expect(body.message).toContain('systolicMmHg');
  });

  it('should answer an unknown score kind with 400 and need a login', async () => {
    expect((await score('apgar', {})).status).toBe(400);
    expect((await sut.api('/api/v1/scores/news2', { method: 'POST', body: '{}' })).status).toBe(401);
  });
});
