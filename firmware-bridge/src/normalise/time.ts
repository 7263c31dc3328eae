import { IsoInstantSchema } from '@feijiu/contracts';

/**
 * An ISO 8601 instant normalised to UTC (`…Z`), or null when absent, unparseable or outside what
 * the contract takes (years 0001-9999 in UTC): a sample with such a time would be refused whole.
 */
export function toUtcIso(value: string | null | undefined): string | null {
  if (!value) return null;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) return null;
  const iso = new Date(ms).toISOString();
  return IsoInstantSchema.safeParse(iso).success ? iso : null;
}
