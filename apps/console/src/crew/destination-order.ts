import type { DestinationOption } from '@feijiu/contracts';

// The server ranks the destinations; the tablet only lifts the recommended one to the top so the
// one-tap "pre-notify & go" is the first button, and keeps the rest in the server's order.
export function orderDestinations(items: readonly DestinationOption[]): DestinationOption[] {
  return [...items.filter((i) => i.recommended), ...items.filter((i) => !i.recommended)];
}
