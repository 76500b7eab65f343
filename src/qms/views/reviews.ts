import type { ManualAnalysis } from '../analysis.ts';
import { formatDate } from '../base/dates.ts';
import type { DocumentFrontmatter } from '../schemas/document.ts';
import { IN_FORCE, type EffectiveStatus } from '../status.ts';
import type { ReviewDate } from './feeds.ts';
import { docUrl } from './urls.ts';

export interface ReviewRow {
  id: string;
  href: string;
  label: string;
  status: EffectiveStatus;
  reviewBy: string;
  /** "12 days overdue", "due in 30 days". */
  days: string;
}

/** Reviews overdue or due soon, grouped by the owner who must do them, owners in alphabetical order. */
export interface ReviewsView {
  owners: { owner: string; anchor: string; rows: ReviewRow[] }[];
  overdue: number;
  dueSoon: number;
}

export function reviewsView(docs: readonly DocumentFrontmatter[], analysis: ManualAnalysis): ReviewsView {
  const byId = new Map(docs.map((d) => [d.id, d]));
  const owners = [...analysis.reviewsByOwner.keys()].sort().map((owner) => ({
    owner,
    anchor: `owner-${owner.replace(/\W+/g, '-')}`,
    rows: analysis.reviewsByOwner.get(owner)!.map(({ id, status }) => ({
      id,
      href: docUrl(id),
      label: `${id} ${byId.get(id)!.title}`,
      status,
      reviewBy: formatDate(status.reviewBy),
      days: status.daysToReview! < 0 ? `${-status.daysToReview!} days overdue` : `due in ${status.daysToReview} days`,
    })),
  }));
  const all = owners.flatMap((o) => o.rows);
  const overdue = all.filter((r) => r.status.state === 'overdue').length;
  return { owners, overdue, dueSoon: all.length - overdue };
}

/** The review date of every document in force, for the calendar feed. */
export function reviewDates(docs: readonly DocumentFrontmatter[], statuses: ReadonlyMap<string, EffectiveStatus>): ReviewDate[] {
  return docs
    .map((doc) => ({ doc, status: statuses.get(doc.id)! }))
    .filter(({ status }) => IN_FORCE.has(status.state) && status.reviewBy)
    .map(({ doc, status }) => ({ id: doc.id, title: doc.title, owner: doc.owner ?? 'No owner named', reviewBy: status.reviewBy!, version: doc.version }));
}
