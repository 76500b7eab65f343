import type { ManualHistory, Revision } from '../history/index.ts';
import type { DocumentFrontmatter } from '../schemas/document.ts';

/** One approved change to the manual: a version of a document coming into the record. */
export interface ApprovedChange {
  id: string;
  title: string;
  version: number;
  /** ISO date-time of the commit, or the frontmatter approval date when there is no history. */
  date: string;
  summary: string;
  author?: string;
  commit?: string;
}

/**
 * Approved changes, newest first. From git history: every commit that records a new approved version
 * (added approved, or approved with a new version number). Without history, the current approved
 * version of each document stands in, dated by its frontmatter.
 */
export function approvedChanges(history: ManualHistory, docs: readonly DocumentFrontmatter[]): ApprovedChange[] {
  const byId = new Map(docs.map((d) => [d.id, d]));
  if (!history.available) {
    return docs
      .filter((d) => d.approved && (d.status === 'approved' || d.status === 'obsolete'))
      .map((d) => ({ id: d.id, title: d.title, version: d.version, date: `${d.approved}T00:00:00Z`, summary: d.change_summary ?? (d.version === 1 ? 'First issue.' : '') }))
      .sort(newestFirst);
  }
  const changes: ApprovedChange[] = [];
  for (const [id, revisions] of history.byId) {
    const doc = byId.get(id);
    for (const r of revisions) {
      if (!isApprovedVersion(r)) continue;
      changes.push({
        id,
        title: doc?.title ?? id,
        version: r.version!,
        date: r.date,
        summary: r.changeSummary ?? (r.version === 1 ? 'First issue.' : firstLine(r.message)),
        author: r.author,
        commit: r.commit,
      });
    }
  }
  return changes.sort(newestFirst);
}

/** A revision that records an approved version: a new document, or a bumped version, in status approved. */
export function isApprovedVersion(r: Revision): boolean {
  return r.status === 'approved' && r.version !== null && (r.change === 'added' || r.versionBumped);
}

/** The newest approved revision older than `version`: what the current version is compared with. */
export function previousApprovedRevision(revisions: readonly Revision[], version: number): Revision | undefined {
  return revisions.find((r) => r.status === 'approved' && r.version !== null && r.version < version);
}

const newestFirst = (a: ApprovedChange, b: ApprovedChange) => b.date.localeCompare(a.date) || a.id.localeCompare(b.id, 'en', { numeric: true });
const firstLine = (text: string) => text.split('\n')[0].trim();
