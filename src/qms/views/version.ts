import { addDays, formatDate, type IsoDate } from '../base/dates.ts';
import type { ApprovedVersion } from '../history/versions.ts';
import type { StatusFacts } from '../live-status.ts';
import type { DocumentType } from '../schemas/document.ts';
import type { EffectiveState, EffectiveStatus, StatusInput } from '../status.ts';
import { inForcePeriod, type DocumentVersions, type VersionRecord } from '../versions.ts';
import type { HeaderRow } from './document.ts';
import type { Inline, StatusBannerView } from './status.ts';
import { docUrl } from './urls.ts';

/*
 * The page of one past approved version, /docs/<ID>/v<N>/: its text as approved, under a banner that says
 * where the version stands (in force, superseded by which version and when, withdrawn), its approval record
 * from its own frontmatter, and the commit that recorded it. Never offered as current: not indexed for search,
 * and its banner names the page that is.
 */

export interface VersionPageView {
  kicker: string;
  title: string;
  banner: StatusBannerView;
  /**
   * What the version's standing depends on: a version in force holds only until a date (its review, the
   * next version's effective date, a replacement's), so the reader's browser works it out again for its
   * own day, as on every page.
   */
  facts: StatusFacts;
  /** For the printed margins: the state the page's paper copy carries. */
  printStatus: EffectiveStatus;
  /** The approval record, from the version's own frontmatter. */
  header: HeaderRow[];
  /** The technical record: the commit that approved it. */
  commit: { short: string; full: string; author: string; time: string; file: string; reviewRequestedBy?: string; approvedBy?: string };
  previous?: Neighbour;
  next?: Neighbour;
  /** The document's own page. */
  current: { href: string; label: string };
}

export interface Neighbour {
  version: number;
  href: string | null;
  text: string;
}

export interface VersionPageInput {
  doc: DocumentVersions;
  version: ApprovedVersion;
  type: DocumentType;
  typeLabel: string;
  asOf: IsoDate;
  /** The in-force documents that replace this document today (its status's supersededBy). */
  replacedBy: readonly string[];
  /** The current page shows a draft or a version in review. */
  currentIsDraft: boolean;
  /** The documents that replace this document once one of them is in force (its status facts' replacements). */
  documentReplacements?: readonly StatusInput[];
}

const label = (v: VersionRecord) => `Version ${v.version}${v.approved ? `, approved ${formatDate(v.approved)}` : ''}`;

export function versionPageView({ doc, version, type, typeLabel, asOf, replacedBy, currentIsDraft, documentReplacements = [] }: VersionPageInput): VersionPageView {
  const index = doc.versions.findIndex((v) => v.version === version.version);
  const record = doc.versions[index];
  const { from, until } = inForcePeriod(doc.versions, index);
  const later = doc.versions.slice(index + 1);
  const replacement = later.find((v) => v.effective !== null && v.effective <= asOf);
  const upcoming = later.find((v) => v.effective !== null && v.effective > asOf);
  const a = version.approval;

  const notes: Inline[][] = [];
  let state: EffectiveState;
  let headline: string;
  let advice: string;
  if (record.withdrawn !== null && record.withdrawn <= asOf && !replacement) {
    state = 'obsolete';
    headline = 'Withdrawn';
    advice = `Version ${record.version} is no longer in force: the document was withdrawn on ${formatDate(record.withdrawn)}. Kept for the audit trail only.`;
  } else if (replacement) {
    state = 'superseded';
    headline = `Superseded by version ${replacement.version}`;
    advice = `Version ${record.version} is no longer in force: version ${replacement.version} replaced it on ${formatDate(replacement.effective)}, the day it took effect. Kept for the audit trail only.`;
    if (replacement.href) notes.push([{ text: `Read version ${replacement.version}`, href: replacement.href }]);
  } else if (record.effective === null || record.effective > asOf) {
    state = 'not-yet-effective';
    headline = 'Approved, not yet effective';
    advice = record.effective ? `Version ${record.version} takes effect on ${formatDate(record.effective)}.` : `Version ${record.version} has no effective date.`;
  } else if (replacedBy.length > 0) {
    state = 'superseded';
    headline = 'Replaced by another document';
    advice = `Version ${record.version} was the last version of ${doc.id}, which another document in force now replaces. Kept for the audit trail only.`;
    notes.push([{ text: 'Replaced by ' }, ...replacedBy.flatMap((id, i) => [...(i > 0 ? [{ text: ', ' }] : []), { text: id, href: docUrl(id) }])]);
  } else {
    state = 'current';
    headline = 'The version in force';
    advice = `Version ${record.version} is the approved version in force.`;
    if (currentIsDraft) notes.push([{ text: 'A new version is being drafted; it is not approved, and this version applies until it is. ' }, { text: 'See the draft', href: docUrl(doc.id) }]);
  }
  if (upcoming && state !== 'superseded') notes.push([{ text: `Version ${upcoming.version}${upcoming.approved ? `, approved on ${formatDate(upcoming.approved)},` : ''} takes effect on ${formatDate(upcoming.effective)}. ` }, ...(upcoming.href ? [{ text: `Read version ${upcoming.version}`, href: upcoming.href }] : [])]);

  const live = (effective: IsoDate | null) => ({ id: doc.id, type, status: 'approved' as const, ...(effective ? { effective } : {}) });
  const next = replacement ?? upcoming;
  const facts: StatusFacts =
    state === 'obsolete'
      ? { id: doc.id, type, status: 'obsolete', ...(record.withdrawn ? { withdrawn: record.withdrawn } : {}) }
      : { ...live(record.effective), ...(version.reviewBy ? { review_by: version.reviewBy } : {}), replacements: [...(next ? [live(next.effective)] : []), ...documentReplacements] };

  const text = (value: string): HeaderRow['value'] => ({ kind: 'text', text: value });
  const header: HeaderRow[] = [
    { key: 'id', label: 'Document ID', value: text(doc.id) },
    { key: 'version', label: 'Version', value: text(String(record.version)) },
    { key: 'approved', label: 'Approved on', value: text(formatDate(record.approved)) },
    { key: 'approver', label: 'Approved by', value: text(record.approver ?? '—') },
    { key: 'effective', label: 'Effective from', value: text(formatDate(from)) },
    { key: 'last_day', label: 'Last day in force', value: text(until ? formatDate(addDays(until, -1)) : state === 'current' ? 'Still in force' : '—') },
    ...(record.changeSummary ? [{ key: 'change_summary', label: 'Changes in this version', wide: true, value: text(record.changeSummary) }] : []),
  ];
  const neighbour = (v: VersionRecord | undefined): Neighbour | undefined => (v ? { version: v.version, href: v.href, text: label(v) } : undefined);
  return {
    kicker: `${typeLabel} · ${doc.id} · Version ${record.version}`,
    title: a.title ?? doc.title,
    banner: { state, label: headline, advice, notes, asOfNote: `As of ${formatDate(asOf)}.` },
    facts,
    printStatus: { state, label: headline, reviewBy: null, daysToReview: null, supersededBy: [...replacedBy] },
    header,
    commit: {
      short: a.commit.slice(0, 8),
      full: a.commit,
      author: a.author,
      time: a.date,
      file: a.file,
      ...(version.reviewRequestedBy ? { reviewRequestedBy: version.reviewRequestedBy } : {}),
      ...(version.approvedBy ? { approvedBy: version.approvedBy } : {}),
    },
    ...(index > 0 ? { previous: neighbour(doc.versions[index - 1]) } : {}),
    ...(index < doc.versions.length - 1 ? { next: neighbour(doc.versions[index + 1]) } : {}),
    current: { href: docUrl(doc.id), label: `${doc.id} as it stands now` },
  };
}
