import type { SessionUser } from '@feijiu/contracts';

// Room names on /live. The dispatch centre sees all operations; a crew its own vehicle; an ER
// clinician the patients inbound to its hospital.
export const DISPATCH_ROOM = 'dispatch';
// Every ambulance's ECG (≈ 16 kB/s per 12-lead monitor: 3 MB/s at 200 ambulances) goes to the
// dispatch centre only to the connections that ask for it in the handshake
// (`auth: { token, streams: ['waveform'] }`); the dispatch map does not draw ECG.
export const DISPATCH_WAVEFORM_ROOM = 'dispatch:waveform';
export const vehicleRoom = (vehicleId: string): string => `vehicle:${vehicleId}`;
export const hospitalRoom = (hospitalId: string): string => `hospital:${hospitalId}`;
// Every connection is also in the rooms of its user and of its token, so a revocation can close it.
export const userRoom = (userId: string): string => `user:${userId}`;
export const sessionRoom = (jti: string): string => `session:${jti}`;

export function roomsFor(user: SessionUser, streams: readonly string[] = []): string[] {
  switch (user.role) {
    case 'dispatcher':
      return streams.includes('waveform') ? [DISPATCH_ROOM, DISPATCH_WAVEFORM_ROOM] : [DISPATCH_ROOM];
    case 'admin':
      // an admin may open any surface, the ER board with its ECG strips included
      return [DISPATCH_ROOM, DISPATCH_WAVEFORM_ROOM];
    case 'crew':
      return user.vehicleId ? [vehicleRoom(user.vehicleId)] : [];
    case 'er_clinician':
      return user.hospitalId ? [hospitalRoom(user.hospitalId)] : [];
  }
}
