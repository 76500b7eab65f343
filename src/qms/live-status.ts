import { daysBetween, type IsoDate } from './base/dates.ts';
import type { DocumentFrontmatter } from './schemas/document.ts';
import type { Settings } from './schemas/settings.ts';
import { effectiveStatus, IN_FORCE, type EffectiveStatus, type StatusInput, type StatusOptions } from './status.ts';

/*
 * A page built on Monday and served for a month must not say "Current" after the review date has passed.
 * So every page carries what the statuses it shows depend on, and the reader's browser works them out
 * again for the reader's own date, with the same function the build uses (src/site/live-status.ts).
 */

/** What one document's status depends on: its own fields, and the documents that name it in `supersedes`. */
export interface StatusFacts extends StatusInput {
  /** Shown in the banner of an obsolete document. */
  withdrawn?: IsoDate;
  /** The documents that replace this one once one of them is in force, in the manual's order. */
  replacements?: StatusInput[];
}

/** What a page carries once for all the statuses on it: the build's date and the settings the status reads. */
export interface LiveSettings {
  /** The date the copy's statuses were worked out for (the build's as-of date). */
  asOf: IsoDate;
  review: Settings['review'];
  /** A copy older than this tells its readers it may be out of date (settings: build.stale_after_days). */
  staleAfterDays: number;
}

type FactsSource = StatusInput & Partial<Pick<DocumentFrontmatter, 'withdrawn'>> & Pick<DocumentFrontmatter, 'supersedes'>;

/** Only the fields the status reads: pages carry these for every badge, so nothing more. */
function statusInput({ id, type, status, effective, review_by }: StatusInput): StatusInput {
  return { id, type, status, ...(effective ? { effective } : {}), ...(review_by ? { review_by } : {}) };
}

/** The facts of every document of a manual, by ID, in one pass over its `supersedes` lists. */
export function statusFacts(docs: readonly FactsSource[]): Map<string, StatusFacts> {
  const replacements = new Map<string, StatusInput[]>();
  for (const doc of docs) {
    for (const old of doc.supersedes) {
      // As in effectiveStatuses: a document never replaces itself.
      if (old !== doc.id) replacements.set(old, [...(replacements.get(old) ?? []), statusInput(doc)]);
    }
  }
  return new Map(
    docs.map((doc) => {
      const replacedBy = replacements.get(doc.id);
      return [doc.id, { ...statusInput(doc), ...(doc.withdrawn ? { withdrawn: doc.withdrawn } : {}), ...(replacedBy ? { replacements: replacedBy } : {}) }];
    }),
  );
}

/**
 * A document's status on another date, from its facts alone: the same answer as `effectiveStatuses` over
 * the whole manual, since a document is superseded exactly when a replacement that names it is in force.
 */
export function statusOnDate(facts: StatusFacts, options: StatusOptions): EffectiveStatus {
  const supersededBy = (facts.replacements ?? []).filter((r) => IN_FORCE.has(effectiveStatus(r, options).state)).map((r) => r.id);
  return effectiveStatus(facts, options, supersededBy);
}

/** True when the copy was built more days before `today` than the settings allow. */
export function isStaleBuild(settings: Pick<LiveSettings, 'asOf' | 'staleAfterDays'>, today: IsoDate): boolean {
  return daysBetween(settings.asOf, today) > settings.staleAfterDays;
}
