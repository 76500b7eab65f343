import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { ManualAnalysis } from '../../src/qms/analysis.ts';
import type { Manual } from '../../src/qms/load/manual.ts';
import { checkAccessibility, formatViolations, freePort, type StaticServer } from './browser.ts';
import { siteSession } from './site-session.ts';

// The built sample manual on a phone, a tablet and a desktop screen, in light and dark mode: nothing wider
// than the screen, results and text on the first screen, no dead ends, nothing overlapping.
const site = siteSession();
let manual: Manual;
let analysis: ManualAnalysis;
let server: StaticServer;
beforeAll(() => ({ manual, analysis, server } = site));

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };

/** A blank page `width` wide, on the build's day (the session's default clock). */
const newPage = (width: number, options: BrowserContextOptions = {}): Promise<Page> =>
  site.open(undefined, { viewport: { width, height: width >= 1024 ? 900 : 844 }, ...options });

/** One document in each effective state the sample manual has (current, overdue, draft, superseded...). */
function documentOfEachState(): { state: string; id: string }[] {
  const seen = new Map<string, string>();
  for (const d of manual.documents) {
    const state = analysis.statuses.get(d.data.id)!.state;
    if (!seen.has(state)) seen.set(state, d.data.id);
  }
  return [...seen].map(([state, id]) => ({ state, id }));
}

/** Every kind of page the site has (the CMS at /admin/ aside). */
function pageTypes(): string[] {
  return [
    '/',
    ...documentOfEachState().map(({ id }) => `/docs/${id}/`),
    '/register/',
    '/reviews/',
    '/clauses/',
    '/clauses/8.2.3/',
    '/changes/',
    '/verify/',
    '/no-such-page/',
  ];
}

const overflow = (page: Page) =>
  page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth }));

async function searchFor(page: Page, query: string): Promise<void> {
  await page.fill('#search-input', query);
  await page.press('#search-input', 'Enter');
  await page.locator('#search-results .search-result').first().waitFor();
}

describe('on a narrow screen nothing is wider than the screen', () => {
  it('covers a document in each state, drafts and withdrawn ones among them', () => {
    expect(documentOfEachState().map((d) => d.state)).toEqual(expect.arrayContaining(['current', 'overdue', 'draft', 'in-review', 'superseded']));
  });

  it.each([320, 360, 390, 768])('at %i px, on every kind of page and with search results', async (width) => {
    const page = await newPage(width);
    for (const path of pageTypes()) {
      await page.goto(server.url + path);
      expect(await overflow(page), path).toSatisfy(({ scrollWidth, innerWidth }) => scrollWidth <= innerWidth);
    }
    await page.goto(`${server.url}/`);
    await searchFor(page, 'hand hygiene');
    expect(await overflow(page), 'search results').toSatisfy(({ scrollWidth, innerWidth }) => scrollWidth <= innerWidth);
    await page.close();
  });

  it('on every document page at 320 px, wide tables in the text scrolling in their own box', async () => {
    const page = await newPage(320);
    let tables = 0;
    for (const { data } of manual.documents) {
      await page.goto(`${server.url}/docs/${data.id}/`);
      expect(await overflow(page), data.id).toSatisfy(({ scrollWidth, innerWidth }) => scrollWidth <= innerWidth);
      tables += await page.locator('.document__body .table-scroll[role="region"][tabindex="0"] > table').count();
    }
    expect(tables).toBeGreaterThan(0);
    await page.close();
  });
});

describe('a phone', () => {
  it('shows the first search result on the first screen', async () => {
    const page = await newPage(PHONE.width);
    await page.goto(`${server.url}/`);
    await searchFor(page, 'hand hygiene');
    const first = page.locator('#search-results .search-result__title').first();
    await expect.poll(async () => {
      const box = await first.boundingBox();
      return box !== null && box.y >= 0 && box.y + box.height <= PHONE.height;
    }).toBe(true);
    await page.close();
  });

  it('starts the text of a document in each state on the first screen, the banner above and the details one tap away', async () => {
    const page = await newPage(PHONE.width);
    for (const { id } of documentOfEachState()) {
      await page.goto(`${server.url}/docs/${id}/`);
      const paragraph = await page.locator('.document__body p').first().boundingBox();
      expect(paragraph, id).not.toBeNull();
      // At least its first line is on screen.
      expect(paragraph!.y + 24, id).toBeLessThanOrEqual(PHONE.height);
      expect((await page.locator('.status-banner').boundingBox())!.y, id).toBeLessThan(paragraph!.y);
    }
    await page.goto(`${server.url}/docs/SOP-004/`);
    const owner = page.locator('.controlled-header dt', { hasText: 'Owner' });
    await expect.poll(() => owner.isVisible()).toBe(false);
    await page.getByText('Document details').click();
    await expect.poll(() => owner.isVisible()).toBe(true);
    await page.close();
  });

  it('keeps the controlled details open on a wide screen', async () => {
    const page = await newPage(DESKTOP.width);
    await page.goto(`${server.url}/docs/SOP-004/`);
    await expect.poll(() => page.locator('.controlled-header dt', { hasText: 'Owner' }).isVisible()).toBe(true);
    await page.close();
  });

  it('has a one-row header whose menu opens by keyboard, and without script', async () => {
    for (const javaScriptEnabled of [true, false]) {
      const page = await newPage(PHONE.width, { javaScriptEnabled });
      await page.goto(`${server.url}/register/`);
      const name = (await page.locator('.site-name').boundingBox())!;
      const button = page.locator('.site-menu__button');
      const menu = (await button.boundingBox())!;
      // Side by side: the button is level with the name, not below it.
      expect(menu.y).toBeLessThan(name.y + name.height);
      expect((await page.locator('.site-header').boundingBox())!.height).toBeLessThan(PHONE.height * 0.12);
      const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reviews' });
      expect(await link.isVisible()).toBe(false);
      await button.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => link.isVisible()).toBe(true);
      await link.click();
      await page.waitForURL(/\/reviews\/$/);
      await page.close();
    }
  });

  it('shows the navigation on a wide screen without script', async () => {
    const page = await newPage(DESKTOP.width, { javaScriptEnabled: false });
    await page.goto(`${server.url}/register/`);
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reviews' }).isVisible()).toBe(true);
    expect(await page.getByRole('searchbox', { name: 'Search the manual' }).isVisible()).toBe(true);
    await page.close();
  });

  it('stacks the rows of the register, reviews and clause tables, with the status on screen and the table kept', async () => {
    const page = await newPage(PHONE.width);
    for (const path of ['/register/', '/reviews/', '/clauses/8.2.3/']) {
      await page.goto(server.url + path);
      const table = page.getByRole('table').first();
      expect(await table.getByRole('columnheader', { name: 'Status' }).count(), path).toBe(1);
      const cells = table.locator('td[data-label="Status"]');
      expect(await cells.count(), path).toBeGreaterThan(0);
      for (const badge of await cells.locator('.badge').all()) {
        const box = (await badge.boundingBox())!;
        expect(box.x + box.width, path).toBeLessThanOrEqual(PHONE.width);
      }
      const label = await cells.first().evaluate((td) => getComputedStyle(td, '::before').content);
      expect(label, path).toContain('Status');
    }
    // A screen reader hears a cell's value alone: the label shown is the column header's, not part of the cell.
    await page.goto(`${server.url}/reviews/`);
    const overdue = analysis.statuses.get(documentOfEachState().find((d) => d.state === 'overdue')!.id)!;
    expect(await page.getByRole('cell', { name: overdue.label, exact: true }).count()).toBeGreaterThan(0);
    // The register's sort buttons stay on a phone.
    await page.goto(`${server.url}/register/`);
    await page.getByRole('button', { name: /^Review by/ }).click();
    expect(await page.locator('th[data-key="reviewBy"]').getAttribute('aria-sort')).toBe('ascending');
    await page.close();
  });
});

describe('no dead ends', () => {
  it('serves a document asked for without its trailing slash', async () => {
    const page = await newPage(PHONE.width);
    const response = await page.goto(`${server.url}/docs/SOP-004`);
    expect(response?.status()).toBe(200);
    expect(page.url()).toBe(`${server.url}/docs/SOP-004/`);
    expect(await page.locator('h1').textContent()).toBe('Hand hygiene');
    await page.close();
  });

  it('answers an unknown address with the branded 404: navigation, search and the address asked for', async () => {
    const page = await newPage(PHONE.width);
    const response = await page.goto(`${server.url}/docs/sop-004/`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    expect(await page.title()).toContain(manual.settings.organization);
    await expect.poll(() => page.locator('#missing-address').textContent()).toBe('/docs/sop-004/');
    await expect.poll(() => page.inputValue('#not-found-search')).toBe('SOP-004');
    expect(await page.locator('header nav[aria-label="Main"] a').count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator('meta[name="viewport"]').count()).toBe(1);
    await page.click('#not-found-search ~ button');
    await page.waitForURL(/\/\?q=SOP-004$/);
    await page.close();
  });

  it('under npm start (astro preview) too: a document without its slash, and the branded 404', async () => {
    const preview = await startPreview(inject('siteDir'));
    try {
      const document = await fetch(`${preview.url}/docs/SOP-004`);
      expect(document.status).toBe(200);
      expect(await document.text()).toMatch(/<h1[^>]*>Hand hygiene<\/h1>/);
      const missing = await fetch(`${preview.url}/no-such-page`);
      expect(missing.status).toBe(404);
      const html = await missing.text();
      expect(html).toContain('<h1>Page not found</h1>');
      expect(html).toContain('aria-label="Main"');
      expect(html).not.toContain('trailingSlash');
    } finally {
      await preview.stop();
    }
  });
});

describe('the search box on every page', () => {
  it('is in the header of every page but the home page, and sends its words to the search', async () => {
    const page = await newPage(DESKTOP.width);
    for (const path of pageTypes().filter((p) => p !== '/')) {
      await page.goto(server.url + path);
      const form = page.locator('header form[role="search"]');
      expect(await form.getAttribute('action'), path).toBe('/');
      expect(await form.getAttribute('method'), path).toBe('get');
      expect(await form.locator('input[name="q"]').count(), path).toBe(1);
    }
    await page.goto(`${server.url}/register/`);
    await page.getByRole('searchbox', { name: 'Search the manual' }).fill('hand hygiene');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/\?q=hand\+hygiene$/);
    await page.close();
  });

  it('takes the focus on the / key, opening the phone menu, but not while the reader types', async () => {
    const page = await newPage(PHONE.width);
    await page.goto(`${server.url}/docs/SOP-004/`);
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('site-search-input');
    expect(await page.getByRole('searchbox', { name: 'Search the manual' }).isVisible()).toBe(true);
    await page.keyboard.type('a/b');
    expect(await page.inputValue('#site-search-input')).toBe('a/b');

    await page.goto(`${server.url}/`);
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('search-input');
    await page.close();
  });
});

describe('polish', () => {
  it('names the approver of an unapproved document as proposed, and of an approved one as approver', async () => {
    const page = await newPage(DESKTOP.width);
    for (const { state, id } of documentOfEachState()) {
      await page.goto(`${server.url}/docs/${id}/`);
      const labels = await page.locator('.controlled-header dt').allTextContents();
      if (state === 'draft' || state === 'in-review') {
        expect(labels, id).toContain('Proposed approver');
        expect(labels, id).not.toContain('Approved by');
      } else {
        expect(labels, id).toContain('Approved by');
      }
    }
    await page.close();
  });

  it.each([DESKTOP.width, PHONE.width])('lets no badge overlap what is next to it at %i px', async (width) => {
    const page = await newPage(width);
    let badges = 0;
    for (const path of pageTypes()) {
      await page.goto(server.url + path);
      await page.locator('.controlled-header__details').evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
      const overlaps = await page.evaluate(() => {
        const found: string[] = [];
        const boxes = [...document.querySelectorAll<HTMLElement>('.badge')].filter((b) => b.getClientRects().length > 0);
        const apart = (a: DOMRect, b: DOMRect) => a.right <= b.left + 0.5 || b.right <= a.left + 0.5 || a.bottom <= b.top + 0.5 || b.bottom <= a.top + 0.5;
        for (const badge of boxes) {
          const box = badge.getBoundingClientRect();
          const holder = badge.closest('dd, td, li, p, div')!;
          const bounds = holder.getBoundingClientRect();
          if (box.left < bounds.left - 0.5 || box.right > bounds.right + 0.5) found.push(`${badge.textContent} sticks out of its ${holder.tagName}`);
          // Its neighbours: the other fields of the controlled header, the other cells of the row.
          const field = badge.closest('.controlled-header dl > div, td');
          for (const other of field ? [...field.parentElement!.children].filter((c) => c !== field) : []) {
            if (!apart(box, other.getBoundingClientRect())) found.push(`${badge.textContent} overlaps "${other.textContent?.trim().slice(0, 30)}"`);
          }
        }
        return { found, count: boxes.length };
      });
      expect(overlaps.found, path).toEqual([]);
      badges += overlaps.count;
    }
    expect(badges).toBeGreaterThan(50);
    await page.close();
  });

  it('puts a space where the text of /clauses/ and /reviews/ ran words together', async () => {
    const page = await newPage(DESKTOP.width);
    await page.goto(`${server.url}/clauses/`);
    expect(await page.locator('main .lede').innerText()).toMatch(/\d{4}: covered when/);
    await page.goto(`${server.url}/reviews/`);
    expect(await page.locator('main .lede').innerText()).toContain('calendar: review calendar');
    await page.close();
  });

  it.each([PHONE.width, DESKTOP.width])('follows a dark system setting with no WCAG 2.2 A or AA violation at %i px', async (width) => {
    const page = await newPage(width);
    await page.emulateMedia({ colorScheme: 'dark' });
    for (const path of pageTypes()) {
      await page.goto(server.url + path);
      const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      expect(background, path).not.toBe('rgb(255, 255, 255)');
      const violations = await checkAccessibility(page);
      expect(violations, `${path}\n${formatViolations(violations)}`).toEqual([]);
    }
    await page.goto(`${server.url}/`);
    await searchFor(page, 'hand hygiene');
    const violations = await checkAccessibility(page);
    expect(violations, `search results\n${formatViolations(violations)}`).toEqual([]);
    await page.close();
  });

  it('prints dark text on white, with the controlled details, from a phone in dark mode', async () => {
    const page = await newPage(PHONE.width);
    await page.goto(`${server.url}/docs/SOP-004/`);
    await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.document__body p')!).color)).toBe('rgb(27, 31, 36)');
    await expect.poll(() => page.locator('.controlled-header dt', { hasText: 'Owner' }).isVisible()).toBe(true);
    expect(await page.locator('.site-menu').isVisible()).toBe(false);
    await page.close();
  });

  it('has no violation on a phone in light mode either, menu and details open', async () => {
    const page = await newPage(PHONE.width);
    for (const path of pageTypes()) {
      await page.goto(server.url + path);
      await page.locator('.site-menu__button').click();
      await page.locator('.controlled-header__details').evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
      const violations = await checkAccessibility(page);
      expect(violations, `${path}\n${formatViolations(violations)}`).toEqual([]);
    }
    await page.close();
  });
});

/** `astro preview` of the built site (what `npm start` serves), on a free loopback port. */
async function startPreview(outDir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const astro = join(dirname(createRequire(import.meta.url).resolve('astro/package.json')), 'bin/astro.mjs');
  const child: ChildProcess = spawn(process.execPath, [astro, 'preview', '--host', '127.0.0.1', '--port', String(port), '--outDir', outDir], {
    cwd: process.cwd(),
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  await expect.poll(() => fetch(`${url}/`).then((r) => r.status, () => 0), { timeout: 30_000, interval: 200 }).toBe(200);
  return {
    url,
    stop: async () => {
      child.kill();
      await exited;
    },
  };
}
