import { EventEmitter2 } from '@nestjs/event-emitter';
import { describe, expect, it } from 'vitest';
import { AlertRaised, VehicleIncidentBound } from '../dispatch/dispatch.events';
import type { AppConfig } from '../platform/config/app-config';
import { MetricsService } from '../platform/metrics/metrics.service';
import { Clock } from '../platform/time/clock';
import { TelemetryBindings } from './telemetry-bindings';
import type { TelemetryBindingsRepository } from './telemetry-bindings.repository';
import { TelemetryLivenessService } from './telemetry-liveness.service';
import { TelemetryStaleChanged } from './telemetry.events';

class FrozenClock extends Clock {
  constructor(public at: Date) {
    super();
  }
  now(): Date {
    return this.at;
  }
  advanceSec(sec: number): Date {
    this.at = new Date(this.at.getTime() + sec * 1000);
    return this.at;
  }
}

// bindings kept in memory only: liveness reads the current one
const NO_STORE = { bind: async (_v: string, _i: string, at: Date) => at, release: async () => undefined, findAt: async () => null } as unknown as TelemetryBindingsRepository;

function setup() {
  const clock = new FrozenClock(new Date('2026-11-22T10:00:00Z'));
  const events = new EventEmitter2();
  const bindings = new TelemetryBindings(NO_STORE, clock);
  const stale: TelemetryStaleChanged[] = [];
  const alerts: AlertRaised[] = [];
  events.on(TelemetryStaleChanged.eventName, (e: TelemetryStaleChanged) => stale.push(e));
  events.on(AlertRaised.eventName, (e: AlertRaised) => alerts.push(e));
  const config = { telemetry: { staleSec: 10, lateSec: 30, vitalsRetentionDays: 1, waveformRetentionDays: 1 } } as AppConfig;
  const sut = new TelemetryLivenessService(config, clock, bindings, events, new MetricsService());
  return { sut, clock, bindings, stale, alerts };
}

describe(TelemetryLivenessService.name, () => {
  it('should turn a stream stale after staleSec of silence and live again on the next sample', () => {
    const { sut, clock, stale } = setup();
    sut.noteSample('lh-01', clock.now(), clock.now());
    clock.advanceSec(9);
    sut.check();
    expect(stale).toHaveLength(0);
    clock.advanceSec(2);
    sut.check();
    sut.check();
    expect(stale.map((e) => [e.status.stale, e.status.silentForSec])).toEqual([[true, 11]]);
    expect(sut.status('lh-01')).toMatchObject({ stale: true, online: false, lastSampleAt: '2026-11-22T10:00:00.000Z' });

    const back = clock.advanceSec(4);
    sut.noteSample('lh-01', back, back);
    expect(stale.map((e) => [e.status.stale, e.status.silentForSec])).toEqual([
      [true, 11],
      [false, 15],
    ]);
  });

  it('should never call a vehicle that never streamed stale', () => {
    const { sut, clock, stale } = setup();
    clock.advanceSec(3600);
    sut.check();
    expect(stale).toHaveLength(0);
    expect(sut.status('lh-09')).toMatchObject({ stale: false, online: false, lastSampleAt: null });
  });

  it('should turn stale at once when the gateway says offline, and alert only for a vehicle with a patient', () => {
    const { sut, clock, bindings, stale, alerts } = setup();
    sut.noteSample('lh-01', clock.now(), clock.now());
    sut.noteSample('lh-02', clock.now(), clock.now());
    bindings.onVehicleIncidentBound(new VehicleIncidentBound('lh-02', '6f1c8a52-5f3e-4d36-9a55-0d1f1f3e2a10', 'lead'));
    const at = clock.advanceSec(1);
    const offline = { ts: at.toISOString(), online: false, monitors: [], outboxDepth: 3 };
    sut.noteState('lh-01', offline, at);
    sut.noteState('lh-02', offline, at);
    expect(stale.map((e) => [e.status.vehicleId, e.status.stale, e.destinationHospitalId])).toEqual([
      ['lh-01', true, null],
      ['lh-02', true, 'lead'],
    ]);
    expect(alerts.map((a) => [a.alert.kind, a.alert.vehicleId, a.alert.incidentId])).toEqual([
      ['telemetry_stale', 'lh-02', '6f1c8a52-5f3e-4d36-9a55-0d1f1f3e2a10'],
    ]);
    expect(sut.status('lh-02')).toMatchObject({ online: false, outboxDepth: 3, stale: true });
  });
});
