import { execFile } from 'node:child_process';
import fs, { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseEntities } from 'parse-entities';
import git from 'isomorphic-git';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDocumentFile } from '../../src/qms/cms/document-file.ts';
import { nextFreeId } from '../../src/qms/cms/config.ts';
import { escapeMdxText } from '../../src/qms/mdx/normalize.ts';
import { today } from '../../src/qms/base/dates.ts';
import { loadManual } from '../../src/qms/load/manual.ts';
import { blockExternalRequests, launchBrowser } from './browser.ts';
import { startCmsSession, type CmsSession } from './cms-session.ts';

/*
 * A document controller in Decap CMS, in Chromium, against `npm run cms` (decap-server on 127.0.0.1, Git
 * mode, the editorial workflow): create a procedure, publish it (the approval), edit an existing one, and
 * be stopped by a missing field or by text the checker refuses. The repository is read with isomorphic-git.
 */
const run = promisify(execFile);
const manual = loadManual(process.cwd());
const NEW_ID = nextFreeId('SOP', manual.documents.map((d) => d.data.id));
const OBSOLETE = manual.documents.find((d) => d.data.status === 'obsolete')!.data.id;
const NEW_SLUG = `${NEW_ID.toLowerCase()}-blood-culture-collection`;
const NEW_FILE = `content/docs/procedures/${NEW_SLUG}.mdx`;

/** What a controller types or pastes from a word processor: braces, angle brackets, HTML, a table, a callout. */
const PASTED = [
  '## Purpose',
  '',
  'Keep contamination {below 3%} of sets; record <ward name> and a dose < 5 mL.',
  '',
  'HTML typed as text: <b>bold</b> and <!-- a note -->.',
  '',
  '| Step | Who | When |',
  '| --- | --- | --- |',
  '| Clean the skin | Nurse | Before {every} draw |',
  '',
  '“Smart quotes” – an en dash,\ta tab, • a bullet and ½.',
  '',
  '<Callout type="warning" title="Before you start">',
  '',
  'Wear gloves. Press <kbd>Ctrl</kbd> to print.',
  '',
  '</Callout>',
  '',
].join('\n');

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
  // The CMS never reached for anything off this machine: no CDN, no hosted media library.
  expect(blocked).toEqual([]);
});

async function openCms(path: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  blocked.push(...(await blockExternalRequests(page)));
  // Publishing asks "Are you sure?"; the controller says yes.
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(`${session.siteUrl}/admin/`);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.goto(`${session.siteUrl}/admin/#${path}`);
  return page;
}

const field = (page: Page, name: string) => page.locator(`[id^="${name}-field-"]`);

async function pick(page: Page, name: string, typed: string, option: string | RegExp): Promise<void> {
  await field(page, name).click();
  await field(page, name).fill(typed);
  await page.getByRole('option', { name: option }).first().click();
}

/** Pastes text at the end of the document's text, as a word processor's clipboard would hand it over (text and HTML). */
async function paste(page: Page, text: string): Promise<void> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.siteUrl });
  await page.evaluate((t) => navigator.clipboard.write([new ClipboardItem({ 'text/plain': new Blob([t], { type: 'text/plain' }), 'text/html': new Blob([`<p><b>${t.slice(0, 20)}</b></p>`], { type: 'text/html' }) })]), text);
  // The text is a plain textarea (src/cms/widgets/markdown-widget.ts): Control+End puts the caret at its end at once.
  await field(page, 'body').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Control+V');
}

async function publish(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Status:/ }).click();
  await page.getByRole('menuitem', { name: 'Ready' }).click();
  await expect.poll(() => page.getByRole('button', { name: /^Status:/ }).textContent()).toContain('Ready');
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Publish now' }).click();
}

const repo = () => ({ fs, dir: session.workspace });
const branches = () => git.listBranches(repo());
/** The newest commit message on a branch, once the branch exists (decap-server creates it before committing). */
/** The subject of the newest commit on `ref` (the approval's trailers, who approved and what was merged, follow it). */
const newestMessage = async (ref: string) => ((await branches()).includes(ref) || ref === 'main' ? (await git.log({ ...repo(), ref, depth: 1 }))[0].commit.message.trim().split('\n')[0] : '');
async function fileAt(ref: string, filepath: string): Promise<string> {
  const oid = await git.resolveRef({ ...repo(), ref });
  const { blob } = await git.readBlob({ ...repo(), oid, filepath });
  return new TextDecoder().decode(blob);
}

describe('a new procedure, created in the CMS', () => {
  it('is saved with every field as a draft on a branch of its own, committed to the repository', async () => {
    const page = await openCms('/collections/procedure/new');
    await expect.poll(() => field(page, 'id').inputValue()).toBe(NEW_ID);
    await field(page, 'title').fill('Blood culture collection');
    await field(page, 'version').fill('1');
    await field(page, 'summary').fill('How to take blood cultures without contaminating them.');
    await field(page, 'owner').fill('Laboratory Manager');
    await field(page, 'approver').fill('Medical Director');
    await field(page, 'approved').fill('2026-01-05');
    await field(page, 'effective').fill('2026-01-10');
    await field(page, 'review_by').fill('2030-12-15');
    await pick(page, 'clauses', '8.1', /^8\.1 /);
    await pick(page, 'clauses', '6.1.3', /^6\.1\.3 /);
    // Departments are picked from the organization's list (settings), never typed.
    await pick(page, 'departments', 'Labor', /^Laboratory$/);
    await pick(page, 'departments', 'Emergency', /^Emergency Department$/);
    await pick(page, 'related', 'SOP-004', /SOP-004/);
    await pick(page, 'supersedes', OBSOLETE, new RegExp(OBSOLETE));
    await field(page, 'change_summary').fill('First issue.');
    await pick(page, 'documented_information', 'risk', /./);
    await paste(page, PASTED);

    // The preview is the document page: title, status banner, controlled header, the callout.
    const preview = page.frameLocator('iframe').first();
    await expect.poll(() => preview.locator('h1').textContent()).toBe('Blood culture collection');
    expect(await preview.locator('.status-banner__label').textContent()).toBe('Draft, not approved');
    expect(await preview.locator('.controlled-header dt').allTextContents()).toEqual(expect.arrayContaining(['Document ID', 'Owner', 'Proposed approver', 'Review by', 'ISO 7101 clauses']));
    expect(await preview.locator('.controlled-header').textContent()).toContain('8.1');
    expect(await preview.locator('.callout--warning .callout__label').textContent()).toContain('Warning: Before you start');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/\/entries\//);
    await expect.poll(() => newestMessage(`cms/procedure/${NEW_SLUG}`), { timeout: 15_000 }).toBe(`Draft new Procedure ${NEW_SLUG}`);
    const saved = readDocumentFile(await fileAt(`cms/procedure/${NEW_SLUG}`, NEW_FILE));
    expect(saved).toMatchObject({
      id: NEW_ID, title: 'Blood culture collection', type: 'procedure', version: 1, status: 'draft', owner: 'Laboratory Manager', approver: 'Medical Director',
      approved: '2026-01-05', effective: '2026-01-10', review_by: '2030-12-15', clauses: ['8.1', '6.1.3'], departments: ['Laboratory', 'Emergency Department'],
      related: ['SOP-004'], supersedes: [OBSOLETE], change_summary: 'First issue.',
    });
    expect((saved.documented_information as string[]).length).toBe(1);
    expect(saved.body).toBe(escapeMdxText(PASTED));
    // Nothing reached the default branch yet: saving is not publishing.
    expect(await git.listFiles({ ...repo(), ref: 'main' })).not.toContain(NEW_FILE);
  }, 90_000);

  it('is approved by publishing: stamped, merged, and passes the checks and the build, in the register and the cross-reference', async () => {
    const page = await openCms(`/collections/procedure/entries/${NEW_SLUG}`);
    await field(page, 'title').waitFor();
    await publish(page);
    await expect.poll(() => newestMessage('main'), { timeout: 20_000 }).toBe(`Approve ${NEW_ID} version 1: Blood culture collection`);
    // The local Git server deletes the change's branch just after the merge that the line above waited for.
    await expect.poll(() => branches(), { timeout: 20_000 }).not.toContain(`cms/procedure/${NEW_SLUG}`);
    const published = readDocumentFile(await fileAt('main', NEW_FILE));
    expect(published).toMatchObject({ status: 'approved', version: 1, approved: today(), effective: today() });

    const check = await run(process.execPath, [join(process.cwd(), 'scripts/check.ts'), '--root', session.workspace, '--no-history'], { env: { ...process.env, QMS_ROOT: undefined } as NodeJS.ProcessEnv }).catch((e) => e);
    expect(check.stdout, check.stderr).toMatch(/Passed: nothing stops publishing/);
    const outDir = mkdtempSync(join(tmpdir(), 'qms-cms-site-'));
    try {
      await run(join(process.cwd(), 'node_modules/.bin/astro'), ['build', '--outDir', outDir], {
        cwd: session.workspace,
        env: { ...process.env, PATH: `${join(process.cwd(), 'node_modules/.bin')}:${process.env.PATH}`, ASTRO_TELEMETRY_DISABLED: '1', QMS_ROOT: session.workspace },
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(readFileSync(join(outDir, 'register/index.html'), 'utf8')).toContain(`/docs/${NEW_ID}/`);
      expect(readFileSync(join(outDir, 'clauses/8.1/index.html'), 'utf8')).toContain(`/docs/${NEW_ID}/`);
      const page = readFileSync(join(outDir, `docs/${NEW_ID}/index.html`), 'utf8');
      expect(page).toContain('callout--warning');
      // The text as the reader sees it (the page escapes < as a character reference, whichever it picks).
      expect(parseEntities(page.replace(/<[^>]*>/g, ''))).toContain('Keep contamination {below 3%} of sets; record <ward name> and a dose < 5 mL.');
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('an existing document, edited in the CMS', () => {
  const FILE = 'content/docs/procedures/SOP-004-hand-hygiene.mdx';

  it('becomes the next version when the change to its text is published, and nothing else in the file moves', async () => {
    const before = await fileAt('main', FILE);
    const page = await openCms('/collections/procedure/entries/SOP-004-hand-hygiene');
    await expect.poll(() => field(page, 'title').inputValue()).toBe('Hand hygiene');
    await field(page, 'change_summary').fill('Added where to find hand rub at night.');
    await paste(page, '\nAt night, hand rub is on every drugs trolley.\n');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => newestMessage('cms/procedure/SOP-004-hand-hygiene'), { timeout: 15_000 }).toBe('Draft changes to Procedure SOP-004-hand-hygiene');
    expect(readDocumentFile(await fileAt('cms/procedure/SOP-004-hand-hygiene', FILE)).status).toBe('draft');
    await publish(page);
    await expect.poll(() => newestMessage('main'), { timeout: 20_000 }).toBe('Approve SOP-004 version 5: Hand hygiene');

    const after = await fileAt('main', FILE);
    expect(readDocumentFile(after)).toMatchObject({ version: 5, status: 'approved', approved: today(), effective: today(), change_summary: 'Added where to find hand rub at night.' });
    const changed = (text: string) => text.split('\n').filter((line) => /^(version|approved|effective|change_summary):/.test(line));
    const unchanged = (text: string) => text.split('\n').filter((line) => !/^(version|approved|effective|change_summary):/.test(line) && !line.includes('drugs trolley') && line !== '');
    expect(unchanged(after)).toEqual(unchanged(before));
    expect(changed(after)).not.toEqual(changed(before));
  }, 90_000);
});

describe('the organization settings, edited in the CMS', () => {
  it('go through the same workflow and land on the published branch', async () => {
    const page = await openCms('/collections/settings/entries/organization');
    await expect.poll(() => field(page, 'organization').inputValue()).toBe(manual.settings.organization);
    await field(page, 'organization').fill('Riverside General Hospital NHS Trust');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => newestMessage('cms/settings/organization'), { timeout: 15_000 }).toBe('Draft changes to Settings organization');
    await publish(page);
    await expect.poll(async () => (await fileAt('main', 'content/settings/organization.yaml')).split('\n')[0], { timeout: 20_000 }).toBe(
      'organization: Riverside General Hospital NHS Trust',
    );
    expect(await fileAt('main', 'content/settings/organization.yaml')).toContain('  interval_months:\n    policy: 36');
  }, 60_000);
});

describe('what the CMS refuses to save', () => {
  it('a document with a required field missing, with a clear message', async () => {
    const page = await openCms('/collections/procedure/new');
    await field(page, 'title').fill('Specimen labelling');
    await field(page, 'approver').fill('Medical Director');
    await paste(page, 'Label every specimen at the bedside.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByText("Oops, you've missed a required field. Please complete before saving.").count()).toBeGreaterThan(0);
    expect(await page.getByText('Owner is required.').count()).toBeGreaterThan(0);
    expect((await branches()).filter((b) => b.includes('specimen'))).toEqual([]);
  }, 60_000);

  it('text the checker refuses, with the checker\'s reason, and nothing is committed', async () => {
    const page = await openCms('/collections/procedure/new');
    await field(page, 'title').fill('Unsafe page');
    await field(page, 'owner').fill('Laboratory Manager');
    await field(page, 'approver').fill('Medical Director');
    await paste(page, 'Click here: <script>alert(document.cookie)</script>');
    await expect.poll(() => page.frameLocator('iframe').first().locator('[role="alert"]').textContent()).toContain('QMS022');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByText(/Failed to persist entry/).textContent()).toMatch(/was not saved[\s\S]*script[\s\S]*QMS022/);
    expect((await branches()).filter((b) => b.includes('unsafe'))).toEqual([]);
  }, 60_000);
});
