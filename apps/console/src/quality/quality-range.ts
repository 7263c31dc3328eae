// The report period as the user picks it (whole local days, both ends included) and as the
// server takes it (ISO instants, `to` exclusive: the day after the last day, at midnight).

const pad = (n: number) => String(n).padStart(2, '0');

/** YYYY-MM-DD of a local date, for <input type="date">. */
export function dateInputValue(at: Date): string {
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** This month so far: the 1st to today. */
export function thisMonth(nowMs: number): { from: string; to: string } {
  const today = new Date(nowMs);
  return { from: dateInputValue(new Date(today.getFullYear(), today.getMonth(), 1)), to: dateInputValue(today) };
}

function localMidnight(date: string, addDays = 0): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const at = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** The query's instants; null when a date is missing or the period runs backwards. */
export function periodQuery(fromDate: string, toDate: string): { from: string; to: string } | null {
  const from = localMidnight(fromDate);
  const to = localMidnight(toDate, 1);
  if (!from || !to || from >= to) return null;
  return { from: from.toISOString(), to: to.toISOString() };
}

/** A file name when the server sends none. */
export function csvFileName(pathway: string, fromDate: string, toDate: string): string {
  return `feijiu-quality-${pathway}-${fromDate}_${toDate}.csv`;
}
