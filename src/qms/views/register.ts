import type { IsoDate } from '../base/dates.ts';
import { clauseLabel, compareClauseNumbers, type ClauseIndex } from '../catalogue.ts';
import { clauseAncestors } from '../search-query.ts';
import { TYPE_LABEL, type DocumentFrontmatter } from '../schemas/document.ts';
import type { EffectiveStatus } from '../status.ts';
import { csvText } from './csv.ts';
import { compareIds } from '../base/ids.ts';

/** One line of the master document register, as shown on the page and exported to CSV. */
export interface RegisterRow {
  id: string;
  title: string;
  type: string;
  version: number;
  state: EffectiveStatus['state'];
  status: string;
  owner: string;
  approver: string;
  approved: IsoDate | '';
  effective: IsoDate | '';
  reviewBy: IsoDate | '';
  departments: string;
  /** The clauses the document is mapped to, in clause order: "6.1.3; 8.4.2". */
  clauses: string;
  clauseRefs: string[];
  /** Every clause the clause filter finds the document under: its own and their parents (8.4.2, 8.4, 8). */
  clauseFilter: string[];
  supersededBy: string;
}

export function registerRows(docs: readonly DocumentFrontmatter[], statuses: ReadonlyMap<string, EffectiveStatus>): RegisterRow[] {
  return docs
    .map((doc) => {
      const status = statuses.get(doc.id)!;
      const clauseRefs = [...new Set(doc.clauses)].sort(compareClauseRefs);
      return {
        id: doc.id,
        title: doc.title,
        type: TYPE_LABEL[doc.type],
        version: doc.version,
        state: status.state,
        status: status.label,
        owner: doc.owner ?? '',
        approver: doc.approver ?? '',
        approved: doc.approved ?? '',
        effective: doc.effective ?? '',
        reviewBy: status.reviewBy ?? '',
        departments: doc.departments.join('; ') || 'Whole organization',
        clauses: clauseRefs.join('; '),
        clauseRefs,
        clauseFilter: [...new Set(clauseRefs.flatMap(clauseAncestors))],
        supersededBy: status.supersededBy.join('; '),
      };
    })
    .sort((a, b) => compareIds(a.id, b.id));
}

/** The primary standard's clauses ("8.4") before another standard's ("iso-9001-2015:8.4"), each in clause order. */
function compareClauseRefs(a: string, b: string): number {
  const split = (ref: string) => [ref.slice(0, ref.lastIndexOf(':') + 1), ref.slice(ref.lastIndexOf(':') + 1)];
  const [standardA, numberA] = split(a);
  const [standardB, numberB] = split(b);
  return standardA.localeCompare(standardB) || compareClauseNumbers(numberA, numberB);
}

/**
 * The register's clause filter: every clause of every standard, in clause order, provisional ones by topic.
 * Choosing a clause also finds the documents of its subclauses, as search's clause filter does.
 */
export function registerClauseOptions(index: ClauseIndex): { value: string; label: string }[] {
  return index.all().map((c) => ({
    value: c.ref,
    label: `${c.ref === c.id ? '' : `${index.catalogues.find((cat) => cat.id === c.standardId)!.standard} `}${c.id} ${clauseLabel(c)}`,
  }));
}

type CsvKey = { [K in keyof RegisterRow]: RegisterRow[K] extends string | number ? K : never }[keyof RegisterRow];

const CSV_COLUMNS: [CsvKey, string][] = [
  ['id', 'Document ID'],
  ['title', 'Title'],
  ['type', 'Type'],
  ['version', 'Version'],
  ['status', 'Status'],
  ['owner', 'Owner'],
  ['approver', 'Approver'],
  ['approved', 'Approved'],
  ['effective', 'Effective'],
  ['reviewBy', 'Review by'],
  ['departments', 'Departments'],
  ['clauses', 'ISO 7101 clauses'],
  ['supersededBy', 'Superseded by'],
];

/** The register as CSV (src/qms/views/csv.ts), each row with the date its status is for. */
export function registerCsv(rows: readonly RegisterRow[], asOf: IsoDate): string {
  return csvText(
    [...CSV_COLUMNS.map(([, label]) => label), 'Status as of'],
    rows.map((row) => [...CSV_COLUMNS.map(([key]) => row[key]), asOf]),
  );
}
