import { describe, expect, it } from 'vitest';
import { readDocumentFile, writeDocumentFile } from '../../../src/qms/cms/document-file.ts';
import { loadManual } from '../../../src/qms/load/manual.ts';
import { parseDocument } from '../../../src/qms/load/document.ts';
import { readDocumentSource } from '../../../src/qms/load/source.ts';

const manual = loadManual(process.cwd());

describe('document files as the CMS reads and writes them', () => {
  it('write every sample document back byte for byte, so opening and saving changes nothing', () => {
    expect(manual.documents.length).toBeGreaterThan(50);
    for (const doc of manual.documents) {
      const source = manual.sources.get(doc.file)!.text;
      expect(writeDocumentFile(readDocumentFile(source)), doc.file).toBe(source);
    }
  });

  it('give dates as YYYY-MM-DD text, as the date picker stores them', () => {
    const entry = readDocumentFile(manual.sources.get('content/docs/procedures/SOP-004-hand-hygiene.mdx')!.text);
    expect(entry).toMatchObject({ id: 'SOP-004', approved: '2026-11-20', version: 4, clauses: ['8.12', '7.3'] });
    expect(entry.body).toMatch(/^## Purpose\n/);
  });

  it('leave out blank fields, and keep text that YAML would read as something else as text', () => {
    const text = writeDocumentFile({
      id: 'SOP-090', title: '2026-01-01', type: 'procedure', version: 1, status: 'draft', summary: '', owner: 'yes', approver: 'Head: of Quality',
      review_by: '2028-01-31', departments: ['null', 'A, B', ''], clauses: ['8', '8.1'], change_summary: '  ', body: 'Text.',
    });
    expect(text).toBe(
      '---\nid: SOP-090\ntitle: "2026-01-01"\ntype: procedure\nversion: 1\nstatus: draft\nowner: "yes"\napprover: "Head: of Quality"\nreview_by: 2028-01-31\nclauses: ["8", "8.1"]\ndepartments: ["null", "A, B"]\n---\n\nText.\n',
    );
    const { document: doc, findings: problems } = parseDocument(readDocumentSource('content/docs/x.mdx', text), manual.index);
    expect(problems).toEqual([]);
    expect(doc!.data).toMatchObject({ title: '2026-01-01', owner: 'yes', approver: 'Head: of Quality', review_by: '2028-01-31', departments: ['null', 'A, B'] });
  });

  it('keep fields the schema does not know, so the checker can name them instead of losing them', () => {
    expect(writeDocumentFile({ id: 'SOP-090', colour: 'red', body: '' })).toBe('---\nid: SOP-090\ncolour: red\n---\n');
  });
});
