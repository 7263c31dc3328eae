import { describe, expect, it } from 'vitest';
import { SetVehicleCrewRequestSchema } from './fleet';

describe('SetVehicleCrewRequestSchema', () => {
  const body = (crew: unknown[]) => ({ crew });

  it('should accept a shift crew, trimming names and phones', () => {
    const sut = SetVehicleCrewRequestSchema.parse(
      body([
        { role: 'doctor', name: ' 张伟 ', phone: ' 139 0556 1201 ' },
        { role: 'driver', name: 'Wang Qiang' },
      ]),
    );
    expect(sut.crew).toEqual([
      { role: 'doctor', name: '张伟', phone: '139 0556 1201' },
      { role: 'driver', name: 'Wang Qiang' },
    ]);
  });

  it('should accept an empty crew (nobody on board)', () => {
    expect(SetVehicleCrewRequestSchema.parse(body([])).crew).toEqual([]);
  });

  it.each([
    ['a blank name', { role: 'nurse', name: '   ' }],
    ['a name over 50 characters', { role: 'nurse', name: '李'.repeat(51) }],
    ['a NUL in the name', { role: 'nurse', name: '李\u0000娜' }],
    ['a line break in the name', { role: 'nurse', name: '李\n娜' }],
    ['an unknown role', { role: 'pilot', name: '李娜' }],
    ['letters in the phone', { role: 'nurse', name: '李娜', phone: 'call me' }],
    ['a phone without digits', { role: 'nurse', name: '李娜', phone: '+-( )' }],
    ['an empty phone', { role: 'nurse', name: '李娜', phone: '' }],
    ['a missing name', { role: 'nurse' }],
  ])('should refuse %s', (_case, member) => {
    expect(SetVehicleCrewRequestSchema.safeParse(body([member])).success).toBe(false);
  });

  it('should refuse more than six people and a body without a crew', () => {
    expect(SetVehicleCrewRequestSchema.safeParse(body(Array.from({ length: 7 }, () => ({ role: 'nurse', name: '李娜' })))).success).toBe(false);
    expect(SetVehicleCrewRequestSchema.safeParse({}).success).toBe(false);
  });
});
