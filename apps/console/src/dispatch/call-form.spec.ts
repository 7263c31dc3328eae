import { describe, expect, it } from 'vitest';
import { appendComplaint, buildCreateIncidentRequest, emptyCallForm, locationForText, moveHighlight, priorityForKey, type CallForm } from './call-form';

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

describe(locationForText.name, () => {
  const VILLAGE_A = { lat: 30.0612, lon: 118.5801 };
  const picked = { text: '杨村乡', location: VILLAGE_A };

  it('should keep a place picked in the search while its text is unchanged', () => {
    expect(locationForText(VILLAGE_A, picked, '杨村乡')).toEqual(VILLAGE_A);
    expect(locationForText(VILLAGE_A, picked, ' 杨村乡 ')).toEqual(VILLAGE_A);
  });

  it('should have no location when the dispatcher retyped another place after the pick', () => {
    // the fast Enter: village B typed, the search has not answered; A's coordinates must not go with "B"
    expect(locationForText(VILLAGE_A, picked, '罗田')).toBeNull();
    expect(locationForText(VILLAGE_A, picked, '')).toBeNull();
  });

  it('should keep typed coordinates only while they are the text', () => {
    const typed = { text: '30.1234, 118.4321', location: { lat: 30.1234, lon: 118.4321 } };
    expect(locationForText(typed.location, typed, '30.1234, 118.4321')).toEqual(typed.location);
    expect(locationForText(typed.location, typed, '罗田')).toBeNull();
  });

  it('should keep a map point whatever the place text says', () => {
    const clicked = { lat: 30.07, lon: 118.59 };
    expect(locationForText(clicked, null, '村口小卖部门前')).toEqual(clicked);
    // clicked (or the marker dragged) after a pick: the map point wins, the text is the address
    expect(locationForText(clicked, picked, '罗田')).toEqual(clicked);
  });

  it('should have no location before any is given', () => {
    expect(locationForText(null, null, '杨村乡')).toBeNull();
    expect(locationForText(null, picked, '杨村乡')).toBeNull();
  });
});
