// Looks of the offline county basemap (no tiles): boundary, roads by class, place dots.

export const ROAD_CLASSES = ['township', 'county', 'provincial', 'national', 'expressway'] as const;
export type RoadClass = (typeof ROAD_CLASSES)[number];

export interface RoadStyle {
  colour: string;
  weightPx: number;
  /** A darker outline under the line, for the roads a dispatcher reads routes along. */
  casingColour: string | null;
}

// Drawn in ROAD_CLASSES order, minor first, so major roads stay on top at junctions.
export const ROAD_STYLES: Record<RoadClass, RoadStyle> = {
  township: { colour: '#cbd5e1', weightPx: 1.2, casingColour: null },
  county: { colour: '#ffffff', weightPx: 2.5, casingColour: '#94a3b8' },
  provincial: { colour: '#fde047', weightPx: 3, casingColour: '#ca8a04' },
  national: { colour: '#fdba74', weightPx: 4, casingColour: '#ea580c' },
  expressway: { colour: '#f97316', weightPx: 5, casingColour: '#7c2d12' },
};

export function isRoadClass(value: unknown): value is RoadClass {
  return typeof value === 'string' && (ROAD_CLASSES as readonly string[]).includes(value);
}

export const BOUNDARY_STYLE = {
  color: '#64748b',
  weight: 2,
  dashArray: '6 4',
  fillColor: '#ffffff',
  fillOpacity: 0.55,
} as const;

/** Villages and landmarks get their labels only from this zoom on (towns always). */
export const MINOR_LABEL_MIN_ZOOM = 13;
