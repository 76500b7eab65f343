import type { Clause, ClauseIndex } from './catalogue.ts';
import type { DocumentFrontmatter } from './schemas/document.ts';
import type { Settings } from './schemas/settings.ts';
import { COVERS_CLAUSES, type EffectiveStatus } from './status.ts';

/** Per-clause coverage, derived from every document's clause mapping and effective status. */
export const COVERAGE_STATES = ['covered', 'at-risk', 'gap', 'excluded'] as const;
export type CoverageState = (typeof COVERAGE_STATES)[number];

export const COVERAGE_LABEL: Record<CoverageState, string> = {
  covered: 'Covered',
  'at-risk': 'At risk',
  gap: 'Gap',
  excluded: 'Excluded',
};

export interface ClauseCoverage {
  clause: Clause;
  state: CoverageState;
  /** Confirmed clauses must be covered or excluded; provisional ones are shown but not required. */
  required: boolean;
  /** Documents mapped to this clause itself, covering ones first. */
  documents: { id: string; covers: boolean }[];
  /** Set when the clause (or an ancestor) is excluded in the settings; '' when no justification was given. */
  justification?: string;
}

const SEVERITY: Record<CoverageState, number> = { excluded: 0, covered: 1, 'at-risk': 2, gap: 3 };

type CoverageDoc = Pick<DocumentFrontmatter, 'id' | 'clauses'>;

/**
 * A leaf clause is covered when a current approved document maps to it, at risk when only drafts,
 * overdue, superseded or obsolete ones do, and a gap when none does. A clause with confirmed
 * subclauses takes the worst state of those subclauses; its own mapped documents are still listed.
 */
export function clauseCoverage(
  index: ClauseIndex,
  docs: readonly CoverageDoc[],
  statuses: ReadonlyMap<string, EffectiveStatus>,
  exclusions: Settings['exclusions'],
): Map<string, ClauseCoverage> {
  const mapped = new Map<Clause, { id: string; covers: boolean }[]>();
  for (const doc of docs) {
    const state = statuses.get(doc.id)?.state;
    const covers = state !== undefined && COVERS_CLAUSES.has(state);
    // "8.4" and "iso-7101-2023:8.4" are one clause: list the document once.
    for (const clause of new Set(doc.clauses.map((ref) => index.get(ref)))) {
      if (!clause) continue;
      mapped.set(clause, [...(mapped.get(clause) ?? []), { id: doc.id, covers }]);
    }
  }
  const excluded = new Map<Clause, string>();
  for (const exclusion of exclusions) {
    const clause = index.get(exclusion.clause);
    if (clause) excluded.set(clause, exclusion.justification);
  }

  const result = new Map<string, ClauseCoverage>();
  for (const catalogue of index.catalogues) {
    const visit = (clause: Clause, inheritedJustification?: string): ClauseCoverage => {
      const justification = excluded.get(clause) ?? inheritedJustification;
      const documents = [...(mapped.get(clause) ?? [])].sort((a, b) => Number(b.covers) - Number(a.covers) || a.id.localeCompare(b.id));
      const children = clause.children.map((id) => visit(catalogue.byId.get(id)!, justification));
      const requiredChildren = children.filter((c) => c.required);
      let state: CoverageState;
      if (justification !== undefined) state = 'excluded';
      else if (requiredChildren.length > 0) state = requiredChildren.reduce<CoverageState>((worst, c) => (SEVERITY[c.state] > SEVERITY[worst] ? c.state : worst), 'excluded');
      else if (documents.some((d) => d.covers)) state = 'covered';
      else state = documents.length > 0 ? 'at-risk' : 'gap';
      const coverage: ClauseCoverage = { clause, state, required: clause.confirmed, documents, ...(justification !== undefined ? { justification } : {}) };
      result.set(clause.ref, coverage);
      return coverage;
    };
    for (const clause of catalogue.clauses) if (clause.parent === null) visit(clause);
  }
  return result;
}

/**
 * Provisional clauses (title unconfirmed) are not required, so their states are told in neutral words
 * and counted apart: a red "Gap" is a finding against a requirement, and these cannot yet be one.
 */
export const PROVISIONAL_LABEL: Record<CoverageState, string> = {
  covered: 'covered',
  'at-risk': 'at risk',
  gap: 'no document',
  excluded: 'excluded',
};

/** Counts of required leaf clauses by state: what an auditor asks first. */
export function coverageSummary(coverage: ReadonlyMap<string, ClauseCoverage>): Record<CoverageState, number> {
  return countStates(requiredLeaves(coverage));
}

/** Counts of provisional clauses by state, shown beside the summary and never added to it. */
export function provisionalSummary(coverage: ReadonlyMap<string, ClauseCoverage>): Record<CoverageState, number> {
  return countStates([...coverage.values()].filter((c) => !c.required));
}

/**
 * How a clause's coverage is shown, so that what the tree shows and what the summary counts are one
 * reading: `assessed` on its own documents (a badge, counted in the summary), `rollup` of its required
 * subclauses (words, since each subclause already carries its badge), or `provisional` (counted apart).
 */
export type CoverageRole = 'assessed' | 'rollup' | 'provisional';

export function coverageRole(c: ClauseCoverage, coverage: ReadonlyMap<string, ClauseCoverage>): CoverageRole {
  if (!c.required) return 'provisional';
  return hasRequiredChildren(c, coverage) ? 'rollup' : 'assessed';
}

/** The assessed clauses under a clause, counted by state: "1 gap, 3 covered" for a rollup. */
export function subclauseSummary(c: ClauseCoverage, coverage: ReadonlyMap<string, ClauseCoverage>): Record<CoverageState, number> {
  const below = (parent: ClauseCoverage): ClauseCoverage[] =>
    parent.clause.children.flatMap((id) => {
      const child = coverage.get(refOf(parent.clause, id));
      if (!child?.required) return [];
      return hasRequiredChildren(child, coverage) ? below(child) : [child];
    });
  return countStates(below(c));
}

function countStates(items: readonly ClauseCoverage[]): Record<CoverageState, number> {
  const counts: Record<CoverageState, number> = { covered: 0, 'at-risk': 0, gap: 0, excluded: 0 };
  for (const c of items) counts[c.state]++;
  return counts;
}

/**
 * The clauses assessed on their own documents: required, with no required subclauses. Their parents
 * only roll up these states, so counting or reporting them too would count one gap twice.
 */
export function requiredLeaves(coverage: ReadonlyMap<string, ClauseCoverage>): ClauseCoverage[] {
  return [...coverage.values()].filter((c) => c.required && !hasRequiredChildren(c, coverage));
}

function hasRequiredChildren(c: ClauseCoverage, coverage: ReadonlyMap<string, ClauseCoverage>): boolean {
  return c.clause.children.some((id) => coverage.get(refOf(c.clause, id))?.required);
}

function refOf(parent: Clause, childId: string): string {
  return parent.ref === parent.id ? childId : `${parent.standardId}:${childId}`;
}
