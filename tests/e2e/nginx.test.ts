import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadManual } from '../../src/qms/load/manual.ts';
import { parseBuildRecord } from '../../src/site/build-info.ts';
import { startLocalGitServer, type LocalGitServer } from '../../scripts/cms/local-git-server.ts';
import { DEFAULT_KEEP, deployLocal, rollbackLocal } from '../../scripts/deploy.ts';
import { blockExternalRequests, freePort, launchBrowser } from './browser.ts';
import { astroBuild, copyProject } from './temp-project.ts';

/*
 * The built site served by Debian's nginx with the configuration the repository ships
 * (scripts/serve/qms-manual.nginx.conf), driven in Chromium: its Content-Security-Policy is the one the site
 * must pass, its headers are the ones a browser gets. The file is used as shipped, with only the address it
 * listens on, the folder it serves and (for /admin/) the Git host changed; Debian's nginx.conf around it is
 * reduced to what a test needs (its own pid file, temporary folders and log).
 */
const SHIPPED = join(process.cwd(), 'scripts/serve/qms-manual.nginx.conf');
const siteDir = inject('siteDir');
const manual = loadManual(process.cwd());

/** nginx on PATH, or in the sbin folders that a non-root PATH leaves out. */
function findNginx(): string {
  const folders = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  for (const folder of folders.filter(Boolean)) {
    try {
      accessSync(join(folder, 'nginx'), constants.X_OK);
      return join(folder, 'nginx');
    } catch {
      // not here
    }
  }
  throw new Error(
    'nginx is not installed, and the web server configuration the manual ships is tested with it. Install Debian\'s ' +
      'nginx (as root: apt-get install nginx-light, or apt-get install nginx); .ci/run does this itself.',
  );
}

/** Replaces `from` with `to` exactly once, so that a change to the shipped file cannot go unnoticed here. */
function replaceOnce(text: string, from: string, to: string): string {
  const parts = text.split(from);
  if (parts.length !== 2) throw new Error(`${SHIPPED} should contain "${from}" once; found it ${parts.length - 1} times`);
  return parts.join(to);
}

interface Nginx {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts nginx (in the foreground, as its own child) on 127.0.0.1 with the shipped server block serving
 * `root`; `gitHost` replaces the Git host of the /admin/ policy.
 */
async function startNginx(root: string, gitHost?: string): Promise<Nginx> {
  const nginx = findNginx();
  const prefix = mkdtempSync(join(tmpdir(), 'qms-nginx-'));
  const port = await freePort();
  let site = readFileSync(SHIPPED, 'utf8');
  site = replaceOnce(site, 'listen 80;', `listen 127.0.0.1:${port};`);
  site = replaceOnce(site, 'listen [::]:80;', '');
  site = replaceOnce(site, 'root /srv/qms-manual/current;', `root ${root};`);
  if (gitHost) site = site.replaceAll('https://git.hospital.example', gitHost);
  writeFileSync(join(prefix, 'qms-manual.conf'), site);
  // What Debian's nginx.conf gives every site (mime.types, default_type), with this test's own folders.
  // As root, workers would otherwise run as nobody, who cannot read a private temporary folder.
  const temp = (name: string) => `${name}_temp_path ${join(prefix, name)};`;
  writeFileSync(
    join(prefix, 'nginx.conf'),
    [
      process.getuid?.() === 0 ? 'user root;' : '',
      `pid ${join(prefix, 'nginx.pid')};`,
      'error_log stderr;',
      'events { worker_connections 256; }',
      'http {',
      '  include /etc/nginx/mime.types;',
      '  default_type application/octet-stream;',
      '  access_log off;',
      `  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}`,
      `  include ${join(prefix, 'qms-manual.conf')};`,
      '}',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(nginx, ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', 'stderr', '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(prefix, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx stopped: ${output}`);
    if (await fetch(`${url}/build.json`).then((r) => r.ok, () => false)) return { url, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`nginx did not answer on ${url}: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Watched {
  /** Every CSP violation the page reported, and every console error or warning. */
  problems: string[];
}

/** A page that records CSP violations (the event and the console's words) and console errors. */
async function watchedPage(browser: Browser, blocked: string[], viewport = { width: 1280, height: 900 }): Promise<{ page: Page } & Watched> {
  const page = await browser.newPage({ viewport });
  blocked.push(...(await blockExternalRequests(page)));
  const problems: string[] = [];
  page.on('console', (message) => {
    // Chromium reports a page that answers 404 as a resource that failed: the 404 page itself is expected.
    if (message.text().startsWith('Failed to load resource') && message.location().url === page.url()) return;
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.exposeBinding('qmsReportViolation', (_source, text: string) => void problems.push(`securitypolicyviolation: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { qmsReportViolation: (text: string) => void }).qmsReportViolation;
      void report(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} in ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  return { page, problems };
}

/** The response's headers, from a plain HTTP request (no redirect followed; `host` as a reader's browser sends it). */
function head(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The directives of a Content-Security-Policy, by name. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name, values]),
  );
}

const htmlFiles = (dir: string) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html'));

let browser: Browser;
const blocked: string[] = [];
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  // Nothing the site served reached for anything off this machine.
  expect(blocked).toEqual([]);
});

// Not a skip: without nginx this fails, saying how to install it, and so does every test that needs it.
it('has Debian\'s nginx to serve the site with', () => {
  expect(findNginx()).toMatch(/\/nginx$/);
});

describe('the built site has nothing inline for the CSP to refuse', () => {
  it('has no inline script, <style>, style attribute or event handler attribute on any page', () => {
    const found: string[] = [];
    for (const file of htmlFiles(siteDir)) {
      const html = readFileSync(join(siteDir, file), 'utf8');
      for (const [what, pattern] of [
        ['inline script', /<script\b(?![^>]*\bsrc=)(?![^>]*type="application\/(?:ld\+)?json")[^>]*>/g],
        ['<style>', /<style\b/g],
        ['style attribute', /<[a-z][^>]*\sstyle=/gi],
        ['event handler attribute', /<[a-z][^>]*\son[a-z]+=/gi],
      ] as const) {
        for (const match of html.matchAll(pattern)) found.push(`${file}: ${what}: ${match[0].slice(0, 80)}`);
      }
    }
    expect(htmlFiles(siteDir).length).toBeGreaterThan(50);
    expect(found).toEqual([]);
  });
});

describe('the site through nginx', () => {
  let nginx: Nginx;
  beforeAll(async () => {
    nginx = await startNginx(siteDir);
  });
  afterAll(async () => {
    await nginx?.stop();
  });

  it('searches, in Chromium, with no CSP violation: Pagefind loads its WebAssembly under the policy', async () => {
    const { page, problems } = await watchedPage(browser, blocked);
    const sop = manual.documents.find((d) => d.data.id === 'SOP-004')!.data;
    await page.goto(`${nginx.url}/`);
    await page.fill('#search-input', sop.title);
    await page.press('#search-input', 'Enter');
    await expect.poll(() => page.locator('#search-results .search-result').evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.id)), { timeout: 30_000 }).toContain('SOP-004');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('opens every kind of page with no CSP violation, console error or warning', { timeout: 120_000 }, async () => {
    const pastVersion = readdirSync(join(siteDir, 'docs/SOP-004')).find((f) => /^v\d+$/.test(f));
    const paths = ['/', '/docs/SOP-004/', '/register/', '/register/on/', '/clauses/', '/clauses/8/', '/reviews/', '/changes/', '/verify/', '/audit/', '/admin/', '/no-such-page/'];
    if (pastVersion) paths.push(`/docs/SOP-004/${pastVersion}/`);
    for (const path of paths) {
      const { page, problems } = await watchedPage(browser, blocked);
      await page.goto(`${nginx.url}${path}`);
      await page.waitForLoadState('networkidle');
      expect(problems, path).toEqual([]);
      await page.close();
    }
    expect(pastVersion).toBeDefined();
  });

  it('reaches /docs/SOP-004 and /docs/SOP-004/, redirecting on the host the reader used', async () => {
    const redirect = await head(`${nginx.url}/docs/SOP-004?from=paper`, { host: 'qms.hospital.example' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe('/docs/SOP-004/?from=paper');
    const { page, problems } = await watchedPage(browser, blocked);
    for (const path of ['/docs/SOP-004', '/docs/SOP-004/']) {
      const response = await page.goto(`${nginx.url}${path}`);
      expect(response?.status(), path).toBe(200);
      expect(page.url(), path).toBe(`${nginx.url}/docs/SOP-004/`);
      await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toContain(manual.documents.find((d) => d.data.id === 'SOP-004')!.data.title);
    }
    expect(problems).toEqual([]);
    await page.close();
  });

  it('answers an unknown address with the manual\'s own 404 page, status 404, its script running under the CSP', async () => {
    const { page, problems } = await watchedPage(browser, blocked, { width: 360, height: 740 });
    const response = await page.goto(`${nginx.url}/docs/sop-999-no-such-thing`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    await expect.poll(() => page.locator('#missing-address').textContent()).toBe('/docs/sop-999-no-such-thing');
    await expect.poll(() => page.locator('#not-found-search').inputValue()).toBe('sop 999 no such thing');
    expect(await page.locator('header.site-header .site-name').count()).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
    expect((await head(`${nginx.url}/_astro/no-such-file.js`)).status).toBe(404);
  });

  it('has pages revalidated, /_astro/ files kept a year, Pagefind\'s files revalidated', async () => {
    const asset = readdirSync(join(siteDir, '_astro')).find((f) => f.endsWith('.css'))!;
    const cases: [string, string][] = [
      ['/', 'no-cache'],
      ['/docs/SOP-004/', 'no-cache'],
      ['/no-such-page/', 'no-cache'],
      ['/build.json', 'no-cache'],
      ['/pagefind/pagefind.js', 'no-cache'],
      ['/pagefind/pagefind-entry.json', 'no-cache'],
      [`/_astro/${asset}`, 'public, max-age=31536000, immutable'],
    ];
    for (const [path, cacheControl] of cases) expect((await head(`${nginx.url}${path}`)).headers['cache-control'], path).toBe(cacheControl);
    // Revalidating an unchanged page costs a 304, not the page.
    const page = await head(`${nginx.url}/docs/SOP-004/`);
    expect(page.headers.etag).toBeTruthy();
    expect((await head(`${nginx.url}/docs/SOP-004/`, { 'if-none-match': String(page.headers.etag) })).status).toBe(304);
  });

  it('sends a strict CSP and the security headers on pages, errors and files', async () => {
    const asset = readdirSync(join(siteDir, '_astro')).find((f) => f.endsWith('.js'))!;
    for (const path of ['/', '/no-such-page/', `/_astro/${asset}`, '/docs/SOP-004']) {
      const { headers } = await head(`${nginx.url}${path}`);
      expect(headers['x-content-type-options'], path).toBe('nosniff');
      expect(headers['referrer-policy'], path).toBe('same-origin');
      expect(headers['x-frame-options'], path).toBe('DENY');
      expect(headers['permissions-policy'], path).toMatch(/camera=\(\), .*microphone=\(\)/);
      expect(headers['strict-transport-security'], path).toBeUndefined();
      expect(headers.server, path).toBe('nginx');
      const policy = directives(String(headers['content-security-policy']));
      expect(policy.get('default-src'), path).toEqual(["'self'"]);
      expect(policy.get('script-src'), path).toEqual(["'self'", "'wasm-unsafe-eval'"]);
      expect(policy.get('style-src'), path).toEqual(["'self'"]);
      expect(policy.get('object-src'), path).toEqual(["'none'"]);
      expect(policy.get('frame-ancestors'), path).toEqual(["'none'"]);
      expect([...policy.values()].flat().filter((source) => !source.startsWith("'")), path).toEqual([]);
    }
    // For when TLS is terminated at this server: written, and left for the hospital to turn on.
    expect(readFileSync(SHIPPED, 'utf8')).toMatch(/^\s*# add_header Strict-Transport-Security "max-age=\d+" always;$/m);
    const types: [string, RegExp][] = [
      ['/register.csv', /^text\/csv; charset=utf-8$/],
      ['/reviews.ics', /^text\/calendar; charset=utf-8$/],
      [`/admin/decap/${readdirSync(join(siteDir, 'admin/decap')).find((f) => f.endsWith('.wasm'))}`, /^application\/wasm$/],
      ['/changes.xml', /^text\/xml; charset=utf-8$/],
    ];
    for (const [path, type] of types) expect((await head(`${nginx.url}${path}`)).headers['content-type'], path).toMatch(type);
  });

  it('serves build.json, which names the commit the footer and /verify/ show', async () => {
    const record = parseBuildRecord(await (await fetch(`${nginx.url}/build.json`)).text());
    if ('problem' in record) throw new Error(record.problem);
    const { page } = await watchedPage(browser, blocked);
    await page.goto(`${nginx.url}/`);
    expect(await page.locator('.site-footer').textContent()).toContain(`${record.label}.`);
    await page.goto(`${nginx.url}/verify/`);
    expect(await page.locator('main').textContent()).toContain(`${record.label}.`);
    expect(record.builtOn).toBe(inject('asOf'));
    await page.close();
  });
});

describe('a deployed build through nginx (root <to>/current)', () => {
  it('serves the release `npm run deploy` switched to, then the one before it after a rollback, with no reload', async () => {
    const to = mkdtempSync(join(tmpdir(), 'qms-nginx-srv-'));
    const second = mkdtempSync(join(tmpdir(), 'qms-nginx-build-'));
    const record = parseBuildRecord(readFileSync(join(siteDir, 'build.json'), 'utf8'));
    if ('problem' in record) throw new Error(record.problem);
    await deployLocal(siteDir, to, record, new Date('2026-11-25T09:00:00Z'), DEFAULT_KEEP);
    const nginx = await startNginx(join(to, 'current'));
    try {
      const home = () => fetch(`${nginx.url}/`).then((r) => r.text());
      expect(await home()).toContain('<h1');
      expect((await head(`${nginx.url}/docs/SOP-004`)).headers.location).toBe('/docs/SOP-004/');
      cpSync(siteDir, second, { recursive: true });
      writeFileSync(join(second, 'index.html'), readFileSync(join(siteDir, 'index.html'), 'utf8').replace('</h1>', ' (the next build)</h1>'));
      await deployLocal(second, to, record, new Date('2026-11-26T09:00:00Z'), DEFAULT_KEEP);
      await expect.poll(home).toContain('(the next build)</h1>');
      await rollbackLocal(to);
      await expect.poll(home).not.toContain('(the next build)');
    } finally {
      await nginx.stop();
      rmSync(to, { recursive: true, force: true });
      rmSync(second, { recursive: true, force: true });
    }
  });
});

describe('/admin/ (Decap CMS) through nginx, under its own policy', () => {
  let nginx: Nginx;
  let server: LocalGitServer;
  const folders: string[] = [];
  let adminHtml: string;

  beforeAll(async () => {
    // The editor needs a repository to talk to: the local Git server of `npm run cms`, on a commit of the manual.
    const workspace = mkdtempSync(join(tmpdir(), 'qms-nginx-cms-'));
    folders.push(workspace);
    cpSync(join(process.cwd(), 'content'), join(workspace, 'content'), { recursive: true });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Quality Manager', '-c', 'user.email=quality@hospital.example', ...args], { cwd: workspace, stdio: 'pipe' });
    git('init', '--quiet', '--initial-branch=main');
    git('add', '--all');
    git('commit', '--quiet', '-m', 'The manual');
    server = await startLocalGitServer({ workspace, branch: 'main', person: { name: 'Quality Manager', email: 'quality@hospital.example' }, port: 0, log: () => {} });
    // A build whose /admin/ ships the editor, pointed at that server.
    const { dir } = copyProject('qms-nginx-admin-');
    folders.push(dir);
    const built = await astroBuild(dir, { QMS_CMS_PROXY_URL: server.url });
    if (built.code !== 0) throw new Error(`the build with /admin/ failed:\n${built.output}`);
    adminHtml = readFileSync(join(dir, 'dist/admin/index.html'), 'utf8');
    nginx = await startNginx(join(dir, 'dist'), new URL(server.url).origin);
  }, 240_000);
  afterAll(async () => {
    await nginx?.stop();
    await server?.close();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it('allows the one inline script of /admin/index.html by its hash', () => {
    const inline = [...adminHtml.matchAll(/<script>([^<]*)<\/script>/g)].map((m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`);
    expect(inline).toHaveLength(1);
    const adminPolicy = /~\^\/admin\/\s+"([^"]*)"/.exec(readFileSync(SHIPPED, 'utf8'))?.[1] ?? '';
    expect(directives(adminPolicy).get('script-src'), `the inline script of /admin/index.html has changed: put ${inline[0]} in the /admin/ policy of ${SHIPPED}`).toContain(inline[0]);
  });

  it('signs in, opens a document with its preview and attaches a file, with no CSP violation', { timeout: 120_000 }, async () => {
    const { page, problems } = await watchedPage(browser, blocked, { width: 1400, height: 1000 });
    page.on('dialog', (dialog) => void dialog.accept());
    const response = await page.goto(`${nginx.url}/admin/`);
    expect(directives(response!.headers()['content-security-policy']).get('connect-src')).toEqual(["'self'", 'blob:', new URL(server.url).origin]);
    await page.getByRole('button', { name: 'Login' }).click({ timeout: 30_000 });
    await page.goto(`${nginx.url}/admin/#/collections/form/entries/FRM-001-incident-report-form`);
    await expect.poll(() => page.locator('[id^="title-field-"]').inputValue(), { timeout: 30_000 }).toBe('Incident report form');
    await page.getByRole('button', { name: 'Add attached files' }).click();
    await page.getByRole('button', { name: 'Choose a file' }).first().click();
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    await page.locator('input[type=file]').setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: png });
    // The file is shown from the browser's memory (a blob: address) before it is saved.
    await expect
      .poll(() => page.locator('img[src^="blob:"]').evaluateAll((images) => images.some((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0)), { timeout: 30_000 })
      .toBe(true);
    expect(problems.filter((p) => /Content Security Policy|securitypolicyviolation|page error/.test(p))).toEqual([]);
    await page.close();
  });
});
