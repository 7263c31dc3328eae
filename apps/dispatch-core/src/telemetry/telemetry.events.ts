import type { MonitorAlarmEvent, TelemetryStaleEvent, VitalsSampledEvent, WaveformSampledEvent } from '@feijiu/contracts';

// Telemetry's domain events. Each carries the socket payload as the contract defines it (built
// once, streamed as is) and where the vehicle's patient is going, so realtime can pick rooms.

/** A vitals message was stored for the first time (a resend is not announced again). */
export class VitalsSampled {
  static readonly eventName = 'telemetry.vitals_sampled';
  constructor(
    readonly sample: VitalsSampledEvent,
    readonly destinationHospitalId: string | null,
  ) {}
}

/** A waveform chunk was stored for the first time. */
export class WaveformSampled {
  static readonly eventName = 'telemetry.waveform_sampled';
  constructor(
    readonly chunk: WaveformSampledEvent,
    readonly destinationHospitalId: string | null,
  ) {}
}

/** A monitor alarm (it started, changed or ended) was stored for the first time. */
export class MonitorAlarmReported {
  static readonly eventName = 'telemetry.monitor_alarm_reported';
  constructor(
    readonly alarm: MonitorAlarmEvent,
    readonly destinationHospitalId: string | null,
  ) {}
}

/** A vehicle's vitals/waveform stream went silent (or its gateway went offline), or resumed. */
export class TelemetryStaleChanged {
  static readonly eventName = 'telemetry.stale_changed';
  constructor(
    readonly status: TelemetryStaleEvent,
    readonly destinationHospitalId: string | null,
    readonly at: Date,
  ) {}
}
