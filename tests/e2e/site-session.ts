import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { analyseManual, type ManualAnalysis } from '../../src/qms/analysis.ts';
import { loadManual, type Manual } from '../../src/qms/load/manual.ts';
import { blockExternalRequests, launchBrowser, serveStatic, type StaticServer } from './browser.ts';

/**
 * The built sample manual (tests/e2e/build-site.ts) served on loopback to a real Chromium, for the site's
 * browser tests: the manual as the build read it, and pages opened with the reader's clock set. The clock
 * defaults to noon on the build's own day: on a later real day a page would recompute its statuses for
 * that day and warn that the copy is old (site-live-status.test.ts sets later days on purpose).
 */
export interface SiteSession {
  manual: Manual;
  analysis: ManualAnalysis;
  server: StaticServer;
  browser: Browser;
  /** A new page (in its own context) on `path`, or on nothing when `path` is undefined. */
  open(path?: string, options?: OpenOptions): Promise<Page>;
}

export interface OpenOptions extends BrowserContextOptions {
  /** The reader's clock; default noon on the build's day. Ignored with JavaScript off (no clock to set). */
  now?: Date | string;
}

/** Registers the session's beforeAll and afterAll; its fields are ready inside tests. */
export function siteSession(): SiteSession {
  const contexts: { context: BrowserContext; blocked: string[] }[] = [];
  const session = {} as SiteSession;
  beforeAll(async () => {
    session.manual = loadManual(process.cwd());
    session.analysis = analyseManual(session.manual.documents.map((d) => d.data), session.manual.index, session.manual.settings, inject('asOf'));
    session.server = await serveStatic(inject('siteDir'));
    session.browser = await launchBrowser();
  });
  afterAll(async () => {
    // Whatever a test did, no page may have reached for anything off this machine.
    expect(contexts.flatMap((c) => c.blocked)).toEqual([]);
    await session.browser?.close();
    await session.server?.close();
  });
  session.open = async (path, options = {}) => {
    const { now = `${inject('asOf')}T12:00:00`, ...contextOptions } = options;
    const context = await session.browser.newContext(contextOptions);
    const page = await context.newPage();
    contexts.push({ context, blocked: await blockExternalRequests(page) });
    if (contextOptions.javaScriptEnabled !== false) await page.clock.setFixedTime(now);
    if (path !== undefined) await page.goto(session.server.url + path);
    return page;
  };
  return session;
}
