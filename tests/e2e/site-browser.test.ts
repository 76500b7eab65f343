import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ManualAnalysis } from '../../src/qms/analysis.ts';
import type { Manual } from '../../src/qms/load/manual.ts';
import { checkAccessibility, formatViolations } from './browser.ts';
import { siteSession } from './site-session.ts';

// The built sample manual in a real browser, as staff, controllers and auditors use it.
const site = siteSession();
let manual: Manual;
let analysis: ManualAnalysis;
let browser: Browser;
beforeAll(() => ({ manual, analysis, browser } = site));

const open = (path: string): Promise<Page> => site.open(path);

function docsIn(state: string) {
  return manual.documents.filter((d) => analysis.statuses.get(d.data.id)!.state === state);
}

async function search(page: Page, query: string): Promise<string[]> {
  await page.fill('#search-input', query);
  await page.press('#search-input', 'Enter');
  await page.waitForFunction(() => {
    const text = document.querySelector('#search-status')?.textContent ?? '';
    return text !== '' && text !== 'Searching…';
  });
  return page.$$eval('#search-results .search-result__title a', (links) => links.map((a) => a.textContent ?? ''));
}

describe('search, as a member of staff', () => {
  it('finds the hand-hygiene procedure, whose page says it is current and who owns it', async () => {
    const page = await open('/');
    const titles = await search(page, 'hand hygiene');
    expect(titles).toContain('SOP-004 Hand hygiene');
    const result = page.locator('.search-result[data-id="SOP-004"]');
    expect(await result.locator('.badge').textContent()).toBe('Current');

    await result.locator('.search-result__title a').click();
    await page.waitForURL(/\/docs\/SOP-004\/$/);
    expect(await page.locator('h1').textContent()).toBe('Hand hygiene');
    expect(await page.locator('.status-banner__label').textContent()).toBe('Current');
    const owner = manual.documents.find((d) => d.data.id === 'SOP-004')!.data.owner!;
    expect(await page.locator('.controlled-header div', { hasText: 'Owner' }).locator('dd').textContent()).toBe(owner);
  });

  it('never offers a draft or a document in review, even when withdrawn versions are asked for', async () => {
    const unapproved = [...docsIn('draft'), ...docsIn('in-review')];
    expect(unapproved.length).toBeGreaterThan(0);
    const page = await open('/');
    await page.check('#search-archived');
    for (const doc of unapproved) {
      const titles = await search(page, doc.data.title);
      expect(titles.filter((t) => t.startsWith(`${doc.data.id} `))).toEqual([]);
    }
  });

  it('offers superseded documents only when asked for, marked as superseded', async () => {
    const [old] = docsIn('superseded');
    const page = await open('/');
    expect(await search(page, old.data.title)).not.toContain(`${old.data.id} ${old.data.title}`);
    await page.check('#search-archived');
    expect(await search(page, old.data.title)).toContain(`${old.data.id} ${old.data.title}`);
    const result = page.locator(`.search-result[data-id="${old.data.id}"]`);
    expect(await result.locator('.badge').textContent()).toBe('Superseded');
  });

  it('filters by type, department and clause', async () => {
    const page = await open('/');
    await page.selectOption('#search-type', 'Form');
    const forms = await search(page, 'record');
    expect(forms.length).toBeGreaterThan(0);
    expect(forms.every((t) => t.startsWith('FRM-'))).toBe(true);

    await page.selectOption('#search-type', '');
    await page.selectOption('#search-clause', '8.2.3');
    const clauseHits = await search(page, 'equipment');
    // A clause also finds the documents of its subclauses.
    const mapped = manual.documents.filter((d) => d.data.clauses.some((c) => c === '8.2.3' || c.startsWith('8.2.3.'))).map((d) => d.data.id);
    expect(clauseHits.length).toBeGreaterThan(0);
    expect(clauseHits.every((t) => mapped.includes(t.split(' ')[0]))).toBe(true);

    await page.selectOption('#search-clause', '');
    const department = manual.documents.flatMap((d) => d.data.departments).find((d) => d !== '')!;
    await page.selectOption('#search-department', department);
    const deptHits = await search(page, 'the');
    // A document for the whole organization (no departments) belongs to every department.
    const inDept = manual.documents.filter((d) => d.data.departments.length === 0 || d.data.departments.includes(department)).map((d) => d.data.id);
    expect(deptHits.length).toBeGreaterThan(0);
    expect(deptHits.every((t) => inDept.includes(t.split(' ')[0]))).toBe(true);
  });
});

describe('document pages', () => {
  it('mark a superseded document unmistakably and link to its replacement', async () => {
    const [old] = docsIn('superseded');
    const page = await open(`/docs/${old.data.id}/`);
    expect(await page.locator('.status-banner__label').textContent()).toBe('Superseded');
    const replacement = analysis.statuses.get(old.data.id)!.supersededBy[0];
    await page.locator('.status-banner').getByRole('link', { name: replacement }).click();
    await page.waitForURL(new RegExp(`/docs/${replacement}/$`));
    expect(await page.locator('.status-banner__label').textContent()).not.toBe('Superseded');
  });

  it('mark a draft as not approved', async () => {
    const [draft] = docsIn('draft');
    const page = await open(`/docs/${draft.data.id}/`);
    expect(await page.locator('.status-banner__label').textContent()).toBe('Draft, not approved');
    expect(await page.locator('.status-banner__advice').textContent()).toContain('Do not use it');
  });
});

describe('the register, as a document controller', () => {
  it('filters by status and sorts by review date', async () => {
    const page = await open('/register/');
    const total = manual.documents.length;
    await page.selectOption('#f-state', 'overdue');
    const overdue = docsIn('overdue').length;
    expect(await page.locator('#register-count').textContent()).toBe(`Showing ${overdue} of ${total} documents.`);
    await page.selectOption('#f-state', '');

    await page.getByRole('button', { name: 'Review by' }).click();
    expect(await page.locator('th[data-key="reviewBy"]').getAttribute('aria-sort')).toBe('ascending');
    const dates = await page.$$eval('#register tbody tr', (rows) => rows.map((r) => (r as HTMLTableRowElement).cells[7].dataset.sort ?? ''));
    expect(dates).toEqual([...dates].sort());
  });
});

describe('accessibility', () => {
  const pages = () => [
    '/',
    '/docs/SOP-004/',
    `/docs/${docsIn('superseded')[0].data.id}/`,
    `/docs/${docsIn('draft')[0].data.id}/`,
    `/docs/${docsIn('overdue')[0].data.id}/`,
    '/register/',
    '/clauses/',
    '/clauses/8.2.3/',
    '/clauses/8.5/',
    '/reviews/',
    '/changes/',
  ];

  it('has no WCAG 2.2 A or AA violations on any kind of page', async () => {
    for (const path of pages()) {
      const page = await open(path);
      const violations = await checkAccessibility(page);
      expect(violations, `${path}\n${formatViolations(violations)}`).toEqual([]);
      await page.close();
    }
  });

  it('has no violations with search results on screen', async () => {
    const page = await open('/');
    await search(page, 'hand hygiene');
    const violations = await checkAccessibility(page);
    expect(violations, formatViolations(violations)).toEqual([]);
  });

  it('lets a keyboard user skip straight to the content', async () => {
    const page = await open('/docs/SOP-004/');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  });
});
