import { describe, expect, it } from 'vitest';
import { analyseManual } from '../../src/qms/analysis.ts';
import { buildCatalogue, clauseLabel, clauseName, ClauseIndex, compareClauseNumbers, readingOrder } from '../../src/qms/catalogue.ts';
import { coverageSummary } from '../../src/qms/coverage.ts';
import { parseYaml } from '../../src/qms/base/frontmatter.ts';
import { loadCatalogues, loadManual } from '../../src/qms/load/manual.ts';
import type { Finding } from '../../src/qms/findings/finding.ts';
import { catalogueSchema, parentOf } from '../../src/qms/schemas/catalogue.ts';
import { fixture, located, makeCatalogue, makeIndex, PRIMARY } from './helpers.ts';

/** Problems in reading order: by file, then line. */
const byFileAndLine = (problems: readonly Finding[]) =>
  located([...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line));

function catalogueIssues(input: unknown): [string, string][] {
  const result = catalogueSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => [i.path.join('.'), i.message]);
}

const catalogueInput = (clauses: unknown[]) => ({ id: 'test-standard', standard: 'TEST 1:2024', title: 'A test standard', complete: false, clauses });

describe('loading the clause catalogues', () => {
  const INVALID = [
    { file: 'content/standards/broken-standard.yaml', line: 9, field: 'clauses.1.id', message: 'clause 4 is listed twice' },
    { file: 'content/standards/broken-standard.yaml', line: 12, field: 'clauses.2.id', message: 'clause 5.1 has no parent clause 5 in the catalogue' },
    { file: 'content/standards/broken-standard.yaml', line: 16, field: 'clauses.3.title', message: 'clause 4.1 has evidence "toc" but no title' },
    { file: 'content/standards/broken-standard.yaml', line: 20, field: 'clauses.4.evidence', message: 'expected one of: toc, structure, number-only, disputed' },
    { file: 'content/standards/iso-7101-copy.yaml', line: 2, field: 'id', message: 'another catalogue already has the id iso-7101-2023' },
    { file: 'content/standards/not-yaml.yaml', line: 5, field: '', message: 'not valid YAML: bad indentation of a mapping entry' },
  ];

  it('reports every mistake in every catalogue file with its file and line', () => {
    const { findings } = loadCatalogues(fixture('invalid-catalogue'), PRIMARY);
    expect(byFileAndLine(findings)).toEqual(INVALID);
  });

  it('reports the same mistakes when the whole manual is loaded', () => {
    expect(byFileAndLine(loadManual(fixture('invalid-catalogue')).problems)).toEqual(INVALID);
  });

  it('keeps the valid catalogue and leaves out the invalid ones', () => {
    const { index } = loadCatalogues(fixture('invalid-catalogue'), PRIMARY);
    expect(index.catalogues.map((c) => c.id)).toEqual(['iso-7101-2023']);
    expect(index.primary?.clauses.map((c) => c.id)).toEqual(['4', '4.1', '4.2', '8', '8.1', '8.4']);
  });

  it('reports a primary standard that has no catalogue file against the settings', () => {
    const { index, findings } = loadCatalogues(fixture('valid-minimal'), 'iso-9001-2015');
    expect(located(findings)).toEqual([
      { file: 'content/settings/organization.yaml', line: 1, field: 'primary_standard', message: 'no catalogue with id "iso-9001-2015" in content/standards/' },
    ]);
    expect(index.primary).toBeUndefined();
  });
});

describe('the catalogue schema', () => {
  it('accepts a parent that agrees with the clause number', () => {
    expect(catalogueIssues(catalogueInput([{ id: '4', title: 'Context', evidence: 'toc', parent: null }, { id: '4.1', title: 'Understanding', evidence: 'toc', parent: '4' }]))).toEqual([]);
  });

  it('rejects a parent that disagrees with the clause number', () => {
    expect(catalogueIssues(catalogueInput([{ id: '4', title: 'Context', evidence: 'toc' }, { id: '4.1', title: 'Understanding', evidence: 'toc', parent: '5' }]))).toEqual([
      ['clauses.1.parent', 'clause 4.1 has parent 4, not 5'],
    ]);
  });

  it('asks for clause numbers as quoted text, since YAML reads an unquoted 4.10 as the number 4.1', () => {
    const value = parseYaml("id: test-standard\nstandard: TEST 1:2024\ntitle: A test standard\ncomplete: false\nclauses:\n  - id: '4'\n    title: Context\n    evidence: toc\n  - id: 4.10\n    title: Tenth\n    evidence: toc");
    expect(catalogueIssues(value)).toEqual([['clauses.1.id', 'expected a clause number as text, quoted: "4.1"']]);
  });

  it('rejects a clause number that is not digits and dots', () => {
    expect(catalogueIssues(catalogueInput([{ id: '4.a', title: 'Context', evidence: 'toc' }]))[0]).toEqual(['clauses.0.id', 'expected a clause number such as "4.1" or "8.2.3"']);
  });

  it('rejects a catalogue with no clauses, or an id that is not lower-case', () => {
    expect(catalogueIssues(catalogueInput([]))).toEqual([['clauses', 'a catalogue needs at least one clause']]);
    expect(catalogueIssues({ ...catalogueInput([{ id: '4', title: 'Context', evidence: 'toc' }]), id: 'ISO-9001' })).toEqual([['id', 'expected a lower-case id such as iso-7101-2023']]);
  });

  it('rejects requirement text or any other unknown field on a clause', () => {
    const result = catalogueSchema.safeParse(catalogueInput([{ id: '4', title: 'Context', evidence: 'toc', text: 'The organization shall...' }]));
    expect(result.error!.issues).toMatchObject([{ code: 'unrecognized_keys', keys: ['text'], path: ['clauses', 0] }]);
  });

  it('does not fail on a clause entry that is not a set of fields', () => {
    expect(catalogueIssues(catalogueInput(['4.1', { id: '4', title: 'Context', evidence: 'toc' }]))).toEqual([['clauses.0', 'Invalid input: expected object, received string']]);
  });

  it('accepts a number-only clause with no title', () => {
    expect(catalogueIssues(catalogueInput([{ id: '8', title: null, evidence: 'number-only', provisional_title: 'Operation (secondary source)' }]))).toEqual([]);
  });
});

describe('clause numbers', () => {
  it('orders numerically: 8.2 before 8.10 before 9, parents before children', () => {
    expect(['10', '9', '8.10', '8.2.1', '8.2', '8'].sort(compareClauseNumbers)).toEqual(['8', '8.2', '8.2.1', '8.10', '9', '10']);
    expect(compareClauseNumbers('8.4', '8.4')).toBe(0);
  });

  it('finds the parent of a clause from its number', () => {
    expect(parentOf('8.2.3')).toBe('8.2');
    expect(parentOf('8.10')).toBe('8');
    expect(parentOf('8')).toBeNull();
  });
});

describe('the clause tree', () => {
  const catalogue = makeCatalogue([
    ['9', 'Performance evaluation', 'structure'],
    ['8.10', null],
    ['8', 'Operation', 'structure'],
    ['8.2.1', 'General'],
    ['8.2', 'Requirements for services'],
    ['8.1', 'Operational planning and control'],
  ]);

  it('lists clauses in numeric order whatever the order of the file', () => {
    expect(catalogue.clauses.map((c) => c.id)).toEqual(['8', '8.1', '8.2', '8.2.1', '8.10', '9']);
  });

  it('gives each clause its children in order', () => {
    expect(catalogue.byId.get('8')!.children).toEqual(['8.1', '8.2', '8.10']);
    expect(catalogue.byId.get('8.2')!.children).toEqual(['8.2.1']);
    expect(catalogue.byId.get('8.2.1')!.children).toEqual([]);
    expect(catalogue.byId.get('9')!.children).toEqual([]);
  });

  it('gives each clause its parent and depth', () => {
    expect(catalogue.clauses.map((c) => [c.id, c.parent, c.depth])).toEqual([
      ['8', null, 0],
      ['8.1', '8', 1],
      ['8.2', '8', 1],
      ['8.2.1', '8.2', 2],
      ['8.10', '8', 1],
      ['9', null, 0],
    ]);
  });

  it('refers to clauses of the primary standard by their bare number', () => {
    expect(catalogue.byId.get('8.2.1')).toMatchObject({ id: '8.2.1', ref: '8.2.1', standardId: 'iso-7101-2023' });
  });

  it('refers to clauses of another standard as standard-id:number', () => {
    const other = makeCatalogue([['8', 'Operation'], ['8.4', 'Control of externally provided processes, products and services']], 'iso-9001-2015');
    expect(other.byId.get('8.4')).toMatchObject({ id: '8.4', ref: 'iso-9001-2015:8.4', standardId: 'iso-9001-2015' });
  });
});

describe('confirmed and provisional clauses', () => {
  const catalogue = buildCatalogue(
    catalogueSchema.parse({
      ...catalogueInput([
        { id: '7', title: 'Support', evidence: 'structure' },
        { id: '7.5', title: 'Documented information', evidence: 'toc', topic: 'Keeping documents and records' },
        { id: '7.5.6', title: null, evidence: 'disputed', topic: 'Clinical and non-clinical records' },
        { id: '8', title: 'Operation', evidence: 'structure' },
        { id: '8.4', title: null, evidence: 'number-only' },
        { id: '8.12', title: null, evidence: 'number-only', provisional_title: 'A secondary label', topic: 'Patient safety culture and processes' },
      ]),
      id: PRIMARY,
    }),
    PRIMARY,
  );
  const clause = (id: string) => catalogue.byId.get(id)!;

  it('confirms a clause whose title was seen in a table of contents or the harmonized structure', () => {
    expect([clause('7').confirmed, clause('7.5').confirmed]).toEqual([true, true]);
    expect(clauseName(clause('7.5'))).toEqual({ text: 'Documented information', official: true });
    expect(clauseLabel(clause('7.5'))).toBe('Documented information');
  });

  it('names a clause with an unconfirmed title by our topic, saying that it is not the title', () => {
    expect(clause('8.12')).toMatchObject({ title: null, confirmed: false });
    expect(clauseName(clause('8.12'))).toEqual({ text: 'Patient safety culture and processes', official: false, qualifier: 'topic; official title not confirmed' });
    expect(clauseLabel(clause('8.12'))).toBe('Patient safety culture and processes (topic; official title not confirmed)');
  });

  it('never shows a secondary source\u2019s provisional title', () => {
    expect(clauseLabel(clause('8.12'))).not.toContain('A secondary label');
  });

  it('says when sources disagree that a clause exists at all', () => {
    expect(clauseLabel(clause('7.5.6'))).toBe('Clinical and non-clinical records (topic; clause not confirmed to exist)');
  });

  it('says plainly when neither title nor topic is recorded', () => {
    expect(clauseName(clause('8.4'))).toEqual({ text: 'No topic recorded', official: false, qualifier: 'official title not confirmed' });
    expect(clauseLabel(clause('8.4'))).toBe('No topic recorded (official title not confirmed)');
  });

  it('refuses a title on a number-only or disputed entry, saying how to record an official title', () => {
    for (const evidence of ['number-only', 'disputed']) {
      expect(catalogueIssues(catalogueInput([{ id: '8', title: 'Operation', evidence: 'structure' }, { id: '8.5', title: 'Handling of materials', evidence }]))).toEqual([
        [
          'clauses.1.title',
          `clause 8.5 has a title but evidence "${evidence}": if it is the official title, read in your copy of the standard, set evidence: toc and name it in source; otherwise write it as the topic`,
        ],
      ]);
    }
  });

  it('shows a title given with toc evidence in place of the topic', () => {
    const data = catalogueSchema.parse(
      catalogueInput([
        { id: '8', title: 'Operation', evidence: 'structure' },
        { id: '8.12', title: 'Official title as printed', evidence: 'toc', source: 'our licensed copy', topic: 'Patient safety culture and processes' },
      ]),
    );
    const titled = buildCatalogue(data, PRIMARY).byId.get('8.12')!;
    expect(titled).toMatchObject({ confirmed: true, title: 'Official title as printed' });
    expect(clauseLabel(titled)).toBe('Official title as printed');
  });

  it('refuses an empty topic', () => {
    expect(catalogueIssues(catalogueInput([{ id: '8', title: null, evidence: 'number-only', topic: '  ' }]))[0]?.[0]).toBe('clauses.0.topic');
  });
});

describe('the order a reader meets a document\u2019s clauses in', () => {
  const index = makeIndex(
    [['7', 'Support', 'structure'], ['7.3', 'Awareness'], ['8', 'Operation', 'structure'], ['8.4', null], ['8.12', null], ['9', 'Performance evaluation', 'structure'], ['9.1', 'Monitoring']],
    makeCatalogue([['8', 'Operation'], ['8.4', 'Control of externally provided processes, products and services']], 'iso-9001-2015'),
  );
  const order = (refs: string[]) => refs.map((ref) => index.get(ref)!).sort(readingOrder).map((c) => c.ref);

  it('puts clauses with an official title first, then provisional ones, each in clause order', () => {
    expect(order(['8.12', '9.1', '8.4', '7.3'])).toEqual(['7.3', '9.1', '8.4', '8.12']);
  });

  it('puts the primary standard before another standard', () => {
    expect(order(['iso-9001-2015:8.4', '9.1', '8.12'])).toEqual(['9.1', 'iso-9001-2015:8.4', '8.12']);
  });
});

describe('resolving clause references', () => {
  const index = makeIndex(
    [['8', 'Operation', 'structure'], ['8.4', null]],
    makeCatalogue([['8', 'Operation'], ['8.4', 'Control of externally provided processes, products and services'], ['8.5', 'Production and service provision']], 'iso-9001-2015'),
  );

  it('resolves a bare number to the primary standard', () => {
    expect(index.has('8.4')).toBe(true);
    expect(index.get('8.4')).toMatchObject({ standardId: 'iso-7101-2023', id: '8.4', title: null });
  });

  it('resolves the primary standard written out in full to the same clause', () => {
    expect(index.get('iso-7101-2023:8.4')).toBe(index.get('8.4'));
  });

  it('resolves standard-id:number to the clause of that standard', () => {
    expect(index.get('iso-9001-2015:8.4')).toMatchObject({ standardId: 'iso-9001-2015', id: '8.4', title: 'Control of externally provided processes, products and services' });
  });

  it('never resolves a bare number to another standard', () => {
    expect(index.has('8.5')).toBe(false);
    expect(index.has('iso-9001-2015:8.5')).toBe(true);
  });

  it('does not resolve clauses or standards it does not have', () => {
    expect(index.has('9')).toBe(false);
    expect(index.has('iso-9001-2015:9')).toBe(false);
    expect(index.has('iso-14001-2015:8.4')).toBe(false);
    expect(index.get('9')).toBeUndefined();
  });

  it('lists every clause with the primary standard first, whatever the order of the catalogues', () => {
    const reversed = new ClauseIndex([...index.catalogues].reverse(), PRIMARY);
    expect(reversed.all().map((c) => c.ref)).toEqual(['8', '8.4', 'iso-9001-2015:8', 'iso-9001-2015:8.4', 'iso-9001-2015:8.5']);
  });

  it('builds the catalogue from validated data', () => {
    const data = catalogueSchema.parse(catalogueInput([{ id: '4', title: 'Context', evidence: 'toc', topic: 'the setting' }]));
    expect(buildCatalogue(data, PRIMARY)).toMatchObject({ id: 'test-standard', standard: 'TEST 1:2024', title: 'A test standard', complete: false, sources: [] });
    expect(buildCatalogue(data, PRIMARY).clauses[0]).toEqual({
      id: '4',
      ref: 'test-standard:4',
      standardId: 'test-standard',
      title: 'Context',
      evidence: 'toc',
      confirmed: true,
      topic: 'the setting',
      parent: null,
      children: [],
      depth: 0,
    });
  });
});

describe('a second standard, added as a data file with no code change', () => {
  const manual = loadManual(fixture('second-standard'));
  const analysis = analyseManual(
    manual.documents.map((d) => d.data),
    manual.index,
    manual.settings,
    '2026-01-01',
  );
  const summaryOf = (standardId: string) => coverageSummary(new Map([...analysis.coverage].filter(([, c]) => c.clause.standardId === standardId)));

  it('loads both catalogues and every document without a problem', () => {
    expect(manual.problems).toEqual([]);
    expect(manual.index.catalogues.map((c) => [c.id, c.standard, c.clauses.length])).toEqual([
      ['iso-7101-2023', 'ISO 7101:2023', 6],
      ['iso-9001-2015', 'ISO 9001:2015', 5],
    ]);
    expect(manual.documents.map((d) => d.data.id)).toEqual(['POL-001', 'SOP-001', 'WI-001']);
  });

  it('resolves documents\u2019 references to either standard', () => {
    expect(manual.documents.find((d) => d.data.id === 'SOP-001')!.data.clauses).toEqual(['iso-9001-2015:8.4', '8.1']);
    expect(manual.index.get('iso-9001-2015:8.4')).toMatchObject({ standardId: 'iso-9001-2015', title: 'Control of externally provided processes, products and services', confirmed: true });
    expect(manual.index.get('8.4')).toMatchObject({ standardId: 'iso-7101-2023', title: null, confirmed: false });
  });

  it('computes coverage for the clauses of the second standard', () => {
    const state = (ref: string) => [analysis.coverage.get(ref)!.state, analysis.coverage.get(ref)!.documents];
    expect(state('iso-9001-2015:8.4')).toEqual(['covered', [{ id: 'SOP-001', covers: true }]]);
    expect(state('iso-9001-2015:8')).toEqual(['covered', []]);
    expect(state('iso-9001-2015:4.1')).toEqual(['at-risk', [{ id: 'WI-001', covers: false }]]);
    expect(state('iso-9001-2015:4.2')).toEqual(['gap', []]);
    expect(state('iso-9001-2015:4')).toEqual(['gap', []]);
  });

  it('keeps the coverage of the primary standard apart', () => {
    const state = (ref: string) => analysis.coverage.get(ref)!.state;
    expect(['4', '4.1', '4.2', '8', '8.1', '8.4'].map(state)).toEqual(['covered', 'covered', 'covered', 'covered', 'covered', 'at-risk']);
    expect(analysis.coverage.get('8.4')!.required).toBe(false);
  });

  it('has one coverage entry per clause of each standard', () => {
    expect([...analysis.coverage.keys()].sort()).toEqual([
      '4',
      '4.1',
      '4.2',
      '8',
      '8.1',
      '8.4',
      'iso-9001-2015:4',
      'iso-9001-2015:4.1',
      'iso-9001-2015:4.2',
      'iso-9001-2015:8',
      'iso-9001-2015:8.4',
    ]);
  });

  it('summarises coverage per standard', () => {
    expect(summaryOf('iso-7101-2023')).toEqual({ covered: 3, 'at-risk': 0, gap: 0, excluded: 0 });
    expect(summaryOf('iso-9001-2015')).toEqual({ covered: 1, 'at-risk': 1, gap: 1, excluded: 0 });
    expect(analysis.summary).toEqual({ covered: 4, 'at-risk': 1, gap: 1, excluded: 0 });
  });
});
