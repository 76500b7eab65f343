import type { ManualAnalysis } from '../analysis.ts';
import { formatDate } from '../base/dates.ts';
import type { ClauseIndex } from '../catalogue.ts';
import { COVERAGE_LABEL, requiredLeaves } from '../coverage.ts';
import type { DocumentFrontmatter } from '../schemas/document.ts';
import type { Settings } from '../schemas/settings.ts';
import { IN_FORCE, type EffectiveStatus } from '../status.ts';
import { clauseUrl, docUrl } from './urls.ts';

export interface AlertItem {
  id: string;
  href: string;
  label: string;
  /** Beside the link: whose review it is, by when, or the coverage state. */
  note: string;
}

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
  /** Required clauses not covered by a current document. */
  clauses: AlertItem[];
  recent: RecentApproval[];
  departments: string[];
  clauseOptions: { value: string; label: string }[];
}

const RECENT = 8;

export function homeView(docs: readonly DocumentFrontmatter[], analysis: ManualAnalysis, index: ClauseIndex, settings: Settings): HomeView {
  const status = (id: string) => analysis.statuses.get(id)!;
  const inState = (state: EffectiveStatus['state']) => docs.filter((d) => status(d.id).state === state);
  return {
    overdue: inState('overdue').map((d) => ({ id: d.id, href: docUrl(d.id), label: `${d.id} ${d.title}`, note: `(${d.owner})` })),
    dueSoon: inState('review-due-soon').map((d) => ({ id: d.id, href: docUrl(d.id), label: `${d.id} ${d.title}`, note: `by ${formatDate(status(d.id).reviewBy)}` })),
    dueSoonDays: settings.review.due_soon_days,
    clauses: requiredLeaves(analysis.coverage)
      .filter((c) => c.state === 'gap' || c.state === 'at-risk')
      .map((c) => ({ id: c.clause.ref, href: clauseUrl(c.clause.ref), label: `${c.clause.id} ${c.clause.title}`, note: `(${COVERAGE_LABEL[c.state]})` })),
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
    clauseOptions: (index.primary?.clauses.filter((c) => c.confirmed) ?? []).map((c) => ({ value: c.ref, label: `${c.id} ${c.title}` })),
  };
}

/** Every department named by a document, sorted: the filters of search and the register. */
export function departmentsOf(docs: readonly Pick<DocumentFrontmatter, 'departments'>[]): string[] {
  return [...new Set(docs.flatMap((d) => d.departments))].sort();
}
