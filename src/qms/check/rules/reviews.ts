import type { ControlledDocument } from '../../load/document.ts';
import type { EffectiveStatus } from '../../status.ts';
import type { Check, ManualInput } from './rule.ts';

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

/** Each document with its status at the as-of date, for the rules that read both. */
function withStatus({ manual, analysis }: ManualInput): { doc: ControlledDocument; status: EffectiveStatus }[] {
  return manual.documents.map((doc) => ({ doc, status: analysis.statuses.get(doc.data.id)! }));
}

/** The line a review finding points at: the review date, or the effective date it is counted from. */
const reviewField = (doc: ControlledDocument) => (doc.data.review_by ? 'review_by' : 'effective');
const at = (doc: ControlledDocument, field: string) => ({ file: doc.file, line: doc.source.positions.lineOf([field]), field, documentId: doc.data.id });

export const supersededStillApproved: Check<ManualInput> = (input, found) =>
  withStatus(input)
    .filter(({ doc, status }) => status.state === 'superseded' && doc.data.status === 'approved')
    .map(({ doc, status }) => found(at(doc, 'status'), `${doc.data.id} is superseded by ${status.supersededBy.join(', ')} but is still marked approved`));

export const reviewOverdue: Check<ManualInput> = (input, found) =>
  withStatus(input)
    .filter(({ status }) => status.state === 'overdue')
    .map(({ doc, status }) => found(at(doc, reviewField(doc)), `review was due on ${status.reviewBy} (${days(-status.daysToReview!)} ago); owner: ${doc.data.owner}`));

export const reviewDueSoon: Check<ManualInput> = (input, found) =>
  withStatus(input)
    .filter(({ status }) => status.state === 'review-due-soon')
    .map(({ doc, status }) =>
      found(at(doc, reviewField(doc)), `review is due on ${status.reviewBy}, ${status.daysToReview === 0 ? 'today' : `in ${days(status.daysToReview!)}`}; owner: ${doc.data.owner}`),
    );

/** A version approved after the as-of date is not approved yet: it would show as in force before its approval. */
export const approvedInFuture: Check<ManualInput> = ({ manual, analysis }, found) =>
  manual.documents
    .filter((doc) => doc.data.approved !== undefined && doc.data.approved > analysis.asOf)
    .map((doc) => found(at(doc, 'approved'), `${doc.data.id} says it was approved on ${doc.data.approved}, after today (${analysis.asOf})`));
