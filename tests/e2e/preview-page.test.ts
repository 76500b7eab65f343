import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { previewHtml } from '../../src/cms/preview.ts';
import { adminPayload } from '../../src/qms/cms/admin-payload.ts';
import { readDocumentFile } from '../../src/qms/cms/document-file.ts';
import { loadManual } from '../../src/qms/load/manual.ts';
import { launchBrowser } from './browser.ts';

// The CMS preview and the published page render the same view model (src/qms/views/document.ts); this
// holds them to it: for every sample document, the preview's controlled header and status banner read
// exactly as the built page's, as of the build's date.
const siteDir = inject('siteDir');
const asOf = inject('asOf');
const manual = loadManual(process.cwd());
const payload = adminPayload(manual, { backend: { name: 'local', branch: 'main' } });
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
});

/** What a reader sees of the status banner and the controlled header, with every link. */
async function controlledParts(html: string) {
  await page.setContent(html);
  return page.evaluate(() => {
    const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const links = (el: Element) => [...el.querySelectorAll('a')].map((a) => `${text(a)} -> ${a.getAttribute('href')}`);
    const banner = document.querySelector('.status-banner')!;
    return {
      kicker: text(document.querySelector('.document__kicker')),
      title: text(document.querySelector('h1')),
      banner: { state: banner.getAttribute('data-state'), lines: [...banner.querySelectorAll('p')].map(text), links: links(banner) },
      header: [...document.querySelectorAll('.controlled-header dl > div')].map((row) => ({
        wide: row.classList.contains('controlled-header__wide'),
        label: text(row.querySelector('dt')),
        value: text(row.querySelector('dd')),
        links: links(row.querySelector('dd')!),
        badge: row.querySelector('dd .badge')?.getAttribute('data-state') ?? null,
      })),
    };
  });
}

describe('the CMS preview of every sample document', () => {
  it('covers the whole sample manual, superseded, draft and overdue documents among them', () => {
    expect(manual.documents.length).toBeGreaterThan(50);
  });

  it.each(manual.documents.map((d) => [d.data.id, d.file]))('%s: shows the controlled header and status banner of the built page', async (id, file) => {
    const built = await controlledParts(readFileSync(join(siteDir, 'docs', id, 'index.html'), 'utf8'));
    const preview = await controlledParts(
      previewHtml(readDocumentFile(manual.sources.get(file)!.text), [], { index: manual.index, review: manual.settings.review, replacements: payload.replacements, asOf }),
    );
    expect(preview).toEqual(built);
    expect(built.header.map((row) => row.label)).toContain('Review by');
  });
});
