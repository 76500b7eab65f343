import { clauseLabel, type Clause, type ClauseIndex } from '../catalogue.ts';
import { COVERAGE_LABEL, COVERAGE_STATES, requiredLeaves, type ClauseCoverage } from '../coverage.ts';
import { clauseUrl } from './urls.ts';

/*
 * The coverage chart: for each top-level clause, its clauses counted as the summary on /clauses/ counts
 * them. The required clauses assessed on their own documents by state (a clause with subclauses only rolls
 * theirs up, so it is not counted again), and the provisional clauses apart. Added over all bars, the
 * numbers are the summary's.
 */

export const CHART_SERIES = [...COVERAGE_STATES, 'provisional'] as const;
export type ChartSeries = (typeof CHART_SERIES)[number];

export const SERIES_LABEL: Record<ChartSeries, string> = { ...COVERAGE_LABEL, provisional: 'Provisional' };

export interface ChartBar {
  clause: Clause;
  /** "8 Operation"; another standard's clauses are named with it: "ISO 9001:2015 8 Operation". */
  label: string;
  href: string;
  counts: Record<ChartSeries, number>;
  total: number;
  /** The bar's pieces with a count, left to right, as percentages of the widest bar. */
  segments: { series: ChartSeries; count: number; x: number; width: number }[];
  /** "8 Operation: 5 covered, 10 provisional." */
  words: string;
}

export interface CoverageChart {
  bars: ChartBar[];
  /** The sums over all bars: the summary's counts, and its provisional count. */
  totals: Record<ChartSeries, number>;
}

export function coverageChart(index: ClauseIndex, coverage: ReadonlyMap<string, ClauseCoverage>): CoverageChart {
  const assessed = new Set(requiredLeaves(coverage).map((c) => c.clause));
  const ordered = index.all();
  const tops = ordered.filter((c) => c.parent === null);
  const counted = tops.map((top) => {
    const counts = Object.fromEntries(CHART_SERIES.map((s) => [s, 0])) as Record<ChartSeries, number>;
    for (const clause of ordered.filter((c) => within(c, top))) {
      const c = coverage.get(clause.ref)!;
      if (!c.required) counts.provisional++;
      else if (assessed.has(clause)) counts[c.state]++;
    }
    return { top, counts, total: CHART_SERIES.reduce((sum, s) => sum + counts[s], 0) };
  });
  const widest = Math.max(1, ...counted.map((b) => b.total));
  const bars = counted.map(({ top, counts, total }) => {
    const standard = top.ref === top.id ? '' : `${index.catalogues.find((c) => c.id === top.standardId)!.standard} `;
    const label = `${standard}${top.id} ${clauseLabel(top)}`;
    let x = 0;
    const segments = CHART_SERIES.filter((s) => counts[s] > 0).map((series) => {
      const width = (counts[series] / widest) * 100;
      const segment = { series, count: counts[series], x: round(x), width: round(width) };
      x += width;
      return segment;
    });
    return { clause: top, label, href: clauseUrl(top.ref), counts, total, segments, words: `${label}: ${countsInWords(counts)}.` };
  });
  const totals = Object.fromEntries(CHART_SERIES.map((s) => [s, bars.reduce((sum, b) => sum + b.counts[s], 0)])) as Record<ChartSeries, number>;
  return { bars, totals };
}

/** "5 covered, 1 gap, 10 provisional", or "no clauses counted". */
function countsInWords(counts: Record<ChartSeries, number>): string {
  const parts = CHART_SERIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${SERIES_LABEL[s].toLowerCase()}`);
  return parts.length > 0 ? parts.join(', ') : 'no clauses counted';
}

/** A clause is within a top-level clause of its own standard: itself, or numbered under it. */
const within = (clause: Clause, top: Clause) => clause.standardId === top.standardId && (clause.id === top.id || clause.id.startsWith(`${top.id}.`));

const round = (n: number) => Math.round(n * 100) / 100;
