import { z } from 'zod';

// Shared building blocks of the wire. WGS-84 always; instants are ISO 8601 UTC strings.
export const IsoInstantSchema = z.iso
  .datetime({ offset: true })
  // in UTC, years 0001-9999 only: an offset can carry the instant past 9999-12-31Z, which has no
  // 4-digit ISO form (echoing it back broke the response's own schema), and PostgreSQL has no
  // year 0000 (a gateway's `0000-01-01T00:00:00Z` failed the whole insert)
  .refine((v) => isStorableYear(new Date(v).getUTCFullYear()), 'must be an instant from year 0001 to 9999 (UTC)')
  .describe('ISO 8601 instant');

function isStorableYear(year: number): boolean {
  return year >= 1 && year <= 9999;
}
export const LatitudeSchema = z.number().min(-90).max(90).describe('WGS-84 latitude, degrees');
export const LongitudeSchema = z.number().min(-180).max(180).describe('WGS-84 longitude, degrees');
export const LatLonSchema = z.object({ lat: LatitudeSchema, lon: LongitudeSchema });
export type LatLon = z.infer<typeof LatLonSchema>;

// Vehicle and facility ids travel in MQTT topics, so they are restricted to topic-safe slugs.
export const EntityIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,47}$/, 'lowercase letters, digits and dashes, 2-48 chars');
export const SeqSchema = z.number().int().nonnegative();
