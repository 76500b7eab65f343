import type { Revision } from './types.ts';

/** What an approval did to a document: every one is an event of the change record. */
export type ApprovalKind = 'first-issue' | 'new-version' | 'approved-again' | 'withdrawn';

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

/** Who the CMS recorded in a commit's trailers: who asked for review and who published the approval. */
export function approvalPeople(message: string): { reviewRequestedBy?: string; approvedBy?: string } {
  const trailers = commitTrailers(message);
  const reviewRequestedBy = personOf(trailers.get('Review-requested-by')?.[0]);
  const approvedBy = personOf(trailers.get('Approved-by')?.[0]);
  return { ...(reviewRequestedBy ? { reviewRequestedBy } : {}), ...(approvedBy ? { approvedBy } : {}) };
}
