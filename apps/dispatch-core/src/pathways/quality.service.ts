import type { Pathway, QualityReport } from '@feijiu/contracts';
import { Injectable } from '@nestjs/common';
import { IncidentsService } from '../incidents/incidents.service';
import { TimelineService } from '../timeline/timeline.service';
import { AssessmentsService } from './assessments.service';
import { type CaseTimes, caseTimesOf, intervalMin, median, QUALITY_METRICS, type QualityPathway } from './quality-metrics';

const MEMBERS: Record<QualityPathway, Pathway[] | null> = {
  chest_pain: ['chest_pain_stemi', 'chest_pain_acs'],
  stroke: ['stroke'],
  trauma: ['major_trauma'],
  ems: null, // every incident
};

/** Month-end quality report for the chest-pain / stroke centre coordinators, from the timeline. */
@Injectable()
export class QualityService {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly timeline: TimelineService,
    private readonly assessments: AssessmentsService,
  ) {}

  /** `hospitalId`: only incidents bound for that hospital (an ER clinician sees its own patients only). */
  async report(pathway: QualityPathway, from: Date, to: Date, hospitalId: string | null = null): Promise<QualityReport> {
    const rows = (await this.incidents.listCreatedBetween(from, to)).filter((r) => hospitalId === null || r.destinationHospitalId === hospitalId);
    const latest = await this.assessments.latestFor(rows.map((r) => r.id));
    const members = MEMBERS[pathway];
    const cases = rows.filter((r) => !members || (latest.get(r.id)?.pathways ?? []).some((p) => members.includes(p.pathway)));
    const timesById = new Map<string, CaseTimes>();
    for (const c of cases) timesById.set(c.id, caseTimesOf(await this.timeline.listCurrentInRounds(c.id)));
    const metrics = QUALITY_METRICS[pathway].map((m) => {
      const values = cases.flatMap((c) => {
        const v = intervalMin(timesById.get(c.id)!, m);
        // a negative interval is a stamping error (to before from): left out, not counted as met
        return v === null || v < 0 ? [] : [{ incidentId: c.id, number: c.number, valueMin: Math.round(v * 10) / 10 }];
      });
      const met = values.filter((v) => v.valueMin <= m.targetMin).length;
      return {
        id: m.id,
        label: m.label,
        fromNode: m.fromFallback ? `${m.from}|${m.fromFallback}` : m.from,
        toNode: m.to,
        targetMin: m.targetMin,
        n: values.length,
        medianMin: median(values.map((v) => v.valueMin)),
        compliancePct: values.length ? Math.round((met / values.length) * 1000) / 10 : null,
        missed: values.filter((v) => v.valueMin > m.targetMin),
      };
    });
    return { pathway, from: from.toISOString(), to: to.toISOString(), incidents: cases.length, metrics };
  }

  static toCsv(report: QualityReport): string {
    const lines = ['metric,label,target_min,n,median_min,compliance_pct,missed_incident,missed_value_min'];
    const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
    for (const m of report.metrics) {
      const base = [m.id, q(m.label), m.targetMin, m.n, m.medianMin ?? '', m.compliancePct ?? ''];
      if (m.missed.length === 0) lines.push([...base, '', ''].join(','));
      for (const x of m.missed) lines.push([...base, x.number, x.valueMin].join(','));
    }
    return `${lines.join('\n')}\n`;
  }
}
