import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { ManualAnalysis } from '../../src/qms/analysis.ts';
import { COVERAGE_STATES } from '../../src/qms/coverage.ts';
import type { Manual } from '../../src/qms/load/manual.ts';
import { CHART_SERIES } from '../../src/qms/views/coverage-chart.ts';
import { checkAccessibility, formatViolations, type StaticServer } from './browser.ts';
import { siteSession } from './site-session.ts';

// The audit pack as the build writes it and an auditor opens it: the clause × document matrix (CSV, JSON,
// the printable page), the clause pages' rollup of their subclauses, the coverage chart against the
// summary on /clauses/, and the register's clause filter; in a real browser, light and dark, on a phone.
const site = siteSession();
const siteDir = inject('siteDir');
let manual: Manual;
let analysis: ManualAnalysis;
let server: StaticServer;
beforeAll(() => ({ manual, analysis, server } = site));

const file = (path: string) => readFileSync(join(siteDir, path), 'utf8');
const page = (path: string) => file(join(path, 'index.html'));

/** RFC 4180 records: quoted cells may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') record.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(cell);
      records.push(record);
      (record = []), (cell = ''), i++;
    } else cell += ch;
  }
  return records;
}

/** The matrix as the build wrote it: one object a data line, keyed by the header. */
function matrix(): Record<string, string>[] {
  const text = file('audit/matrix.csv');
  expect(text.startsWith('\uFEFF')).toBe(true);
  const [header, ...lines] = parseCsv(text.slice(1));
  return lines.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i]])));
}

/** The date a page gives as its `data-last-reviewed` (Astro writes an empty one as a bare attribute). */
const lastReviewed = (html: string) => /data-last-reviewed(?:="([^"]*)")?/.exec(html)![1] ?? '';

/** The IDs in one of a clause page's document tables, in order. */
function tableIds(html: string, marker: string): string[] {
  const table = new RegExp(`<table[^>]*${marker}[^>]*>(.*?)</table>`, 's').exec(html)?.[1] ?? '';
  return [...table.matchAll(/<tr[^>]*data-document="([^"]+)"/g)].map((m) => m[1]);
}

/** The numbers of the summary cards on /clauses/, and its count of provisional clauses. */
function summaryOf(html: string) {
  const cards = Object.fromEntries(
    COVERAGE_STATES.map((state) => [state, Number(new RegExp(`data-summary="${state}"><span class="summary-card__count">(\\d+)</span>`).exec(html)![1])]),
  );
  const provisional = Number(/Not counted above: (\d+) provisional clause/.exec(html)![1]);
  return { ...cards, provisional } as Record<(typeof CHART_SERIES)[number], number>;
}

/** What a chart on a built page says: its table's total row, and the numbers written on its bars. */
function chartOf(html: string) {
  const foot = /<tr[^>]*data-chart-total[^>]*>(.*?)<\/tr>/s.exec(html)![1];
  const totals = Object.fromEntries([...foot.matchAll(/data-count="([a-z-]+)"[^>]*>(\d+)</g)].map((m) => [m[1], Number(m[2])]));
  const drawn = Object.fromEntries(CHART_SERIES.map((s) => [s, 0]));
  for (const m of html.matchAll(/data-segment="([a-z-]+)" data-count="(\d+)"/g)) drawn[m[1]] += Number(m[2]);
  return { totals, drawn };
}

describe('the clause × document matrix, as built', () => {
  it('has one row for each clause–document pair, and agrees with every clause page', () => {
    const rows = matrix();
    const pairs = manual.documents.flatMap((d) => [...new Set(d.data.clauses.map((ref) => manual.index.get(ref)!.ref))].map((ref) => `${ref} ${d.data.id}`));
    const rowPairs = rows.map((r) => `${r.Clause} ${r['Document ID']}`);
    expect(new Set(rowPairs).size).toBe(rowPairs.length);
    expect([...rowPairs].sort()).toEqual([...pairs].sort());
    for (const clause of manual.index.all()) {
      const listed = tableIds(page(`clauses/${clause.ref.replace(':', '/')}`), 'data-mapped-documents');
      expect(rows.filter((r) => r.Clause === clause.ref).map((r) => r['Document ID']), clause.ref).toEqual(listed);
    }
  });

  it('gives each row the document\u2019s version, status as of the build, approval, effective and review dates', () => {
    for (const row of matrix()) {
      const doc = manual.documents.find((d) => d.data.id === row['Document ID'])!.data;
      const status = analysis.statuses.get(doc.id)!;
      expect(row, `${row.Clause} ${doc.id}`).toMatchObject({
        Title: doc.title,
        Version: String(doc.version),
        Status: status.label,
        Approved: doc.approved ?? '',
        Approver: doc.approver ?? '',
        Effective: doc.effective ?? '',
        'Review by': status.reviewBy ?? '',
        'Status as of': inject('asOf'),
      });
    }
  });

  it('says the same as JSON, and on the printable page', () => {
    const rows = matrix();
    const json = JSON.parse(file('audit/matrix.json'));
    expect(json.rows.map((r: { clause: string; id: string }) => `${r.clause} ${r.id}`)).toEqual(rows.map((r) => `${r.Clause} ${r['Document ID']}`));
    const html = page('audit');
    for (const clause of manual.index.all()) {
      const section = new RegExp(`data-audit-clause="${clause.ref.replaceAll('.', '\\.')}"(.*?)(?=data-audit-clause=|</main>)`, 's').exec(html)![1];
      const ids = [...section.matchAll(/data-document="([^"]+)"/g)].map((m) => m[1]);
      expect(ids, clause.ref).toEqual(rows.filter((r) => r.Clause === clause.ref).map((r) => r['Document ID']));
      const reviewed = lastReviewed(section);
      for (const row of rows.filter((r) => r.Clause === clause.ref)) expect(row['Clause evidence last reviewed'], clause.ref).toBe(reviewed);
    }
  });

  it('is linked from /clauses/', () => {
    expect(page('clauses')).toContain('<a href="/audit/">Audit pack</a>');
  });
});

describe('a clause page, as built', () => {
  it('lists on /clauses/8/ every document mapped to 8 or anywhere under it', () => {
    const html = page('clauses/8');
    const listed = new Set([...tableIds(html, 'data-mapped-documents'), ...tableIds(html, 'data-subclause-documents')]);
    const under = manual.documents.filter((d) => d.data.clauses.some((c) => c === '8' || c.startsWith('8.'))).map((d) => d.data.id);
    expect([...listed].sort()).toEqual(under.sort());
    expect(tableIds(html, 'data-subclause-documents').length).toBe(manual.documents.filter((d) => d.data.clauses.some((c) => c.startsWith('8.'))).length);
  });

  it('says when the evidence was last reviewed, as the matrix does', () => {
    const rows = matrix();
    for (const ref of ['8', '8.1', '8.12', '7.5.6']) {
      const html = page(`clauses/${ref}`);
      const date = lastReviewed(html);
      const row = rows.find((r) => r.Clause === ref);
      if (row) expect(date, ref).toBe(row['Clause evidence last reviewed']);
      else expect(date, ref).toBe('');
    }
  });
});

describe('the coverage chart, as built', () => {
  it.each(['clauses', 'audit'])('has the summary\u2019s numbers on /%s/, in its table and on its bars', (path) => {
    const summary = summaryOf(page('clauses'));
    const { totals, drawn } = chartOf(page(path));
    expect(totals).toEqual(summary);
    expect(drawn).toEqual(summary);
    expect(summary.covered).toBe(analysis.summary.covered);
  });
});

describe('the audit pack in a browser', () => {
  const open = (path: string, width = 1366) => site.open(path, { viewport: { width, height: 900 } });

  it.each(['light', 'dark'] as const)('has no WCAG 2.2 A or AA violation on /audit/, /clauses/ and /clauses/8/ (%s)', async (scheme) => {
    const page = await open('/audit/');
    await page.emulateMedia({ colorScheme: scheme });
    for (const path of ['/audit/', '/clauses/', '/clauses/8/', '/register/']) {
      await page.goto(server.url + path);
      const violations = await checkAccessibility(page);
      expect(violations, `${path}\n${formatViolations(violations)}`).toEqual([]);
    }
    await page.close();
  });

  it.each([320, 360, 390, 768, 1366])('is no wider than a %i px screen', async (width) => {
    const page = await open('/audit/', width);
    for (const path of ['/audit/', '/clauses/', '/clauses/8/', '/register/']) {
      await page.goto(server.url + path);
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth }));
      expect(scrollWidth, path).toBeLessThanOrEqual(innerWidth);
    }
    await page.close();
  });

  it('prints clause headings and tables, without the navigation or the downloads', async () => {
    const page = await open('/audit/', 390);
    await expect.poll(() => page.locator('button[data-print]').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'print' });
    for (const selector of ['.site-menu', '.breadcrumb', '.audit-downloads']) expect(await page.locator(selector).isVisible(), selector).toBe(false);
    const table = page.locator('[data-audit-clause="8.1"] table');
    expect(await table.evaluate((t) => getComputedStyle(t).display)).toBe('table');
    expect(await table.locator('thead').isVisible()).toBe(true);
    expect(await page.locator('[data-audit-clause="8.1"] h4').innerText()).toBe('8.1 Operational planning and control');
    await page.close();
  });

  it('tells a screen reader what the chart shows, in words', async () => {
    const page = await open('/audit/');
    const chart = page.getByRole('img', { name: /^Coverage of each top-level clause/ });
    await expect.poll(() => chart.count()).toBe(1);
    const description = await chart.evaluate((svg) => document.getElementById(svg.getAttribute('aria-describedby')!)!.textContent);
    expect(description).toContain('8 Operation: 5 covered, 10 provisional.');
    await page.close();
  });
});

describe('the register\u2019s clause filter', () => {
  it('finds the documents of a clause and of all its subclauses', async () => {
    const page: Page = await site.open('/register/');
    const total = manual.documents.length;
    const under = (ref: string) => manual.documents.filter((d) => d.data.clauses.some((c) => c === ref || c.startsWith(`${ref}.`))).map((d) => d.data.id);
    for (const ref of ['8', '8.2', '8.2.3']) {
      await page.selectOption('#f-clause', ref);
      await expect.poll(() => page.locator('#register-count').textContent()).toBe(`Showing ${under(ref).length} of ${total} documents.`);
      const shown = await page.$$eval('#register tbody tr:not([hidden])', (rows) => rows.map((r) => (r as HTMLTableRowElement).cells[0].textContent));
      expect(shown.sort(), ref).toEqual(under(ref).sort());
    }
    expect(under('8').length).toBeGreaterThan(under('8.2').length);
    await page.close();
  });

  it('shows each document\u2019s clauses in a column, as the CSV does', () => {
    const html = page('register');
    const csv = parseCsv(file('register.csv').slice(1));
    const column = csv[0].indexOf('ISO 7101 clauses');
    for (const line of csv.slice(1)) {
      const id = line[0];
      const row = new RegExp(`<tr[^>]*>\\s*<td[^>]*>${id}</td>(.*?)</tr>`, 's').exec(html)![1];
      const cell = /data-label="Clauses"[^>]*>(.*?)<\/td>/s.exec(row)![1];
      const shown = [...cell.matchAll(/<a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]).join('; ');
      expect(shown, id).toBe(line[column]);
    }
  });
});
