import { formatDate, type IsoDate } from '../base/dates.ts';
import { approvalKinds, approvalPeople, type ApprovalKind } from '../history/approvals.ts';
import type { ManualHistory, Revision } from '../history/index.ts';
import { approvedVersions, versionHrefs, type ApprovedVersion } from '../history/versions.ts';
import type { DocumentFrontmatter } from '../schemas/document.ts';
import { compareIds } from '../base/ids.ts';

export { approvalKinds, approvalPeople, commitTrailers, personOf, type ApprovalKind } from '../history/approvals.ts';

export const APPROVAL_LABEL: Record<ApprovalKind, string> = {
  'first-issue': 'First issue',
  'new-version': 'New version',
  'approved-again': 'Approved again',
  withdrawn: 'Withdrawn',
};

/**
 * One event of the change record: an approved version of a document (listed once), or its withdrawal.
 * The approval record comes from the version's own frontmatter; the commit is the technical record.
 */
export interface ApprovedChange {
  id: string;
  title: string;
  version: number;
  kind: ApprovalKind;
  /** The day it is listed under: the approval date (for a withdrawal, the withdrawal date) from the frontmatter. */
  date: IsoDate;
  /** What `date` is: the frontmatter's approval or withdrawal date, or, when the frontmatter has none, the commit's day. */
  dateIs: 'approved' | 'withdrawn' | 'committed';
  effective: IsoDate | null;
  summary: string;
  /** The approver the version's frontmatter names (a role or a person). */
  approver?: string;
  /** Who published the approval in the CMS, and who asked for review (the approval commit's trailers). */
  approvedBy?: string;
  reviewRequestedBy?: string;
  /** The technical record: the commit, its author and its time (ISO 8601, UTC). */
  commit?: string;
  author?: string;
  committed?: string;
  /** Where this version can be read, when this build has a page for it. */
  href?: string;
  /** Documents this version replaces. */
  supersedes?: string[];
}

const RELEASED = new Set(['approved', 'obsolete']);

function summaryOf(kind: ApprovalKind, r: Pick<Revision, 'changeSummary' | 'version' | 'withdrawn' | 'message'>): string {
  if (kind === 'withdrawn') return `Withdrawn${r.withdrawn ? ` on ${formatDate(r.withdrawn)}` : ''}: no longer in force.`;
  if (kind === 'first-issue') return r.changeSummary ?? 'First issue.';
  return r.changeSummary ?? firstLine(r.message);
}

/** How long the change record keeps a document's own page for its versions (see versionHrefs). */
export interface ChangeRecordOptions {
  /** settings: history.past_versions. */
  pastVersions: number;
}

/**
 * Every approval event of the manual, newest approval first (then newest effective date): each approved
 * version of a document once, and each withdrawal. From Git history; without it, the current version of
 * each released document stands in, dated by its frontmatter.
 */
export function approvedChanges(history: ManualHistory, docs: readonly DocumentFrontmatter[], options: ChangeRecordOptions = { pastVersions: 0 }): ApprovedChange[] {
  if (!history.available) {
    return docs
      .filter((d) => d.approved && RELEASED.has(d.status))
      .map((d): ApprovedChange => {
        const kind: ApprovalKind = d.status === 'obsolete' ? 'withdrawn' : d.version === 1 ? 'first-issue' : 'new-version';
        return {
          id: d.id,
          title: d.title,
          version: d.version,
          kind,
          ...(kind === 'withdrawn' && d.withdrawn ? { date: d.withdrawn, dateIs: 'withdrawn' } : { date: d.approved!, dateIs: 'approved' }),
          effective: d.effective ?? null,
          summary: summaryOf(kind, { changeSummary: d.change_summary ?? null, version: d.version, withdrawn: d.withdrawn ?? null, message: '' }),
          ...(d.approver ? { approver: d.approver } : {}),
          href: `/docs/${d.id}/`,
          ...(d.supersedes.length > 0 ? { supersedes: d.supersedes } : {}),
        };
      })
      .sort(newestFirst);
  }
  const byId = new Map(docs.map((d) => [d.id, d]));
  const changes: ApprovedChange[] = [];
  for (const [id, revisions] of history.byId) {
    const doc = byId.get(id);
    const versions = approvedVersions(revisions);
    const hrefs = doc ? versionHrefs(versions, doc, options.pastVersions) : new Map<number, string | null>();
    const kindOf = new Map(approvalKinds(revisions).map((kind, i) => [revisions[i], kind]));
    for (const v of versions) {
      if (v.approval.status === 'approved') changes.push(versionChange(id, doc?.title ?? v.approval.title ?? id, v, kindOf.get(v.approval)!, hrefs.get(v.version) ?? undefined));
    }
    // Every withdrawal, even one a later approval undid.
    for (const [r, kind] of kindOf) {
      if (kind === 'withdrawn') changes.push(withdrawalChange(id, doc?.title ?? r.title ?? id, r, hrefs.get(r.version!) ?? undefined));
    }
  }
  return changes.sort(newestFirst);
}

/** A document that enters the manual at version 2 or later is a new version of it, not its first issue. */
export const eventKind = (kind: ApprovalKind, version: number | null): ApprovalKind => (kind === 'first-issue' && version !== null && version > 1 ? 'new-version' : kind);

function versionChange(id: string, title: string, v: ApprovedVersion, approvalKind: ApprovalKind, href: string | undefined): ApprovedChange {
  const r = v.approval;
  const kind = eventKind(approvalKind, v.version);
  return {
    id,
    title,
    version: v.version,
    kind,
    ...(r.approved ? { date: r.approved, dateIs: 'approved' } : { date: r.date.slice(0, 10), dateIs: 'committed' }),
    effective: r.effective,
    summary: summaryOf(kind, r),
    ...(r.approver ? { approver: r.approver } : {}),
    ...(v.approvedBy ? { approvedBy: v.approvedBy } : {}),
    ...(v.reviewRequestedBy ? { reviewRequestedBy: v.reviewRequestedBy } : {}),
    ...technicalRecord(r),
    ...(href ? { href } : {}),
    ...(r.supersedes.length > 0 ? { supersedes: r.supersedes } : {}),
  };
}

function withdrawalChange(id: string, title: string, r: Revision, href: string | undefined): ApprovedChange {
  const { approvedBy } = approvalPeople(r.message);
  return {
    id,
    title,
    version: r.version!,
    kind: 'withdrawn',
    ...(r.withdrawn ? { date: r.withdrawn, dateIs: 'withdrawn' } : { date: r.date.slice(0, 10), dateIs: 'committed' }),
    effective: null,
    summary: summaryOf('withdrawn', r),
    ...(r.approver ? { approver: r.approver } : {}),
    ...(approvedBy ? { approvedBy } : {}),
    ...technicalRecord(r),
    ...(href ? { href } : {}),
  };
}

const technicalRecord = (r: Revision) => ({ commit: r.commit, author: r.author, committed: r.date });

/** The newest approved revision older than `version`: what /verify/ names as the text in force during a draft. */
export function previousApprovedRevision(revisions: readonly Revision[], version: number): Revision | undefined {
  return revisions.find((r) => r.status === 'approved' && r.version !== null && r.version < version);
}

const newestFirst = (a: ApprovedChange, b: ApprovedChange) =>
  b.date.localeCompare(a.date) || (b.effective ?? '').localeCompare(a.effective ?? '') || compareIds(a.id, b.id);
const firstLine = (text: string) => text.split('\n')[0].trim();
