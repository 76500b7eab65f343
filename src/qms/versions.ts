import type { IsoDate } from './base/dates.ts';

/*
 * A document's approved versions, and which one was in force on a given day. The build writes these
 * records (from the Git history, see history/versions.ts) into /register/versions.json; the page "The
 * manual on a date" and `npm run register -- --on` both answer from them with `manualOnDate`, so the two
 * cannot disagree. Pure and small: the reader's browser imports it.
 *
 * The unit is the calendar day. A version is in force on a day when it is approved, its effective date is
 * that day or earlier, and neither the next version's effective date nor a withdrawal has come by then;
 * and no document in force that day lists it in `supersedes`. A version effective on 3 March is the one
 * that applies all of 3 March, from 00:00.
 */

/** One approved version, as its own frontmatter recorded it at its approval, and where Git recorded it. */
export interface VersionRecord {
  version: number;
  /** The approval record: from the version's frontmatter. */
  approved: IsoDate | null;
  approver: string | null;
  effective: IsoDate | null;
  changeSummary: string | null;
  /** The documents this version replaces once it is in force. */
  supersedes: string[];
  /** The day the document was withdrawn while this was its latest approved version. */
  withdrawn: IsoDate | null;
  /** Where its text can be read: its own page, the document's page (the version it shows), or nowhere in this build. */
  href: string | null;
  /** The technical record: the commit that brought this approval into the manual (absent without history). */
  commit?: string;
  /** The file at that commit, relative to the project root. */
  file?: string;
}

export interface DocumentVersions {
  id: string;
  title: string;
  /** Oldest first, in the order they were approved. */
  versions: VersionRecord[];
}

export interface VersionsData {
  /** The day of the build. */
  builtOn: IsoDate;
  /** False when the build had no Git history: each document's current version stands alone. */
  historyAvailable: boolean;
  documents: DocumentVersions[];
}

/** Where a document stood on a day. */
export type DateState =
  /** `version` was the version in force. */
  | 'in-force'
  /** `version` was approved, but its effective date had not come (and no earlier version was in force). */
  | 'not-yet-effective'
  /** No version had been approved yet. */
  | 'not-issued'
  /** The earliest recorded version (`version`) was not yet in effect, and an earlier one, approved before the recorded history began, may have been. */
  | 'before-history'
  /** `version` was the last in force, and the document had been withdrawn. */
  | 'withdrawn'
  /** `version` would have been in force, but a document in force (`supersededBy`) replaced it. */
  | 'superseded';

export const DATE_STATE_LABEL: Record<DateState, string> = {
  'in-force': 'In force',
  'not-yet-effective': 'Approved, not yet effective',
  'not-issued': 'Not yet issued',
  'before-history': 'Before the recorded history',
  withdrawn: 'Withdrawn',
  superseded: 'Replaced by another document',
};

/** One document on the chosen day: a row of the page and of the CSV. */
export interface DateEntry {
  id: string;
  title: string;
  state: DateState;
  /** The version the state is about (null when none was issued). */
  record: VersionRecord | null;
  /** From when `record` applied (its effective date), and until when: the day the next version took effect or the document was withdrawn. */
  from: IsoDate | null;
  until: IsoDate | null;
  /** The documents in force that day that replace this one (state `superseded`). */
  supersededBy: { id: string; version: number }[];
}

/**
 * The version of one document in force on `date`, before supersession by other documents: the latest
 * approved version whose effective date has come, unless a withdrawal ended it.
 */
function ownState(doc: DocumentVersions, date: IsoDate): Omit<DateEntry, 'supersededBy'> {
  const { id, title, versions } = doc;
  let index = -1;
  versions.forEach((v, i) => {
    if (v.effective !== null && v.effective <= date) index = i;
  });
  if (index === -1) {
    const approved = versions.find((v) => v.approved !== null && v.approved <= date);
    const first = versions[0];
    if (first && first.version > 1) return { id, title, state: 'before-history', record: first, from: null, until: first.effective };
    if (approved) return { id, title, state: 'not-yet-effective', record: approved, from: approved.effective, until: null };
    return { id, title, state: 'not-issued', record: null, from: null, until: null };
  }
  const record = versions[index];
  const { from, until } = inForcePeriod(versions, index);
  return { id, title, state: record.withdrawn !== null && record.withdrawn <= date ? 'withdrawn' : 'in-force', record, from, until };
}

/**
 * The days version `index` applied: from its effective date until (not including) the day the next version
 * took effect or the document was withdrawn, whichever came first; `until` is null while nothing has ended it.
 */
export function inForcePeriod(versions: readonly VersionRecord[], index: number): { from: IsoDate | null; until: IsoDate | null } {
  const record = versions[index];
  const next = versions.slice(index + 1).find((v) => v.effective !== null)?.effective ?? null;
  const until = [next, record.withdrawn].filter((d): d is IsoDate => d !== null).sort()[0] ?? null;
  return { from: record.effective, until };
}

/**
 * Every document on `date`, in the order given: the version in force, or why none was. A document is
 * superseded on a day when a version in force that day lists it in `supersedes`, as a document's status
 * is worked out for today (src/qms/status.ts).
 */
export function manualOnDate(documents: readonly DocumentVersions[], date: IsoDate): DateEntry[] {
  const entries = documents.map((doc) => ({ ...ownState(doc, date), supersededBy: [] as DateEntry['supersededBy'] }));
  const byId = new Map(entries.map((e) => [e.id, e]));
  for (const entry of entries) {
    if (entry.state !== 'in-force' || !entry.record) continue;
    for (const old of entry.record.supersedes) {
      const replaced = byId.get(old);
      if (!replaced || old === entry.id) continue;
      replaced.supersededBy.push({ id: entry.id, version: entry.record.version });
    }
  }
  for (const entry of entries) {
    if (entry.supersededBy.length > 0 && (entry.state === 'in-force' || entry.state === 'withdrawn')) entry.state = 'superseded';
  }
  return entries;
}

/** URL of the page of one approved version of a document. */
export const versionUrl = (id: string, version: number) => `/docs/${id}/v${version}/`;
