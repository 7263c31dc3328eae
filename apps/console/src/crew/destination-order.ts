import type { DestinationOption } from '@feijiu/contracts';

// The server ranks the destinations; the tablet only lifts the recommended one to the top so the
// one-tap "pre-notify & go" is the first button, and keeps the rest in the server's order.
export function orderDestinations(items: readonly DestinationOption[]): DestinationOption[] {
  return [...items.filter((i) => i.recommended), ...items.filter((i) => !i.recommended)];
}

/** Rows a tablet shows before "show more" (the recommended and full fits always show). */
export const SHOWN_DESTINATIONS = 5;

/**
 * The rows worth a tap: the recommended one, every full fit, then partial fits up to
 * SHOWN_DESTINATIONS rows. The rest (e.g. township centres) wait behind "show more".
 */
export function splitDestinations(items: readonly DestinationOption[]): { shown: DestinationOption[]; more: DestinationOption[] } {
  const ordered = orderDestinations(items);
  const must = ordered.filter((i) => i.recommended || i.fit === 'full');
  const partial = ordered.filter((i) => !must.includes(i) && i.fit === 'partial').slice(0, Math.max(0, SHOWN_DESTINATIONS - must.length));
  let shownSet = new Set([...must, ...partial]);
  // Nothing fits at all (no channel, or none capable): the nearest three are still offered.
  if (shownSet.size === 0) shownSet = new Set(ordered.slice(0, 3));
  return { shown: ordered.filter((i) => shownSet.has(i)), more: ordered.filter((i) => !shownSet.has(i)) };
}
