import { addDays, formatDate, type IsoDate } from '../base/dates.ts';
import { clauseLabel, readingOrder, type Clause } from '../catalogue.ts';
import { approvalKinds, approvalPeople } from '../history/approvals.ts';
import type { ManualHistory, Revision } from '../history/types.ts';
import { approvedVersions, currentPageShows, versionHrefs } from '../history/versions.ts';
import { APPROVAL_LABEL, eventKind } from './changes.ts';
import { redline, type Redline } from '../redline.ts';
import { TYPE_LABEL, type DocumentFrontmatter } from '../schemas/document.ts';
import type { EffectiveStatus } from '../status.ts';
import { searchRecord, type SearchRecord } from './search.ts';
import { statusBanner, type StatusBannerView } from './status.ts';
import { inForcePeriod, type DocumentVersions } from '../versions.ts';
import { clauseUrl, docUrl } from './urls.ts';

/*
 * The document page, as data: what the page at /docs/<ID>/ and the CMS preview both show, computed once
 * here so the two cannot disagree (tests/e2e/preview-page.test.ts compares them for every sample
 * document). Dates are formatted for people; links are site paths.
 */

export type HeaderValue =
  | { kind: 'text'; text: string }
  | { kind: 'status'; status: EffectiveStatus }
  | { kind: 'clauses'; clauses: { ref: string; href: string; title: string }[] };

/** One line of the controlled header: Document ID, Version, Status, Owner, ... */
export interface HeaderRow {
  key: string;
  label: string;
  value: HeaderValue;
  /** Spans the header's width (the clause list, the change summary). */
  wide?: boolean;
}

export interface LinkedDocument {
  id: string;
  href: string;
  title?: string;
  status?: EffectiveStatus;
}

/** A file that is part of the document, as the page lists it. */
export interface AttachmentView {
  name: string;
  href: string;
  /** "PDF", "Word document"... */
  type: string;
  /** "245 KB"; absent when the file is not known (the CMS preview before saving). */
  size?: string;
  /** The file the document lists is not in the manual (a finding of the checker too). */
  missing: boolean;
}

const FILE_TYPES: Record<string, string> = {
  pdf: 'PDF', doc: 'Word document', docx: 'Word document', odt: 'Text document', rtf: 'Text document',
  xls: 'Excel workbook', xlsx: 'Excel workbook', ods: 'Spreadsheet', csv: 'CSV table', txt: 'Text',
  ppt: 'PowerPoint', pptx: 'PowerPoint', png: 'Image', jpg: 'Image', jpeg: 'Image', gif: 'Image', webp: 'Image',
};

/** The kind of a file, from its name, in words. */
export function fileType(name: string): string {
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  return FILE_TYPES[extension] ?? (extension ? `${extension.toUpperCase()} file` : 'File');
}

/** 1234567 → "1.2 MB", as people read sizes. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export interface DocumentView {
  id: string;
  title: string;
  typeLabel: string;
  version: string;
  /** "Procedure · SOP-004 · Version 4", above the title. */
  kicker: string;
  status: EffectiveStatus;
  banner: StatusBannerView;
  header: HeaderRow[];
  summary?: string;
  /** What search indexes for the page; null: never indexed. */
  search: SearchRecord | null;
  links: { supersededBy: LinkedDocument[]; supersedes: LinkedDocument[]; related: LinkedDocument[] };
  attachments: AttachmentView[];
}

/** The fields the view reads; the CMS preview has them as typed, so any may still be missing. */
export type ViewedDocument = Pick<DocumentFrontmatter, 'id' | 'title' | 'type' | 'clauses' | 'departments' | 'related' | 'supersedes' | 'attachments'> &
  Partial<Pick<DocumentFrontmatter, 'owner' | 'approver' | 'approved' | 'effective' | 'review_by' | 'withdrawn' | 'summary' | 'change_summary'>> & {
    version: number | string;
  };

export interface DocumentViewInput {
  doc: ViewedDocument;
  status: EffectiveStatus;
  asOf: IsoDate;
  /** The clause a reference names; undefined for an unknown clause. */
  clause(ref: string): Clause | undefined;
  /** What is known of another document: its title and status. */
  linked(id: string): { title?: string; status?: EffectiveStatus } | undefined;
  /** The size of an attached file, by the path it is served at; undefined when the manual does not have it (or it is not known). */
  attachmentSize?(href: string): number | undefined;
}

/**
 * A document's clauses as its header lists them: those with an official title first, then provisional
 * ones named by their topic (marked as such), each in clause order; unknown references last, as written.
 */
function clauseList(refs: readonly string[], clause: DocumentViewInput['clause']): { ref: string; href: string; title: string }[] {
  return refs
    .map((ref) => ({ ref, c: clause(ref) }))
    .sort((a, b) => (a.c && b.c ? readingOrder(a.c, b.c) : Number(!a.c) - Number(!b.c)))
    .map(({ ref, c }) => ({ ref, href: clauseUrl(ref), title: c ? clauseLabel(c) : 'Unknown clause' }));
}

export function documentView({ doc, status, asOf, clause, linked, attachmentSize }: DocumentViewInput): DocumentView {
  const typeLabel = TYPE_LABEL[doc.type];
  const version = String(doc.version);
  const text = (value: string): HeaderValue => ({ kind: 'text', text: value });
  const unapproved = status.state === 'draft' || status.state === 'in-review';
  const header: HeaderRow[] = [
    { key: 'id', label: 'Document ID', value: text(doc.id) },
    { key: 'version', label: 'Version', value: text(version) },
    { key: 'status', label: 'Status', value: { kind: 'status', status } },
    { key: 'type', label: 'Type', value: text(typeLabel) },
    { key: 'owner', label: 'Owner', value: text(doc.owner || '—') },
    // Until it is approved, the approver named is the one who is asked to approve, not one who has.
    unapproved
      ? { key: 'approver', label: 'Proposed approver', value: text(doc.approver || 'Not yet named') }
      : { key: 'approver', label: 'Approved by', value: text(doc.approver || 'Not approved') },
    { key: 'approved', label: 'Approved on', value: text(formatDate(doc.approved)) },
    { key: 'effective', label: 'Effective from', value: text(formatDate(doc.effective)) },
    { key: 'review_by', label: 'Review by', value: text(`${formatDate(status.reviewBy)}${!doc.review_by && status.reviewBy ? ' (standard interval)' : ''}`) },
    { key: 'departments', label: 'Applies to', value: text(doc.departments.length ? doc.departments.join(', ') : 'Whole organization') },
    {
      key: 'clauses',
      label: 'ISO 7101 clauses',
      wide: true,
      value: { kind: 'clauses', clauses: clauseList(doc.clauses, clause) },
    },
    ...(doc.change_summary ? [{ key: 'change_summary', label: 'Changes in this version', wide: true, value: text(doc.change_summary) }] : []),
  ];
  const link = (id: string): LinkedDocument => ({ id, href: docUrl(id), ...linked(id) });
  return {
    id: doc.id,
    title: doc.title,
    typeLabel,
    version,
    kicker: `${typeLabel} · ${doc.id} · Version ${version}`,
    status,
    banner: statusBanner(status, doc, asOf),
    header,
    ...(doc.summary ? { summary: doc.summary } : {}),
    search: typeof doc.version === 'number' ? searchRecord({ ...doc, version: doc.version }, status, (id) => linked(id)?.title) : null,
    links: { supersededBy: status.supersededBy.map(link), supersedes: doc.supersedes.map(link), related: doc.related.map(link) },
    attachments: doc.attachments.map((a) => {
      const name = a.file.slice(a.file.lastIndexOf('/') + 1);
      const size = attachmentSize?.(a.file);
      return { name: a.title ?? decodeURIComponent(name), href: a.file, type: fileType(name), ...(size !== undefined ? { size: fileSize(size) } : {}), missing: attachmentSize !== undefined && size === undefined };
    }),
  };
}

/** The earlier approved version a page compares its text with, named by its approval record. */
export interface EarlierVersion {
  version: number;
  /** Its approval date, from its own frontmatter (null when that has none). */
  approved: IsoDate | null;
  /** Where it can be read in this build. */
  href: string | null;
}

/** What changed in this version: the body against the previous approved version's, read from Git. */
export type WhatChanged =
  | { kind: 'history-unavailable' }
  | { kind: 'no-earlier-version'; firstIssue: boolean }
  | { kind: 'identical'; previous: EarlierVersion }
  | { kind: 'redline'; previous: EarlierVersion; redline: Redline };

/**
 * The approved version the current text is compared with: the latest approved before this version, or,
 * while this version is a draft or in review, the approved version it revises. Its text is the one it was
 * approved with (the body at its approval commit), as its own page shows it.
 */
export async function whatChanged(
  doc: Pick<DocumentFrontmatter, 'id' | 'version' | 'status'>,
  body: string,
  history: ManualHistory,
  readBody: (blob: string) => Promise<string>,
  pastVersions: number,
): Promise<WhatChanged> {
  if (!history.available) return { kind: 'history-unavailable' };
  const versions = approvedVersions(history.byId.get(doc.id) ?? []);
  const unapproved = doc.status === 'draft' || doc.status === 'in-review';
  const previous = versions.findLast((v) => v.version < doc.version || (unapproved && v.version === doc.version));
  if (!previous) return { kind: 'no-earlier-version', firstIssue: doc.version === 1 };
  const earlier: EarlierVersion = { version: previous.version, approved: previous.approval.approved, href: versionHrefs(versions, doc, pastVersions).get(previous.version) ?? null };
  const changes = redline(await readBody(previous.approval.blob), body);
  return changes.identical ? { kind: 'identical', previous: earlier } : { kind: 'redline', previous: earlier, redline: changes };
}

/** "version 3, approved 10 Feb 2026": an earlier version named by its approval record, never by a commit. */
export function earlierVersionName(v: EarlierVersion): string {
  return `version ${v.version}, ${v.approved ? `approved ${formatDate(v.approved)}` : 'approval date not recorded'}`;
}

/** One recorded change to a document, as its revision history lists it: the approval record first, then the Git record. */
export interface RevisionRow {
  version: number | null;
  /** Where that version can be read (its page, or the current page), when it is an approved version this build shows. */
  versionHref: string | null;
  /** The frontmatter's status at that commit. */
  status: string | null;
  /** The approval event the commit records, if any. */
  event?: string;
  /** The approval record of that commit's frontmatter; null while the document is a draft or in review (nothing approved). */
  approval: { approved: IsoDate | null; approver: string | null; effective: IsoDate | null; withdrawn: IsoDate | null } | null;
  /** What changed: the change summary of an approval, else the commit's first line. */
  change: string;
  /** The technical record. */
  commit: { short: string; full: string; author: string; time: string; reviewRequestedBy?: string; approvedBy?: string; file?: string };
}

const CHANGE_LABEL = { added: 'Created', modified: 'Edited', renamed: 'Moved or renamed', deleted: 'Deleted' } as const;

/** The rows of a document's revision history, newest first; `hrefs` says where each approved version can be read. */
export function revisionRows(revisions: readonly Revision[], hrefs: ReadonlyMap<number, string | null>): RevisionRow[] {
  const kinds = approvalKinds(revisions);
  return revisions.map((r, i) => {
    const kind = kinds[i];
    const released = r.status === 'approved' || r.status === 'obsolete';
    const what = kind && r.changeSummary && kind !== 'withdrawn' ? r.changeSummary : r.message.split('\n')[0];
    return {
      version: r.version,
      versionHref: released && r.version !== null ? (hrefs.get(r.version) ?? null) : null,
      status: r.status,
      ...(kind ? { event: APPROVAL_LABEL[eventKind(kind, r.version)] } : {}),
      approval: released ? { approved: r.approved, approver: r.approver, effective: r.effective, withdrawn: r.status === 'obsolete' ? r.withdrawn : null } : null,
      change: kind ? what : `${CHANGE_LABEL[r.change]}: ${what}`,
      commit: {
        short: r.commit.slice(0, 8),
        full: r.commit,
        author: r.author,
        time: r.date,
        ...approvalPeople(r.message),
        ...(r.change === 'renamed' || r.change === 'deleted' ? { file: r.file } : {}),
      },
    };
  });
}

/** An approved version the document page links to, with the days it was in force. */
export interface PastVersionLink {
  version: number;
  href: string | null;
  approved: IsoDate | null;
  from: IsoDate | null;
  /** The last day it applied (the day before the next version took effect or the document was withdrawn); null while nothing has ended it. */
  lastDay: IsoDate | null;
}

/** The approved versions other than the one the page shows, newest first, each with its page when this build has one. */
export function pastVersionLinks(doc: DocumentVersions, current: Pick<DocumentFrontmatter, 'id' | 'version' | 'status'>): PastVersionLink[] {
  return doc.versions
    .map((v, i) => {
      const { from, until } = inForcePeriod(doc.versions, i);
      return { version: v.version, href: v.href, approved: v.approved, from, lastDay: until ? addDays(until, -1) : null };
    })
    .filter((v) => !currentPageShows(current, v.version))
    .reverse();
}
