import type { IsoDate } from '../base/dates.ts';
import { TYPE_LABEL, type DocumentFrontmatter } from '../schemas/document.ts';
import type { EffectiveStatus } from '../status.ts';

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
  clauses: string;
  supersededBy: string;
}

export function registerRows(docs: readonly DocumentFrontmatter[], statuses: ReadonlyMap<string, EffectiveStatus>): RegisterRow[] {
  return docs
    .map((doc) => {
      const status = statuses.get(doc.id)!;
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
        clauses: doc.clauses.join('; '),
        supersededBy: status.supersededBy.join('; '),
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
}

const CSV_COLUMNS: [keyof RegisterRow, string][] = [
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

/**
 * RFC 4180 CSV. A cell that a spreadsheet would read as a formula (= + - @ at the start) is prefixed
 * with an apostrophe: a document title typed in the CMS must not run in a controller's spreadsheet.
 * Starts with a byte-order mark so Excel reads UTF-8 (en dashes, accents) correctly.
 */
export function registerCsv(rows: readonly RegisterRow[], asOf: IsoDate): string {
  const cell = (value: string | number) => {
    let text = String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [
    [...CSV_COLUMNS.map(([, label]) => label), 'Status as of'].map(cell).join(','),
    ...rows.map((row) => [...CSV_COLUMNS.map(([key]) => row[key]), asOf].map(cell).join(',')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
