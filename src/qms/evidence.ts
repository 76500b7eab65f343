import type { IsoDate } from './base/dates.ts';
import { compareClauseNumbers, type Catalogue, type Clause } from './catalogue.ts';
import type { ClauseCoverage } from './coverage.ts';
import type { DocumentFrontmatter } from './schemas/document.ts';
import { IN_FORCE, type EffectiveStatus } from './status.ts';
import { compareIds } from './base/ids.ts';

/**
 * The evidence an auditor looks at for a clause: the documents mapped to it and to every clause beneath it
 * (clause 8 is met by the documents of 8.1 to 8.12 as much as by its own), and when that evidence was last
 * reviewed. The manual records no review that changed nothing, so a review is an approval: the date is the
 * most recent `approved` date among those documents that are in force (current, review due soon or overdue
 * for review) on the as-of date. Drafts, documents in review or not yet effective, superseded and withdrawn
 * ones are not evidence in force, so their dates never count.
 */
export interface ClauseEvidence {
  clause: Clause;
  /** Documents mapped to a clause beneath this one (not to itself), each with those clauses in clause order. */
  beneath: { id: string; clauses: Clause[] }[];
  /** Undefined when no document in force is mapped to the clause or beneath it. */
  lastReviewed?: LastReviewed;
}

export interface LastReviewed {
  date: IsoDate;
  /** The document approved that day (the lowest ID when several were). */
  id: string;
  version: number;
}

export type EvidenceDocument = Pick<DocumentFrontmatter, 'id' | 'version' | 'approved'>;

export function clauseEvidence(
  clause: Clause,
  catalogue: Catalogue,
  coverage: ReadonlyMap<string, ClauseCoverage>,
  docs: ReadonlyMap<string, EvidenceDocument>,
  statuses: ReadonlyMap<string, EffectiveStatus>,
): ClauseEvidence {
  const beneath = new Map<string, Clause[]>();
  const below = (parent: Clause) => {
    for (const child of parent.children.map((id) => catalogue.byId.get(id)!)) {
      for (const { id } of coverage.get(child.ref)?.documents ?? []) beneath.set(id, [...(beneath.get(id) ?? []), child]);
      below(child);
    }
  };
  below(clause);

  const own = (coverage.get(clause.ref)?.documents ?? []).map((d) => d.id);
  let lastReviewed: LastReviewed | undefined;
  for (const id of new Set([...own, ...beneath.keys()])) {
    const doc = docs.get(id);
    const state = statuses.get(id)?.state;
    if (!doc?.approved || state === undefined || !IN_FORCE.has(state)) continue;
    const later = !lastReviewed || doc.approved > lastReviewed.date || (doc.approved === lastReviewed.date && compareIds(id, lastReviewed.id) < 0);
    if (later) lastReviewed = { date: doc.approved, id, version: doc.version };
  }

  return {
    clause,
    beneath: [...beneath]
      .map(([id, clauses]) => ({ id, clauses: clauses.sort((a, b) => compareClauseNumbers(a.id, b.id)) }))
      .sort((a, b) => compareClauseNumbers(a.clauses[0].id, b.clauses[0].id) || compareIds(a.id, b.id)),
    ...(lastReviewed ? { lastReviewed } : {}),
  };
}

