import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as register } from '../../scripts/register.ts';
import { blockExternalRequests, checkAccessibility, formatViolations, launchBrowser, serveStatic, type StaticServer } from './browser.ts';
import { astroBuild, copyProject } from './temp-project.ts';

/*
 * A manual whose Git history has known dates: the sample manual committed on 1 Jun 2025, then SOP-090
 * approved three times, each approval committed on another day than its frontmatter's approval date. Built
 * as `npm run build` builds it, then read as HTML, driven in Chromium, and compared with `npm run register`.
 */
const SOP = 'content/docs/procedures/SOP-090-bed-rails.mdx';
const TEXT = {
  1: 'Check bed rails every four hours.',
  2: 'Check bed rails every two hours and record each check.',
  3: 'Check bed rails every hour, record each check and tell the nurse in charge of any fault.',
} as const;
const APPROVAL = {
  1: { approved: '2025-03-01', effective: '2025-03-10', committed: '2025-06-15', summary: 'First issue.' },
  2: { approved: '2026-02-20', effective: '2026-03-05', committed: '2026-02-27', summary: 'Checks every two hours, recorded.' },
  3: { approved: '2026-09-01', effective: '2026-09-15', committed: '2026-10-02', summary: 'Checks every hour; faults reported.' },
} as const;

function sop090(version: 1 | 2 | 3): string {
  const a = APPROVAL[version];
  return `---
id: SOP-090
title: Bed rails
type: procedure
version: ${version}
status: approved
summary: When bed rails are used and how often they are checked.
owner: Director of Nursing
approver: Chief Nursing Officer
approved: ${a.approved}
effective: ${a.effective}
review_by: ${Number(a.effective.slice(0, 4)) + 2}${a.effective.slice(4)}
clauses: ["8.12"]
departments: [Nursing]
related: []
supersedes: []
change_summary: ${a.summary}
---

## Checks

${TEXT[version]}
`;
}

/** SOP-091's version 1 was committed with an expression that writes this file if it is ever compiled. */
const MARKER = join(tmpdir(), `qms-past-version-ran-${randomUUID()}`);
const HOSTILE = `{globalThis.process.getBuiltinModule('node:fs').writeFileSync(${JSON.stringify(MARKER)}, 'x')}`;

function sop091(version: 1 | 2): string {
  return sop090(version)
    .replace('id: SOP-090', 'id: SOP-091')
    .replace('title: Bed rails', 'title: Bed rail audit')
    .replace(TEXT[version], version === 1 ? `Audit the rails monthly.\n\n${HOSTILE}` : 'Audit the rails every month, on the first Monday.');
}

let dir: string;
let site: string;
let build: { code: number | null; output: string };
let server: StaticServer;
let browser: Browser;
const blocked: string[][] = [];
const page = (path: string) => readFileSync(join(site, path, 'index.html'), 'utf8');

function git(args: string[], date?: string, person = { name: 'Ana Silva', email: 'ana.silva@hospital.example' }) {
  const env = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    HOME: dir,
    GIT_AUTHOR_NAME: person.name,
    GIT_AUTHOR_EMAIL: person.email,
    GIT_COMMITTER_NAME: person.name,
    GIT_COMMITTER_EMAIL: person.email,
    ...(date ? { GIT_AUTHOR_DATE: `${date}T10:00:00Z`, GIT_COMMITTER_DATE: `${date}T10:00:00Z` } : {}),
  };
  const run = spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8', env });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
}

function commitVersion(version: 1 | 2 | 3, message: string, person?: { name: string; email: string }) {
  mkdirSync(join(dir, 'content/docs/procedures'), { recursive: true });
  writeFileSync(join(dir, SOP), sop090(version));
  git(['add', SOP]);
  git(['commit', '-q', '-m', message], APPROVAL[version].committed, person);
}

beforeAll(async () => {
  dir = copyProject('qms-versions-').dir;
  git(['init', '-q', '-b', 'main']);
  git(['add', 'content']);
  git(['commit', '-q', '-m', 'Sample manual'], '2025-06-01', { name: 'Seed maintainers', email: 'seed@hospital.example' });
  commitVersion(1, 'Add SOP-090 Bed rails');
  commitVersion(2, 'SOP-090 version 2', { name: 'Ben Okafor', email: 'ben.okafor@hospital.example' });
  writeFileSync(join(dir, 'content/docs/procedures/SOP-091-bed-rail-audit.mdx'), sop091(1));
  git(['add', 'content/docs/procedures/SOP-091-bed-rail-audit.mdx']);
  git(['commit', '-q', '-m', 'Add SOP-091, written before the guard'], '2025-06-20');
  writeFileSync(join(dir, 'content/docs/procedures/SOP-091-bed-rail-audit.mdx'), sop091(2));
  git(['add', 'content/docs/procedures/SOP-091-bed-rail-audit.mdx']);
  git(['commit', '-q', '-m', 'SOP-091 version 2'], '2026-02-28');
  commitVersion(3, 'Approve SOP-090 version 3: Checks every hour\n\nReview-requested-by: Ben Okafor <ben.okafor@hospital.example>\nApproved-by: Ana Silva <ana.silva@hospital.example>');
  build = await astroBuild(dir);
  site = join(dir, 'dist');
  server = await serveStatic(site);
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  rmSync(MARKER, { force: true });
});

async function open(path: string, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext(options);
  const tab = await context.newPage();
  blocked.push(await blockExternalRequests(tab));
  if (options.javaScriptEnabled !== false) await tab.clock.setFixedTime('2026-11-25T12:00:00');
  await tab.goto(server.url + path);
  return tab;
}

/** The cells of each row of the revision history, as HTML. */
function historyRows(html: string): string[][] {
  const table = /<table data-history="table"[^>]*>(.*?)<\/table>/s.exec(html)![1];
  const body = /<tbody[^>]*>(.*)<\/tbody>/s.exec(table)![1];
  return [...body.matchAll(/<tr[^>]*>(.*?)<\/tr>/gs)].map((row) => [...row[1].matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((cell) => cell[1]));
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').replace(/ ([,.;:])/g, '$1').trim();

/** RFC 4180 rows: quoted cells may hold commas and doubled quotes. */
function csvRows(csv: string): string[][] {
  return csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n').map((line) => [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1].replace(/^"(.*)"$/s, '$1').replaceAll('""', '"')));
}

describe('a document approved three times, each approval committed on another day', () => {
  it('builds', () => {
    expect(build.code, build.output).toBe(0);
  });

  it('shows in each revision row the approval record of the frontmatter, and the commit date only as the commit', () => {
    const rows = historyRows(page('docs/SOP-090'));
    expect(rows).toHaveLength(3);
    rows.forEach((cells, i) => {
      const version = (3 - i) as 1 | 2 | 3;
      const { approved, effective, committed } = APPROVAL[version];
      const day = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
      expect(text(cells[0])).toMatch(new RegExp(`^Version ${version} approved`));
      expect(text(cells[1])).toBe(`Approved ${day(approved)} by Chief Nursing Officer Effective ${day(effective)}`);
      // The commit's day is in the Git record, labelled as the commit, and nowhere in the approval record.
      expect(cells[3]).toContain(`datetime="${committed}T10:00:00Z"`);
      expect(text(cells[3])).toContain(`committed ${day(committed)}, 10:00 UTC`);
      expect(text(cells[1])).not.toContain(day(committed));
    });
    expect(text(rows[0][3])).toContain('review asked by Ben Okafor');
    expect(text(rows[0][3])).toContain('approval published by Ana Silva');
    expect(text(rows[1][3])).toContain('by Ben Okafor');
  });

  it('names the earlier version of the redline by its approval date, linking to its page', () => {
    const changed = /<section class="what-changed".*?<\/section>/s.exec(page('docs/SOP-090'))![0];
    expect(changed).toContain('Compared with <a href="/docs/SOP-090/v2/">version 2, approved 20 Feb 2026</a>');
    expect(changed).toContain('<del><span class="visually-hidden">[deleted: </span>two<span class="visually-hidden">]</span></del>');
  });

  it('links the current page to its earlier versions', () => {
    const past = /<ul[^>]*data-past-versions[^>]*>(.*?)<\/ul>/s.exec(page('docs/SOP-090'))![1];
    expect(past).toContain('<a href="/docs/SOP-090/v2/">Version 2</a>');
    expect(past).toContain('<a href="/docs/SOP-090/v1/">Version 1</a>');
    expect(text(past)).toContain('Version 1, approved 1 Mar 2025 · in force 10 Mar 2025 to 4 Mar 2026');
  });

  it('shows version 1 at /docs/SOP-090/v1/ with its own text, as superseded by version 2 on its effective date', () => {
    const html = page('docs/SOP-090/v1');
    const body = /<div class="document__body prose"[^>]*>(.*?)<\/div>\s*<section class="version-record"/s.exec(html)![1];
    expect(body).toContain(`<p>${TEXT[1]}</p>`);
    expect(html).not.toContain(TEXT[2]);
    expect(text(html)).toContain('Superseded by version 2');
    expect(text(html)).toContain('version 2 replaced it on 5 Mar 2026, the day it took effect');
    expect(html).toContain('<dt>Approved on</dt><dd>1 Mar 2025</dd>');
    expect(html).toContain('<dt>Last day in force</dt><dd>4 Mar 2026</dd>');
    expect(html).toMatch(/<a href="\/docs\/SOP-090\/v2\/" rel="next"[^>]*>Version 2, approved 20 Feb 2026<\/a>/);
    // Never indexed as current, nor offered as such.
    expect(html).toContain('data-pagefind-ignore="all"');
    expect(html).not.toContain('data-pagefind-body');
    expect(html).toContain('data-print-in-force="no"');
  });

  it('never compiles a past version the build guard refuses: its page says why, and how to read it from Git', () => {
    expect(existsSync(MARKER)).toBe(false);
    const html = page('docs/SOP-091/v1');
    expect(html).toContain('data-refused');
    expect(text(html)).toMatch(/it does not pass today's safety checks, so it is not compiled into the manual\. QMS021 /);
    expect(text(html)).toMatch(/git show [0-9a-f]{8}:content\/docs\/procedures\/SOP-091-bed-rail-audit\.mdx/);
    expect(html).not.toContain('Audit the rails monthly');
  });

  it('has no version page for the version the document page itself shows', () => {
    expect(existsSync(join(site, 'docs/SOP-090/v2/index.html'))).toBe(true);
    expect(existsSync(join(site, 'docs/SOP-090/v3'))).toBe(false);
  });

  it('keeps past versions out of the search index', () => {
    const urls = readdirSync(join(site, 'pagefind/fragment')).map((f) => JSON.parse(gunzipSync(readFileSync(join(site, 'pagefind/fragment', f))).toString('utf8').replace(/^pagefind_dcd/, '')).url as string);
    expect(urls).toContain('/docs/SOP-090/');
    expect(urls.filter((url) => /\/v\d+\/$/.test(url))).toEqual([]);
  });

  it('lists each approved version once in the change record, by approval date, with the commit as the technical record', () => {
    const html = page('changes');
    const entries = [...html.matchAll(/<li data-change="SOP-090:v(\d)">(.*?)<\/li>/gs)].map((m) => [m[1], text(m[2])]);
    expect(entries.map(([v]) => v)).toEqual(['3', '2', '1']);
    expect(entries[0][1]).toMatch(/New version: 1 Sept? 2026\. Approved on 1 Sept? 2026 by Chief Nursing Officer; effective from 15 Sept? 2026\./);
    expect(entries[0][1]).toMatch(/Recorded in Git: commit [0-9a-f]{8} by Ana Silva, 2 Oct 2026; review asked by Ben Okafor; approval published by Ana Silva\./);
    const feed = readFileSync(join(site, 'changes.xml'), 'utf8');
    expect(feed).toMatch(/SOP-090:v2<\/id>[\s\S]*?<updated>2026-02-20T00:00:00Z<\/updated>/);
  });
});

describe('the manual on a date, in a browser', () => {
  it('lists version 1 for a day typed between versions 1 and 2, linking to its page, as npm run register does', async () => {
    const tab = await open('/register/on/');
    await tab.locator('#on-date-text').fill('2026-03-03');
    await tab.locator('#on-date-text').press('Enter');
    const row = tab.locator('#on-date-table tr[data-id="SOP-090"]');
    await expect.poll(() => row.getAttribute('data-version')).toBe('1');
    expect(await row.locator('td[data-label="On that day"]').textContent()).toBe('In force: version 1');
    expect(await row.locator('a', { hasText: 'version 1' }).getAttribute('href')).toBe('/docs/SOP-090/v1/');
    expect(await tab.locator('#on-date-picker').inputValue()).toBe('2026-03-03');
    expect(new URL(tab.url()).search).toBe('?on=2026-03-03');

    const shown = await tab.locator('#on-date-table tbody tr').evaluateAll((rows) =>
      rows.map((r) => [(r as HTMLElement).dataset.id, r.querySelector('.on-date-state')!.textContent, (r as HTMLElement).dataset.version ?? '']),
    );
    let csv = '';
    const code = await register(['--on', '2026-03-03'], { stdout: (t) => (csv += t), stderr: () => {}, cwd: dir, projectRoot: dir });
    expect(code).toBe(0);
    const written = csvRows(csv).slice(1);
    expect(written.map((cells) => [cells[1], cells[3], cells[4]])).toEqual(shown);
    expect(written.find((cells) => cells[1] === 'SOP-090')).toEqual(expect.arrayContaining(['2026-03-03', 'In force', '1', '2025-03-01', '/docs/SOP-090/v1/']));
    expect(shown.length).toBeGreaterThan(50);

    const violations = await checkAccessibility(tab);
    expect(violations, formatViolations(violations)).toEqual([]);
  });

  it('takes a day from the date field too, and says a malformed day is one', async () => {
    const tab = await open('/register/on/');
    await tab.locator('#on-date-picker').fill('2026-09-20');
    const row = tab.locator('#on-date-table tr[data-id="SOP-090"]');
    await expect.poll(() => row.getAttribute('data-version')).toBe('3');
    expect(await tab.locator('#on-date-text').inputValue()).toBe('2026-09-20');

    await tab.locator('#on-date-text').fill('3 March 2026');
    await tab.locator('#on-date-text').press('Enter');
    await expect.poll(() => tab.locator('#on-date-status').textContent()).toContain('is not a day written YYYY-MM-DD');
    expect(await tab.locator('#on-date-text').getAttribute('aria-invalid')).toBe('true');
  });

  it('opens on the day in its address, and without script says how to get the list', async () => {
    const tab = await open('/register/on/?on=2025-03-05');
    const row = tab.locator('#on-date-table tr[data-id="SOP-090"]');
    await expect.poll(() => row.getAttribute('data-state')).toBe('not-yet-effective');
    const off = await open('/register/on/', { javaScriptEnabled: false });
    expect(await off.locator('noscript').count()).toBe(1);
    expect(await off.content()).toContain('npm run register -- --on 2026-03-03');
  });

  it('reached nothing off this machine', () => {
    expect(blocked.flat()).toEqual([]);
  });
});
