import { describe, expect, it } from 'vitest';
import { registerClauseOptions, registerCsv, registerRows, type RegisterRow } from '../../src/qms/views/register.ts';
import type { DocumentFrontmatter } from '../../src/qms/schemas/document.ts';
import { effectiveStatuses } from '../../src/qms/status.ts';
import { makeCatalogue, makeDoc, makeIndex } from './helpers.ts';

const review = { due_soon_days: 60, interval_months: { policy: 36, procedure: 24 } };
const rowsOf = (docs: DocumentFrontmatter[], asOf = '2026-01-01') => registerRows(docs, effectiveStatuses(docs, { asOf, review }));

const HEADER =
  'Document ID,Title,Type,Version,Status,Owner,Approver,Approved,Effective,Review by,Departments,ISO 7101 clauses,Superseded by,Status as of';

/** A register row with every field filled, for CSV tests. */
const row = (fields: Partial<RegisterRow> = {}): RegisterRow => ({
  id: 'SOP-007',
  title: 'Patient identification',
  type: 'Procedure',
  version: 3,
  state: 'current',
  status: 'Current',
  owner: 'Director of Nursing',
  approver: 'Chief Medical Officer',
  approved: '2025-03-01',
  effective: '2025-03-15',
  reviewBy: '2027-03-15',
  departments: 'Nursing; Surgery',
  clauses: '6.1.3; 8.4.2',
  clauseRefs: ['6.1.3', '8.4.2'],
  clauseFilter: ['6', '6.1', '6.1.3', '8', '8.4', '8.4.2'],
  supersededBy: '',
  ...fields,
});

/** The data lines of a CSV export, without the byte-order mark, header or final line break. */
const dataLines = (csv: string) => csv.slice(1).split('\r\n').slice(1, -1);

describe('the register rows', () => {
  it('sorts documents by ID, numbers in numeric order', () => {
    const ids = ['SOP-010', 'WI-001', 'SOP-1000', 'SOP-002', 'POL-001', 'SOP-999', 'FRM-001'];
    const docs = ids.map((id) => {
      const type = ({ SOP: 'procedure', WI: 'work-instruction', POL: 'policy', FRM: 'form' } as const)[id.split('-')[0] as 'SOP' | 'WI' | 'POL' | 'FRM'];
      return makeDoc({ id, type });
    });
    expect(rowsOf(docs).map((r) => r.id)).toEqual(['FRM-001', 'POL-001', 'SOP-002', 'SOP-010', 'SOP-999', 'SOP-1000', 'WI-001']);
  });

  it('shows each document with its derived status and review date', () => {
    const docs = [
      makeDoc({
        id: 'SOP-007',
        title: 'Patient identification',
        version: 3,
        owner: 'Director of Nursing',
        approver: 'Chief Medical Officer',
        approved: '2025-03-01',
        effective: '2025-03-15',
        review_by: undefined,
        departments: ['Nursing', 'Surgery'],
        clauses: ['8.4.2', '6.1.3'],
        supersedes: ['SOP-003'],
      }),
      makeDoc({ id: 'SOP-003', title: 'Patient identification (old)' }),
    ];
    expect(rowsOf(docs)).toEqual([
      {
        id: 'SOP-003',
        title: 'Patient identification (old)',
        type: 'Procedure',
        version: 1,
        state: 'superseded',
        status: 'Superseded',
        owner: 'Head of Quality',
        approver: 'Medical Director',
        approved: '2024-12-01',
        effective: '2025-01-01',
        reviewBy: '2027-01-01',
        departments: 'Whole organization',
        clauses: '',
        clauseRefs: [],
        clauseFilter: [],
        supersededBy: 'SOP-007',
      },
      {
        id: 'SOP-007',
        title: 'Patient identification',
        type: 'Procedure',
        version: 3,
        state: 'current',
        status: 'Current',
        owner: 'Director of Nursing',
        approver: 'Chief Medical Officer',
        approved: '2025-03-01',
        effective: '2025-03-15',
        reviewBy: '2027-03-15',
        departments: 'Nursing; Surgery',
        clauses: '6.1.3; 8.4.2',
        clauseRefs: ['6.1.3', '8.4.2'],
        clauseFilter: ['6', '6.1', '6.1.3', '8', '8.4', '8.4.2'],
        supersededBy: '',
      },
    ]);
  });

  it('leaves the dates and people of a draft empty', () => {
    const draft = makeDoc({ id: 'WI-014', type: 'work-instruction', status: 'draft', owner: undefined, approver: undefined, approved: undefined, effective: undefined, review_by: undefined });
    expect(rowsOf([draft])[0]).toMatchObject({ type: 'Work instruction', status: 'Draft, not approved', owner: '', approver: '', approved: '', effective: '', reviewBy: '' });
  });
});

describe('the register\u2019s clause column and filter', () => {
  it('lists a document\u2019s clauses once each, in clause order, another standard\u2019s after the primary\u2019s', () => {
    const [row] = rowsOf([makeDoc({ clauses: ['8.10', 'iso-9001-2015:4.1', '8.2', '10.1', '8.2'] })]);
    expect(row.clauseRefs).toEqual(['8.2', '8.10', '10.1', 'iso-9001-2015:4.1']);
    expect(row.clauses).toBe('8.2; 8.10; 10.1; iso-9001-2015:4.1');
  });

  it('files a document under each clause it maps and every clause above it, so choosing 8 finds 8.2.3', () => {
    const [row] = rowsOf([makeDoc({ clauses: ['8.2.3', '9.1'] })]);
    expect(row.clauseFilter).toEqual(['8', '8.2', '8.2.3', '9', '9.1']);
    expect(rowsOf([makeDoc({ clauses: ['iso-9001-2015:8.4'] })])[0].clauseFilter).toEqual(['iso-9001-2015:8', 'iso-9001-2015:8.4']);
  });

  it('offers every clause of every standard in the filter, by its name, another standard\u2019s named with it', () => {
    const index = makeIndex([['8', 'Operation'], ['8.1', 'Planning'], ['8.12', null]], makeCatalogue([['4', 'Context']], 'iso-9001-2015'));
    expect(registerClauseOptions(index)).toEqual([
      { value: '8', label: '8 Operation' },
      { value: '8.1', label: '8.1 Planning' },
      { value: '8.12', label: '8.12 No topic recorded (official title not confirmed)' },
      { value: 'iso-9001-2015:4', label: 'ISO-9001-2015 4 Context' },
    ]);
  });
});

describe('the register as CSV', () => {
  it('starts with a byte-order mark and a header, and ends every line with CRLF', () => {
    const csv = registerCsv([row()], '2026-01-01');
    expect(csv).toBe(
      `\uFEFF${HEADER}\r\n` +
        'SOP-007,Patient identification,Procedure,3,Current,Director of Nursing,Chief Medical Officer,2025-03-01,2025-03-15,2027-03-15,Nursing; Surgery,6.1.3; 8.4.2,,2026-01-01\r\n',
    );
  });

  it('is only the header when there are no documents', () => {
    expect(registerCsv([], '2026-01-01')).toBe(`\uFEFF${HEADER}\r\n`);
  });

  it('quotes a cell that contains a comma', () => {
    expect(dataLines(registerCsv([row({ title: 'Falls, prevention and management' })], '2026-01-01'))[0]).toMatch(/^SOP-007,"Falls, prevention and management",Procedure,/);
  });

  it('doubles quotes inside a quoted cell', () => {
    expect(dataLines(registerCsv([row({ title: 'The "two identifiers" rule' })], '2026-01-01'))[0]).toMatch(/^SOP-007,"The ""two identifiers"" rule",Procedure,/);
  });

  it('quotes a cell that contains a line break, keeping it inside the cell', () => {
    const csv = registerCsv([row({ title: 'Line one\nline two' })], '2026-01-01');
    expect(csv).toContain('SOP-007,"Line one\nline two",Procedure,');
    expect(csv.split('\r\n')).toHaveLength(3);
  });

  it('neutralises a title a spreadsheet would run as a formula with a leading apostrophe', () => {
    const csv = registerCsv([row({ title: '=HYPERLINK("http://evil.example","Click")' })], '2026-01-01');
    expect(dataLines(csv)[0]).toMatch(/^SOP-007,"'=HYPERLINK\(""http:\/\/evil\.example"",""Click""\)",Procedure,/);
  });

  it('neutralises every character that starts a formula', () => {
    const titles = ['+SUM(A1:A2)', '-2+3', '@cmd', '\tTabbed'];
    const lines = dataLines(registerCsv(titles.map((title, i) => row({ id: `SOP-00${i + 1}`, title })), '2026-01-01'));
    expect(lines.map((line) => line.split(',')[1])).toEqual(["'+SUM(A1:A2)", "'-2+3", "'@cmd", "'\tTabbed"]);
  });

  it('leaves a title that merely contains those characters alone', () => {
    expect(dataLines(registerCsv([row({ title: 'Blood glucose: target 4-7 mmol/L' })], '2026-01-01'))[0]).toMatch(/^SOP-007,Blood glucose: target 4-7 mmol\/L,/);
  });

  it('keeps accented letters and dashes, which the byte-order mark lets a spreadsheet read', () => {
    expect(registerCsv([row({ owner: 'Chef de clinique – Hôpital' })], '2026-01-01')).toContain(',Chef de clinique – Hôpital,');
  });
});
