import type { Team, TimeNode } from '@feijiu/contracts';
import pino from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import { ApiCallError, type ErApi } from './api-client';
import { ErAgent } from './er-agent';

const T0 = Date.parse('2026-11-22T08:00:00Z');

/** One hospital's ER API as the core answers it; every call recorded with its hospital. */
class FakeErApi implements ErApi {
  readonly calls: { hospitalId: string; call: string; at?: number; teams?: Team[]; bypassEd?: string | null }[] = [];
  failNext: ApiCallError | null = null;

  constructor(private readonly hospitalId: string) {}

  acknowledgePrenotice(prenoticeId: string, teams: Team[], bypassEd: 'cath_lab' | 'ct' | null): Promise<void> {
    return this.record(`ack ${prenoticeId}`, { teams, bypassEd });
  }
  stamp(incidentId: string, node: TimeNode, at: Date): Promise<void> {
    return this.record(`${node} ${incidentId}`, { at: at.getTime() });
  }
  private async record(call: string, extra: object): Promise<void> {
    await Promise.resolve();
    const failure = this.failNext;
    this.failNext = null;
    if (failure) throw failure;
    this.calls.push({ hospitalId: this.hospitalId, call, ...extra });
  }
}

describe(ErAgent.name, () => {
  let apis: Map<string, FakeErApi>;
  let now: number;
  const apiFor = (hospitalId: string) => {
    if (!apis.has(hospitalId)) apis.set(hospitalId, new FakeErApi(hospitalId));
    return apis.get(hospitalId)!;
  };
  const createSut = (speedup = 1) => new ErAgent({ apiFor, random: seededRandom(7), logger: pino({ level: 'silent' }), speedup, retryMs: 5000 });
  const runFor = async (sut: ErAgent, seconds: number) => {
    for (let i = 0; i < seconds; i++) {
      now += 1000;
      await sut.tick(now);
    }
  };
  const prenotice = (pathways: string[], hospitalId = 'lead') =>
    ({ kind: 'prenotice_sent', vehicleId: 'tcm-02', incidentId: 'i1', prenoticeId: 'p1', hospitalId, pathways }) as const;

  beforeEach(() => {
    apis = new Map();
    now = T0;
  });

  it('should acknowledge a STEMI pre-notice within 10–40 s, activating the cath lab and bypassing the ED', async () => {
    const sut = createSut();
    sut.receiveCrewEvent(prenotice(['chest_pain_stemi']), now);
    await runFor(sut, 9);
    expect(apis.get('lead')?.calls ?? []).toEqual([]);
    await runFor(sut, 31);
    expect(apis.get('lead')!.calls).toEqual([{ hospitalId: 'lead', call: 'ack p1', teams: ['cath_lab'], bypassEd: 'cath_lab' }]);
  });

  it('should stamp CT then needle for a stroke once the patient is through the door, at the times they happen', async () => {
    const sut = createSut(60);
    sut.receiveCrewEvent(prenotice(['stroke'], 'gh2'), now);
    await runFor(sut, 40);
    const doorMs = now;
    sut.receiveCrewEvent({ kind: 'handed_over', vehicleId: 'tcm-02', incidentId: 'i1' }, now);
    await runFor(sut, 75);
    const calls = apis.get('gh2')!.calls;
    expect(calls.map((c) => c.call)).toEqual(['ack p1', 'ct_start i1', 'needle i1']);
    // simulated minutes after the door at 60× speed: CT 8–25, needle 30–70
    const minutesAfterDoor = (i: number) => ((calls[i]!.at! - doorMs) * 60) / 60_000;
    expect(minutesAfterDoor(1)).toBeGreaterThanOrEqual(8);
    expect(minutesAfterDoor(1)).toBeLessThanOrEqual(25);
    expect(minutesAfterDoor(2)).toBeGreaterThanOrEqual(30);
    expect(minutesAfterDoor(2)).toBeLessThanOrEqual(70);
    expect(calls[2]!.at!).toBeLessThanOrEqual(now);
  });

  it('should stamp nothing for a patient it was never pre-notified of', async () => {
    const sut = createSut(60);
    sut.receiveCrewEvent({ kind: 'handed_over', vehicleId: 'tcm-02', incidentId: 'i9' }, now);
    await runFor(sut, 120);
    expect(apis.size).toBe(0);
    expect(sut.pending).toBe(0);
  });

  it('should leave a pre-notice a person at the board acknowledged first, and retry one the core could not take', async () => {
    const sut = createSut();
    sut.receiveCrewEvent(prenotice(['stroke']), now);
    apiFor('lead').failNext = new ApiCallError(409, 'CONFLICT', 'acknowledged already');
    await runFor(sut, 60);
    expect(apis.get('lead')!.calls).toEqual([]);
    expect(sut.pending).toBe(0);

    sut.receiveCrewEvent({ ...prenotice(['stroke']), prenoticeId: 'p2' }, now);
    apiFor('lead').failNext = new ApiCallError(0, 'NETWORK', 'connect ECONNREFUSED');
    await runFor(sut, 60);
    expect(apis.get('lead')!.calls.map((c) => c.call)).toEqual(['ack p2']);
  });
});
