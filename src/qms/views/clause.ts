import type { ManualAnalysis } from '../analysis.ts';
import { formatDate, type IsoDate } from '../base/dates.ts';
import { clauseLabel, clauseName, type Catalogue, type Clause, type ClauseIndex, type ClauseName } from '../catalogue.ts';
import {
  COVERAGE_LABEL,
  COVERAGE_STATES,
  coverageRole,
  PROVISIONAL_LABEL,
  provisionalSummary,
  subclauseSummary,
  type ClauseCoverage,
  type CoverageRole,
  type CoverageState,
} from '../coverage.ts';
import type { DocumentedInformationItem } from '../documented-information.ts';
import { clauseEvidence, type LastReviewed } from '../evidence.ts';
import type { DocumentFrontmatter } from '../schemas/document.ts';
import type { EffectiveStatus } from '../status.ts';
import type { LinkedDocument } from './document.ts';
import { clauseUrl, docUrl } from './urls.ts';

export interface ClauseDocumentRow {
  id: string;
  href: string;
  label: string;
  status: EffectiveStatus;
  version: number;
  owner: string;
  approved: string;
  approver?: string;
  reviewBy: string;
  lastChange: string;
}

/** A document mapped to clauses beneath the clause of the page, with those clauses. */
export type SubclauseDocumentRow = ClauseDocumentRow & { clauses: { id: string; href: string }[] };

/** When the evidence of a clause was last reviewed (src/qms/evidence.ts), as the clause page and the audit pack say it. */
export type LastReviewedView =
  | { reviewed: true; date: IsoDate; dateText: string; id: string; version: number; href: string }
  | { reviewed: false; text: string };

/** A document that declares an item of documented information, and why it does not count when it does not. */
export type ProviderLink = LinkedDocument & { note?: string };

/**
 * A clause's coverage as shown beside its name, one reading for the tree, the clause page and the
 * summary: an `assessed` clause has a coverage badge (what the summary counts), a `rollup` says in words
 * how its subclauses stand, a `provisional` one has a neutral tag (counted apart from the summary).
 */
export interface CoverageDisplay {
  role: CoverageRole;
  state: CoverageState;
  /** "Subclauses: 1 gap, 3 covered" for a rollup; "provisional: covered" for a provisional clause. */
  text?: string;
}

/** One line of the clause tree. */
export interface ClauseTreeRow {
  clause: Clause;
  href: string;
  name: ClauseName;
  coverage: CoverageDisplay;
  documents: number;
}

/** The summary above the tree: required clauses by state, and provisional ones counted apart. */
export interface CoverageSummaryView {
  cards: { state: CoverageState; label: string; count: number }[];
  provisional: { total: number; counts: { state: CoverageState; text: string }[] };
}

/** The auditor's page for one clause: its coverage, the documents that meet it, the documented information expected. */
export interface ClauseView {
  clause: Clause;
  catalogue: Catalogue;
  heading: string;
  name: ClauseName;
  parent?: { label: string; href: string };
  coverage: ClauseCoverage;
  display: CoverageDisplay;
  evidenceNote: string;
  documents: ClauseDocumentRow[];
  /** Every document mapped to a clause beneath this one, in the order of the first such clause. */
  subclauseDocuments: SubclauseDocumentRow[];
  lastReviewed: LastReviewedView;
  documentedInformation: { item: DocumentedInformationItem; provided: boolean; providers: ProviderLink[] }[];
  children: Clause[];
}

const EVIDENCE_NOTE: Record<Clause['evidence'], string> = {
  toc: 'Title as published in the table of contents of the standard.',
  structure: 'Title from the harmonized structure for management system standards that this standard follows.',
  'number-only': 'This clause is known to exist, but its official title has not been confirmed.',
  disputed: 'Sources disagree on whether this clause exists.',
};

const NAME_NOTE = {
  topic: 'The name shown is our own description of its topic, not the title in the standard.',
  none: 'No description of its topic has been recorded.',
};

/** Worst first, as an auditor reads them. */
const WORST_FIRST: readonly CoverageState[] = ['gap', 'at-risk', 'covered', 'excluded'];

/** "all 5 covered", or "1 gap, 3 covered". */
function statesInWords(counts: Record<CoverageState, number>): string {
  const present = WORST_FIRST.filter((state) => counts[state] > 0);
  if (present.length === 1 && counts[present[0]] > 1) return `all ${counts[present[0]]} ${COVERAGE_LABEL[present[0]].toLowerCase()}`;
  return present.map((state) => `${counts[state]} ${COVERAGE_LABEL[state].toLowerCase()}`).join(', ');
}

export function coverageDisplay(c: ClauseCoverage, coverage: ReadonlyMap<string, ClauseCoverage>): CoverageDisplay {
  const role = coverageRole(c, coverage);
  if (role === 'assessed') return { role, state: c.state };
  if (role === 'provisional') return { role, state: c.state, text: `provisional: ${PROVISIONAL_LABEL[c.state]}` };
  return { role, state: c.state, text: `Subclauses: ${statesInWords(subclauseSummary(c, coverage))}` };
}

/** A clause's coverage as one line of text, for the matrix: "Covered", "Gap (subclauses: 1 gap, 3 covered)", "Provisional: covered". */
export function coverageInWords(display: CoverageDisplay): string {
  if (display.role === 'assessed') return COVERAGE_LABEL[display.state];
  const text = display.text!;
  if (display.role === 'provisional') return text[0].toUpperCase() + text.slice(1);
  return `${COVERAGE_LABEL[display.state]} (${text[0].toLowerCase()}${text.slice(1)})`;
}

export function clauseTreeRow(clause: Clause, coverage: ReadonlyMap<string, ClauseCoverage>): ClauseTreeRow {
  const c = coverage.get(clause.ref)!;
  return { clause, href: clauseUrl(clause.ref), name: clauseName(clause), coverage: coverageDisplay(c, coverage), documents: c.documents.length };
}

export function coverageSummaryView(summary: Record<CoverageState, number>, coverage: ReadonlyMap<string, ClauseCoverage>): CoverageSummaryView {
  const provisional = provisionalSummary(coverage);
  const phrase = (state: CoverageState, n: number) => `${n} ${state === 'gap' ? 'with no document' : PROVISIONAL_LABEL[state]}`;
  return {
    cards: COVERAGE_STATES.map((state) => ({ state, label: COVERAGE_LABEL[state], count: summary[state] })),
    provisional: {
      total: Object.values(provisional).reduce((a, b) => a + b, 0),
      counts: WORST_FIRST.filter((state) => provisional[state] > 0).map((state) => ({ state, text: phrase(state, provisional[state]) })),
    },
  };
}

export function clauseView(clause: Clause, index: ClauseIndex, docs: readonly DocumentFrontmatter[], analysis: ManualAnalysis): ClauseView {
  const catalogue = index.catalogues.find((c) => c.id === clause.standardId)!;
  const coverage = analysis.coverage.get(clause.ref)!;
  const byId = new Map(docs.map((d) => [d.id, d]));
  const parent = clause.parent ? catalogue.byId.get(clause.parent) : undefined;
  const evidence = clauseEvidence(clause, catalogue, analysis.coverage, byId, analysis.statuses);
  return {
    clause,
    catalogue,
    heading: `${catalogue.standard} clause ${clause.id}`,
    name: clauseName(clause),
    ...(parent ? { parent: { label: `${parent.id} ${clauseLabel(parent)}`, href: clauseUrl(parent.ref) } } : {}),
    coverage,
    display: coverageDisplay(coverage, analysis.coverage),
    evidenceNote: clause.confirmed ? EVIDENCE_NOTE[clause.evidence] : `${EVIDENCE_NOTE[clause.evidence]} ${clause.topic === undefined ? NAME_NOTE.none : NAME_NOTE.topic}`,
    documents: coverage.documents.map(({ id }) => clauseDocumentRow(byId.get(id)!, analysis.statuses.get(id)!)),
    subclauseDocuments: evidence.beneath.map(({ id, clauses }) => ({
      ...clauseDocumentRow(byId.get(id)!, analysis.statuses.get(id)!),
      clauses: clauses.map((c) => ({ id: c.id, href: clauseUrl(c.ref) })),
    })),
    lastReviewed: lastReviewedView(evidence.lastReviewed, clause.children.length > 0),
    // The same reading as the checker's rule documented-information-missing, so page and checker agree.
    documentedInformation: analysis.documentedInformation
      .filter((state) => state.catalogue === catalogue && state.item.clause === clause.id)
      .map(({ item, provided, providers }) => ({
        item,
        provided,
        providers: providers.map((p) => ({
          id: p.id,
          href: docUrl(p.id),
          title: byId.get(p.id)?.title,
          status: p.status,
          ...(p.counts ? {} : { note: p.mapped ? 'does not count: not a current approved version' : `does not count: not mapped to clause ${item.clause}` }),
        })),
      })),
    children: clause.children.map((id) => catalogue.byId.get(id)!),
  };
}

function clauseDocumentRow(doc: DocumentFrontmatter, status: EffectiveStatus): ClauseDocumentRow {
  return {
    id: doc.id,
    href: docUrl(doc.id),
    label: `${doc.id} ${doc.title}`,
    status,
    version: doc.version,
    owner: doc.owner ?? '—',
    approved: formatDate(doc.approved),
    ...(doc.approver ? { approver: doc.approver } : {}),
    reviewBy: formatDate(status.reviewBy),
    lastChange: doc.change_summary ?? '—',
  };
}

/** The last review of a clause's evidence in words; `withSubclauses` says where the documents were looked for. */
export function lastReviewedView(last: LastReviewed | undefined, withSubclauses: boolean): LastReviewedView {
  if (!last) return { reviewed: false, text: `never: no document in force is mapped to this clause${withSubclauses ? ' or its subclauses' : ''}` };
  return { reviewed: true, date: last.date, dateText: formatDate(last.date), id: last.id, version: last.version, href: docUrl(last.id) };
}
