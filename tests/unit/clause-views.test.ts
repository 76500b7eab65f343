import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyseManual } from '../../src/qms/analysis.ts';
import { clauseLabel } from '../../src/qms/catalogue.ts';
import { checkManual } from '../../src/qms/check/manual.ts';
import { clauseCoverage, COVERAGE_STATES, provisionalSummary } from '../../src/qms/coverage.ts';
import { loadManual } from '../../src/qms/load/manual.ts';
import { STATE_LABEL, type EffectiveStatus } from '../../src/qms/status.ts';
import { clauseTreeRow, clauseView, coverageDisplay, coverageSummaryView } from '../../src/qms/views/clause.ts';
import { documentView } from '../../src/qms/views/document.ts';
import { documentedInformation } from '../../src/qms/documented-information.ts';
import { homeView } from '../../src/qms/views/home.ts';
import { AS_OF, checkFixture, makeProject, removeProjects } from './check/helpers.ts';
import { makeIndex } from './helpers.ts';

// How clauses are named and counted on the pages: the clause tree and its summary, the clause page, a
// document's header, the home page's alerts and search filter; and that these agree with the checker.

const REPO = process.cwd();
const CATALOGUE = 'content/standards/iso-7101-2023.yaml';
const temporary: string[] = [];

afterAll(() => {
  removeProjects();
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the sample manual (content and attached files) with its catalogue file edited. */
function sampleWithCatalogue(edit: (yaml: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'qms-clauses-'));
  temporary.push(dir);
  cpSync(join(REPO, 'content'), join(dir, 'content'), { recursive: true });
  cpSync(join(REPO, 'public'), join(dir, 'public'), { recursive: true });
  const text = readFileSync(join(REPO, CATALOGUE), 'utf8');
  const edited = edit(text);
  expect(edited).not.toBe(text);
  writeFileSync(join(dir, CATALOGUE), edited);
  return dir;
}

/** The sample's 8.12 entry, with a title and the evidence given. */
const title812 = (evidence: string) => (yaml: string) =>
  yaml.replace(/(- id: '8\.12'\n)\s+title: null\n\s+evidence: number-only\n/, `$1    title: Official title from our copy\n    evidence: ${evidence}\n`);

/** Everything the pages show, for the manual in a folder. */
function pagesOf(root: string) {
  const manual = loadManual(root);
  const docs = manual.documents.map((d) => d.data);
  const analysis = analyseManual(docs, manual.index, manual.settings, AS_OF);
  const catalogue = manual.index.primary!;
  const rows = catalogue.clauses.map((clause) => clauseTreeRow(clause, analysis.coverage));
  const header = (id: string) => {
    const doc = docs.find((d) => d.id === id)!;
    const view = documentView({ doc, status: analysis.statuses.get(id)!, asOf: AS_OF, clause: (ref) => manual.index.get(ref), linked: () => undefined });
    const row = view.header.find((r) => r.key === 'clauses')!.value;
    return row.kind === 'clauses' ? row.clauses.map((c) => `${c.ref} ${c.title}`) : [];
  };
  return { manual, analysis, rows, header, home: homeView(docs, analysis, manual.index, manual.settings), summary: coverageSummaryView(analysis.summary, analysis.coverage) };
}

const sample = pagesOf(REPO);

describe('the clause tree and its summary, on the sample manual', () => {
  it('shows one badge for each clause the summary counts, and none for any other', () => {
    for (const { state, count } of sample.summary.cards) {
      expect(sample.rows.filter((r) => r.coverage.role === 'assessed' && r.coverage.state === state).length, state).toBe(count);
    }
    expect(sample.summary.cards.map((c) => c.count).reduce((a, b) => a + b)).toBe(sample.rows.filter((r) => r.coverage.role === 'assessed').length);
  });

  it('counts the provisional clauses apart, as many as carry a provisional tag', () => {
    const provisional = sample.rows.filter((r) => r.coverage.role === 'provisional');
    expect(provisional.map((r) => r.clause.id)).toEqual(['7.5.6', '8.3.2', '8.4', '8.5', '8.6', '8.7', '8.8', '8.9', '8.10', '8.11', '8.12']);
    expect(sample.summary.provisional.total).toBe(provisional.length);
    for (const { state, text } of sample.summary.provisional.counts) {
      const n = provisional.filter((r) => r.coverage.state === state).length;
      expect(text.startsWith(`${n} `), text).toBe(true);
    }
    expect(sample.summary.provisional.counts.map((c) => c.text)).toEqual(['2 with no document', '9 covered']);
  });

  it('never gives a provisional clause a red gap: it says "no document" in a neutral tag', () => {
    expect(sample.rows.find((r) => r.clause.id === '8.3.2')!.coverage).toEqual({ role: 'provisional', state: 'gap', text: 'provisional: no document' });
    expect(sample.rows.find((r) => r.clause.id === '8.12')!.coverage).toEqual({ role: 'provisional', state: 'covered', text: 'provisional: covered' });
    expect(sample.summary.cards.find((c) => c.state === 'gap')!.count).toBe(0);
  });

  it('says in words how the subclauses of a clause stand, however deep', () => {
    expect(sample.rows.find((r) => r.clause.id === '6')!.coverage).toEqual({ role: 'rollup', state: 'covered', text: 'Subclauses: all 5 covered' });
    expect(sample.rows.find((r) => r.clause.id === '8.3')!.coverage).toEqual({ role: 'rollup', state: 'covered', text: 'Subclauses: 1 covered' });
  });

  it('names every clause by its official title or by our topic, marked as such', () => {
    const name = (id: string) => sample.rows.find((r) => r.clause.id === id)!.name;
    expect(name('8.1')).toEqual({ text: 'Operational planning and control', official: true });
    expect(name('8.12')).toEqual({ text: 'Patient safety culture and processes', official: false, qualifier: 'topic; official title not confirmed' });
    expect(name('7.5.6')).toEqual({ text: 'Clinical and non-clinical records', official: false, qualifier: 'topic; clause not confirmed to exist' });
    for (const row of sample.rows) {
      expect(row.name.official, row.clause.id).toBe(row.clause.confirmed);
      if (!row.name.official) expect(row.clause.topic, `${row.clause.id} has a topic`).toBe(row.name.text);
    }
  });
});

describe('a rollup in words', () => {
  const index = makeIndex([['4', 'Context'], ['4.1', 'One'], ['4.2', 'Two'], ['4.3', 'Three']]);
  const status = (state: EffectiveStatus['state']): EffectiveStatus => ({ state, label: STATE_LABEL[state], reviewBy: null, daysToReview: null, supersededBy: [] });
  const coverage = clauseCoverage(
    index,
    [{ id: 'SOP-001', clauses: ['4.1'] }, { id: 'SOP-002', clauses: ['4.2'] }],
    new Map([['SOP-001', status('current')], ['SOP-002', status('overdue')]]),
    [],
  );

  it('names the worst states first', () => {
    expect(coverageDisplay(coverage.get('4')!, coverage)).toEqual({ role: 'rollup', state: 'gap', text: 'Subclauses: 1 gap, 1 at risk, 1 covered' });
  });

  it('gives an assessed clause its state alone, for the badge', () => {
    expect(coverageDisplay(coverage.get('4.2')!, coverage)).toEqual({ role: 'assessed', state: 'at-risk' });
  });
});

describe('a document\u2019s clauses in its header', () => {
  it('lists the clauses with an official title first, then the provisional ones by topic, marked', () => {
    expect(sample.header('SOP-004')).toEqual(['7.3 Awareness', '8.12 Patient safety culture and processes (topic; official title not confirmed)']);
    expect(sample.header('SOP-020')).toEqual([
      '8 Operation',
      '8.1 Operational planning and control',
      '8.7 User-centred design of services (topic; official title not confirmed)',
      '8.9 Delivering healthcare services (topic; official title not confirmed)',
    ]);
  });

  it('keeps an unknown reference, last, as written', () => {
    const doc = sample.manual.documents.find((d) => d.data.id === 'SOP-004')!.data;
    const view = documentView({
      doc: { ...doc, clauses: ['8.99', '8.12', '7.3'] },
      status: sample.analysis.statuses.get('SOP-004')!,
      asOf: AS_OF,
      clause: (ref) => sample.manual.index.get(ref),
      linked: () => undefined,
    });
    const row = view.header.find((r) => r.key === 'clauses')!.value;
    expect(row.kind === 'clauses' && row.clauses.map((c) => [c.ref, c.title])).toEqual([
      ['7.3', 'Awareness'],
      ['8.12', 'Patient safety culture and processes (topic; official title not confirmed)'],
      ['8.99', 'Unknown clause'],
    ]);
  });
});

describe('the home page', () => {
  it('offers every clause in the search filter, provisional ones by topic, marked, in clause order', () => {
    const options = sample.home.clauseOptions;
    expect(options.map((o) => o.value)).toEqual(sample.manual.index.primary!.clauses.map((c) => c.ref));
    expect(options.find((o) => o.value === '8.12')!.label).toBe('8.12 Patient safety culture and processes (topic; official title not confirmed)');
    expect(options.find((o) => o.value === '7.3')!.label).toBe('7.3 Awareness');
  });

  it('has no clause alert on the sample manual, as the summary has no gap and nothing at risk', () => {
    expect(sample.home.clauses).toEqual([]);
    expect(sample.analysis.summary.gap + sample.analysis.summary['at-risk']).toBe(0);
  });

  it.each(['clause-gap', 'clause-at-risk'])('alerts on exactly the clauses the checker reports, and the summary counts (%s)', (overlay) => {
    const root = makeProject(overlay);
    const { home, analysis } = pagesOf(root);
    const reported = checkFixture(overlay).findings.filter((f) => f.code === 'QMS013' || f.code === 'QMS014').map((f) => f.field.replace(/^clauses\./, ''));
    expect(home.clauses.map((a) => a.id)).toEqual(reported);
    expect(home.clauses.length).toBe(analysis.summary.gap + analysis.summary['at-risk']);
    expect(reported).toEqual(['4.2']);
    // The fixture's provisional clause 6 has no document: shown as provisional, never alerted or reported.
    expect(analysis.coverage.get('6')).toMatchObject({ state: 'gap', required: false });
  });

  it('lists gaps before clauses at risk, each in clause order, with their titles', () => {
    const index = makeIndex([['4', 'Context'], ['4.1', 'One'], ['4.2', 'Two'], ['4.3', 'Three'], ['5', 'Leadership']]);
    const status: EffectiveStatus = { state: 'draft', label: STATE_LABEL.draft, reviewBy: null, daysToReview: null, supersededBy: [] };
    const docs = [{ id: 'SOP-001', clauses: ['4.1'] }];
    const coverage = clauseCoverage(index, docs, new Map([['SOP-001', status]]), []);
    const analysis = { asOf: AS_OF, statuses: new Map([['SOP-001', status]]), coverage, summary: { covered: 0, 'at-risk': 1, gap: 3, excluded: 0 }, reviewsByOwner: new Map(), documentedInformation: [] };
    const view = homeView([], analysis, index, sample.manual.settings);
    expect(view.clauses.map((a) => `${a.label} ${a.note}`)).toEqual(['4.2 Two (Gap)', '4.3 Three (Gap)', '5 Leadership (Gap)', '4.1 One (At risk)']);
  });
});

describe('an official title set by the organization in its catalogue file', () => {
  const root = sampleWithCatalogue(title812('toc'));
  const titled = pagesOf(root);

  it('replaces the topic on every page', () => {
    const clause = titled.manual.index.get('8.12')!;
    expect(titled.manual.problems).toEqual([]);
    expect(clauseLabel(clause)).toBe('Official title from our copy');
    expect(titled.rows.find((r) => r.clause.id === '8.12')!.name).toEqual({ text: 'Official title from our copy', official: true });
    expect(titled.header('SOP-004')).toEqual(['7.3 Awareness', '8.12 Official title from our copy']);
    expect(titled.home.clauseOptions.find((o) => o.value === '8.12')!.label).toBe('8.12 Official title from our copy');
  });

  it('makes the clause required: counted in the summary, no longer among the provisional ones', () => {
    expect(titled.analysis.coverage.get('8.12')).toMatchObject({ required: true, state: 'covered' });
    expect(titled.rows.find((r) => r.clause.id === '8.12')!.coverage).toEqual({ role: 'assessed', state: 'covered' });
    expect(titled.analysis.summary.covered).toBe(sample.analysis.summary.covered + 1);
    expect(provisionalSummary(titled.analysis.coverage).covered).toBe(provisionalSummary(sample.analysis.coverage).covered - 1);
  });

  // Each checks the whole sample manual: seconds on a loaded machine.
  it('is accepted by the checker, which then finds what it found before', { timeout: 60_000 }, () => {
    const before = checkManual({ root: REPO, asOf: AS_OF }).findings.map((f) => `${f.code} ${f.file}:${f.field}`);
    const after = checkManual({ root, asOf: AS_OF }).findings.map((f) => `${f.code} ${f.file}:${f.field}`);
    expect(after).toEqual(before);
  });

  it('is refused, at its line, when the entry still says the title is unconfirmed', { timeout: 60_000 }, () => {
    const unsourced = sampleWithCatalogue(title812('number-only'));
    const result = checkManual({ root: unsourced, asOf: AS_OF });
    const line = readFileSync(join(unsourced, CATALOGUE), 'utf8').split('\n').indexOf('    title: Official title from our copy') + 1;
    const entry = sample.manual.index.primary!.data;
    expect(result.configurationError).toBe(true);
    // The catalogue is then left out, so the settings' primary standard has none: reported too.
    expect(result.findings.filter((f) => f.code === 'QMS027').map((f) => [f.file, f.line, f.field])).toEqual([
      ['content/settings/organization.yaml', 1, 'primary_standard'],
      [CATALOGUE, line, `clauses.${entry.clauses.findIndex((c) => c.id === '8.12')}.title`],
    ]);
  });
});

describe('the coverage states', () => {
  it('are all named in the summary cards, in order', () => {
    expect(sample.summary.cards.map((c) => c.state)).toEqual([...COVERAGE_STATES]);
  });
});

describe('documented information on the clause pages', () => {
  it('is read once, with the analysis, where the clause page takes it; and it follows the statuses', () => {
    const manual = loadManual(REPO);
    const docs = manual.documents.map((d) => d.data);
    const analysis = analyseManual(docs, manual.index, manual.settings, AS_OF);
    expect(analysis.documentedInformation).toEqual(documentedInformation(manual.index, docs, analysis.statuses));
    const policy = analysis.documentedInformation.find((state) => state.item.id === 'quality-policy')!;
    expect(policy.provided).toBe(true);
    const page = clauseView(policy.clause!, manual.index, docs, analysis).documentedInformation.find((row) => row.item.id === 'quality-policy')!;
    expect(page.providers.map((p) => p.id)).toEqual(policy.providers.map((p) => p.id));
    // The page reads the analysis's answer, not a reading of its own.
    expect(clauseView(policy.clause!, manual.index, docs, { ...analysis, documentedInformation: [] }).documentedInformation).toEqual([]);
    // The same documents on a later day, the policy's provider withdrawn: not provided.
    const withdrawn = new Map(analysis.statuses);
    for (const { id } of policy.providers) withdrawn.set(id, { ...withdrawn.get(id)!, state: 'obsolete' });
    const later = documentedInformation(manual.index, docs, withdrawn).find((state) => state.item.id === 'quality-policy')!;
    expect(later.provided).toBe(false);
  });
});
