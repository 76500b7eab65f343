import { addDays, formatDate, type IsoDate } from '../base/dates.ts';
import { DATE_STATE_LABEL, manualOnDate, type DateEntry, type DateState, type DocumentVersions } from '../versions.ts';
import { csvText } from './csv.ts';
import { docUrl } from './urls.ts';

/*
 * "The manual on a date": for every document, the version in force on a chosen day, as a row of the page
 * /register/on/ (worked out in the reader's browser) and of `npm run register -- --on <date>` (CSV). Both
 * call onDateRows on the same data, so they agree row for row. Light on purpose: the browser imports it.
 */

export interface OnDateRow {
  id: string;
  title: string;
  /** The document's own page. */
  href: string;
  state: DateState;
  stateLabel: string;
  version: number | null;
  /** The page of that version: its own, or the document's page when that shows it; null when this build has none. */
  versionHref: string | null;
  approved: IsoDate | null;
  approver: string | null;
  /** The day the version took effect, and the last day it applied (null while nothing has ended it). */
  from: IsoDate | null;
  lastDay: IsoDate | null;
  /** The rest, in words: what replaced it, when it takes effect, what was before the recorded history. */
  note: string;
  commit: string | null;
}

export function onDateRows(documents: readonly DocumentVersions[], date: IsoDate): OnDateRow[] {
  return manualOnDate(documents, date).map((e) => {
    // Before its first version, a document's row names no version: the note says what came later.
    const r = e.state === 'not-issued' || e.state === 'before-history' ? null : e.record;
    return {
      id: e.id,
      title: e.title,
      href: docUrl(e.id),
      state: e.state,
      stateLabel: DATE_STATE_LABEL[e.state],
      version: r?.version ?? null,
      versionHref: r?.href ?? null,
      approved: r?.approved ?? null,
      approver: r?.approver ?? null,
      from: r ? e.from : null,
      lastDay: r && e.until ? addDays(e.until, -1) : null,
      note: noteOf(e),
      commit: r?.commit ?? null,
    };
  });
}

function noteOf(e: DateEntry): string {
  const r = e.record;
  switch (e.state) {
    case 'in-force':
      if (!e.until) return '';
      return e.until === r!.withdrawn ? `Withdrawn on ${formatDate(e.until)}.` : `The next version took effect on ${formatDate(e.until)}.`;
    case 'not-yet-effective':
      return `Approved on ${formatDate(r!.approved)}; takes effect on ${formatDate(r!.effective)}.`;
    case 'not-issued':
      return r ? `First approved version takes effect on ${formatDate(r.effective)}.` : 'Never approved.';
    case 'before-history':
      return `The earliest recorded version, ${r!.version}, takes effect on ${formatDate(r!.effective)}. An earlier version, approved before the recorded history began, may have been in force.`;
    case 'withdrawn':
      return `Withdrawn on ${formatDate(r!.withdrawn)}.`;
    case 'superseded':
      return `Replaced by ${e.supersededBy.map((s) => `${s.id} version ${s.version}`).join(', ')}.`;
  }
}

/** "1 Mar 2026 to 23 Nov 2026", "from 1 Mar 2026": the days a version applied. */
export function inForceText(row: Pick<OnDateRow, 'from' | 'lastDay'>): string {
  if (!row.from) return '—';
  return row.lastDay ? `${formatDate(row.from)} to ${formatDate(row.lastDay)}` : `from ${formatDate(row.from)}`;
}

/** How many documents are in each state, in words: "48 in force, 3 not yet issued". */
export function onDateSummary(rows: readonly OnDateRow[]): string {
  const counts = new Map<DateState, number>();
  for (const row of rows) counts.set(row.state, (counts.get(row.state) ?? 0) + 1);
  return [...counts].map(([state, n]) => `${n} ${DATE_STATE_LABEL[state].toLowerCase()}`).join(', ');
}

const CSV_COLUMNS: [string, (row: OnDateRow) => string | number | null][] = [
  ['ID', (r) => r.id],
  ['Title', (r) => r.title],
  ['On that date', (r) => r.stateLabel],
  ['Version', (r) => r.version],
  ['Approved', (r) => r.approved],
  ['Approver', (r) => r.approver],
  ['Effective from', (r) => r.from],
  ['Last day in force', (r) => r.lastDay],
  ['Notes', (r) => r.note],
  ['Page', (r) => r.versionHref],
  ['Commit', (r) => r.commit],
];

/** The CSV of one day: the page's rows, one a document, with the day in every row (src/qms/views/csv.ts writes it). */
export function onDateCsv(rows: readonly OnDateRow[], date: IsoDate): string {
  return csvText(
    ['Date', ...CSV_COLUMNS.map(([label]) => label)],
    rows.map((row) => [date, ...CSV_COLUMNS.map(([, value]) => value(row) ?? '')]),
  );
}
