import type { Role } from '@feijiu/contracts';

export type SurfacePath = '/dispatch' | '/crew' | '/er' | '/quality';

/** The quality report is for the people who answer for the time targets: dispatch and the ER. */
const QUALITY_ROLES: ReadonlySet<Role> = new Set(['dispatcher', 'er_clinician', 'admin']);

export function homePathFor(role: Role): SurfacePath {
  switch (role) {
    case 'dispatcher':
    case 'admin':
      return '/dispatch';
    case 'crew':
      return '/crew';
    case 'er_clinician':
      return '/er';
  }
}

/** Admins may open every surface; everyone else only their own, and the quality report when allowed. */
export function canOpenSurface(role: Role, path: SurfacePath): boolean {
  if (path === '/quality') return QUALITY_ROLES.has(role);
  return role === 'admin' || homePathFor(role) === path;
}
