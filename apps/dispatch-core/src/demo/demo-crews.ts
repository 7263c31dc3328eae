import type { CrewMember, CrewRole, VehicleType } from '@feijiu/contracts';

// The demo county's shift crews: invented people with common Chinese names and made-up mobile
// numbers. An ALS, neonatal or negative-pressure ambulance carries a doctor, a nurse and a
// driver; a township BLS a paramedic (急救员) and a driver.

export function crewRolesFor(type: VehicleType): CrewRole[] {
  switch (type) {
    case 'ALS':
    case 'neonatal':
    case 'negative_pressure':
      return ['doctor', 'nurse', 'driver'];
    case 'BLS':
      return ['paramedic', 'driver'];
  }
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗', '郑', '梁', '谢'];
const GIVEN_NAMES = [
  '伟', '芳', '娜', '敏', '静', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超',
  '霞', '平', '刚', '建华', '红梅', '志强', '海燕', '晓东', '春梅', '国庆', '丽华', '文斌', '雪梅', '建国', '玉兰',
];
// the walkthrough's ambulance (lh-01) gets the crew the dispatch console's example shows
const FIRST_CREW: readonly CrewMember[] = [
  { role: 'doctor', name: '张伟', phone: '13905561201' },
  { role: 'nurse', name: '李娜', phone: '13905561202' },
  { role: 'driver', name: '王强', phone: '13905561203' },
];
const MOBILE_PREFIXES = ['139', '158', '186', '137', '152', '181'];

/**
 * The n-th demo person's name: n ↦ (n mod 23, 7n mod 30) gives a different surname + given name
 * pair for every n below 690 (23 and 30 are coprime and 7 is invertible mod 30).
 */
export function demoPersonName(n: number): string {
  return SURNAMES[n % SURNAMES.length]! + GIVEN_NAMES[(7 * n) % GIVEN_NAMES.length]!;
}

function demoPhone(n: number): string {
  return `${MOBILE_PREFIXES[n % MOBILE_PREFIXES.length]}0556${String((n * 7919 + 1301) % 10000).padStart(4, '0')}`;
}

/** One crew per demo vehicle, in the fleet's order; the same every time. */
export function demoCrewsFor(vehicles: readonly { id: string; type: VehicleType }[]): { vehicleId: string; crew: CrewMember[] }[] {
  let person = 0;
  return vehicles.map((v, i) => {
    if (i === 0) return { vehicleId: v.id, crew: FIRST_CREW.map((m) => ({ ...m })) };
    const crew = crewRolesFor(v.type).map((role) => {
      person++;
      return { role, name: demoPersonName(person), phone: demoPhone(person) };
    });
    return { vehicleId: v.id, crew };
  });
}
