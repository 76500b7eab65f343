import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { analyseManual, type ManualAnalysis } from '../../src/qms/analysis.ts';
import type { Manual } from '../../src/qms/load/manual.ts';
import { readBuildInfo, type BuildInfo } from '../../src/site/build-info.ts';
import { checkAccessibility, formatViolations } from './browser.ts';
import { siteSession } from './site-session.ts';

// Paper copies of the built sample manual, printed by Chromium and read back page by page with pdf.js.
const site = siteSession();
let manual: Manual;
let analysis: ManualAnalysis;
let build: BuildInfo;

/** The reader's clock: the day printed must be the reader's, not the build's (2026-11-25). */
const READER_DATE = '2027-02-03';
const READER_NOW = new Date(`${READER_DATE}T10:00:00`);
const READER_DAY = '3 Feb 2027';
const VERIFY_ADDRESS = 'https://qms.riverside-general.example/verify/';

beforeAll(async () => {
  ({ manual, analysis } = site);
  build = await readBuildInfo(process.cwd(), inject('asOf'));
});

/** The page at `path`, on the reader's clock (no clock without JavaScript: nothing reads it). */
const open = (path: string, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> => site.open(path, { ...options, now: READER_NOW });

/** The text of each page of a PDF, whitespace collapsed. */
async function pdfPages(pdf: Buffer): Promise<string[]> {
  const task = getDocument({ data: new Uint8Array(pdf) });
  const doc = await task.promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const { items } = await (await doc.getPage(n)).getTextContent();
    pages.push(items.map((item) => ('str' in item ? `${item.str}${item.hasEOL ? ' ' : ''}` : '')).join('').replace(/\s+/g, ' '));
  }
  await task.destroy();
  return pages;
}

async function printed(page: Page): Promise<string[]> {
  return pdfPages(await page.pdf({ format: 'A4' }));
}

function doc(id: string) {
  return manual.documents.find((d) => d.data.id === id)!.data;
}

function docsIn(state: string) {
  return manual.documents.filter((d) => analysis.statuses.get(d.data.id)!.state === state);
}

/** The document in `state` with the longest text: the one most likely to run over several pages. */
const longestIn = (state: string) => docsIn(state).sort((a, b) => b.body.length - a.body.length)[0].data;

/** Every page names the document, its version and status, "page n of m", the day printed, the build and where to check it. */
function expectControlledOnEveryPage(pages: string[], id: string, status: string) {
  const { title, version } = doc(id);
  pages.forEach((text, i) => {
    const where = `page ${i + 1} of ${id}: ${text.slice(0, 300)}`;
    expect(text, where).toContain(`${id} · ${title}`);
    expect(text, where).toContain(`Version ${version} · ${status}`);
    expect(text, where).toContain(`Page ${i + 1} of ${pages.length}`);
    expect(text, where).toContain(`Printed ${READER_DAY}`);
    expect(text, where).toContain(`commit ${build.shortCommit}`);
    expect(text, where).toContain(`Uncontrolled when printed: check it is current at ${VERIFY_ADDRESS}`);
  });
}

const CHANGE_HISTORY = ['What changed in version', 'Revision history'];

describe('a printed document', () => {
  it('carries its ID, title, version, status, page n of m, the day printed, the build and the verify address on every page', async () => {
    const page = await open('/docs/SOP-004/');
    const pages = await printed(page);
    expect(pages.length).toBeGreaterThan(1);
    expectControlledOnEveryPage(pages, 'SOP-004', 'Current');
  });

  it('leaves the redline and the revision table off paper, and says where they are', async () => {
    const pages = await printed(await open('/docs/SOP-004/'));
    const all = pages.join(' ');
    for (const heading of CHANGE_HISTORY) expect(all).not.toContain(heading);
    expect(all).not.toContain(`Every recorded change to SOP-004`);
    expect(all).toContain('What changed in this version and the revision history are not printed on this copy');
  });

  it('prints the change history when the reader asks for it, with the keyboard', async () => {
    const page = await open('/docs/SOP-004/');
    await page.focus('#print-history');
    await page.keyboard.press('Space');
    expect(await page.isChecked('#print-history')).toBe(true);
    const pages = await printed(page);
    const all = pages.join(' ');
    for (const heading of CHANGE_HISTORY) expect(all).toContain(heading);
    expect(all).not.toContain('are not printed on this copy');
    expectControlledOnEveryPage(pages, 'SOP-004', 'Current');
  });

  for (const state of ['draft', 'superseded'] as const) {
    it(`says on every page, in words, that a ${state} document is not in force`, async () => {
      const { id } = longestIn(state);
      const label = analysis.statuses.get(id)!.label;
      const pages = await printed(await open(`/docs/${id}/`));
      expect(pages.length).toBeGreaterThan(1);
      expectControlledOnEveryPage(pages, id, label);
      for (const [i, text] of pages.entries()) expect(text, `page ${i + 1} of ${id}`).toContain('NOT IN FORCE');
    });
  }

  it('prints the status the page shows on the reader’s day, not the build’s', async () => {
    const onReadersDay = analyseManual(manual.documents.map((d) => d.data), manual.index, manual.settings, READER_DATE);
    const changed = docsIn('not-yet-effective').find((d) => onReadersDay.statuses.get(d.data.id)!.state === 'current');
    expect(changed, 'a sample document that takes effect between the build and the reader’s day').toBeDefined();
    const { id } = changed!.data;
    const pages = await printed(await open(`/docs/${id}/`));
    expectControlledOnEveryPage(pages, id, 'Current');
    for (const text of pages) expect(text).not.toContain('NOT IN FORCE');
  });

  it('leaves a blank for the date when the browser runs no script', async () => {
    const pages = await printed(await open('/docs/SOP-004/', { javaScriptEnabled: false }));
    for (const text of pages) expect(text).toMatch(/Printed _{6,}/);
  });

  it('offers the choice on screen only, to keyboard and screen-reader users alike', async () => {
    const page = await open('/docs/SOP-004/');
    expect(await page.getByRole('checkbox', { name: 'Print with the change history' }).isChecked()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print this document' }).isVisible()).toBe(true);
    const violations = await checkAccessibility(page, { include: '.print-options' });
    expect(violations, formatViolations(violations)).toEqual([]);
  });
});

describe('the verify page', () => {
  async function check(page: Page, id: string, version: string) {
    await page.fill('#verify-id', id);
    await page.fill('#verify-version', version);
    await page.press('#verify-version', 'Enter');
    const answer = page.locator('#verify-answer');
    await expect.poll(() => answer.getAttribute('data-verdict')).not.toBeNull();
    return answer;
  }

  it('says a copy of the version in force is current', async () => {
    const page = await open('/verify/');
    const answer = await check(page, 'SOP-004', String(doc('SOP-004').version));
    await expect.poll(() => answer.getAttribute('data-verdict')).toBe('current');
    expect(await answer.locator('.verify-answer__headline').textContent()).toBe(`Current: version ${doc('SOP-004').version} is in force.`);
  });

  it('says an older version of a document in force is superseded by the version in force', async () => {
    const page = await open('/verify/');
    const { version } = doc('SOP-004');
    const answer = await check(page, 'sop-004', `v${version - 1}`);
    await expect.poll(() => answer.locator('.verify-answer__headline').textContent()).toBe(`Superseded by version ${version}: do not use this copy.`);
  });

  it('names the document that replaced a superseded one, for an old version of it', async () => {
    const [old] = docsIn('superseded');
    const [replacement] = analysis.statuses.get(old.data.id)!.supersededBy;
    const page = await open('/verify/');
    const answer = await check(page, old.data.id, String(Math.max(1, old.data.version - 1)));
    await expect.poll(() => answer.getAttribute('data-verdict')).toBe('replaced');
    expect(await answer.locator('.verify-answer__headline').textContent()).toBe(`Replaced by ${replacement}: do not use this copy.`);
    expect(await answer.getByRole('link').getAttribute('href')).toBe(`/docs/${replacement}/`);
  });

  it('does not know an ID the manual does not hold', async () => {
    const page = await open('/verify/');
    const answer = await check(page, 'SOP-999', '1');
    await expect.poll(() => answer.getAttribute('data-verdict')).toBe('unknown-document');
    expect(await answer.locator('.verify-answer__headline').textContent()).toBe('Unknown: the manual has no document SOP-999.');
  });

  it('answers a question in its address, and is accessible', async () => {
    const page = await open('/verify/?id=SOP-004&version=1');
    await expect.poll(() => page.locator('#verify-answer').getAttribute('data-verdict')).toBe('newer-version');
    expect(await page.inputValue('#verify-id')).toBe('SOP-004');
    const violations = await checkAccessibility(page);
    expect(violations, formatViolations(violations)).toEqual([]);
  });
});
