import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEMO_COUNTY, parseRingAreas, type RingArea } from '@feijiu/geo';

const KEY = 'FEIJIU_RING_AREAS_FILE';

/**
 * The dispatch ring areas: those of `FEIJIU_RING_AREAS_FILE` (a GeoJSON FeatureCollection), else
 * the demo county's own in demo mode, else none (the default rings everywhere). Problems name
 * the key, the file and the feature.
 */
export function readRingAreas(file: string | undefined, demoEnabled: boolean, cwd: string): { areas: readonly RingArea[]; problems: string[] } {
  if (file === undefined) {
    if (!demoEnabled) return { areas: [], problems: [] };
    const demo = parseRingAreas(DEMO_COUNTY.ringAreas);
    // the demo county's areas are checked by its spec; this guards a hand edit of the JSON
    if (!demo.ok) throw new Error(`demo county ring areas: ${demo.problems.join('; ')}`);
    return { areas: demo.areas, problems: [] };
  }
  const path = resolve(cwd, file);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const reason = err instanceof SyntaxError ? `not JSON (${err.message})` : `cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
    return { areas: [], problems: [`${KEY}: ${path}: ${reason}`] };
  }
  const parsed = parseRingAreas(json);
  return parsed.ok ? { areas: parsed.areas, problems: [] } : { areas: [], problems: parsed.problems.map((p) => `${KEY}: ${path}: ${p}`) };
}
