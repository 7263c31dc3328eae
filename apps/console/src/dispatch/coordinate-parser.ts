import type { LatLon } from '@feijiu/contracts';

// Coordinates typed into the place field ("30.0860, 118.3532": latitude first, WGS-84), so a call
// outside the gazetteer can be placed without the mouse.

export type TypedCoordinates =
  /** Not shaped like coordinates: search the gazetteer with it. */
  | { kind: 'none' }
  | { kind: 'ok'; location: LatLon }
  /** Two numbers, but not a latitude then a longitude (often the pair typed the other way round). */
  | { kind: 'out_of_range' };

// Decimal degrees each; separated by a comma, semicolon, 、 or spaces; an optional ° after each.
// Both numbers need a decimal point: whole degrees are ~100 km apart, never a scene, and a bare
// "12 3" is more likely part of an address.
const NUMBER = String.raw`([+-]?\d{1,3}\.\d+)\s*°?`;
const PAIR = new RegExp(String.raw`^${NUMBER}\s*(?:[,;、]|\s)\s*${NUMBER}$`);

export function parseTypedCoordinates(text: string): TypedCoordinates {
  // NFKC turns the full-width digits, comma and semicolon of a Chinese input method into ASCII.
  const match = PAIR.exec(text.normalize('NFKC').trim());
  if (!match) return { kind: 'none' };
  const lat = Number(match[1]);
  const lon = Number(match[2]);
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return { kind: 'out_of_range' };
  return { kind: 'ok', location: { lat, lon } };
}

/** How a typed location is shown back: five decimals, about a metre. */
export function formatCoordinates(location: LatLon): string {
  return `${location.lat.toFixed(5)}, ${location.lon.toFixed(5)}`;
}
