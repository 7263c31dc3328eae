const formatters = new Map<string, Intl.DateTimeFormat>();

/** HH:mm:ss in the browser's time zone, or '' for a missing/invalid instant. */
export function formatClockTime(isoInstant: string | null | undefined, locale: string): string {
  if (!isoInstant) return '';
  const instant = new Date(isoInstant);
  if (Number.isNaN(instant.getTime())) return '';
  let formatter = formatters.get(locale);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
    formatters.set(locale, formatter);
  }
  return formatter.format(instant);
}
