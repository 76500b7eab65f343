import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { analyseManual, type ManualAnalysis } from '../../src/qms/analysis.ts';
import { clauseLabel } from '../../src/qms/catalogue.ts';
import { COVERAGE_STATES } from '../../src/qms/coverage.ts';
import { loadManual, type Manual } from '../../src/qms/load/manual.ts';

// The clauses as the built sample manual shows them: names, the tree against its summary, a document's
// clause list, the home page's filter and alerts.
const siteDir = inject('siteDir');
let manual: Manual;
let analysis: ManualAnalysis;
const page = (path: string) => readFileSync(join(siteDir, path, 'index.html'), 'utf8');
/** The text of some HTML, tags removed and entities read, spaces collapsed. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replaceAll('&#39;', "'")
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')
    .replace(/\s+/g, ' ')
    .trim();
const count = (html: string, pattern: RegExp) => [...html.matchAll(pattern)].length;
/** The clause page's summary (everything before the tree) and its tree. */
function summaryAndTree(): [string, string] {
  const html = page('clauses');
  const start = html.indexOf('<ul class="clause-tree">');
  expect(start).toBeGreaterThan(0);
  return [html.slice(0, start), html.slice(start)];
}

beforeAll(() => {
  manual = loadManual(process.cwd());
  analysis = analyseManual(manual.documents.map((d) => d.data), manual.index, manual.settings, inject('asOf'));
});

describe('the clause cross-reference', () => {
  it('shows as many coverage badges of each state in the tree as its summary counts', () => {
    const [summary, tree] = summaryAndTree();
    for (const state of COVERAGE_STATES) {
      const card = new RegExp(`data-summary="${state}"><span class="summary-card__count">(\\d+)</span>`).exec(summary);
      expect(card, state).not.toBeNull();
      expect(count(tree, new RegExp(`class="badge coverage--${state}"`, 'g')), state).toBe(Number(card![1]));
      expect(Number(card![1]), state).toBe(analysis.summary[state]);
    }
    expect(count(tree, /class="badge coverage--gap"/g)).toBe(0);
  });

  it('counts the provisional clauses apart, as many as carry a provisional tag in the tree', () => {
    const [summary, tree] = summaryAndTree();
    const provisional = manual.index.primary!.clauses.filter((c) => !c.confirmed);
    expect(count(tree, /data-provisional-coverage="/g)).toBe(provisional.length);
    expect(text(/<p data-provisional-summary>(.*?)<\/p>/s.exec(summary)![1])).toBe(
      `Not counted above: ${provisional.length} provisional clauses, whose official title is not confirmed: 2 with no document, 9 covered.`,
    );
    for (const [state, n] of [['gap', 2], ['covered', 9]] as const) {
      expect(count(tree, new RegExp(`data-provisional-coverage="${state}"`, 'g'))).toBe(n);
    }
  });

  it('names each provisional clause by our topic, marked as not the official title', () => {
    const tree = page('clauses');
    for (const clause of manual.index.primary!.clauses.filter((c) => !c.confirmed)) {
      const row = new RegExp(`<li data-clause="${clause.ref.replaceAll('.', '\\.')}" [^>]*>(.*?)</a>`, 's').exec(tree)![1];
      expect(text(row)).toBe(`${clause.id} ${clauseLabel(clause)}`);
      expect(row).toContain(`<em class="provisional">`);
    }
  });
});

describe('the page of a clause whose title is unconfirmed', () => {
  it('heads it with the topic, marked, explains why, and never uses a secondary source\u2019s title', () => {
    const html = page('clauses/8.12');
    expect(text(/<h1>(.*?)<\/h1>/s.exec(html)![1])).toBe('8.12 Patient safety culture and processes (topic; official title not confirmed)');
    expect(text(html)).toContain('The name shown is our own description of its topic, not the title in the standard.');
    expect(text(html)).toContain('Coverage: provisional: covered Not required, and counted apart from the coverage summary, until its official title is confirmed.');
    expect(html).not.toContain('Patient safety</');
  });
});

describe('every page', () => {
  it('never says "Title not yet confirmed", /admin/ included', () => {
    const files = readdirSync(siteDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html'));
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain(join('admin', 'index.html'));
    const saying = files.filter((f) => /title not yet confirmed/i.test(readFileSync(join(siteDir, f), 'utf8')));
    expect(saying).toEqual([]);
  });
});

describe('a document\u2019s clause list', () => {
  it('leads with the clauses that have an official title, and marks a provisional one as a topic', () => {
    const html = page('docs/SOP-004');
    const list = /<dt>ISO 7101 clauses<\/dt>\s*<dd>(.*?)<\/dd>/s.exec(html)![1];
    expect([...list.matchAll(/<li>(.*?)<\/li>/gs)].map((m) => text(m[1]))).toEqual([
      '7.3 Awareness',
      '8.12 Patient safety culture and processes (topic; official title not confirmed)',
    ]);
  });
});

describe('the home page', () => {
  it('offers every clause in the search filter, a provisional one by its topic, marked', () => {
    const html = page('');
    const select = /<select id="search-clause"[^>]*>(.*?)<\/select>/s.exec(html)![1];
    const options = [...select.matchAll(/<option value="([^"]*)">(.*?)<\/option>/gs)].map((m) => [m[1], text(m[2])]);
    expect(options.map(([value]) => value)).toEqual(['', ...manual.index.primary!.clauses.map((c) => c.ref)]);
    expect(options).toContainEqual(['8.12', '8.12 Patient safety culture and processes (topic; official title not confirmed)']);
  });

  it('alerts on as many clauses as the summary counts gaps and clauses at risk: none in the sample', () => {
    expect(analysis.summary.gap + analysis.summary['at-risk']).toBe(0);
    expect(page('')).not.toContain('not covered by a current document');
  });
});
