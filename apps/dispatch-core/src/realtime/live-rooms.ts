import type { SessionUser } from '@feijiu/contracts';

// Room names on /live. The dispatch centre sees all operations; a crew its own vehicle; an ER
// clinician the patients inbound to its hospital.
export const DISPATCH_ROOM = 'dispatch';
export const vehicleRoom = (vehicleId: string): string => `vehicle:${vehicleId}`;
export const hospitalRoom = (hospitalId: string): string => `hospital:${hospitalId}`;
// Every connection is also in the rooms of its user and of its token, so a revocation can close it.
export const userRoom = (userId: string): string => `user:${userId}`;
export const sessionRoom = (jti: string): string => `session:${jti}`;

export function roomsFor(user: SessionUser): string[] {
  switch (user.role) {
    case 'dispatcher':
    case 'admin':
      return [DISPATCH_ROOM];
    case 'crew':
      return user.vehicleId ? [vehicleRoom(user.vehicleId)] : [];
    case 'er_clinician':
      return user.hospitalId ? [hospitalRoom(user.hospitalId)] : [];
  }
}
