import { EntityIdSchema } from '@feijiu/contracts';
import type { MultiPolygon, Polygon } from 'geojson';
import { z } from 'zod';
import type { LatLonPoint } from './county';
import { isPointInPolygon } from './polygon';

// Dispatch radius rings per area (clinical.md §5.1: service radius ≤ 5 km in town, 10–20 km in the
// countryside). An area is a named polygon with its own rings; a call inside it gets them, a call
// in no area the default rings. Areas are read from a GeoJSON FeatureCollection (WGS-84):
// `properties: { id, name, nameEn?, ringsKm }`; the first area that contains the call wins, in the
// order the features are listed.

export interface RingArea {
  id: string;
  name: string;
  nameEn: string | null;
  /** Ascending; the last ring is the area's service radius. */
  ringsKm: readonly number[];
  geometry: Polygon | MultiPolygon;
}

const isClosed = (ring: number[][]) => ring.length > 0 && ring[0]!.every((v, i) => v === ring.at(-1)![i]);
// GeoJSON positions are [lon, lat]: a file with them swapped fails on the latitude.
const PositionSchema = z
  .tuple([
    z.number().min(-180, 'longitude must be within ±180').max(180, 'longitude must be within ±180'),
    z.number().min(-90, 'latitude must be within ±90 (positions are [lon, lat])').max(90, 'latitude must be within ±90 (positions are [lon, lat])'),
  ])
  .rest(z.number());
const LinearRingSchema = z
  .array(PositionSchema)
  .min(4, 'a ring needs at least 4 positions')
  .refine(isClosed, 'a ring must end where it starts');
const GeometrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: z.array(LinearRingSchema).min(1) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(LinearRingSchema).min(1)).min(1) }),
]);
const RingsKmSchema = z
  .array(z.number().positive())
  .min(1)
  .refine((rings) => rings.every((km, i) => i === 0 || km > rings[i - 1]!), 'rings must be ascending');
const RingAreaFeatureSchema = z.object({
  type: z.literal('Feature'),
  properties: z.object({
    id: EntityIdSchema,
    name: z.string().trim().min(1),
    nameEn: z.string().trim().min(1).optional(),
    ringsKm: RingsKmSchema,
  }),
  geometry: GeometrySchema,
});
const CollectionSchema = z.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) });

const MAX_ISSUES_PER_FEATURE = 3;

export type RingAreasParseResult = { ok: true; areas: readonly RingArea[] } | { ok: false; problems: string[] };

/** Validates a ring-area FeatureCollection; each problem names the feature (index and id) and the field. */
export function parseRingAreas(value: unknown): RingAreasParseResult {
  const collection = CollectionSchema.safeParse(value);
  if (!collection.success) return { ok: false, problems: ['not a GeoJSON FeatureCollection ({ "type": "FeatureCollection", "features": [...] })'] };
  const problems: string[] = [];
  const areas: RingArea[] = [];
  collection.data.features.forEach((raw, index) => {
    const rawId = (raw as { properties?: { id?: unknown } } | null)?.properties?.id;
    const label = `features[${index}]${typeof rawId === 'string' ? ` (${rawId})` : ''}`;
    const feature = RingAreaFeatureSchema.safeParse(raw);
    if (!feature.success) {
      // one bad polygon can have thousands of bad positions: show a few
      const issues = feature.error.issues;
      problems.push(...issues.slice(0, MAX_ISSUES_PER_FEATURE).map(describeIssue(`${label}: `)));
      if (issues.length > MAX_ISSUES_PER_FEATURE) problems.push(`${label}: … and ${issues.length - MAX_ISSUES_PER_FEATURE} more`);
      return;
    }
    const { id, name, nameEn, ringsKm } = feature.data.properties;
    if (areas.some((a) => a.id === id)) problems.push(`${label}: properties.id: "${id}" is used by an earlier feature`);
    areas.push(Object.freeze({ id, name, nameEn: nameEn ?? null, ringsKm: Object.freeze(ringsKm), geometry: feature.data.geometry }));
  });
  return problems.length ? { ok: false, problems } : { ok: true, areas: Object.freeze(areas) };
}

/** The first area (in list order) whose polygon contains the point; null: the default rings apply. */
export function findRingArea<A extends Pick<RingArea, 'geometry'>>(point: LatLonPoint, areas: readonly A[]): A | null {
  return areas.find((a) => isPointInPolygon(point, a.geometry)) ?? null;
}

const describeIssue = (prefix: string) => (issue: z.core.$ZodIssue) =>
  `${prefix}${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`;
