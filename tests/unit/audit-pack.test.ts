import { afterAll, describe, expect, it } from 'vitest';
import { analyseManual } from '../../src/qms/analysis.ts';
import type { IsoDate } from '../../src/qms/base/dates.ts';
import { compareClauseNumbers, type ClauseIndex } from '../../src/qms/catalogue.ts';
import { clauseCoverage, COVERAGE_STATES } from '../../src/qms/coverage.ts';
import { clauseEvidence } from '../../src/qms/evidence.ts';
import { loadManual } from '../../src/qms/load/manual.ts';
import type { DocumentFrontmatter } from '../../src/qms/schemas/document.ts';
import { effectiveStatuses, IN_FORCE } from '../../src/qms/status.ts';
import { auditClauses, matrixCsv, matrixJson, matrixRows, type MatrixRow } from '../../src/qms/views/audit.ts';
import { clauseView, coverageSummaryView, lastReviewedView } from '../../src/qms/views/clause.ts';
import { CHART_SERIES, coverageChart } from '../../src/qms/views/coverage-chart.ts';
import { AS_OF, makeProject, removeProjects } from './check/helpers.ts';
import { makeDoc, makeIndex } from './helpers.ts';

// The audit pack: the clause × document matrix (CSV, JSON, the printable page), the clause page's rollup of
// its subclauses' documents, the coverage chart, and the date a clause's evidence was last reviewed.

afterAll(removeProjects);

/** The manual in a folder as the site reads it, with the pack's models. */
function packOf(root: string) {
  const manual = loadManual(root);
  const docs = manual.documents.map((d) => d.data);
  const analysis = analyseManual(docs, manual.index, manual.settings, AS_OF);
  const clauses = auditClauses(manual.index, docs, analysis);
  const page = (ref: string) => clauseView(manual.index.get(ref)!, manual.index, docs, analysis);
  return { manual, docs, analysis, clauses, rows: matrixRows(clauses), page };
}

const sample = packOf(process.cwd());

/** Every clause–document pair the frontmatter makes, "8.1 SOP-018", each once. */
function pairsOf(docs: readonly DocumentFrontmatter[], index: ClauseIndex): string[] {
  return docs.flatMap((doc) => [...new Set(doc.clauses.map((ref) => index.get(ref)!.ref))].map((ref) => `${ref} ${doc.id}`));
}

/** The latest `approved` date of the documents in force mapped to `ref` or beneath it, worked out plainly. */
function latestApproval(docs: readonly DocumentFrontmatter[], statuses: ReturnType<typeof effectiveStatuses>, ref: string): IsoDate | undefined {
  const meets = (c: string) => c === ref || c.startsWith(`${ref}.`);
  const dates = docs.filter((d) => IN_FORCE.has(statuses.get(d.id)!.state) && d.clauses.some(meets)).map((d) => d.approved!);
  return dates.sort().at(-1);
}

describe('the clause × document matrix, on the sample manual', () => {
  it('has one row for each clause–document pair the documents map, and no other', () => {
    const rows = sample.rows.map((r) => `${r.clause} ${r.id}`);
    const pairs = pairsOf(sample.docs, sample.manual.index);
    expect(new Set(rows).size).toBe(rows.length);
    expect([...rows].sort()).toEqual([...pairs].sort());
    expect(rows.length).toBeGreaterThan(100);
  });

  it('lists for each clause exactly the documents its page lists, in the same order', () => {
    for (const c of sample.clauses) {
      const page = sample.page(c.clause.ref);
      expect(c.rows.map((r) => r.id), c.clause.ref).toEqual(page.documents.map((d) => d.id));
      expect(c.coverage, c.clause.ref).toEqual(page.display);
    }
  });

  it('gives each document its version, status, approval, effective and review dates as of the build', () => {
    const row = sample.rows.find((r) => r.clause === '8.1' && r.id === 'SOP-018')!;
    const doc = sample.docs.find((d) => d.id === 'SOP-018')!;
    const status = sample.analysis.statuses.get('SOP-018')!;
    expect(row).toMatchObject({
      standard: 'ISO 7101:2023',
      clauseTitle: 'Operational planning and control',
      coverage: 'Covered',
      title: doc.title,
      type: 'Procedure',
      version: doc.version,
      state: status.state,
      status: status.label,
      countsForCoverage: true,
      owner: doc.owner,
      approved: doc.approved,
      approver: doc.approver,
      effective: doc.effective,
      reviewBy: status.reviewBy,
    });
  });

  it('says a document that does not count towards coverage does not', () => {
    const notCounting = sample.rows.filter((r) => !r.countsForCoverage);
    expect(notCounting.length).toBeGreaterThan(0);
    for (const row of notCounting) expect(['current', 'review-due-soon'], `${row.clause} ${row.id}`).not.toContain(row.state);
    const overdue = sample.rows.filter((r) => r.state === 'overdue');
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((r) => !r.countsForCoverage && r.status === 'Overdue for review')).toBe(true);
  });

  it('words the coverage of a clause with subclauses and of a provisional clause', () => {
    const coverage = (ref: string) => sample.clauses.find((c) => c.clause.ref === ref)!.coverageWords;
    expect(coverage('6')).toBe('Covered (subclauses: all 5 covered)');
    expect(coverage('8.12')).toBe('Provisional: covered');
    expect(coverage('7.5.6')).toBe('Provisional: no document');
  });

  it('lists every clause of the catalogue, those with no document too', () => {
    expect(sample.clauses.map((c) => c.clause.ref)).toEqual(sample.manual.index.all().map((c) => c.ref));
    expect(sample.clauses.find((c) => c.clause.ref === '8.3.2')!.rows).toEqual([]);
  });
});

describe('the matrix as CSV', () => {
  const csv = matrixCsv(sample.rows, AS_OF);
  const lines = csv.slice(1).split('\r\n').slice(0, -1);

  it('is written as the register is: a byte-order mark, a header, one CRLF line a pair', () => {
    expect(csv.startsWith('\uFEFFStandard,Clause,Clause title,Clause coverage,Clause evidence last reviewed,Document ID,Title,Type,Version,Status,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(lines).toHaveLength(sample.rows.length + 1);
  });

  it('writes a date the document lacks as an empty cell, whether it counts as yes or no, and the date it is for', () => {
    const row: MatrixRow = { ...sample.rows[0], approved: null, approver: null, countsForCoverage: false };
    const line = matrixCsv([row], AS_OF).split('\r\n')[1];
    expect(line.endsWith(`,no,${row.owner},,,${row.effective},${row.reviewBy},${AS_OF}`)).toBe(true);
  });

  it('neutralises a title a spreadsheet would run as a formula, and quotes what needs it', () => {
    const row: MatrixRow = { ...sample.rows[0], title: '=HYPERLINK("http://evil.example","Click")', clauseTitle: 'Planning, and control' };
    const line = matrixCsv([row], AS_OF).split('\r\n')[1];
    expect(line).toContain(`,"'=HYPERLINK(""http://evil.example"",""Click"")",`);
    expect(line).toContain(',"Planning, and control",');
  });
});

describe('the matrix as JSON', () => {
  const json = JSON.parse(matrixJson(sample.clauses, AS_OF));

  it('holds the same rows as the CSV, and every clause with its coverage and last review', () => {
    expect(json.asOf).toBe(AS_OF);
    expect(json.rows).toEqual(sample.rows);
    expect(json.clauses).toHaveLength(sample.manual.index.all().length);
    const c81 = json.clauses.find((c: { clause: string }) => c.clause === '8.1');
    expect(c81).toMatchObject({ standard: 'ISO 7101:2023', title: 'Operational planning and control', officialTitle: true, coverage: { state: 'covered', role: 'assessed', text: 'Covered' } });
    expect(c81.documents).toEqual(sample.rows.filter((r) => r.clause === '8.1').map((r) => r.id));
    expect(c81.evidenceLastReviewed.date).toBe(sample.rows.find((r) => r.clause === '8.1')!.evidenceLastReviewed);
  });
});

describe('a clause page rolls up the documents of its subclauses', () => {
  it('lists on the page of clause 8 every document mapped beneath it, with the subclauses', () => {
    const page = sample.page('8');
    const beneath = sample.docs.filter((d) => d.clauses.some((c) => c.startsWith('8.')));
    expect(page.subclauseDocuments.map((r) => r.id).sort()).toEqual(beneath.map((d) => d.id).sort());
    for (const row of page.subclauseDocuments) {
      const doc = sample.docs.find((d) => d.id === row.id)!;
      const under = doc.clauses.filter((c) => c.startsWith('8.')).sort(compareClauseNumbers);
      expect(row.clauses.map((c) => c.id), row.id).toEqual(under);
      expect(row.clauses.map((c) => c.href), row.id).toEqual(under.map((c) => `/clauses/${c}/`));
    }
    // With the documents mapped to 8 itself, every document that maps anywhere under 8.
    const all = new Set([...page.documents.map((d) => d.id), ...page.subclauseDocuments.map((d) => d.id)]);
    expect(all.size).toBe(sample.docs.filter((d) => d.clauses.some((c) => c === '8' || c.startsWith('8.'))).length);
    expect(all.size).toBe(31);
  });

  it('orders them by their first subclause, in clause order', () => {
    const firsts = sample.page('8').subclauseDocuments.map((r) => r.clauses[0].id);
    expect(firsts).toEqual([...firsts].sort(compareClauseNumbers));
  });

  it('has nothing to roll up on a clause without subclauses', () => {
    expect(sample.page('8.2.3').subclauseDocuments).toEqual([]);
  });

  it('reaches documents however deep, and lists a document once with all its subclauses', () => {
    const index = makeIndex([['4', 'Context'], ['4.1', 'One'], ['4.1.1', 'Deep'], ['4.2', 'Two']]);
    const docs = [makeDoc({ id: 'SOP-001', clauses: ['4.1.1', '4.2'] }), makeDoc({ id: 'SOP-002', clauses: ['4'] })];
    const statuses = effectiveStatuses(docs, { asOf: AS_OF, review: { due_soon_days: 60, interval_months: {} } });
    const coverage = clauseCoverage(index, docs, statuses, []);
    const evidence = clauseEvidence(index.get('4')!, index.primary!, coverage, new Map(docs.map((d) => [d.id, d])), statuses);
    expect(evidence.beneath.map((b) => [b.id, b.clauses.map((c) => c.id)])).toEqual([['SOP-001', ['4.1.1', '4.2']]]);
  });
});

describe('the date a clause\u2019s evidence was last reviewed', () => {
  const index = makeIndex([['4', 'Context'], ['4.1', 'One'], ['4.2', 'Two'], ['4.3', 'Three'], ['4.4', 'Four']]);
  const asOf = '2026-06-01';
  const docs = [
    makeDoc({ id: 'SOP-001', clauses: ['4.1'], approved: '2025-03-01', effective: '2025-03-15', review_by: '2027-03-15' }),
    // Overdue for review, but still the version in force: its approval counts.
    makeDoc({ id: 'SOP-002', clauses: ['4.2'], approved: '2025-06-01', effective: '2025-06-15', review_by: '2026-01-01' }),
    // Later approvals that are not in force: a draft, a version not yet effective, a withdrawn one.
    makeDoc({ id: 'SOP-003', clauses: ['4.1', '4.3'], status: 'draft', approved: '2026-05-01', effective: '2026-05-02' }),
    makeDoc({ id: 'SOP-004', clauses: ['4.2'], approved: '2026-05-20', effective: '2026-07-01', review_by: '2028-07-01' }),
    makeDoc({ id: 'SOP-005', clauses: ['4.4'], status: 'obsolete', approved: '2026-04-01', effective: '2026-04-02', withdrawn: '2026-05-01' }),
    // Two approvals on one day: the lower ID is named.
    makeDoc({ id: 'SOP-007', clauses: ['4.4'], approved: '2025-01-10', effective: '2025-02-01', review_by: '2027-02-01' }),
    makeDoc({ id: 'SOP-006', clauses: ['4.4'], version: 3, approved: '2025-01-10', effective: '2025-02-01', review_by: '2027-02-01' }),
  ];
  const statuses = effectiveStatuses(docs, { asOf, review: { due_soon_days: 60, interval_months: {} } });
  const coverage = clauseCoverage(index, docs, statuses, []);
  const last = (ref: string) => clauseEvidence(index.get(ref)!, index.primary!, coverage, new Map(docs.map((d) => [d.id, d])), statuses).lastReviewed;

  it('is the latest approval of the documents in force mapped to the clause', () => {
    expect(statuses.get('SOP-002')!.state).toBe('overdue');
    expect(last('4.1')).toEqual({ date: '2025-03-01', id: 'SOP-001', version: 1 });
    expect(last('4.2')).toEqual({ date: '2025-06-01', id: 'SOP-002', version: 1 });
  });

  it('never counts a draft, a version not yet effective or a withdrawn one', () => {
    expect(statuses.get('SOP-004')!.state).toBe('not-yet-effective');
    expect(last('4.3')).toBeUndefined();
    expect(last('4.4')!.id).not.toBe('SOP-005');
  });

  it('names the lower ID when two were approved the same day', () => {
    expect(last('4.4')).toEqual({ date: '2025-01-10', id: 'SOP-006', version: 3 });
  });

  it('is, for a clause with subclauses, the latest of its own and its subclauses\u2019 documents', () => {
    expect(last('4')).toEqual({ date: '2025-06-01', id: 'SOP-002', version: 1 });
  });

  it('is said in words, with the approval that gave it, or that there is none', () => {
    expect(lastReviewedView(last('4.2'), false)).toEqual({ reviewed: true, date: '2025-06-01', dateText: '1 Jun 2025', id: 'SOP-002', version: 1, href: '/docs/SOP-002/' });
    expect(lastReviewedView(undefined, false)).toEqual({ reviewed: false, text: 'never: no document in force is mapped to this clause' });
    expect(lastReviewedView(undefined, true)).toEqual({ reviewed: false, text: 'never: no document in force is mapped to this clause or its subclauses' });
  });

  it('agrees on the sample manual with the latest approval in force, on the clause page and in every row of the matrix', () => {
    for (const c of sample.clauses) {
      const expected = latestApproval(sample.docs, sample.analysis.statuses, c.clause.ref);
      expect(c.lastReviewed?.date, c.clause.ref).toBe(expected);
      const page = sample.page(c.clause.ref).lastReviewed;
      expect(page.reviewed ? page.date : undefined, c.clause.ref).toBe(expected);
      for (const row of c.rows) expect(row.evidenceLastReviewed, `${c.clause.ref} ${row.id}`).toBe(expected ?? null);
    }
    expect(sample.clauses.find((c) => c.clause.ref === '7.5.6')!.lastReviewed).toBeUndefined();
  });
});

describe('the coverage chart', () => {
  /** The chart's numbers against the summary on /clauses/, for the manual in a folder. */
  function expectChartToAgree(pack: ReturnType<typeof packOf>) {
    const chart = coverageChart(pack.manual.index, pack.analysis.coverage);
    const summary = coverageSummaryView(pack.analysis.summary, pack.analysis.coverage);
    for (const { state, count } of summary.cards) expect(chart.totals[state], state).toBe(count);
    expect(chart.totals.provisional).toBe(summary.provisional.total);
    for (const series of CHART_SERIES) expect(chart.bars.reduce((n, b) => n + b.counts[series], 0), series).toBe(chart.totals[series]);
    return chart;
  }

  it('has one bar for each top-level clause, 4 to 10, whose numbers add up to the summary on /clauses/', () => {
    const chart = expectChartToAgree(sample);
    expect(chart.bars.map((b) => b.label)).toEqual([
      '4 Context of the organization',
      '5 Leadership',
      '6 Planning',
      '7 Support',
      '8 Operation',
      '9 Performance evaluation',
      '10 Improvement',
    ]);
    expect(chart.bars.find((b) => b.clause.id === '8')!.counts).toEqual({ covered: 5, 'at-risk': 0, gap: 0, excluded: 0, provisional: 10 });
    expect(chart.bars.find((b) => b.clause.id === '8')!.words).toBe('8 Operation: 5 covered, 10 provisional.');
  });

  it.each([
    ['clause-gap', 'gap'],
    ['clause-at-risk', 'at-risk'],
    ['exclusion-unjustified', 'excluded'],
  ] as const)('agrees with the summary when a clause is not covered (%s)', (overlay, state) => {
    const pack = packOf(makeProject(overlay));
    const chart = expectChartToAgree(pack);
    expect(chart.totals[state]).toBeGreaterThan(0);
    // The overlay's clause is 4.2, counted in the bar of clause 4.
    expect(chart.bars.find((b) => b.clause.id === '4')!.counts[state]).toBe(1);
  });

  it('draws each bar to scale: pieces side by side, the widest bar the full width', () => {
    const chart = coverageChart(sample.manual.index, sample.analysis.coverage);
    const widest = Math.max(...chart.bars.map((b) => b.total));
    for (const bar of chart.bars) {
      let x = 0;
      for (const s of bar.segments) {
        expect(s.x).toBeCloseTo(x, 1);
        expect(s.width).toBeCloseTo((s.count / widest) * 100, 1);
        x += s.width;
      }
      expect(x).toBeCloseTo((bar.total / widest) * 100, 1);
      expect(bar.segments.every((s) => s.count > 0)).toBe(true);
    }
    expect(Math.max(...chart.bars.map((b) => b.segments.reduce((w, s) => w + s.width, 0)))).toBeCloseTo(100, 1);
  });

  it('counts every state the summary knows, and provisional clauses apart', () => {
    expect(CHART_SERIES).toEqual([...COVERAGE_STATES, 'provisional']);
  });
});
