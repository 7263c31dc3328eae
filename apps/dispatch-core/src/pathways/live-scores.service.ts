import { calculateNews2, calculateShockIndex } from '@feijiu/clinical';
import type { VitalCode } from '@feijiu/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { AlertsService } from '../dispatch/alerts.service';
import { news2RiseText } from '../dispatch/dispatch-alert-texts';
import { VitalsSampled } from '../telemetry/telemetry.events';
import { AssessmentsService } from './assessments.service';
import { AssessmentRecorded } from './pathways.events';

type Latest = Partial<Record<VitalCode, number>>;
type AssessedVitals = { consciousness?: 'A' | 'C' | 'V' | 'P' | 'U'; onOxygen?: boolean } | undefined;
// the crew's latest assessment per incident, read once rather than with every vitals message
// (1 Hz per ambulance); replaced when this core records a new one, re-read after this long in
// case another core instance did
const ASSESSMENT_TTL_MS = 30_000;
const ASSESSMENTS_REMEMBERED = 10_000;
const RANK: Record<string, number> = { low: 0, low_medium: 1, medium: 2, high: 3 };

/**
 * NEWS2 and shock index recomputed from the streamed vitals of a patient on board; a rise into
 * medium or high alerts the destination ER. Consciousness and oxygen come from the crew's latest
 * assessment (alert 'A' and air assumed until assessed, and the alert says so).
 */
@Injectable()
export class LiveScoresService {
  private readonly logger = new Logger('live-scores');
  private readonly latest = new Map<string, Latest>();
  private readonly lastRank = new Map<string, number>();
  private readonly assessed = new Map<string, { vitals: AssessedVitals; readAt: number }>();

  constructor(
    private readonly alerts: AlertsService,
    private readonly assessments: AssessmentsService,
  ) {}

  @OnEvent(VitalsSampled.eventName, { async: true, promisify: true })
  async onVitals(e: VitalsSampled): Promise<void> {
    const { vehicleId, incidentId } = e.sample;
    if (!incidentId) return;
    const key = `${vehicleId}:${incidentId}`;
    const latest = { ...this.latest.get(key) };
    for (const o of e.sample.obs) latest[o.code] = o.value;
    this.latest.set(key, latest);
    const hr = latest.HR ?? latest.PR;
    const sbp = latest.NIBP_SYS ?? latest.IBP_SYS;
    if (hr === undefined || sbp === undefined || latest.RR === undefined || latest.SPO2 === undefined || latest.TEMP === undefined) return;
    try {
      const assessed = { vitals: await this.assessedVitals(incidentId) };
      const news2 = calculateNews2({
        respRateBpm: latest.RR,
        spo2Pct: latest.SPO2,
        spo2Scale: 1,
        onOxygen: assessed?.vitals?.onOxygen ?? false,
        systolicMmHg: sbp,
        heartRateBpm: hr,
        consciousness: assessed?.vitals?.consciousness ?? 'A',
        temperatureC: latest.TEMP,
      });
      const shock = calculateShockIndex({ heartRateBpm: hr, systolicMmHg: sbp });
      const rank = RANK[news2.category] ?? 0;
      const before = this.lastRank.get(key) ?? 0;
      this.lastRank.set(key, rank);
      if (rank <= before || rank < RANK.medium!) return;
      this.alerts.raise({
        kind: 'news2_rise',
        severity: news2.category === 'high' ? 'critical' : 'warning',
        message: news2RiseText(vehicleId, news2, shock.score),
        vehicleId,
        incidentId,
        details: {
          hospitalId: e.destinationHospitalId,
          news2: news2.score,
          category: news2.category,
          shockIndex: shock.score,
          assumed: assessed?.vitals?.consciousness ? [] : ['consciousness A', 'on air'],
        },
      });
    } catch (err) {
      this.logger.warn({ err, vehicleId }, 'live NEWS2 not computed');
    }
  }

  @OnEvent(AssessmentRecorded.eventName)
  onAssessment(e: AssessmentRecorded): void {
    this.remember(e.record.incidentId, vitalsOf(e.record.assessment));
  }

  private async assessedVitals(incidentId: string): Promise<AssessedVitals> {
    const known = this.assessed.get(incidentId);
    if (known && Date.now() - known.readAt < ASSESSMENT_TTL_MS) return known.vitals;
    const vitals = vitalsOf((await this.assessments.latest(incidentId))?.assessment);
    this.remember(incidentId, vitals);
    return vitals;
  }

  private remember(incidentId: string, vitals: AssessedVitals): void {
    this.assessed.delete(incidentId);
    this.assessed.set(incidentId, { vitals, readAt: Date.now() });
    if (this.assessed.size > ASSESSMENTS_REMEMBERED) this.assessed.delete(this.assessed.keys().next().value!);
  }
}

const vitalsOf = (assessment: unknown): AssessedVitals => (assessment as { vitals?: AssessedVitals } | undefined)?.vitals;
