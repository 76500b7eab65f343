import type { ManualAnalysis } from '../analysis.ts';
import type { IsoDate } from '../base/dates.ts';
import { clauseLabel, type Catalogue, type Clause, type ClauseIndex } from '../catalogue.ts';
import { clauseEvidence, type LastReviewed } from '../evidence.ts';
import { TYPE_LABEL, type DocumentFrontmatter } from '../schemas/document.ts';
import { COVERS_CLAUSES, type EffectiveState } from '../status.ts';
import { coverageDisplay, coverageInWords, type CoverageDisplay } from './clause.ts';
import { csvText } from './csv.ts';

/*
 * The audit pack: the clause × document matrix, one row for each document mapped to a clause (as its
 * frontmatter maps it, so the rows of a clause are the documents its page lists as mapped to it), with
 * the clause's coverage and the date its evidence was last reviewed (src/qms/evidence.ts). The printable
 * page, the CSV and the JSON are this one list.
 */

/** A clause of the pack: its coverage and last review, whether or not a document is mapped to it. */
export interface AuditClause {
  clause: Clause;
  standard: string;
  /** "Operational planning and control", or the topic marked as not the official title. */
  title: string;
  coverage: CoverageDisplay;
  /** The coverage as one line: "Covered (subclauses: all 5 covered)". */
  coverageWords: string;
  /** Set when the clause is excluded in the settings; '' when no justification was given. */
  justification?: string;
  lastReviewed?: LastReviewed;
  rows: MatrixRow[];
}

/** One clause–document pair. Dates are ISO dates, null where the document has none. */
export interface MatrixRow {
  standard: string;
  clause: string;
  clauseTitle: string;
  coverage: string;
  evidenceLastReviewed: IsoDate | null;
  id: string;
  title: string;
  type: string;
  version: number;
  state: EffectiveState;
  status: string;
  /** Whether this document counts towards the clause's coverage (current and reviewed on time). */
  countsForCoverage: boolean;
  owner: string | null;
  approved: IsoDate | null;
  approver: string | null;
  effective: IsoDate | null;
  reviewBy: IsoDate | null;
}

/** Every clause of every standard, primary standard first, in clause order, with its mapped documents. */
export function auditClauses(index: ClauseIndex, docs: readonly DocumentFrontmatter[], analysis: ManualAnalysis): AuditClause[] {
  const byId = new Map(docs.map((d) => [d.id, d]));
  const catalogueOf = new Map<Clause, Catalogue>(index.catalogues.flatMap((cat) => cat.clauses.map((c) => [c, cat] as const)));
  return index.all().map((clause) => {
    const catalogue = catalogueOf.get(clause)!;
    const coverage = analysis.coverage.get(clause.ref)!;
    const display = coverageDisplay(coverage, analysis.coverage);
    const { lastReviewed } = clauseEvidence(clause, catalogue, analysis.coverage, byId, analysis.statuses);
    const title = clauseLabel(clause);
    const words = coverageInWords(display);
    return {
      clause,
      standard: catalogue.standard,
      title,
      coverage: display,
      coverageWords: words,
      ...(coverage.justification !== undefined ? { justification: coverage.justification } : {}),
      ...(lastReviewed ? { lastReviewed } : {}),
      // In the order of the clause's page: documents that count towards coverage first, then by ID.
      rows: coverage.documents.map(({ id }) => {
        const doc = byId.get(id)!;
        const status = analysis.statuses.get(id)!;
        return {
          standard: catalogue.standard,
          clause: clause.ref,
          clauseTitle: title,
          coverage: words,
          evidenceLastReviewed: lastReviewed?.date ?? null,
          id,
          title: doc.title,
          type: TYPE_LABEL[doc.type],
          version: doc.version,
          state: status.state,
          status: status.label,
          countsForCoverage: COVERS_CLAUSES.has(status.state),
          owner: doc.owner ?? null,
          approved: doc.approved ?? null,
          approver: doc.approver ?? null,
          effective: doc.effective ?? null,
          reviewBy: status.reviewBy,
        };
      }),
    };
  });
}

export const matrixRows = (clauses: readonly AuditClause[]): MatrixRow[] => clauses.flatMap((c) => c.rows);

const CSV_COLUMNS: [keyof MatrixRow, string][] = [
  ['standard', 'Standard'],
  ['clause', 'Clause'],
  ['clauseTitle', 'Clause title'],
  ['coverage', 'Clause coverage'],
  ['evidenceLastReviewed', 'Clause evidence last reviewed'],
  ['id', 'Document ID'],
  ['title', 'Title'],
  ['type', 'Type'],
  ['version', 'Version'],
  ['status', 'Status'],
  ['countsForCoverage', 'Counts towards coverage'],
  ['owner', 'Owner'],
  ['approved', 'Approved'],
  ['approver', 'Approver'],
  ['effective', 'Effective'],
  ['reviewBy', 'Review by'],
];

/** The matrix as CSV, written as the register's is (src/qms/views/csv.ts), each row with the date it is for. */
export function matrixCsv(rows: readonly MatrixRow[], asOf: IsoDate): string {
  const value = (v: MatrixRow[keyof MatrixRow]) => (v === null ? '' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : v);
  return csvText(
    [...CSV_COLUMNS.map(([, label]) => label), 'Status as of'],
    rows.map((row) => [...CSV_COLUMNS.map(([key]) => value(row[key])), asOf]),
  );
}

/** The matrix as JSON: the pairs, and every clause (those with no document too) with its coverage and last review. */
export function matrixJson(clauses: readonly AuditClause[], asOf: IsoDate): string {
  return `${JSON.stringify(
    {
      asOf,
      clauses: clauses.map((c) => ({
        standard: c.standard,
        clause: c.clause.ref,
        title: c.title,
        officialTitle: c.clause.confirmed,
        coverage: { state: c.coverage.state, role: c.coverage.role, text: c.coverageWords },
        ...(c.justification !== undefined ? { exclusionJustification: c.justification } : {}),
        evidenceLastReviewed: c.lastReviewed ?? null,
        documents: c.rows.map((r) => r.id),
      })),
      rows: matrixRows(clauses),
    },
    null,
    2,
  )}\n`;
}
