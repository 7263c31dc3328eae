import type { GatewayStateMessage, TelemetryStatus } from '@feijiu/contracts';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { randomUUID } from 'node:crypto';
import { telemetryStaleText } from '../dispatch/dispatch-alert-texts';
import { AlertRaised } from '../dispatch/dispatch.events';
import type { AppConfig } from '../platform/config/app-config';
import { APP_CONFIG } from '../platform/config/config.module';
import { MetricsService } from '../platform/metrics/metrics.service';
import { Clock } from '../platform/time/clock';
import { TelemetryBindings } from './telemetry-bindings';
import { TelemetryStaleChanged } from './telemetry.events';

interface Stream {
  lastReceivedAtMs: number;
  lastSampleAt: Date | null;
  stale: boolean;
}

interface GatewayState {
  online: boolean;
  monitors: GatewayStateMessage['monitors'];
  outboxDepth: number;
  at: Date;
}

/**
 * Is each vehicle's vitals/waveform stream alive? A vehicle that was streaming and has been
 * silent for FEIJIU_TELEMETRY_STALE_SEC (core clock), or whose gateway's `state` says offline,
 * turns stale; its next sample turns it live again. Also keeps each gateway's last `state`.
 */
@Injectable()
export class TelemetryLivenessService implements OnModuleInit, OnModuleDestroy {
  private readonly streams = new Map<string, Stream>();
  private readonly gateways = new Map<string, GatewayState>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly bindings: TelemetryBindings,
    private readonly events: EventEmitter2,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    this.start();
  }

  onModuleDestroy(): void {
    this.stop();
  }

  start(): void {
    if (this.timer) return;
    // a few checks per stale period, so "silent for N s" is announced within about N·1.25 s
    const everyMs = Math.min(1000, Math.max(100, (this.config.telemetry.staleSec * 1000) / 4));
    this.timer = setInterval(() => this.check(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** A vitals or waveform message arrived (new or a resend: either way the link is alive). */
  noteSample(vehicleId: string, measuredAt: Date, receivedAt: Date): void {
    let s = this.streams.get(vehicleId);
    if (!s) {
      s = { lastReceivedAtMs: receivedAt.getTime(), lastSampleAt: measuredAt, stale: false };
      this.streams.set(vehicleId, s);
      return;
    }
    const silentForSec = Math.max(0, (receivedAt.getTime() - s.lastReceivedAtMs) / 1000);
    s.lastReceivedAtMs = Math.max(s.lastReceivedAtMs, receivedAt.getTime());
    if (!s.lastSampleAt || measuredAt > s.lastSampleAt) s.lastSampleAt = measuredAt;
    if (s.stale) {
      s.stale = false;
      this.announce(vehicleId, s, silentForSec);
    }
  }

  noteState(vehicleId: string, state: GatewayStateMessage, receivedAt: Date): void {
    this.gateways.set(vehicleId, { online: state.online, monitors: state.monitors, outboxDepth: state.outboxDepth, at: receivedAt });
    this.metrics.gatewayOutboxDepth.set({ vehicle: vehicleId }, state.outboxDepth);
    const s = this.streams.get(vehicleId);
    if (!state.online && s && !s.stale) {
      s.stale = true;
      this.announce(vehicleId, s, Math.max(0, (receivedAt.getTime() - s.lastReceivedAtMs) / 1000));
    }
  }

  status(vehicleId: string): TelemetryStatus {
    const s = this.streams.get(vehicleId);
    const g = this.gateways.get(vehicleId);
    return {
      vehicleId,
      online: g ? g.online : s !== undefined && !s.stale,
      monitors: g?.monitors ?? [],
      outboxDepth: g?.outboxDepth ?? null,
      stateAt: g?.at.toISOString() ?? null,
      lastSampleAt: s?.lastSampleAt?.toISOString() ?? null,
      stale: s?.stale ?? false,
    };
  }

  /** Turns silent streams stale; public so a test can drive it with a frozen clock. */
  check(): void {
    const nowMs = this.clock.now().getTime();
    const limitMs = this.config.telemetry.staleSec * 1000;
    for (const [vehicleId, s] of this.streams) {
      if (s.stale || nowMs - s.lastReceivedAtMs < limitMs) continue;
      s.stale = true;
      this.announce(vehicleId, s, (nowMs - s.lastReceivedAtMs) / 1000);
    }
  }

  private announce(vehicleId: string, s: Stream, silentForSec: number): void {
    const binding = this.bindings.get(vehicleId);
    this.metrics.telemetryStaleVehicles.set([...this.streams.values()].filter((x) => x.stale).length);
    this.events.emit(
      TelemetryStaleChanged.eventName,
      new TelemetryStaleChanged(
        {
          vehicleId,
          incidentId: binding?.incidentId ?? null,
          stale: s.stale,
          lastSampleAt: s.lastSampleAt?.toISOString() ?? null,
          silentForSec: Math.round(silentForSec * 10) / 10,
        },
        binding?.destinationHospitalId ?? null,
        this.clock.now(),
      ),
    );
    // a patient's monitor going dark matters to the dispatcher; an idle ambulance's does not
    if (s.stale && binding) {
      this.events.emit(
        AlertRaised.eventName,
        new AlertRaised({
          id: randomUUID(),
          kind: 'telemetry_stale',
          severity: 'warning',
          message: telemetryStaleText(vehicleId, silentForSec),
          vehicleId,
          incidentId: binding.incidentId,
          raisedAt: this.clock.now().toISOString(),
          details: { lastSampleAt: s.lastSampleAt?.toISOString() ?? null, silentForSec: Math.round(silentForSec) },
        }),
      );
    }
  }
}
