import { RingTone, type ToneNote } from '../crew/ring-tone';

// The ER's pre-notice alarm: three rising beeps, faster than the crew's offer ring, so the two
// are never mistaken for each other in a room with both.
const PRENOTICE_PATTERN: readonly ToneNote[] = [
  { hz: 988, startSec: 0, durationSec: 0.14 },
  { hz: 1175, startSec: 0.18, durationSec: 0.14 },
  { hz: 1397, startSec: 0.36, durationSec: 0.22 },
];

export function createPrenoticeTone(): RingTone {
  return new RingTone(PRENOTICE_PATTERN, 1300);
}
