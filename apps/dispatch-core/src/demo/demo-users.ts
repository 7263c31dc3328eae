import type { Role } from '@feijiu/contracts';

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  vehicleId: string | null;
  hospitalId: string | null;
}

// Seeded only in demo mode; all share FEIJIU_DEMO_PASSWORD.
export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'dispatcher', displayName: '调度员 王芳', role: 'dispatcher', vehicleId: null, hospitalId: null },
  { username: 'crew', displayName: '急救员 李强 (lh-01)', role: 'crew', vehicleId: 'lh-01', hospitalId: null },
  { username: 'er', displayName: '急诊医生 陈静', role: 'er_clinician', vehicleId: null, hospitalId: 'lead' },
  { username: 'admin', displayName: '系统管理员', role: 'admin', vehicleId: null, hospitalId: null },
];

/**
 * The demo people plus the logins the simulator plays: one crew per ambulance (`crew-<vehicleId>`)
 * and one ER per receiving hospital and township centre (`er-<facilityId>`).
 */
export function demoUsersFor(
  vehicles: readonly { id: string; callSign: string }[],
  facilities: readonly { id: string; name: string; kind: string }[],
): DemoUser[] {
  return [
    ...DEMO_USERS,
    ...facilities
      .filter((f) => f.kind === 'hospital' || f.kind === 'township_centre')
      .map((f) => ({
        username: `er-${f.id}`,
        displayName: `${f.name} 急诊`,
        role: 'er_clinician' as const,
        vehicleId: null,
        hospitalId: f.id,
      })),
    ...vehicles.map((v) => ({
      username: `crew-${v.id}`,
      displayName: `${v.callSign} 车组`,
      role: 'crew' as const,
      vehicleId: v.id,
      hospitalId: null,
    })),
  ];
}
