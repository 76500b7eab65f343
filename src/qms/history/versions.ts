import { versionUrl, type DocumentVersions, type VersionRecord } from '../versions.ts';
import { approvalKinds, approvalPeople } from './approvals.ts';
import type { ManualHistory, Revision } from './types.ts';
import { compareIds } from '../base/ids.ts';

/*
 * A document's approved versions, read from its revisions (one pass over Git, see extract.ts): each
 * version once, with the commit that approved it. The approval record (version, approved, approver,
 * effective, change summary) is that commit's frontmatter; the commit itself is the technical record.
 */

/** One approved version and the revisions that record it. */
export interface ApprovedVersion {
  version: number;
  /** The revision that first approved this version: its frontmatter is the approval record, its blob the text as approved. */
  approval: Revision;
  /** The revision that withdrew the document while this was its latest approved version. */
  withdrawal?: Revision;
  /**
   * The review date this version last carried while it was the latest approved one: a review that confirms
   * a version unchanged commits a new review_by without a new version.
   */
  reviewBy: string | null;
  /** Who the approval commit's trailers name (written by the CMS). */
  reviewRequestedBy?: string;
  approvedBy?: string;
}

/**
 * The approved versions of one document, oldest first, from its revisions newest first. A version approved
 * again (after a draft that changed nothing, or after a withdrawal) stays the one version; a withdrawal ends
 * the latest approved version. A document first recorded as already withdrawn was approved before the
 * recorded history: its withdrawn revision stands for that version, approval record and text.
 */
export function approvedVersions(revisions: readonly Revision[]): ApprovedVersion[] {
  const kinds = approvalKinds(revisions);
  const versions: ApprovedVersion[] = [];
  for (let i = revisions.length - 1; i >= 0; i--) {
    const kind = kinds[i];
    const r = revisions[i];
    const latest = versions.at(-1);
    if (latest && r.version === latest.version && r.status === 'approved') latest.reviewBy = r.reviewBy;
    if (!kind || r.version === null) continue;
    if (kind === 'withdrawn') {
      if (latest) latest.withdrawal = r;
      else versions.push({ version: r.version, approval: r, withdrawal: r, reviewBy: r.reviewBy, ...approvalPeople(r.message) });
      continue;
    }
    const known = versions.find((v) => v.version === r.version);
    if (known) {
      // Approved again: a withdrawal of it is undone.
      if (known === latest) delete known.withdrawal;
      continue;
    }
    versions.push({ version: r.version, approval: r, reviewBy: r.reviewBy, ...approvalPeople(r.message) });
  }
  return versions;
}

/** What the current page of a document shows: its frontmatter's version and status. */
export interface CurrentDocument {
  id: string;
  version: number;
  status: string;
}

/** The current page shows an approved version's text when the file is that version, approved or withdrawn. */
export const currentPageShows = (current: CurrentDocument, version: number) =>
  current.version === version && (current.status === 'approved' || current.status === 'obsolete');

/**
 * Which approved versions get a page of their own (/docs/<ID>/v<N>/): every one the current page does not
 * show, newest first, up to `limit` (settings: history.past_versions). Older ones stay in the revision
 * history and the date lookup, read from Git.
 */
export function versionsWithPages(versions: readonly ApprovedVersion[], current: CurrentDocument, limit: number): ApprovedVersion[] {
  const past = versions.filter((v) => !currentPageShows(current, v.version));
  return limit > 0 ? past.slice(-limit) : [];
}

/** Where each approved version can be read in this build: the current page, its own page, or nowhere. */
export function versionHrefs(versions: readonly ApprovedVersion[], current: CurrentDocument, limit: number): Map<number, string | null> {
  const paged = new Set(versionsWithPages(versions, current, limit).map((v) => v.version));
  return new Map(versions.map((v) => [v.version, currentPageShows(current, v.version) ? `/docs/${current.id}/` : paged.has(v.version) ? versionUrl(current.id, v.version) : null]));
}

/** The record the date lookup and the CSV read, for one approved version. */
function versionRecord(v: ApprovedVersion, href: string | null): VersionRecord {
  const a = v.approval;
  return {
    version: v.version,
    approved: a.approved,
    approver: a.approver,
    effective: a.effective,
    changeSummary: a.changeSummary,
    supersedes: a.supersedes,
    // The schema requires the withdrawal date; a withdrawal recorded without one ended no later than its commit.
    withdrawn: v.withdrawal ? (v.withdrawal.withdrawn ?? v.withdrawal.date.slice(0, 10)) : null,
    href,
    commit: a.commit,
    file: a.file,
  };
}

/** A current document as the date lookup needs it: what its page shows, and the fields that stand in without history. */
export interface ManualDocument extends CurrentDocument {
  title: string;
  approved?: string;
  approver?: string;
  effective?: string;
  withdrawn?: string;
  change_summary?: string;
  supersedes: string[];
}

/**
 * Every current document with its approved versions, in ID order, for the date lookup, from the one-pass history. Without
 * history, a document's current approved (or withdrawn) version stands alone, as its frontmatter says.
 */
export function manualVersions(history: ManualHistory, docs: readonly ManualDocument[], limit: number): DocumentVersions[] {
  const byId = [...docs].sort((a, b) => compareIds(a.id, b.id));
  return byId.map((doc) => {
    if (!history.available) {
      const released = doc.status === 'approved' || doc.status === 'obsolete';
      const record: VersionRecord = {
        version: doc.version,
        approved: doc.approved ?? null,
        approver: doc.approver ?? null,
        effective: doc.effective ?? null,
        changeSummary: doc.change_summary ?? null,
        supersedes: doc.supersedes,
        withdrawn: doc.status === 'obsolete' ? (doc.withdrawn ?? null) : null,
        href: `/docs/${doc.id}/`,
      };
      return { id: doc.id, title: doc.title, versions: released ? [record] : [] };
    }
    const versions = approvedVersions(history.byId.get(doc.id) ?? []);
    const hrefs = versionHrefs(versions, doc, limit);
    return { id: doc.id, title: doc.title, versions: versions.map((v) => versionRecord(v, hrefs.get(v.version) ?? null)) };
  });
}
