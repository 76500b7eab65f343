import { describe, expect, it } from 'vitest';
import { sha256 } from '../../../src/qms/import/attachments.ts';
import { importDocuments, slugOf, type ImportOptions, type LinkedFile, type SourceFile } from '../../../src/qms/import/import.ts';
import { defibrillatorCheckDocx, PNG } from './word-fixtures.ts';

const encode = (text: string) => new TextEncoder().encode(text);

/** A source file as the file reader hands it over: `path` inside a folder named "in". */
function source(path: string, content: string | Uint8Array): SourceFile {
  const parts = path.split('/');
  return {
    path: `in/${path}`,
    relativePath: path,
    folders: [...parts.slice(0, -1).reverse(), 'in'],
    format: path.endsWith('.docx') ? 'word' : 'markdown',
    bytes: typeof content === 'string' ? encode(content) : content,
  };
}

const options = (fields: Partial<ImportOptions> = {}): ImportOptions => ({ existingIds: [], findLinked: () => undefined, ...fields });
const ids = async (sources: SourceFile[], fields: Partial<ImportOptions> = {}) => (await importDocuments(sources, options(fields))).documents.map((d) => [d.source, d.id]);

describe('numbering', () => {
  it('gives each document the next free ID of its type, after the manual\'s, counting those given in the run, in the order of the paths', async () => {
    const sources = [source('Visiting policy.md', 'x'), source('Consent policy.md', 'x'), source('Blood cultures SOP.md', 'x'), source('Forms/Audit.md', 'x')];
    expect(await ids(sources, { existingIds: ['POL-001', 'POL-013', 'SOP-027', 'WI-006'] })).toEqual([
      ['in/Blood cultures SOP.md', 'SOP-028'],
      ['in/Consent policy.md', 'POL-014'],
      ['in/Forms/Audit.md', 'FRM-001'],
      ['in/Visiting policy.md', 'POL-015'],
    ]);
  });

  it('leaves no gap for a file that could not be read', async () => {
    const result = await importDocuments([source('A procedure.docx', 'not a zip'), source('B procedure.md', 'x')], options({ existingIds: ['SOP-004'] }));
    expect(result.documents.map((d) => d.id)).toEqual(['SOP-005']);
    expect(result.failures).toEqual([{ source: 'in/A procedure.docx', reason: expect.stringMatching(/^it is not a \.docx file that can be opened/) }]);
  });
});

describe('the type', () => {
  it('comes from the mapping first, then the name and folders, then --type; and says where', async () => {
    const mapping = [{ pattern: 'Audit*', type: 'form' as const, owner: 'Head of Quality' }];
    const result = await importDocuments(
      [source('Audit procedure.md', 'x'), source('Policies/Consent.md', 'x'), source('Ward notes.md', 'x')],
      options({ mapping, defaultType: 'work-instruction' }),
    );
    expect(result.documents.map((d) => [d.id, d.typeFrom])).toEqual([
      ['FRM-001', 'the mapping "Audit*"'],
      ['POL-001', 'the folder "Policies"'],
      ['WI-001', '--type'],
    ]);
  });

  it('refuses to guess, saying what the names said', async () => {
    const result = await importDocuments([source('Consent form procedure.md', 'x')], options());
    expect(result.failures).toEqual([
      { source: 'in/Consent form procedure.md', reason: 'its type could not be told from its name or folder (the file name names form and procedure): put policy, procedure, SOP, work instruction, WI or form in its name, map it with --map, or give --type' },
    ]);
  });
});

describe('the document written', () => {
  it('has the frontmatter the import knows, the mapping\'s fields, and nothing invented', async () => {
    const mapping = [{ pattern: '*', owner: 'Ward Manager', departments: ['Nursing'], clauses: ['8.12'] }];
    const [document] = (await importDocuments([source('Policies/visiting_policy.md', 'Visitors are welcome below {limit}.\n')], options({ mapping }))).documents;
    expect(document.file).toBe('content/docs/policies/POL-001-visiting-policy.mdx');
    expect(document.text).toBe(
      '---\nid: POL-001\ntitle: Visiting policy\ntype: policy\nversion: 1\nstatus: draft\nowner: Ward Manager\nclauses: ["8.12"]\ndepartments: [Nursing]\nchange_summary: Imported from visiting_policy.md.\n---\n\nVisitors are welcome below \\{limit\\}.\n',
    );
    expect(document.complete).toEqual(['approver', "review_by (or the settings' review interval applies)", 'summary']);
    expect(document.placeholders).toEqual([{ line: 13, text: '{limit}' }]);
    expect(document.refusals).toEqual([]);
  });

  it('attaches a Word picture once, named by its description, with its SHA-256', async () => {
    const [document] = (await importDocuments([source('Defibrillator WI.docx', await defibrillatorCheckDocx())], options())).documents;
    expect(document.attachments).toEqual([{ file: 'public/attachments/wi-001/check-label.png', href: '/attachments/wi-001/check-label.png', sha256: sha256(PNG), bytes: expect.any(Uint8Array) }]);
    expect(document.text).toContain(`attachments:\n  - file: /attachments/wi-001/check-label.png\n    sha256: ${sha256(PNG)}\n`);
  });

  it('points links to another imported file at its page, and attaches linked files and images found beside it', async () => {
    const files: Record<string, LinkedFile> = {
      'Blood cultures SOP.md': { path: 'in/Blood cultures SOP.md', name: 'Blood cultures SOP.md', bytes: encode('x') },
      'Audit Sheet.PDF': { path: 'in/Audit Sheet.PDF', name: 'Audit Sheet.PDF', bytes: encode('%PDF') },
      'img/plan.png': { path: 'in/img/plan.png', name: 'plan.png', bytes: PNG },
    };
    const sources = [source('Blood cultures SOP.md', 'x'), source('Visiting policy.md', 'See [cultures](Blood%20cultures%20SOP.md#steps), [sheet](Audit%20Sheet.PDF), [gone](gone.md) and ![Plan](img/plan.png) ![](img/plan.png).\n')];
    const { documents } = await importDocuments(sources, options({ findLinked: (_, path) => files[path] }));
    const visiting = documents.find((d) => d.id === 'POL-001')!;
    expect(visiting.text).toContain('See [cultures](/docs/SOP-001/), [sheet](/attachments/pol-001/audit-sheet.pdf), [gone](gone.md) and ![Plan](/attachments/pol-001/plan.png) ![](/attachments/pol-001/plan.png).');
    expect(visiting.attachments.map((a) => a.href)).toEqual(['/attachments/pol-001/audit-sheet.pdf', '/attachments/pol-001/plan.png']);
    expect(visiting.notes.map((n) => n.message)).toEqual([
      'a link to "gone.md", a file not found in the folders imported: link the page of the document it means (/docs/<ID>/), or attach the file',
      'an image has no description (alt text): add one for readers who cannot see it',
    ]);
  });

  it('keeps a script for the checker to refuse, and reports the refusal at its line', async () => {
    const [document] = (await importDocuments([source('Leaflet policy.md', 'Text.\n\n<script>alert(1)</script>\n')], options())).documents;
    expect(document.text).toContain('<script>alert(1)</script>');
    expect(document.refusals.map((f) => [f.code, f.line])).toEqual([['QMS022', 12]]);
  });

  it('says what to check: a control table at the top, a former number, a file that was not UTF-8', async () => {
    const text = '| Document number | NUR-12 |\n| --- | --- |\n| Version | 3 |\n| Review date | 2025 |\n\n## Purpose\n\nCaf\xe9.\n';
    const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
    const [document] = (await importDocuments([source('SOP-12 Falls.md', bytes)], options())).documents;
    expect(document.text).toContain('Café.');
    expect(document.notes.map((n) => n.message)).toEqual([
      'the file is not UTF-8 and was read as Windows-1252: check quotes, dashes and accented letters',
      'the text starts with a document-control table (version, owner, dates): put what it says in the fields, then remove it; the page shows the controlled header',
      'the file name carries the former number "SOP-12": if staff know the document by it, say so in the summary',
    ]);
  });

  it('makes a title of three characters at least, as the schema needs', async () => {
    const [document] = (await importDocuments([source('Forms/B.md', 'x')], options())).documents;
    expect([document.title, document.file]).toEqual(['Form B', 'content/docs/forms/FRM-001-form-b.mdx']);
  });

  it('reads a file Windows Notepad saved as UTF-16, and drops control characters, saying so', async () => {
    const bytes = new Uint8Array([0xff, 0xfe, ...[...'Caf\u00e9\u000c ok.\n'].flatMap((c) => [c.charCodeAt(0), 0])]);
    const [document] = (await importDocuments([source('Notes policy.md', bytes)], options())).documents;
    expect(document.text).toContain('\n\nCafé ok.\n');
    expect(document.notes.map((n) => n.message)).toEqual(['1 control character was removed (invisible characters such as page breaks)']);
  });
});

describe('file names', () => {
  it('are the ID and the title in lower case, without accents, at most 60 characters', () => {
    expect(slugOf('Blood culture collection')).toBe('blood-culture-collection');
    expect(slugOf('Évaluation des risques: “falls”')).toBe('evaluation-des-risques-falls');
    expect(slugOf('A very long title about the management of the deteriorating adult patient on general wards')).toBe('a-very-long-title-about-the-management-of-the-deteriorating');
  });
});
