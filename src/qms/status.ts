import { addMonths, daysBetween, type IsoDate } from './base/dates.ts';
import type { DocumentFrontmatter } from './schemas/document.ts';
import type { Settings } from './schemas/settings.ts';

/** Effective status is derived from the frontmatter and an as-of date, never typed by hand. */
export const EFFECTIVE_STATES = [
  'current',
  'review-due-soon',
  'overdue',
  'not-yet-effective',
  'in-review',
  'draft',
  'superseded',
  'obsolete',
] as const;
export type EffectiveState = (typeof EFFECTIVE_STATES)[number];

export const STATE_LABEL: Record<EffectiveState, string> = {
  current: 'Current',
  'review-due-soon': 'Current, review due soon',
  overdue: 'Overdue for review',
  'not-yet-effective': 'Approved, not yet effective',
  'in-review': 'In review, not approved',
  draft: 'Draft, not approved',
  superseded: 'Superseded',
  obsolete: 'Obsolete',
};

/** A symbol beside each state's colour, so the state never depends on colour vision (WCAG 1.4.1). */
export const STATE_SYMBOL: Record<EffectiveState, string> = {
  current: '✓',
  'review-due-soon': '◷',
  overdue: '!',
  'not-yet-effective': '→',
  'in-review': '✎',
  draft: '✎',
  superseded: '✕',
  obsolete: '✕',
};

/** What a reader must be told about each state, in one line. */
export const STATE_ADVICE: Record<EffectiveState, string> = {
  current: 'This is the approved version in force.',
  'review-due-soon': 'This is the approved version in force. Its periodic review is due soon.',
  overdue: 'This is the approved version in force, but its review date has passed. Check with the owner before relying on it.',
  'not-yet-effective': 'Approved, but not in force yet. Keep following the current version until the effective date.',
  'in-review': 'Not approved. Do not use it for patient care or operations.',
  draft: 'Not approved. Do not use it for patient care or operations.',
  superseded: 'No longer in force: it has been replaced. Kept for the audit trail only.',
  obsolete: 'No longer in force: it was withdrawn. Kept for the audit trail only.',
};

/** The states in which a document is the version in force (staff may follow it). */
export const IN_FORCE: ReadonlySet<EffectiveState> = new Set(['current', 'review-due-soon', 'overdue']);
/** The states in which a document counts towards clause coverage: in force and reviewed on time. */
export const COVERS_CLAUSES: ReadonlySet<EffectiveState> = new Set(['current', 'review-due-soon']);

export interface EffectiveStatus {
  state: EffectiveState;
  label: string;
  /** Review date that applies: the document's own, or effective date + the interval for its type. */
  reviewBy: IsoDate | null;
  /** Days from the as-of date to the review date; negative when overdue. */
  daysToReview: number | null;
  /** In-force documents that replace this one. */
  supersededBy: string[];
}

export interface StatusOptions {
  asOf: IsoDate;
  review: Settings['review'];
}

/** What one document's status depends on, apart from the documents that replace it. */
export type StatusInput = Pick<DocumentFrontmatter, 'id' | 'type' | 'status' | 'effective' | 'review_by'>;

/** The date a document's review falls due, or null when it has none (a draft without an effective date). */
export function reviewDue(doc: StatusInput, review: Settings['review']): IsoDate | null {
  if (doc.review_by) return doc.review_by;
  const months = review.interval_months[doc.type];
  return doc.effective && months ? addMonths(doc.effective, months) : null;
}

/**
 * Derives one document's effective status.
 * `supersededBy` lists the in-force documents whose `supersedes` names this one (see `effectiveStatuses`).
 */
export function effectiveStatus(doc: StatusInput, options: StatusOptions, supersededBy: string[] = []): EffectiveStatus {
  const reviewBy = reviewDue(doc, options.review);
  const daysToReview = reviewBy ? daysBetween(options.asOf, reviewBy) : null;
  const result = (state: EffectiveState): EffectiveStatus => ({ state, label: STATE_LABEL[state], reviewBy, daysToReview, supersededBy });

  if (doc.status === 'draft') return result('draft');
  if (doc.status === 'in-review') return result('in-review');
  if (supersededBy.length > 0) return result('superseded');
  if (doc.status === 'obsolete') return result('obsolete');
  if (!doc.effective || doc.effective > options.asOf) return result('not-yet-effective');
  if (daysToReview !== null && daysToReview < 0) return result('overdue');
  if (daysToReview !== null && daysToReview <= options.review.due_soon_days) return result('review-due-soon');
  return result('current');
}

/**
 * Derives the status of every document at once, since supersession depends on the others:
 * a document is superseded only once a replacement that names it is itself in force.
 */
export function effectiveStatuses(docs: readonly StatusInputWithLinks[], options: StatusOptions): Map<string, EffectiveStatus> {
  const alone = new Map(docs.map((doc) => [doc.id, effectiveStatus(doc, options)]));
  const supersededBy = new Map<string, string[]>();
  for (const doc of docs) {
    if (!IN_FORCE.has(alone.get(doc.id)!.state)) continue;
    for (const old of doc.supersedes) {
      if (old === doc.id) continue;
      supersededBy.set(old, [...(supersededBy.get(old) ?? []), doc.id]);
    }
  }
  return new Map(docs.map((doc) => [doc.id, effectiveStatus(doc, options, supersededBy.get(doc.id) ?? [])]));
}

type StatusInputWithLinks = StatusInput & Pick<DocumentFrontmatter, 'supersedes'>;
