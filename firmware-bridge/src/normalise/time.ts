/** An ISO 8601 instant normalised to UTC (`…Z`), or null when absent or unparseable. */
export function toUtcIso(value: string | null | undefined): string | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}
