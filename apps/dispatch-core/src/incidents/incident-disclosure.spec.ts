import type { Incident, TimelineStamp } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { discloseIncident, discloseStamp, disclosureFor, maskCallText, maskName, maskPhone, maskPhonesInText } from './incident-disclosure';

const INCIDENT: Incident = {
  id: '0f6f2a57-6f0e-4c47-9a39-8d1a3bb0c001',
  number: '20261122-0001',
  status: 'new',
  priority: 'critical',
  complaint: '胸痛 chest pain',
  location: { lat: 30.02, lon: 118.5 },
  address: '澄溪县城关镇东街12号',
  callerPhone: '13812345678',
  callerName: '李小红',
  patient: { name: '王建国', sex: 'male', ageYears: 67 },
  notes: '女儿电话 139 8765 4321，后门进',
  requiredVehicleType: null,
  destinationHospitalId: null,
  createdAt: '2026-11-22T08:00:00.000Z',
  updatedAt: '2026-11-22T08:00:00.000Z',
  assignments: [],
};

describe(maskPhone.name, () => {
  it.each([
    ['13812345678', '138****5678'], // mobile, the usual 3-4-4 mask
    ['138 1234 5678', '138 **** 5678'],
    ['+86 138 1234 5678', '+86 138 **** 5678'],
    ['0571-88881234', '057*-****1234'], // landline with area code
    ['8888123', '88*8123'], // local number without area code
    ['120', '*20'],
  ])('should mask %s as %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });
});

describe(maskName.name, () => {
  it.each([
    ['王建国', '王**'],
    ['欧阳娜娜', '欧***'],
    ['John Smith', 'J*** S****'],
    ['李', '*'],
  ])('should mask %s as %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});

describe(maskPhonesInText.name, () => {
  it('should mask the phone numbers in call notes and leave dates, times and house numbers', () => {
    const sut = maskPhonesInText('2026-11-22 08:30 回拨 13812345678 或 0571-88881234，12号楼3单元');
    expect(sut).toBe('2026-11-22 08:30 回拨 138****5678 或 057*-****1234，12号楼3单元');
  });
});

describe(discloseIncident.name, () => {
  it('should give the dispatch centre the whole call record', () => {
    expect(discloseIncident(INCIDENT, disclosureFor('dispatcher'))).toEqual(INCIDENT);
    expect(disclosureFor('admin')).toBe('full');
  });

  it('should give crews and ER clinicians the address, complaint, age and sex, and only masked identifiers', () => {
    for (const role of ['crew', 'er_clinician'] as const) {
      const sut = discloseIncident(INCIDENT, disclosureFor(role));
      expect(sut).toMatchObject({
        address: INCIDENT.address,
        complaint: INCIDENT.complaint,
        callerPhone: '138****5678',
        callerName: '李**',
        patient: { name: '王**', sex: 'male', ageYears: 67 },
        notes: '女儿电话 139 **** 4321，后门进',
      });
    }
  });

  it('should leave absent identifiers absent', () => {
    const sut = discloseIncident({ ...INCIDENT, callerPhone: null, callerName: null, patient: null, notes: null }, 'masked');
    expect(sut).toMatchObject({ callerPhone: null, callerName: null, patient: null, notes: null });
  });
});

describe(maskCallText.name, () => {
  it('should mask phone numbers and the call record’s names wherever they appear in the text', () => {
    const sut = maskCallText('来电人李小红 13800001111 回电取消，王建国已自行去医院', INCIDENT);
    expect(sut).toBe('来电人李** 138****1111 回电取消，王**已自行去医院');
  });

  it('should leave ordinary words alone when a name is one character or absent', () => {
    expect(maskCallText('李家村路口等车', { callerName: '李', patient: null })).toBe('李家村路口等车');
    expect(maskCallText('家属电话 13912345678', null)).toBe('家属电话 139****5678');
  });
});

describe(discloseStamp.name, () => {
  const STAMP: TimelineStamp = {
    id: '0f6f2a57-6f0e-4c47-9a39-8d1a3bb0c101',
    incidentId: INCIDENT.id,
    node: 'incident_cancelled',
    at: '2026-11-22T08:05:00.000Z',
    source: 'manual',
    sourceDetail: 'incident-status:cancelled',
    recordedBy: 'user:dispatcher',
    recordedAt: '2026-11-22T08:05:00.000Z',
    supersedes: null,
    supersededBy: null,
    note: '来电人李小红 13800001111 回电取消',
  };

  it('should give the dispatch centre the cancel reason as typed', () => {
    expect(discloseStamp(STAMP, disclosureFor('dispatcher'), INCIDENT)).toEqual(STAMP);
  });

  it('should give crews and ER clinicians the cancel reason with phone numbers and names masked', () => {
    for (const role of ['crew', 'er_clinician'] as const) {
      expect(discloseStamp(STAMP, disclosureFor(role), INCIDENT)).toEqual({ ...STAMP, note: '来电人李** 138****1111 回电取消' });
    }
  });
});
