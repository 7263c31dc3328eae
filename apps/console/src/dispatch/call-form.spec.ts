import { describe, expect, it } from 'vitest';
import { appendComplaint, buildCreateIncidentRequest, emptyCallForm, moveHighlight, priorityForKey, type CallForm } from './call-form';

const filled = (patch: Partial<CallForm> = {}): CallForm => ({
  ...emptyCallForm(),
  location: { lat: 30.05, lon: 118.55 },
  complaint: ' 胸痛 ',
  priority: 'critical',
  ...patch,
});

describe(buildCreateIncidentRequest.name, () => {
  it('should list everything still missing on an empty form', () => {
    expect(buildCreateIncidentRequest(emptyCallForm())).toEqual({ ok: false, problems: ['location', 'complaint', 'priority'] });
  });

  it('should trim the text and leave out empty optional fields', () => {
    const sut = buildCreateIncidentRequest(filled({ address: ' 桃坞村 ', callerPhone: '' }));
    expect(sut).toEqual({
      ok: true,
      request: { location: { lat: 30.05, lon: 118.55 }, address: '桃坞村', complaint: '胸痛', priority: 'critical' },
    });
  });

  it('should point at the phone when it has letters in it', () => {
    expect(buildCreateIncidentRequest(filled({ callerPhone: '138abc' }))).toEqual({ ok: false, problems: ['callerPhone'] });
  });

  it('should carry what the caller said about the patient, and the caller', () => {
    const sut = buildCreateIncidentRequest(filled({ patientSex: 'female', patientAge: ' 0.5 ', patientName: ' 王小妹 ', callerName: '王强' }));
    expect(sut.ok && sut.request).toMatchObject({ callerName: '王强', patient: { sex: 'female', ageYears: 0.5, name: '王小妹' } });
    const nothingSaid = buildCreateIncidentRequest(filled());
    expect(nothingSaid.ok && nothingSaid.request.patient).toBeUndefined();
  });

  it('should point at the age when it is not a number of years', () => {
    expect(buildCreateIncidentRequest(filled({ patientAge: '六十' }))).toEqual({ ok: false, problems: ['patientAge'] });
    expect(buildCreateIncidentRequest(filled({ patientAge: '150' }))).toEqual({ ok: false, problems: ['patientAge'] });
  });

  it('should carry the required vehicle type when one is chosen', () => {
    const sut = buildCreateIncidentRequest(filled({ requiredVehicleType: 'neonatal', callerPhone: '+86 138-0000 0000' }));
    expect(sut.ok && sut.request.requiredVehicleType).toBe('neonatal');
  });
});

describe(appendComplaint.name, () => {
  it('should add a quick pick after typed text once', () => {
    expect(appendComplaint('', '胸痛', '，')).toBe('胸痛');
    expect(appendComplaint('大汗 ', '胸痛', '，')).toBe('大汗，胸痛');
    expect(appendComplaint('大汗，胸痛', '胸痛', '，')).toBe('大汗，胸痛');
  });
});

describe(priorityForKey.name, () => {
  it('should map 1/2/3 to the three priorities and nothing else', () => {
    expect(['1', '2', '3', '4', 'a'].map(priorityForKey)).toEqual(['critical', 'urgent', 'non_urgent', null, null]);
  });
});

describe(moveHighlight.name, () => {
  it('should wrap around the list and start at the top or bottom', () => {
    expect(moveHighlight(-1, 1, 3)).toBe(0);
    expect(moveHighlight(-1, -1, 3)).toBe(2);
    expect(moveHighlight(2, 1, 3)).toBe(0);
    expect(moveHighlight(0, -1, 3)).toBe(2);
    expect(moveHighlight(0, 1, 0)).toBe(-1);
  });
});
