import { DISPATCH_ROOM } from './live-rooms';

// Events that carry an incident go out twice: whole to the dispatch centre's room, and with the
// caller's and patient's identifiers masked (incidents/incident-disclosure.ts) to the crew and
// ER rooms — the same rule as the REST responses.
export function splitByDisclosure(rooms: readonly string[]): { full: string[]; masked: string[] } {
  return { full: rooms.filter((r) => r === DISPATCH_ROOM), masked: rooms.filter((r) => r !== DISPATCH_ROOM) };
}
