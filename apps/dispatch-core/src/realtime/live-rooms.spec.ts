import type { SessionUser } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { DISPATCH_ROOM, DISPATCH_WAVEFORM_ROOM, hospitalRoom, roomsFor, vehicleRoom } from './live-rooms';

const user = (over: Partial<SessionUser>): SessionUser => ({
  id: 'u1',
  username: 'u',
  displayName: 'U',
  role: 'dispatcher',
  vehicleId: null,
  hospitalId: null,
  ...over,
});

describe(roomsFor.name, () => {
  it.each([
    { name: 'a dispatch map', u: user({}), streams: [], rooms: [DISPATCH_ROOM] },
    { name: 'a dispatch screen that asks for the ECG stream', u: user({}), streams: ['waveform'], rooms: [DISPATCH_ROOM, DISPATCH_WAVEFORM_ROOM] },
    { name: 'an admin, who may open the ER board', u: user({ role: 'admin' }), streams: [], rooms: [DISPATCH_ROOM, DISPATCH_WAVEFORM_ROOM] },
    { name: 'a crew asking for more than its vehicle', u: user({ role: 'crew', vehicleId: 'lh-02' }), streams: ['waveform'], rooms: [vehicleRoom('lh-02')] },
    { name: 'an ER clinician', u: user({ role: 'er_clinician', hospitalId: 'lead' }), streams: ['waveform'], rooms: [hospitalRoom('lead')] },
  ])('should put $name in exactly its rooms', ({ u, streams, rooms }) => {
    expect(roomsFor(u, streams)).toEqual(rooms);
  });
});
