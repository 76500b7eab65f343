import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockExternalRequests, launchBrowser } from './browser.ts';
import { startCmsSession, type CmsSession } from './cms-session.ts';

/*
 * `npm run cms` with its own Git server instead of decap-server: a save in Chromium commits the draft as the
 * person running the CMS without touching the workspace's files (so the open /admin tab never reloads), and
 * a publication that collides with a newer published change is refused with the document named, leaving
 * the workspace clean and every other draft publishable.
 */

const run = promisify(execFile);
const SOP_004 = 'content/docs/procedures/SOP-004-hand-hygiene.mdx';
const SOP_004_BRANCH = 'cms/procedure/SOP-004-hand-hygiene';

let session: CmsSession;
let browser: Browser;
const blocked: string[] = [];

beforeAll(async () => {
  session = await startCmsSession();
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await session?.stop();
  expect(blocked).toEqual([]);
});

const git = async (...args: string[]) => (await run('git', args, { cwd: session.workspace })).stdout.trim();
/** The newest commit message on a branch, or '' while the branch does not exist. */
const newestMessage = (branch: string) => git('log', '-1', '--format=%B', branch).catch(() => '');

/** One action of Decap's proxy protocol, as /admin sends it. */
async function api(action: string, params: Record<string, unknown> = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(session.apiUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ branch: 'main', action, params: { branch: 'main', ...params } }) });
  return { status: response.status, body: await response.json() };
}

/** /admin, logged in, at a route; counts every full page load from here on, and marks the page's window. */
async function openCms(path: string): Promise<{ page: Page; loads: () => number }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  blocked.push(...(await blockExternalRequests(page)));
  await page.goto(`${session.siteUrl}/admin/`);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.goto(`${session.siteUrl}/admin/#${path}`);
  let loads = 0;
  page.on('load', () => loads++);
  // A reload would start a new window without the marker.
  await page.evaluate(() => ((window as unknown as { __marker: string }).__marker = 'still the same page'));
  return { page, loads: () => loads };
}

const marker = (page: Page) => page.evaluate(() => (window as unknown as { __marker?: string }).__marker);
const field = (page: Page, name: string) => page.locator(`[id^="${name}-field-"]`);

describe('saving in the local CMS', () => {
  it('commits the draft as the person running the CMS, and the open page does not reload', async () => {
    const onDisk = readFileSync(join(session.workspace, SOP_004), 'utf8');
    const { page, loads } = await openCms('/collections/procedure/entries/SOP-004-hand-hygiene');
    await expect.poll(() => field(page, 'title').inputValue(), { timeout: 30_000 }).toBe('Hand hygiene');

    await field(page, 'change_summary').fill('Hand rub at every bed space, and at night on every drugs trolley.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    await expect.poll(() => newestMessage(SOP_004_BRANCH), { timeout: 20_000 }).toBe('Draft changes to Procedure SOP-004-hand-hygiene');
    expect(await git('log', '-1', '--format=%an <%ae>|%cn <%ce>', SOP_004_BRANCH)).toBe('Quality Manager <quality@hospital.example>|Quality Manager <quality@hospital.example>');
    expect(await git('show', `${SOP_004_BRANCH}:${SOP_004}`)).toContain('change_summary: Hand rub at every bed space, and at night on every drugs trolley.');
    // Decap confirms the save once the server has answered: the page is still the one the controller had open.
    await expect.poll(() => page.getByText('Entry saved').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await marker(page)).toBe('still the same page');
    expect(loads()).toBe(0);
    // The workspace's files (served by the site) did not move: nothing for the site to reload for.
    expect(readFileSync(join(session.workspace, SOP_004), 'utf8')).toBe(onDisk);
    expect([await git('branch', '--show-current'), await git('status', '--porcelain')]).toEqual(['main', '']);
    await page.close();
  }, 90_000);
});

describe('publishing a draft that collides with a newer published change', () => {
  it('is refused with the file named, leaves the workspace clean and the draft listed; another draft still publishes, and no open page reloads', async () => {
    const { page, loads } = await openCms('/workflow');
    await expect.poll(() => page.getByText('SOP-004').count(), { timeout: 30_000 }).toBeGreaterThan(0);

    // Another person changes the same line on the published branch, in the workspace.
    const file = join(session.workspace, SOP_004);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^change_summary: .*$/m, 'change_summary: Raised the audit threshold to 97%.'));
    await run('git', ['-c', 'user.name=Infection Control Lead', '-c', 'user.email=ipc@hospital.example', 'commit', '--quiet', '-am', 'SOP-004: audit threshold 97%'], { cwd: session.workspace });
    const published = await git('rev-parse', 'main');
    const draft = await git('rev-parse', SOP_004_BRANCH);

    expect((await api('updateUnpublishedEntryStatus', { collection: 'procedure', slug: 'SOP-004-hand-hygiene', newStatus: 'pending_publish' })).status).toBe(200);
    const refused = await api('publishUnpublishedEntry', { collection: 'procedure', slug: 'SOP-004-hand-hygiene' });

    expect(refused.status).toBe(409);
    expect(refused.body.error).toContain(`SOP-004 (${SOP_004}): the published version changed since this draft began`);
    expect(refused.body.error).toContain('by Infection Control Lead');
    expect(await git('rev-parse', 'main')).toBe(published);
    expect(await git('log', '-1', '--format=%s', SOP_004_BRANCH)).toBe('Mark procedure SOP-004-hand-hygiene ready for approval');
    expect(await git('rev-parse', `${SOP_004_BRANCH}~1`)).toBe(draft);
    for (const state of ['MERGE_HEAD', 'rebase-merge', 'rebase-apply', 'CHERRY_PICK_HEAD']) expect(existsSync(join(session.workspace, '.git', state)), state).toBe(false);
    expect([await git('branch', '--show-current'), await git('status', '--porcelain')]).toEqual(['main', '']);
    expect((await api('unpublishedEntries')).body).toContain('procedure/SOP-004-hand-hygiene');

    // A different document's draft, saved and published as /admin does it.
    const sop005 = (await api('entriesByFolder', { folder: 'content/docs/procedures', extension: 'mdx', depth: 1 })).body.find((e: { data: string }) => /^id: SOP-005$/m.test(e.data));
    const slug = sop005.file.path.split('/').at(-1).replace(/\.mdx$/, '');
    const edited = sop005.data.replace(/^## (.*)$/m, '## $1\n\nCorrective actions are recorded within two working days.\n');
    const saved = await api('persistEntry', {
      dataFiles: [{ path: sop005.file.path, slug, raw: edited }],
      assets: [],
      options: { newEntry: false, commitMessage: `Draft changes to Procedure ${slug}`, collectionName: 'procedure', useWorkflow: true, unpublished: false, status: 'draft' },
    });
    expect(saved.status).toBe(200);
    expect((await api('updateUnpublishedEntryStatus', { collection: 'procedure', slug, newStatus: 'pending_publish' })).status).toBe(200);
    expect(await api('publishUnpublishedEntry', { collection: 'procedure', slug })).toEqual({ status: 200, body: { message: `branch cms/procedure/${slug} merged to main` } });

    expect(await git('log', '-1', '--format=%B', 'main')).toBe(`Publish procedure ${slug}\n\nMerged-from: cms/procedure/${slug}`);
    expect(await git('log', '-1', '--format=%P', 'main')).toMatch(new RegExp(`^${published} [0-9a-f]{40}$`));
    expect(await git('show', `main:${sop005.file.path}`)).toContain('Corrective actions are recorded within two working days.');
    // The workspace follows main, and the site serves the published text...
    expect(readFileSync(join(session.workspace, sop005.file.path), 'utf8')).toBe(edited);
    expect(await git('status', '--porcelain')).toBe('');
    await expect.poll(async () => (await fetch(`${session.siteUrl}/docs/SOP-005/`)).text(), { timeout: 30_000 }).toContain('Corrective actions are recorded within two working days.');
    // ...without reloading the controller's open page.
    expect(await marker(page)).toBe('still the same page');
    expect(loads()).toBe(0);
    expect((await api('unpublishedEntries')).body).toEqual(['procedure/SOP-004-hand-hygiene']);
  }, 120_000);
});
