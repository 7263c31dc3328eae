import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { MonitorAlarmReported, TelemetryStaleChanged, VitalsSampled, WaveformSampled } from '../telemetry/telemetry.events';
import { LiveEmitter } from './live-emitter';
import { DISPATCH_ROOM, DISPATCH_WAVEFORM_ROOM, hospitalRoom, vehicleRoom } from './live-rooms';

/**
 * Telemetry domain events → `vitals.sampled`, `waveform.sampled`, `monitor.alarm`, `telemetry.stale` to the
 * dispatch centre (waveforms only to its connections that asked for them), the vehicle's crew
 * and, while it carries a patient there, the destination ER.
 * Late samples (a backlog after an outage) go out too, flagged, so charts back-fill. Never
 * volatile: clinical data is not dropped for a slow client.
 */
@Injectable()
export class TelemetryFanoutListener {
  constructor(private readonly live: LiveEmitter) {}

  @OnEvent(VitalsSampled.eventName)
  onVitals(e: VitalsSampled): void {
    this.live.emit(rooms(e.sample.vehicleId, e.destinationHospitalId), 'vitals.sampled', e.sample);
  }

  @OnEvent(WaveformSampled.eventName)
  onWaveform(e: WaveformSampled): void {
    this.live.emit(rooms(e.chunk.vehicleId, e.destinationHospitalId, DISPATCH_WAVEFORM_ROOM), 'waveform.sampled', e.chunk);
  }

  /** Wherever the vehicle's vitals go. */
  @OnEvent(MonitorAlarmReported.eventName)
  onAlarm(e: MonitorAlarmReported): void {
    this.live.emit(rooms(e.alarm.vehicleId, e.destinationHospitalId), 'monitor.alarm', e.alarm);
  }

  @OnEvent(TelemetryStaleChanged.eventName)
  onStale(e: TelemetryStaleChanged): void {
    this.live.emit(rooms(e.status.vehicleId, e.destinationHospitalId), 'telemetry.stale', e.status);
  }
}

function rooms(vehicleId: string, destinationHospitalId: string | null, dispatchRoom = DISPATCH_ROOM): string[] {
  const r = [dispatchRoom, vehicleRoom(vehicleId)];
  if (destinationHospitalId) r.push(hospitalRoom(destinationHospitalId));
  return r;
}
