import { formatDate } from '../base/dates.ts';
import type { ManualHistory, Revision } from '../history/index.ts';
import type { DocumentFrontmatter } from '../schemas/document.ts';

/** What an approval did to a document: every one is an event of the change record. */
export type ApprovalKind = 'first-issue' | 'new-version' | 'approved-again' | 'withdrawn';

export const APPROVAL_LABEL: Record<ApprovalKind, string> = {
  'first-issue': 'First issue',
  'new-version': 'New version',
  'approved-again': 'Approved again',
  withdrawn: 'Withdrawn',
};

/** One approval event of the manual: a document issued, revised or withdrawn. */
export interface ApprovedChange {
  id: string;
  title: string;
  version: number;
  kind: ApprovalKind;
  /** ISO date-time of the commit, or the frontmatter approval date when there is no history. */
  date: string;
  summary: string;
  /** The Git author of the commit that recorded it. */
  author?: string;
  commit?: string;
  /** Who published the approval in the CMS (the commit's `Approved-by:` trailer). */
  approvedBy?: string;
  /** The approver the version's frontmatter names (a role or a person). */
  approver?: string;
  /** Documents this version replaces, when it is the version in force now. */
  supersedes?: string[];
}

const RELEASED = new Set(['approved', 'obsolete']);

/**
 * The approval event each revision records, for revisions newest first (as history gives them):
 * a document committed as approved or leaving a draft is issued; an approved document whose version
 * changes is revised, however the version was raised; a document that becomes obsolete is withdrawn.
 * A change to an approved document's details that keeps its version (a new review date) is not one.
 */
export function approvalKinds(revisions: readonly Revision[]): (ApprovalKind | undefined)[] {
  return revisions.map((r, i) => {
    if (r.change === 'deleted' || r.version === null) return undefined;
    const previous = revisions[i + 1];
    if (r.status === 'obsolete') return previous?.status === 'obsolete' ? undefined : 'withdrawn';
    if (r.status !== 'approved') return undefined;
    if (previous?.status === 'approved' && previous.change !== 'deleted') return previous.version !== r.version ? 'new-version' : undefined;
    const lastReleased = revisions.slice(i + 1).find((o) => o.status !== null && RELEASED.has(o.status) && o.change !== 'deleted');
    if (!lastReleased) return 'first-issue';
    return lastReleased.version !== r.version ? 'new-version' : 'approved-again';
  });
}

/** A revision that records an approval event (see approvalKinds); `revisions` newest first. */
export function isApprovalEvent(revisions: readonly Revision[], index: number): boolean {
  return approvalKinds(revisions)[index] !== undefined;
}

/** `Key: value` lines in the last paragraph of a commit message (Git trailers), by key. */
export function commitTrailers(message: string): Map<string, string[]> {
  const paragraphs = message.trim().split(/\n\s*\n/);
  const trailers = new Map<string, string[]>();
  if (paragraphs.length < 2) return trailers;
  for (const line of paragraphs.at(-1)!.split('\n')) {
    const m = /^([A-Za-z][A-Za-z-]*):\s+(.+)$/.exec(line.trim());
    if (m) trailers.set(m[1], [...(trailers.get(m[1]) ?? []), m[2]]);
  }
  return trailers;
}

/** A person as a trailer names them (`Ana Silva <ana@hospital.example>`), without the address. */
export const personOf = (trailer: string | undefined) => trailer?.replace(/\s*<[^>]*>\s*$/, '');

function summaryOf(kind: ApprovalKind, r: Pick<Revision, 'changeSummary' | 'version' | 'withdrawn' | 'message'>): string {
  if (kind === 'withdrawn') return `Withdrawn${r.withdrawn ? ` on ${formatDate(r.withdrawn)}` : ''}: no longer in force.`;
  if (kind === 'approved-again') return r.changeSummary ? `Approved again: ${r.changeSummary}` : 'Approved again with the same version.';
  if (kind === 'first-issue') return r.changeSummary ?? 'First issue.';
  return r.changeSummary ?? firstLine(r.message);
}

/**
 * Every approval event of the manual, newest first. From Git history: each commit on the published
 * branch that issued, revised or withdrew a document. Without history, the current version of each
 * released document stands in, dated by its frontmatter.
 */
export function approvedChanges(history: ManualHistory, docs: readonly DocumentFrontmatter[]): ApprovedChange[] {
  const byId = new Map(docs.map((d) => [d.id, d]));
  if (!history.available) {
    return docs
      .filter((d) => d.approved && RELEASED.has(d.status))
      .map((d) => {
        const kind: ApprovalKind = d.status === 'obsolete' ? 'withdrawn' : d.version === 1 ? 'first-issue' : 'new-version';
        const date = kind === 'withdrawn' && d.withdrawn ? d.withdrawn : d.approved!;
        return {
          id: d.id,
          title: d.title,
          version: d.version,
          kind,
          date: `${date}T00:00:00Z`,
          summary: summaryOf(kind, { changeSummary: d.change_summary ?? null, version: d.version, withdrawn: d.withdrawn ?? null, message: '' }),
          ...(d.approver ? { approver: d.approver } : {}),
          ...(d.supersedes.length > 0 ? { supersedes: d.supersedes } : {}),
        };
      })
      .sort(newestFirst);
  }
  const changes: ApprovedChange[] = [];
  for (const [id, revisions] of history.byId) {
    const doc = byId.get(id);
    approvalKinds(revisions).forEach((kind, i) => {
      if (!kind) return;
      const r = revisions[i];
      const approvedBy = personOf(commitTrailers(r.message).get('Approved-by')?.[0]);
      const current = doc && doc.version === r.version && doc.status === r.status;
      changes.push({
        id,
        title: doc?.title ?? id,
        version: r.version!,
        kind,
        date: r.date,
        summary: summaryOf(kind, r),
        author: r.author,
        commit: r.commit,
        ...(approvedBy ? { approvedBy } : {}),
        ...(r.approver ? { approver: r.approver } : {}),
        ...(current && doc.supersedes.length > 0 ? { supersedes: doc.supersedes } : {}),
      });
    });
  }
  return changes.sort(newestFirst);
}

/** The newest approved revision older than `version`: what the current version is compared with. */
export function previousApprovedRevision(revisions: readonly Revision[], version: number): Revision | undefined {
  return revisions.find((r) => r.status === 'approved' && r.version !== null && r.version < version);
}

const newestFirst = (a: ApprovedChange, b: ApprovedChange) => b.date.localeCompare(a.date) || a.id.localeCompare(b.id, 'en', { numeric: true });
const firstLine = (text: string) => text.split('\n')[0].trim();
