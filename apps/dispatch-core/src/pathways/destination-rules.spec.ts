import type { AssessmentRecord, Facility, FacilityCapability, Pathway } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { decideDestination, fitFor, type HospitalOption } from './destination-rules';

const hospital = (id: string, capabilities: FacilityCapability[], liveStatus: Facility['liveStatus'] = null): Facility => ({
  id,
  name: id,
  nameEn: id,
  kind: 'hospital',
  address: '',
  lat: 30,
  lon: 118,
  capabilities,
  vehicleCount: 0,
  liveStatus,
});
const lead = hospital('lead', ['pci_24_7', 'cath_lab', 'thrombolysis', 'thrombectomy', 'ct', 'trauma_centre', 'emergency_department']);
const township = hospital('tc-x', ['thrombolysis', 'ct', 'emergency_department']);
const option = (f: Facility, etaMin: number): HospitalOption => ({ facility: f, etaSec: etaMin * 60, distanceM: etaMin * 800 });
const assessed = (pathway: Pathway, details: Record<string, unknown> = {}): AssessmentRecord => ({
  id: '00000000-0000-4000-8000-000000000001',
  incidentId: '00000000-0000-4000-8000-000000000002',
  recordedAt: '2026-11-22T08:00:00.000Z',
  recordedBy: 'user:crew',
  supersedes: null,
  assessment: {},
  pathways: [{ pathway, reasons: [], details }],
});

describe(decideDestination.name, () => {
  it('should take a STEMI to the PCI centre when first contact to wire fits 120 min', () => {
    // 20 min since FMC + 40 min drive + 30 min door-to-wire = 90 ≤ 120
    const sut = decideDestination([option(township, 10), option(lead, 40)], assessed('chest_pain_stemi'), 20);
    expect(sut.items[0]).toMatchObject({ hospitalId: 'lead', recommended: true, fit: 'full' });
    expect(sut.rule).toContain('projected 90 min');
  });

  it('should take a STEMI to the nearest thrombolysis site when wire would come too late', () => {
    // 60 + 40 + 30 = 130 > 120
    const sut = decideDestination([option(township, 10), option(lead, 40)], assessed('chest_pain_stemi'), 60);
    expect(sut.items[0]).toMatchObject({ hospitalId: 'tc-x', recommended: true });
  });

  it('should take a likely LVO to the thrombectomy centre when it adds at most 15 min', () => {
    const stroke = assessed('stroke', { isLvoLikely: true, minutesSinceLastKnownWell: 50 });
    const sut = decideDestination([option(township, 10), option(lead, 22)], stroke, 50);
    expect(sut.items[0]).toMatchObject({ hospitalId: 'lead', recommended: true });
    expect(sut.rule).toContain('adds 12 min');
  });

  it('should take a likely LVO to the nearest stroke centre when the thrombectomy centre adds more than 15 min', () => {
    const stroke = assessed('stroke', { isLvoLikely: true, minutesSinceLastKnownWell: 50 });
    const sut = decideDestination([option(township, 10), option(lead, 40)], stroke, 50);
    expect(sut.items[0]).toMatchObject({ hospitalId: 'tc-x', recommended: true });
  });

  it('should not send a STEMI to a cath lab that is busy', () => {
    const busy = hospital('lead', lead.capabilities, {
      hospitalId: 'lead',
      cathLabBusy: true,
      ctDown: false,
      onDiversion: false,
      note: null,
      updatedAt: '2026-11-22T08:00:00.000Z',
      updatedBy: 'user:er',
    });
    expect(fitFor(busy, 'chest_pain_stemi')).toEqual({ fit: 'partial', warnings: ['cath lab busy'] });
  });

  it('should never recommend a hospital on diversion', () => {
    const diverted = hospital('lead', lead.capabilities, {
      hospitalId: 'lead',
      cathLabBusy: false,
      ctDown: false,
      onDiversion: true,
      note: null,
      updatedAt: '2026-11-22T08:00:00.000Z',
      updatedBy: 'user:er',
    });
    const sut = decideDestination([option(diverted, 5), option(township, 10)], assessed('major_trauma'), 5);
    expect(sut.items.find((i) => i.hospitalId === 'lead')).toMatchObject({ recommended: false, fit: 'none' });
  });
});
