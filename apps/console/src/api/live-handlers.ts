import type { LiveEventName, LiveEventPayload } from '@feijiu/contracts';
import type { LiveHandlers } from './live-socket';

/** One handler set from several: each event calls every handler given for it, in order. */
export function mergeLiveHandlers(...sets: readonly LiveHandlers[]): LiveHandlers {
  const merged: Record<string, (payload: never) => void> = {};
  const names = new Set(sets.flatMap((set) => Object.keys(set) as LiveEventName[]));
  for (const name of names) {
    const handlers = sets
      .map((set) => set[name] as ((payload: LiveEventPayload<typeof name>) => void) | undefined)
      .filter((handler) => handler !== undefined);
    merged[name] = (payload: LiveEventPayload<typeof name>) => {
      for (const handler of handlers) handler(payload);
    };
  }
  return merged as LiveHandlers;
}
