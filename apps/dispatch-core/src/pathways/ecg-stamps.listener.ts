import { ECG_LEADS } from '@feijiu/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { IncidentsService } from '../incidents/incidents.service';
import { Clock } from '../platform/time/clock';
import { WaveformSampled } from '../telemetry/telemetry.events';

const ECG = new Set<string>(ECG_LEADS);
// incidents already stamped, remembered so every later chunk costs no query (oldest forgotten first)
const REMEMBERED = 10_000;

/**
 * The chest-pain time nodes the monitor gives without anyone pressing a button: the first ECG
 * of the patient (when the first ECG samples were measured) and its transmission (when the core
 * received them), stamped `auto` from the telemetry stream of the vehicle bound to the incident.
 * Samples from a monitor in demo mode say so in the stamp's source.
 */
@Injectable()
export class EcgStampsListener {
  private readonly logger = new Logger('ecg-stamps');
  private readonly stamped = new Set<string>();

  constructor(
    private readonly incidents: IncidentsService,
    private readonly clock: Clock,
  ) {}

  @OnEvent(WaveformSampled.eventName, { async: true, promisify: true })
  async onWaveform(e: WaveformSampled): Promise<void> {
    const { incidentId, vehicleId, leads, t0, flags, seq } = e.chunk;
    if (!incidentId || this.stamped.has(incidentId) || !leads.some((l) => ECG.has(l))) return;
    this.remember(incidentId);
    const source = `telemetry:${vehicleId} waveform seq ${seq}${flags.includes('demo') ? ' (demo data)' : ''}`;
    try {
      await this.incidents.stampAuto(incidentId, 'first_ecg', new Date(t0), source);
      await this.incidents.stampAuto(incidentId, 'ecg_transmitted', this.clock.now(), source);
    } catch (err) {
      this.stamped.delete(incidentId);
      this.logger.error({ err, incidentId }, 'could not stamp the first ECG');
    }
  }

  private remember(incidentId: string): void {
    this.stamped.add(incidentId);
    if (this.stamped.size > REMEMBERED) this.stamped.delete(this.stamped.values().next().value!);
  }
}
