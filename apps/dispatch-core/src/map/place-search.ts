import type { Place } from '@feijiu/contracts';
import type { County } from '@feijiu/geo';

// The county gazetteer for call taking: towns, villages, landmarks and the facilities, found by
// their Chinese or English name.

export function buildGazetteer(county: County): Place[] {
  return [
    ...county.places.map((p) => ({ name: p.name, nameEn: p.nameEn, kind: p.kind, lat: p.lat, lon: p.lon })),
    ...county.facilities.map((f) => ({ name: f.name, nameEn: f.nameEn, kind: 'facility' as const, lat: f.lat, lon: f.lon })),
  ];
}

const PREFIX = 0;
const SUBSTRING = 1;

function matchRank(place: Place, query: string): number | null {
  const names = [place.name, place.nameEn.toLowerCase()];
  if (names.some((n) => n.startsWith(query))) return PREFIX;
  if (names.some((n) => n.includes(query))) return SUBSTRING;
  return null;
}

/**
 * What the dispatcher probably means: names starting with the query before names containing it,
 * then the shorter name (杨村 → 杨村乡 before 杨村乡卫生院); English without regard to case.
 * A blank query finds nothing.
 */
export function searchPlaces(gazetteer: readonly Place[], query: string, limit: number): Place[] {
  // NFKC: full-width Latin letters from a Chinese input method match the English names.
  const q = query.normalize('NFKC').trim().toLowerCase();
  if (!q || limit <= 0) return [];
  return gazetteer
    .flatMap((place) => {
      const rank = matchRank(place, q);
      return rank === null ? [] : [{ place, rank }];
    })
    .sort((a, b) => a.rank - b.rank || a.place.name.length - b.place.name.length)
    .slice(0, limit)
    .map((m) => m.place);
}
