import { formatDate, type IsoDate } from '../base/dates.ts';
import { clauseLabel, readingOrder, type Clause } from '../catalogue.ts';
import { previousApprovedRevision } from './changes.ts';
import type { ManualHistory, Revision } from '../history/types.ts';
import { redline, type Redline } from '../redline.ts';
import { TYPE_LABEL, type DocumentFrontmatter } from '../schemas/document.ts';
import type { EffectiveStatus } from '../status.ts';
import { searchRecord, type SearchRecord } from './search.ts';
import { statusBanner, type StatusBannerView } from './status.ts';
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

/** What changed in this version: the body against the previous approved version's, read from Git. */
export type WhatChanged =
  | { kind: 'history-unavailable' }
  | { kind: 'no-earlier-version'; firstIssue: boolean }
  | { kind: 'identical'; previous: Revision }
  | { kind: 'redline'; previous: Revision; redline: Redline };

export async function whatChanged(
  doc: Pick<DocumentFrontmatter, 'id' | 'version'>,
  body: string,
  history: ManualHistory,
  readBody: (blob: string) => Promise<string>,
): Promise<WhatChanged> {
  if (!history.available) return { kind: 'history-unavailable' };
  const previous = previousApprovedRevision(history.byId.get(doc.id) ?? [], doc.version);
  if (!previous) return { kind: 'no-earlier-version', firstIssue: doc.version === 1 };
  const changes = redline(await readBody(previous.blob), body);
  return changes.identical ? { kind: 'identical', previous } : { kind: 'redline', previous, redline: changes };
}
