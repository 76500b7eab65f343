import type { ClauseIndex } from './catalogue.ts';
import { clauseCoverage, coverageSummary, type ClauseCoverage, type CoverageState } from './coverage.ts';
import { documentedInformation, type DocumentedInformationState } from './documented-information.ts';
import type { IsoDate } from './base/dates.ts';
import type { DocumentFrontmatter } from './schemas/document.ts';
import type { Settings } from './schemas/settings.ts';
import { effectiveStatuses, type EffectiveStatus } from './status.ts';

/** Everything the site and the checks derive from the documents at one as-of date. */
export interface ManualAnalysis {
  asOf: IsoDate;
  statuses: Map<string, EffectiveStatus>;
  coverage: Map<string, ClauseCoverage>;
  summary: Record<CoverageState, number>;
  /** Overdue and due-soon documents grouped by owner, soonest first. */
  reviewsByOwner: Map<string, { id: string; status: EffectiveStatus }[]>;
  /** Each documented-information item of the catalogues, and whether a document provides it (rule and clause pages). */
  documentedInformation: readonly DocumentedInformationState[];
}

export function analyseManual(docs: readonly DocumentFrontmatter[], index: ClauseIndex, settings: Settings, asOf: IsoDate): ManualAnalysis {
  const statuses = effectiveStatuses(docs, { asOf, review: settings.review });
  const coverage = clauseCoverage(index, docs, statuses, settings.exclusions);
  const reviewsByOwner = new Map<string, { id: string; status: EffectiveStatus }[]>();
  const due = docs
    .map((doc) => ({ doc, status: statuses.get(doc.id)! }))
    .filter(({ status }) => status.state === 'overdue' || status.state === 'review-due-soon')
    .sort((a, b) => (a.status.daysToReview ?? 0) - (b.status.daysToReview ?? 0) || a.doc.id.localeCompare(b.doc.id));
  for (const { doc, status } of due) {
    const owner = doc.owner ?? 'No owner named';
    reviewsByOwner.set(owner, [...(reviewsByOwner.get(owner) ?? []), { id: doc.id, status }]);
  }
  return { asOf, statuses, coverage, summary: coverageSummary(coverage), reviewsByOwner, documentedInformation: documentedInformation(index, docs, statuses) };
}
