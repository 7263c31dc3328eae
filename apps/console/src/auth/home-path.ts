import type { Role } from '@feijiu/contracts';

export type SurfacePath = '/dispatch' | '/crew' | '/er';

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

/** Admins may open every surface; everyone else only their own. */
export function canOpenSurface(role: Role, path: SurfacePath): boolean {
  return role === 'admin' || homePathFor(role) === path;
}
