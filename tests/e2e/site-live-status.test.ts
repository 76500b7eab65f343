import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { ManualAnalysis } from '../../src/qms/analysis.ts';
import { addDays, formatDate } from '../../src/qms/base/dates.ts';
import type { Manual } from '../../src/qms/load/manual.ts';
import { IN_FORCE } from '../../src/qms/status.ts';
import { checkAccessibility, formatViolations } from './browser.ts';
import { siteSession } from './site-session.ts';

// The built sample manual read on a later day than it was built: every status on a page is worked out
// again for the reader's own date, and an old copy says it may be out of date.
const asOf = inject('asOf');
const site = siteSession();
let manual: Manual;
let analysis: ManualAnalysis;
beforeAll(() => ({ manual, analysis } = site));

/** The page at `path` in a browser whose clock says `time` (local time unless it names a zone). */
const openAt = (path: string, time: string, context: BrowserContextOptions = {}): Promise<Page> => site.open(path, { ...context, now: time });

/** Noon on `date` on the reader's clock: the same calendar day in every time zone the test may run in. */
const noonOn = (date: string) => `${date}T12:00:00`;

/** Waits until the page's statuses have been checked for `date` (src/site/live-status.ts marks it). */
async function checkedFor(page: Page, date: string): Promise<void> {
  await page.locator(`[data-live-settings][data-live-today="${date}"]`).waitFor({ state: 'attached' });
}

/** The document in force whose review falls due first after the build: the first to become overdue. */
function nextDue() {
  const due = manual.documents
    .map((d) => ({ doc: d.data, status: analysis.statuses.get(d.data.id)! }))
    .filter(({ status }) => IN_FORCE.has(status.state) && status.reviewBy !== null && status.reviewBy > asOf)
    .sort((a, b) => a.status.reviewBy!.localeCompare(b.status.reviewBy!));
  expect(due.length).toBeGreaterThan(0);
  return { ...due[0], overdueOn: addDays(due[0].status.reviewBy!, 1) };
}

/** The text of `selector` as the reader sees it: hidden parts left out, spaces as rendered. */
async function shown(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).innerText()).replace(/\s+/g, ' ');
}

async function search(page: Page, query: string): Promise<void> {
  await page.fill('#search-input', query);
  await page.press('#search-input', 'Enter');
  await expect.poll(() => page.locator('#search-status').textContent()).toMatch(/found/);
}

describe('the built pages', () => {
  it('carry, with every status they show, what it depends on', () => {
    const siteDir = inject('siteDir');
    const pages = readdirSync(siteDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html'));
    let statuses = 0;
    for (const file of pages) {
      const html = readFileSync(join(siteDir, file), 'utf8');
      // A status badge or banner (not a clause's coverage badge), and whether it carries its facts.
      const shown = [...html.matchAll(/<(?:span|div) class="(?:badge badge|status-banner status-banner)--[^>]*>/g)].map(([element]) => element);
      for (const element of shown) expect(element, file).toMatch(/ data-live-status="\{&quot;id&quot;:/);
      if (shown.length > 0) expect(html, file).toContain('<div data-live-settings=');
      statuses += shown.length;
    }
    expect(statuses).toBeGreaterThan(manual.documents.length * 2);
  });
});

describe('a copy read after a review date has passed', () => {
  it('says the document is overdue on its page, in its register row and in search', async () => {
    const { doc, status, overdueOn } = nextDue();
    expect(status.state).not.toBe('overdue');

    const page = await openAt(`/docs/${doc.id}/`, noonOn(overdueOn));
    const banner = page.locator('.status-banner');
    await expect.poll(() => banner.getAttribute('data-state')).toBe('overdue');
    expect(await banner.locator('.status-banner__label').textContent()).toBe('Overdue for review');
    expect(await banner.locator('.status-banner__advice').textContent()).toContain('review date has passed');
    expect(await banner.textContent()).toContain(`Review was due on ${formatDate(status.reviewBy)}, 1 day ago.`);
    expect(await banner.locator('.status-banner__as-of').textContent()).toBe(
      `Built on ${formatDate(asOf)}; as of today, ${formatDate(overdueOn)}, this document is overdue for review.`,
    );
    expect(await page.locator('.controlled-header .badge').getAttribute('data-state')).toBe('overdue');
    expect(await page.locator('.controlled-header .badge').textContent()).toContain('Overdue for review');
    expect(await shown(page, '.site-footer')).toContain(`Statuses shown as of today, ${formatDate(overdueOn)}, worked out in your browser; this copy was built on ${formatDate(asOf)}.`);

    const register = await openAt('/register/', noonOn(overdueOn));
    const row = register.locator('#register tbody tr', { has: register.locator('td', { hasText: new RegExp(`^${doc.id}$`) }) });
    await expect.poll(() => row.getAttribute('data-state')).toBe('overdue');
    expect(await row.locator('.badge').textContent()).toContain('Overdue for review');
    expect(await register.locator('.lede time').textContent()).toBe(`today, ${formatDate(overdueOn)}`);
    // The register's status filter goes by the status today.
    await register.selectOption('#f-state', 'overdue');
    await expect.poll(() => row.isVisible()).toBe(true);

    const home = await openAt('/', noonOn(overdueOn));
    await search(home, doc.title);
    const result = home.locator(`.search-result[data-id="${doc.id}"]`);
    await expect.poll(() => result.locator('.badge').textContent()).toContain('Overdue for review');
    expect(await result.getAttribute('data-state')).toBe('overdue');
    expect(await result.locator('.badge').getAttribute('class')).toBe('badge badge--overdue');
  });

  it('moves the document from the home page alert for reviews due soon to the one for overdue reviews', async () => {
    const { doc, overdueOn } = nextDue();
    const page = await openAt('/', noonOn(overdueOn));
    const overdue = page.locator('[data-alerts="overdue"]');
    await expect.poll(() => overdue.getByRole('link', { name: `${doc.id} ${doc.title}` }).count()).toBe(1);
    expect(await overdue.isVisible()).toBe(true);
    expect(await page.locator('[data-alerts="due-soon"]').getByRole('link', { name: `${doc.id} ${doc.title}` }).count()).toBe(0);
    expect(await page.locator('#review-alerts time').textContent()).toBe(`today, ${formatDate(overdueOn)}`);
  });

  it('shows an approved document as current from its effective date, with the banner saying so', async () => {
    const upcoming = manual.documents.find((d) => analysis.statuses.get(d.data.id)!.state === 'not-yet-effective')!.data;
    const page = await openAt(`/docs/${upcoming.id}/`, noonOn(upcoming.effective!));
    const banner = page.locator('.status-banner');
    await expect.poll(() => banner.getAttribute('data-state')).not.toBe('not-yet-effective');
    expect(['current', 'review-due-soon']).toContain(await banner.getAttribute('data-state'));
    expect(await page.locator('article').getAttribute('class')).not.toContain('document--not-yet-effective');
    expect(await banner.locator('.status-banner__as-of').textContent()).toMatch(/^Built on .*; as of today, .*, this document is current/);
  });

  it('works with the reader\'s own calendar day: late on the review date in London is the next day in Auckland', async () => {
    const { doc, status } = nextDue();
    const evening = `${status.reviewBy}T20:00:00Z`;
    const london = await openAt(`/docs/${doc.id}/`, evening, { timezoneId: 'Europe/London' });
    const auckland = await openAt(`/docs/${doc.id}/`, evening, { timezoneId: 'Pacific/Auckland' });
    await checkedFor(london, status.reviewBy!);
    expect(await london.locator('.status-banner').getAttribute('data-state')).toBe('review-due-soon');
    await checkedFor(auckland, addDays(status.reviewBy!, 1));
    expect(await auckland.locator('.status-banner').getAttribute('data-state')).toBe('overdue');
  });
});

describe('a copy read on the day it was built', () => {
  it('changes nothing and adds no note about today', async () => {
    const { doc, status } = nextDue();
    for (const path of [`/docs/${doc.id}/`, '/register/', '/']) {
      const page = await openAt(path, noonOn(asOf));
      await checkedFor(page, asOf);
      expect(await page.getByText(/as of today/).count()).toBe(0);
      expect(await page.locator('#stale-build').isHidden()).toBe(true);
      expect(await shown(page, '.site-footer')).toContain(`Statuses shown as of ${formatDate(asOf)}.`);
      if (path.startsWith('/docs/')) {
        expect(await page.locator('.status-banner').getAttribute('data-state')).toBe(status.state);
        expect(await page.locator('.status-banner__as-of').textContent()).toBe(`Status as of ${formatDate(asOf)}.`);
      }
    }
  });
});

describe('a copy read without script', () => {
  it('shows the statuses as built and says the date they were worked out for', async () => {
    const { doc, status, overdueOn } = nextDue();
    const page = await openAt(`/docs/${doc.id}/`, noonOn(overdueOn), { javaScriptEnabled: false });
    expect(await page.locator('.status-banner').getAttribute('data-state')).toBe(status.state);
    expect(await page.locator('.status-banner__as-of').textContent()).toBe(`Status as of ${formatDate(asOf)}.`);
    expect(await shown(page, '.site-footer')).toContain(`Statuses shown as of ${formatDate(asOf)}.`);
    expect(await page.locator('#stale-build').isHidden()).toBe(true);
  });
});

describe('an old copy', () => {
  const staleAfter = () => manual.settings.build.stale_after_days;

  it('says on every page that it may be out of date once it is older than the settings allow', async () => {
    const late = addDays(asOf, staleAfter() + 1);
    for (const path of ['/', '/register/', '/clauses/', `/docs/${nextDue().doc.id}/`]) {
      const page = await openAt(path, noonOn(late));
      const notice = page.locator('#stale-build');
      await expect.poll(() => notice.isVisible()).toBe(true);
      const text = await shown(page, '#stale-build');
      expect(text).toContain(`This copy of the manual may be out of date. It was built on ${formatDate(asOf)}, ${staleAfter() + 1} days ago`);
      expect(text).toContain('Reload the page');
      expect(await notice.getByRole('link', { name: manual.settings.notify[0].role }).getAttribute('href')).toBe(`mailto:${manual.settings.notify[0].email}`);
    }
  });

  it('does not say so while it is within the setting', async () => {
    const page = await openAt('/', noonOn(addDays(asOf, staleAfter())));
    await checkedFor(page, addDays(asOf, staleAfter()));
    expect(await page.locator('#stale-build').isHidden()).toBe(true);
  });

  it('has no WCAG 2.2 A or AA violations with the statuses changed and the notice shown', async () => {
    const { doc, overdueOn } = nextDue();
    for (const path of [`/docs/${doc.id}/`, '/register/', '/']) {
      const page = await openAt(path, noonOn(overdueOn));
      await checkedFor(page, overdueOn);
      expect(await page.locator('#stale-build').isVisible()).toBe(true);
      const violations = await checkAccessibility(page);
      expect(violations, `${path}\n${formatViolations(violations)}`).toEqual([]);
    }
  });

  it('keeps the notice and the changed banner legible in dark mode', async () => {
    const { doc, overdueOn } = nextDue();
    const page = await openAt(`/docs/${doc.id}/`, noonOn(overdueOn), { colorScheme: 'dark' });
    await checkedFor(page, overdueOn);
    // The rest of the page in dark mode is site-phone.test.ts's.
    const violations = await checkAccessibility(page, { include: ['#stale-build', '.status-banner'] });
    expect(violations, formatViolations(violations)).toEqual([]);
  });
});
