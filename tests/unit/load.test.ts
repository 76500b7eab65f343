import { afterEach, describe, expect, it, vi } from 'vitest';
import { splitFrontmatter } from '../../src/qms/base/frontmatter.ts';
import { ManualError, type Finding } from '../../src/qms/findings/finding.ts';
import { parseDocument } from '../../src/qms/load/document.ts';
import { listDocumentFiles, loadManual, loadManualOrThrow, projectRoot } from '../../src/qms/load/manual.ts';
import { readDocumentSource } from '../../src/qms/load/source.ts';
import { fixture, located, makeIndex } from './helpers.ts';

/** Problems in reading order: by file, then line. */
const byFileAndLine = (problems: readonly Finding[]) =>
  located([...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line));

describe('a valid manual (fixtures/valid-minimal)', () => {
  const manual = loadManual(fixture('valid-minimal'));

  it('loads without a problem', () => {
    expect(manual.problems).toEqual([]);
  });

  it('finds every .md and .mdx file under content/docs, in sorted order, named relative to the project root', () => {
    expect(listDocumentFiles(fixture('valid-minimal'))).toEqual(['content/docs/policies/POL-001-quality-policy.mdx', 'content/docs/procedures/SOP-001-document-control.mdx']);
    expect(manual.documents.map((d) => d.file)).toEqual(['content/docs/policies/POL-001-quality-policy.mdx', 'content/docs/procedures/SOP-001-document-control.mdx']);
  });

  it('reads each document\u2019s frontmatter through the schema, dates as YYYY-MM-DD', () => {
    expect(manual.documents[0].data).toEqual({
      id: 'POL-001',
      title: 'Healthcare quality policy',
      type: 'policy',
      version: 2,
      status: 'approved',
      owner: 'Chief Executive',
      approver: 'Board of Directors',
      approved: '2025-01-10',
      effective: '2025-02-01',
      clauses: ['4.1', '4.2'],
      departments: [],
      related: [],
      supersedes: [],
      documented_information: [],
      attachments: [],
    });
  });

  it('keeps the body and the line it starts on', () => {
    expect(manual.documents[0].bodyLine).toBe(13);
    expect(manual.documents[0].body).toBe("\n## Purpose\n\nThe hospital's commitment to quality.\n");
  });

  it('reads the organization settings', () => {
    expect(manual.settings).toEqual({
      organization: 'Valley Community Hospital',
      primary_standard: 'iso-7101-2023',
      review: { due_soon_days: 30, interval_months: { policy: 36, procedure: 24 } },
      departments: [],
      exclusions: [{ clause: '8.1', justification: 'The hospital provides no services that this clause addresses.' }],
      notify: [],
      checks: { severity: {} },
      search: { ask: 'the quality team', synonyms: [] },
      build: { stale_after_days: 7 },
      history: { past_versions: 10 },
      git_host: { accounts: [] },
    });
  });

  it('reads the clause catalogue', () => {
    expect(manual.index.primary?.clauses.map((c) => [c.ref, c.title])).toEqual([
      ['4', 'Context of the organization'],
      ['4.1', 'Understanding the organization and its context'],
      ['4.2', 'Understanding the needs and expectations of stakeholders'],
      ['8', 'Operation'],
      ['8.1', 'Operational planning and control'],
      ['8.4', null],
    ]);
  });

  it('returns the manual when asked to throw on problems', () => {
    expect(loadManualOrThrow(fixture('valid-minimal')).documents).toHaveLength(2);
  });
});

describe('a manual with invalid documents (fixtures/invalid-documents)', () => {
  const manual = loadManual(fixture('invalid-documents'));
  const DOCS = 'content/docs';

  it('reports every problem at once, each with the file, the line of the field, the field and a message', () => {
    expect(byFileAndLine(manual.problems)).toEqual([
      { file: `${DOCS}/approved-missing-fields.mdx`, line: 2, field: 'owner', message: 'owner is required once a document is approved' },
      { file: `${DOCS}/approved-missing-fields.mdx`, line: 2, field: 'approver', message: 'approver is required once a document is approved' },
      { file: `${DOCS}/approved-missing-fields.mdx`, line: 2, field: 'approved', message: 'approved is required once a document is approved' },
      { file: `${DOCS}/approved-missing-fields.mdx`, line: 2, field: 'effective', message: 'effective is required once a document is approved' },
      { file: `${DOCS}/bad-fields.mdx`, line: 5, field: 'version', message: 'expected a whole version number such as 3' },
      { file: `${DOCS}/bad-fields.mdx`, line: 11, field: 'review_by', message: 'expected a real date written YYYY-MM-DD, found "2026-02-30"' },
      { file: `${DOCS}/bad-fields.mdx`, line: 12, field: 'reviewby', message: 'unknown field "reviewby": check the spelling against the document schema' },
      { file: `${DOCS}/bad-fields.mdx`, line: 15, field: 'clauses.1', message: 'unknown clause "4.9": it is not in the clause catalogue' },
      { file: `${DOCS}/dates-out-of-order.mdx`, line: 10, field: 'effective', message: 'effective date 2026-02-01 is before the approval date 2026-03-01' },
      { file: `${DOCS}/dates-out-of-order.mdx`, line: 11, field: 'review_by', message: 'review date 2026-02-01 must be after the effective date 2026-02-01' },
      { file: `${DOCS}/duplicate-id-second.mdx`, line: 3, field: 'id', message: `duplicate ID SOP-005: ${DOCS}/duplicate-id-first.mdx already uses it` },
      { file: `${DOCS}/missing-title.mdx`, line: 2, field: 'title', message: 'this field is required' },
      {
        file: `${DOCS}/no-frontmatter.mdx`,
        line: 1,
        field: '',
        message: 'no frontmatter: a controlled document starts with --- then its fields (id, title, type, ...) then ---',
      },
      { file: `${DOCS}/procedures/wrong-prefix.mdx`, line: 2, field: 'id', message: 'a procedure must have an ID starting with SOP- (found WI-001)' },
      { file: `${DOCS}/yaml-syntax-error.mdx`, line: 4, field: '', message: 'frontmatter is not valid YAML: bad indentation of a mapping entry' },
    ]);
  });

  it('names both files when two documents share an ID, keeping the first', () => {
    const duplicate = manual.problems.find((p) => p.message.startsWith('duplicate ID'))!;
    expect([duplicate.file, duplicate.message]).toEqual(['content/docs/duplicate-id-second.mdx', 'duplicate ID SOP-005: content/docs/duplicate-id-first.mdx already uses it']);
    expect(manual.documents.find((d) => d.data.id === 'SOP-005')!.file).toBe('content/docs/duplicate-id-first.mdx');
  });

  it('leaves out documents with problems and keeps the rest', () => {
    expect(manual.documents.map((d) => d.file)).toEqual(['content/docs/duplicate-id-first.mdx', 'content/docs/valid-neighbour.mdx']);
  });

  it('throws one error listing every problem when asked to', () => {
    const thrown = (() => {
      try {
        loadManualOrThrow(fixture('invalid-documents'));
      } catch (error) {
        return error;
      }
    })() as ManualError;
    expect(thrown).toBeInstanceOf(ManualError);
    expect(thrown.problems).toHaveLength(15);
    expect(thrown.message.split('\n')[0]).toBe('15 problems in the manual:');
    expect(thrown.message).toContain('\ncontent/docs/bad-fields.mdx:5: version: expected a whole version number such as 3\n');
  });
});

describe('settings problems', () => {
  it('names an excluded clause that is not in the catalogue, on the line of its exclusion', () => {
    const manual = loadManual(fixture('settings-unknown-exclusion'));
    expect(located(manual.problems)).toEqual([
      { file: 'content/settings/organization.yaml', line: 5, field: 'exclusions.1.clause', message: 'unknown clause "9.9": it is not in the clause catalogue' },
    ]);
  });

  it('reports a missing settings file and carries on with the defaults', () => {
    const manual = loadManual(fixture('missing-settings'));
    expect(located(manual.problems)).toEqual([{ file: 'content/settings/organization.yaml', line: 1, field: '', message: 'the organization settings file is missing' }]);
    expect(manual.settings.organization).toBe('Unnamed organization');
    expect(manual.index.primary?.id).toBe('iso-7101-2023');
  });

  it('reports invalid settings with their lines, naming a misspelt field by its full path', () => {
    const manual = loadManual(fixture('invalid-settings'));
    expect(manual.problems.map((p) => [p.file, p.line, p.field])).toEqual([
      ['content/settings/organization.yaml', 3, 'review.due_soon_day'],
      ['content/settings/organization.yaml', 5, 'exclusions.0.clause'],
    ]);
    expect(manual.problems[0].message).toBe('unknown field "due_soon_day": check the spelling against the document schema');
    expect(manual.settings.review).toEqual({ due_soon_days: 60, interval_months: {} });
  });
});

describe('parsing one document', () => {
  const index = makeIndex([['4', 'Context'], ['4.1', 'Understanding the organization and its context']]);
  const parse = (source: string) => {
    const { document, findings } = parseDocument(readDocumentSource('content/docs/x.mdx', source), index);
    return { doc: document, problems: located(findings) };
  };

  it('reads a file saved with Windows line endings', () => {
    const { doc, problems } = parse('---\r\nid: WI-003\r\ntitle: Cleaning a commode\r\ntype: work-instruction\r\nversion: 1\r\nstatus: draft\r\nclauses: ["4.1"]\r\n---\r\nBody\r\n');
    expect(problems).toEqual([]);
    expect(doc!.data).toMatchObject({ id: 'WI-003', title: 'Cleaning a commode', clauses: ['4.1'] });
    expect(doc!.bodyLine).toBe(9);
  });

  it('points at the right line in a file saved with Windows line endings', () => {
    const { problems } = parse('---\r\nid: WI-003\r\ntitle: Cleaning a commode\r\ntype: work-instruction\r\nversion: 0\r\nstatus: draft\r\n---\r\n');
    expect(problems).toEqual([{ file: 'content/docs/x.mdx', line: 5, field: 'version', message: 'the first version is 1' }]);
  });

  it('reports every missing field of empty frontmatter at the start of the frontmatter', () => {
    const { doc, problems } = parse('---\n---\nBody\n');
    expect(doc).toBeUndefined();
    expect(problems.map((p) => [p.line, p.field, p.message])).toEqual([
      [2, 'id', 'this field is required'],
      [2, 'title', 'this field is required'],
      [2, 'type', 'expected one of: policy, procedure, work-instruction, form'],
      [2, 'version', 'this field is required'],
      [2, 'status', 'expected one of: draft, in-review, approved, obsolete'],
    ]);
  });

  it('says when the frontmatter is never closed, rather than that there is none', () => {
    const { problems } = parse('---\nid: WI-003\ntitle: Cleaning a commode\n');
    expect(problems.map((p) => p.line)).toEqual([1]);
    expect(problems[0].message).toBe('the frontmatter opened by --- on line 1 is never closed: end the fields with a line of --- alone');
  });

  it('says when blank lines come before the frontmatter, or spaces before its fence', () => {
    expect(parse('\n\n---\nid: WI-003\n---\nBody\n').problems.map((p) => p.message)).toEqual([
      'the frontmatter must start on the first line, but 2 blank lines come before its opening ---: delete them',
    ]);
    expect(parse('  ---\nid: WI-003\n---\n').problems.map((p) => p.message)).toEqual(['the opening --- of the frontmatter must start the line: delete the spaces before it']);
    expect(parse('# A heading\n\nText.\n').problems[0].message).toMatch(/^no frontmatter: a controlled document starts with ---/);
  });

  it('reads a file that starts with a UTF-8 byte-order mark as Astro does, as if it had none', () => {
    const text = '---\nid: WI-003\ntitle: Cleaning a commode\ntype: work-instruction\nversion: 1\nstatus: draft\nclauses: ["4.1"]\n---\nBody\n';
    const withMark = parse(`\uFEFF${text}`);
    expect(withMark.problems).toEqual(parse(text).problems);
    expect(withMark.doc?.data.id).toBe('WI-003');
  });

  it('gives the line of a YAML syntax error within the file', () => {
    const { problems } = parse('---\nid: WI-003\ntitle: Cleaning a commode\nid: WI-004\n---\n');
    expect(problems.map((p) => [p.line, p.field])).toEqual([[4, '']]);
    expect(problems[0].message).toMatch(/^frontmatter is not valid YAML: duplicated mapping key/);
  });
});

describe('splitting a file at its frontmatter fences', () => {
  it('returns the YAML, the body and the lines they start on', () => {
    expect(splitFrontmatter('---\nid: SOP-001\ntitle: X\n---\n# Heading\n')).toEqual({
      frontmatter: 'id: SOP-001\ntitle: X',
      frontmatterLine: 2,
      body: '# Heading\n',
      bodyLine: 5,
      hasFrontmatter: true,
    });
  });

  it('accepts trailing spaces after a fence', () => {
    expect(splitFrontmatter('---  \nid: SOP-001\n--- \nBody').hasFrontmatter).toBe(true);
  });

  it('finds no frontmatter in a file that does not start with a fence', () => {
    expect(splitFrontmatter('\n---\nid: SOP-001\n---\n')).toMatchObject({ hasFrontmatter: false, frontmatter: '', bodyLine: 1 });
  });
});

describe('the project root', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('is QMS_ROOT when set, so tests and scripts can point at a fixture', () => {
    vi.stubEnv('QMS_ROOT', '/srv/manual');
    expect(projectRoot()).toBe('/srv/manual');
  });

  it('is the working directory otherwise', () => {
    vi.stubEnv('QMS_ROOT', undefined);
    expect(projectRoot()).toBe(process.cwd());
  });
});
