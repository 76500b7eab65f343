import type { ManualAnalysis } from '../analysis.ts';
import { formatDate } from '../base/dates.ts';
import { clauseLabel, readingOrder, type ClauseIndex } from '../catalogue.ts';
import { COVERAGE_LABEL, requiredLeaves } from '../coverage.ts';
import type { DocumentFrontmatter } from '../schemas/document.ts';
import type { Settings } from '../schemas/settings.ts';
import { IN_FORCE, type EffectiveStatus } from '../status.ts';
import { reviewAlerts, type AlertItem, type AlertSource } from './review-alerts.ts';
import { clauseUrl, docUrl } from './urls.ts';

export interface RecentApproval {
  id: string;
  title: string;
  href: string;
  status: EffectiveStatus;
  /** "Version 4, approved 20 Nov 2026: what changed". */
  note: string;
}

/** The home page: alerts for overdue and due reviews and uncovered clauses, recent approvals, the search filters. */
export interface HomeView {
  overdue: AlertItem[];
  dueSoon: AlertItem[];
  dueSoonDays: number;
  /** The documents in force or about to be: only these can fall due for review after the build. */
  mayFallDue: AlertSource[];
  /** Required clauses not covered by a current document: gaps first, then those at risk, each in clause order. */
  clauses: AlertItem[];
  recent: RecentApproval[];
  departments: string[];
  clauseOptions: { value: string; label: string }[];
}

const RECENT = 8;

export function homeView(docs: readonly DocumentFrontmatter[], analysis: ManualAnalysis, index: ClauseIndex, settings: Settings): HomeView {
  const status = (id: string) => analysis.statuses.get(id)!;
  return {
    ...reviewAlerts(docs, status),
    dueSoonDays: settings.review.due_soon_days,
    mayFallDue: docs
      .filter((d) => IN_FORCE.has(status(d.id).state) || status(d.id).state === 'not-yet-effective')
      .map((d) => ({ id: d.id, title: d.title, ...(d.owner ? { owner: d.owner } : {}) })),
    // The same clauses as the checker's clause-gap and clause-at-risk rules and the summary on /clauses/.
    clauses: requiredLeaves(analysis.coverage)
      .filter((c) => c.state === 'gap' || c.state === 'at-risk')
      .sort((a, b) => Number(a.state !== 'gap') - Number(b.state !== 'gap') || readingOrder(a.clause, b.clause))
      .map((c) => ({ id: c.clause.ref, href: clauseUrl(c.clause.ref), label: `${c.clause.id} ${clauseLabel(c.clause)}`, note: `(${COVERAGE_LABEL[c.state]})` })),
    // Approved versions in force or about to be, newest approval first.
    recent: docs
      .filter((d) => d.approved && (IN_FORCE.has(status(d.id).state) || status(d.id).state === 'not-yet-effective'))
      .sort((a, b) => (b.approved ?? '').localeCompare(a.approved ?? '') || a.id.localeCompare(b.id))
      .slice(0, RECENT)
      .map((d) => ({
        id: d.id,
        title: d.title,
        href: docUrl(d.id),
        status: status(d.id),
        note: `Version ${d.version}, approved ${formatDate(d.approved)}${d.change_summary ? `: ${d.change_summary}` : ''}`,
      })),
    departments: departmentsOf(docs),
    // Every clause, in clause order: provisional ones too (8.12 holds the hand-hygiene documents), by topic.
    clauseOptions: (index.primary?.clauses ?? []).map((c) => ({ value: c.ref, label: `${c.id} ${clauseLabel(c)}` })),
  };
}

/** Every department named by a document, sorted: the filters of search and the register. */
export function departmentsOf(docs: readonly Pick<DocumentFrontmatter, 'departments'>[]): string[] {
  return [...new Set(docs.flatMap((d) => d.departments))].sort();
}
