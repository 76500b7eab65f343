/**
 * Plain calendar dates ("2027-03-15") are how a quality manual speaks: a review falls due on a day, not at
 * an instant. We keep them as ISO strings so comparison is lexical and no time zone can move a date.
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written YYYY-MM-DD (2026-02-30 is false). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/**
 * js-yaml (which Astro uses for frontmatter) turns an unquoted 2027-01-01 into a Date at UTC midnight;
 * a quoted one stays a string. Both mean the same day.
 */
export function toIsoDate(value: Date | string): IsoDate {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return value;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Adds calendar months, clamping to the month's last day (2026-01-31 + 1 month = 2026-02-28). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, lastDay));
  return first.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Today's date in UTC, the default as-of date of a build. */
export function today(now: Date = new Date()): IsoDate {
  return now.toISOString().slice(0, 10);
}

/**
 * The reader's calendar day, in the browser's own time zone: the manual is read in one place, and a review
 * due "on 10 Jan" is due on the wall calendar there, not in UTC.
 */
export function localToday(now: Date = new Date()): IsoDate {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(now.getFullYear()).padStart(4, '0')}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Format a plain date for people: 15 Mar 2027. */
// One formatter, each day formatted once: toLocaleDateString builds a formatter on every call, which was the
// largest single cost of building a 1,000-document manual (every page shows dozens of dates).
const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const MINUTE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
const days = new Map<string, string>();

export function formatDate(date: IsoDate | null | undefined): string {
  if (!date) return '—';
  let text = days.get(date);
  if (text === undefined) days.set(date, (text = DAY.format(new Date(`${date}T00:00:00Z`))));
  return text;
}

/** A moment (a commit's time) to the minute, in UTC: "25 Nov 2026, 17:12 UTC". */
export const formatMinute = (iso: string) => `${MINUTE.format(new Date(iso))} UTC`;

/** The as-of date of a build or a check: QMS_AS_OF=2026-01-01 makes it reproducible; default is today. */
export function asOfFromEnvironment(env: Record<string, string | undefined> = process.env): IsoDate {
  const fromEnv = env.QMS_AS_OF;
  if (fromEnv) {
    if (!isIsoDate(fromEnv)) throw new Error(`QMS_AS_OF must be a date written YYYY-MM-DD, found "${fromEnv}"`);
    return fromEnv;
  }
  return today();
}
