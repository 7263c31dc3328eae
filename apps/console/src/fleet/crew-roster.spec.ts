import type { CrewMember, Vehicle } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { applyCrewChanged, canAddCrewRow, type CrewDraftRow, formatCrewLine, nextCrewRole, readCrewDraft, toCrewDraft } from './crew-roster';

const SHORT = { doctor: '医', nurse: '护', paramedic: '急', driver: '驾' } as const;
const CREW: CrewMember[] = [
  { role: 'driver', name: '王强', phone: '13905561203' },
  { role: 'nurse', name: '李娜' },
  { role: 'doctor', name: '张伟', phone: '13905561201' },
];

const vehicle = (id: string, crewUpdatedAt: string | null, crew: CrewMember[] = []): Vehicle => ({
  id,
  callSign: id,
  plate: 'P',
  type: 'ALS',
  status: 'available',
  stationId: 'lead',
  position: null,
  crew,
  crewUpdatedAt,
});

describe(formatCrewLine.name, () => {
  it('should read doctor, nurse, driver whatever order the crew was given in', () => {
    expect(formatCrewLine(CREW, (r) => SHORT[r])).toBe('医 张伟 · 护 李娜 · 驾 王强');
  });

  it('should be empty for a vehicle without a crew', () => {
    expect(formatCrewLine([], (r) => SHORT[r])).toBe('');
  });
});

describe(applyCrewChanged.name, () => {
  it('should give only the named vehicle its new crew', () => {
    const others = vehicle('lh-02', null);
    const sut = applyCrewChanged([vehicle('lh-01', '2026-11-22T08:00:00Z', CREW), others], {
      vehicleId: 'lh-01',
      crew: [{ role: 'paramedic', name: '孙明' }],
      crewUpdatedAt: '2026-11-22T20:00:00Z',
    });
    expect(sut[0]).toMatchObject({ crew: [{ role: 'paramedic', name: '孙明' }], crewUpdatedAt: '2026-11-22T20:00:00Z' });
    expect(sut[1]).toBe(others);
  });

  it('should keep a newer crew when an older event arrives late', () => {
    const current = vehicle('lh-01', '2026-11-22T20:00:00Z', CREW);
    const sut = applyCrewChanged([current], { vehicleId: 'lh-01', crew: [], crewUpdatedAt: '2026-11-22T08:00:00Z' });
    expect(sut[0]).toBe(current);
  });
});

describe(readCrewDraft.name, () => {
  const row = (over: Partial<CrewDraftRow>): CrewDraftRow => ({ role: 'nurse', name: '李娜', phone: '', ...over });

  it('should round-trip a crew through the form, an empty phone sent as none', () => {
    const sut = readCrewDraft(toCrewDraft(CREW));
    expect(sut).toEqual({ ok: true, body: { crew: CREW } });
  });

  it('should trim what was typed', () => {
    expect(readCrewDraft([row({ name: ' 李娜 ', phone: ' 139 0556 1202 ' })])).toEqual({
      ok: true,
      body: { crew: [{ role: 'nurse', name: '李娜', phone: '139 0556 1202' }] },
    });
  });

  it.each([
    ['a blank name', row({ name: '  ' }), 'name'],
    ['a phone with letters', row({ phone: 'abc' }), 'phone'],
  ] as const)('should point at the row with %s', (_case, bad, problem) => {
    expect(readCrewDraft([row({}), bad])).toEqual({ ok: false, problem, row: 1 });
  });

  it('should refuse a seventh person and stop offering to add one at six', () => {
    const six = Array.from({ length: 6 }, () => row({}));
    expect(canAddCrewRow(six)).toBe(false);
    expect(canAddCrewRow(six.slice(1))).toBe(true);
    expect(readCrewDraft([...six, row({})])).toEqual({ ok: false, problem: 'tooMany', row: null });
  });
});

describe(nextCrewRole.name, () => {
  it('should offer the usual crew in turn, then a paramedic', () => {
    expect(nextCrewRole([])).toBe('doctor');
    expect(nextCrewRole([{ role: 'doctor', name: '', phone: '' }])).toBe('nurse');
    expect(nextCrewRole(toCrewDraft(CREW))).toBe('paramedic');
  });
});
