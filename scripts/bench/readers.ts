/**
 * The readers' side of a built manual, for the pipeline benchmark (scripts/bench/pipeline.ts): what one
 * search downloads, and the heaviest page, measured in headless Chromium against the built site served on
 * loopback (the e2e tests' harness, tests/e2e/browser.ts). Bytes are the bodies as served, uncompressed,
 * and gzipped as a web server would send them (Pagefind's own index files are compressed already).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page, Response } from 'playwright-core';
import { blockExternalRequests, launchBrowser, serveStatic } from '../../tests/e2e/browser.ts';

export interface Downloads {
  requests: number;
  bytes: number;
  gzipBytes: number;
}

export interface ReadersSide {
  query: string;
  /** Results the search listed. */
  results: number;
  /** Everything the first search fetched after the page had loaded: Pagefind's files, and the rest (the search vocabulary). */
  search: Downloads & { pagefind: Downloads };
  /** The largest HTML file a reader can open (/admin/, the CMS, left out), and what loading it fetched. */
  heaviestPage: { path: string; htmlBytes: number; load: Downloads };
  /** The next largest pages, by HTML size. */
  nextLargest: { path: string; htmlBytes: number }[];
}

/** The HTML files of a built site, largest first, as URL paths; the CMS (/admin/) is not a reader's page. */
export function pagesBySize(dist: string): { path: string; htmlBytes: number }[] {
  return readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .map((file) => file.split('\\').join('/'))
    .filter((file) => file.endsWith('.html') && !file.startsWith('admin/'))
    .map((file) => ({ path: `/${file.replace(/(^|\/)index\.html$/, '$1')}`, htmlBytes: statSync(join(dist, file)).size }))
    .sort((a, b) => b.htmlBytes - a.htmlBytes || a.path.localeCompare(b.path));
}

/** Sums what a page fetched, split by `part`. */
export function sumDownloads(bodies: { url: string; body: Buffer }[], part: (url: string) => boolean = () => true): Downloads {
  const mine = bodies.filter((b) => part(b.url));
  return {
    requests: mine.length,
    bytes: mine.reduce((sum, b) => sum + b.body.length, 0),
    gzipBytes: mine.reduce((sum, b) => sum + gzipSync(b.body).length, 0),
  };
}

/** Records the body of every response of `page` from now on; `collect` waits for them. */
function recordResponses(page: Page): { collect: () => Promise<{ url: string; body: Buffer }[]> } {
  const pending: Promise<{ url: string; body: Buffer } | undefined>[] = [];
  const onResponse = (response: Response) => {
    // A redirect has no body; what it leads to is a response of its own.
    pending.push(response.body().then((body) => ({ url: response.url(), body }), () => undefined));
  };
  page.on('response', onResponse);
  return {
    collect: async () => {
      page.off('response', onResponse);
      return (await Promise.all(pending)).filter((r) => r !== undefined);
    },
  };
}

/** Searches `query` on the home page of the site in `dist` and opens its heaviest page, in Chromium. */
export async function measureReaders(dist: string, query: string, asOf: string): Promise<ReadersSide> {
  const pages = pagesBySize(dist);
  const server = await serveStatic(dist);
  const browser = await launchBrowser();
  try {
    const open = async () => {
      const page = await (await browser.newContext()).newPage();
      const blocked = await blockExternalRequests(page);
      // The day of the build, as the site's tests read it: statuses as built, no old-copy notice.
      await page.clock.setFixedTime(`${asOf}T12:00:00`);
      return { page, blocked };
    };

    const home = await open();
    await home.page.goto(`${server.url}/`, { waitUntil: 'networkidle' });
    const searching = recordResponses(home.page);
    await home.page.fill('#search-input', query);
    await home.page.press('#search-input', 'Enter');
    await home.page.waitForFunction(() => {
      const status = document.querySelector('#search-status')?.textContent ?? '';
      return status !== '' && status !== 'Searching…';
    });
    await home.page.waitForLoadState('networkidle');
    const results = await home.page.locator('#search-results .search-result').count();
    const fetched = await searching.collect();
    const isPagefind = (url: string) => new URL(url).pathname.startsWith('/pagefind/');

    const heaviest = pages[0];
    const heavy = await open();
    const loading = recordResponses(heavy.page);
    await heavy.page.goto(server.url + heaviest.path, { waitUntil: 'networkidle' });
    const loaded = await loading.collect();

    const blocked = [...home.blocked, ...heavy.blocked];
    if (blocked.length > 0) throw new Error(`the site reached off the machine: ${blocked.join(', ')}`);
    return {
      query,
      results,
      search: { ...sumDownloads(fetched), pagefind: sumDownloads(fetched, isPagefind) },
      heaviestPage: { ...heaviest, load: sumDownloads(loaded) },
      nextLargest: pages.slice(1, 4),
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
