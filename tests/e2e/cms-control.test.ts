import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDocumentFile } from '../../src/qms/cms/document-file.ts';
import { blockExternalRequests, launchBrowser } from './browser.ts';
import { startCmsSession, type CmsSession } from './cms-session.ts';

/*
 * Document control as a hospital's document controller meets it in the CMS (Chromium against `npm run cms`):
 * a file attached to a form stays on the change's branch until the change is approved, and a file changed
 * afterwards outside the CMS fails the check; a save from a tab opened before someone else saved is refused
 * and loses nothing; the approval names the person who gave it; and every approval (a new version, a
 * version raised by hand, a withdrawal) reaches the change record and its feed.
 */

const run = promisify(execFile);
const FRM_001 = 'content/docs/forms/FRM-001-incident-report-form.mdx';
const FRM_001_BRANCH = 'cms/form/FRM-001-incident-report-form';
const ATTACHED = 'public/attachments/frm-001/incident-form-print-.pdf';
const PDF = Buffer.from('%PDF-1.4\n% Incident report form, printable\n');

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
const subject = (ref: string) => git('log', '-1', '--format=%s', ref).catch(() => '');
const filesOn = async (ref: string, folder: string) => (await git('ls-tree', '-r', '--name-only', ref, '--', folder)).split('\n').filter(Boolean);
const fileOn = (ref: string, path: string) => git('show', `${ref}:${path}`);

async function openCms(path: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  blocked.push(...(await blockExternalRequests(page)));
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(`${session.siteUrl}/admin/`);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.goto(`${session.siteUrl}/admin/#${path}`);
  return page;
}

const field = (page: Page, name: string) => page.locator(`[id^="${name}-field-"]`);

async function publish(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Status:/ }).click();
  await page.getByRole('menuitem', { name: 'Ready' }).click();
  await expect.poll(() => page.getByRole('button', { name: /^Status:/ }).textContent()).toContain('Ready');
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Publish now' }).click();
}

/** `npm run check` on the workspace, as CI runs it on the published branch. */
async function check(): Promise<{ code: number; output: string }> {
  return run(process.execPath, [join(process.cwd(), 'scripts/check.ts'), '--root', session.workspace, '--no-history'], { env: { ...process.env, QMS_ROOT: undefined } as NodeJS.ProcessEnv })
    .then(({ stdout }) => ({ code: 0, output: stdout }))
    .catch((error: { code: number; stdout: string }) => ({ code: error.code, output: error.stdout }));
}

describe('a file attached to a document', () => {
  it('is saved on the change\'s branch with its fingerprint, reaches the published manual only with the approval, and named by who approved it', async () => {
    const page = await openCms('/collections/form/entries/FRM-001-incident-report-form');
    await expect.poll(() => field(page, 'title').inputValue(), { timeout: 30_000 }).toBe('Incident report form');
    await page.getByRole('button', { name: 'Add attached files' }).click();
    await page.getByRole('button', { name: 'Choose a file' }).first().click();
    await page.locator('input[type=file]').setInputFiles({ name: 'Incident Form (print).pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('button', { name: 'Choose selected' }).click();
    await field(page, 'change_summary').fill('Added the printable form.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    await expect.poll(() => subject(FRM_001_BRANCH), { timeout: 20_000 }).toBe('Draft changes to Form FRM-001-incident-report-form');
    expect(await filesOn(FRM_001_BRANCH, 'public/attachments')).toEqual([ATTACHED]);
    expect(await filesOn('main', 'public/attachments')).toEqual([]);
    const draft = readDocumentFile(await fileOn(FRM_001_BRANCH, FRM_001));
    expect(draft.attachments).toEqual([{ file: '/attachments/frm-001/incident-form-print-.pdf', sha256: createHash('sha256').update(PDF).digest('hex') }]);

    await publish(page);
    await expect.poll(() => subject('main'), { timeout: 30_000 }).toBe('Approve FRM-001 version 4: Incident report form');
    expect(await filesOn('main', 'public/attachments')).toEqual([ATTACHED]);
    expect(readDocumentFile(await fileOn('main', FRM_001))).toMatchObject({ status: 'approved', version: 4, change_summary: 'Added the printable form.' });
    // Who approved, and who made the change ready: the person running the CMS, by name, in Git.
    const message = await git('log', '-1', '--format=%B', 'main');
    expect(message).toContain(`Approved-by: ${session.person.name} <${session.person.email}>`);
    expect(message).toContain(`Ready-by: ${session.person.name} <${session.person.email}>`);
    expect(await git('log', '-1', '--format=%an', 'main')).toBe(session.person.name);
    expect(await check()).toMatchObject({ code: 0 });
    await page.close();
  }, 120_000);

  it('changed afterwards outside the CMS fails the check, naming the file and the version it was approved with', async () => {
    writeFileSync(join(session.workspace, ATTACHED), '%PDF-1.4\n% a different form, put in place by hand\n');
    await run('git', ['-c', 'user.name=Someone', '-c', 'user.email=someone@hospital.example', 'commit', '--quiet', '-am', 'Replace the incident form'], { cwd: session.workspace });
    const { code, output } = await check();
    expect(code).toBe(1);
    expect(output).toMatch(/QMS033 {2}attachments\.0\.sha256: public\/attachments\/frm-001\/incident-form-print-\.pdf is not the file FRM-001 version 4 was approved with/);
    await git('reset', '--quiet', '--hard', 'HEAD~1');
  }, 60_000);
});

describe('two people editing the same document', () => {
  it('refuses the save of the one who opened it first, saying who saved it since, and loses nobody\'s text', async () => {
    const first = await openCms('/collections/procedure/entries/SOP-006-risk-assessment-and-risk-register');
    const second = await openCms('/collections/procedure/entries/SOP-006-risk-assessment-and-risk-register');
    for (const page of [first, second]) await expect.poll(() => field(page, 'change_summary').count(), { timeout: 30_000 }).toBe(1);

    await field(second, 'change_summary').fill('From the second tab, saved first.');
    await second.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => subject('cms/procedure/SOP-006-risk-assessment-and-risk-register'), { timeout: 20_000 }).toBe('Draft changes to Procedure SOP-006-risk-assessment-and-risk-register');

    await field(first, 'change_summary').fill('From the first tab, saved second.');
    await first.getByRole('button', { name: 'Save', exact: true }).click();
    const refusal = first.locator('#qms-refusal');
    await expect.poll(() => refusal.textContent(), { timeout: 20_000 }).toMatch(/SOP-006 was not saved[\s\S]*was changed by Quality Manager[\s\S]*Nothing was saved, and your edits are still in this tab/);
    // The refusal stays until it is dismissed, and the tab still holds what was typed.
    expect(await field(first, 'change_summary').inputValue()).toBe('From the first tab, saved second.');
    expect(readDocumentFile(await fileOn('cms/procedure/SOP-006-risk-assessment-and-risk-register', 'content/docs/procedures/SOP-006-risk-assessment-and-risk-register.mdx'))).toMatchObject({
      change_summary: 'From the second tab, saved first.',
    });
    await first.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => refusal.count()).toBe(0);
    await first.close();
    await second.close();
  }, 90_000);
});

async function pick(page: Page, name: string, typed: string, option: RegExp): Promise<void> {
  await field(page, name).click();
  await field(page, name).fill(typed);
  await page.getByRole('option', { name: option }).first().click();
}

describe('the change record', () => {
  it('lists every approval made in the CMS: a new document, a version raised by hand and a withdrawal, on /changes/ and in the feed', async () => {
    // A new form, written and approved in the CMS.
    const created = await openCms('/collections/form/new');
    await expect.poll(() => field(created, 'id').inputValue(), { timeout: 30_000 }).toBe('FRM-011');
    await field(created, 'title').fill('Hand hygiene audit sheet');
    await field(created, 'owner').fill('Infection Prevention and Control Lead');
    await field(created, 'approver').fill('Chief Nursing Officer');
    await field(created, 'body').fill('Record one observation a row.\n');
    await created.getByRole('button', { name: 'Save', exact: true }).click();
    await created.waitForURL(/\/entries\//);
    await publish(created);
    await expect.poll(() => subject('main'), { timeout: 30_000 }).toBe('Approve FRM-011 version 1: Hand hygiene audit sheet');

    // A version raised by hand, as the hint says a controller may.
    const raised = await openCms('/collections/procedure/entries/SOP-007-patient-identification');
    await expect.poll(() => field(raised, 'version').inputValue(), { timeout: 30_000 }).toBe('3');
    await field(raised, 'version').fill('4');
    await field(raised, 'change_summary').fill('Two identifiers also before every blood sample.');
    await raised.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => subject('cms/procedure/SOP-007-patient-identification'), { timeout: 20_000 }).toBe('Draft changes to Procedure SOP-007-patient-identification');
    await publish(raised);
    await expect.poll(() => subject('main'), { timeout: 30_000 }).toBe('Approve SOP-007 version 4: Patient identification');

    // A withdrawal is an approval like any other.
    const withdrawn = await openCms('/collections/form/entries/FRM-004-patient-property-record');
    await expect.poll(() => field(withdrawn, 'title').inputValue(), { timeout: 30_000 }).toBe('Patient property record');
    await pick(withdrawn, 'status', 'obsolete', /^obsolete/);
    await withdrawn.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => subject('cms/form/FRM-004-patient-property-record'), { timeout: 20_000 }).toBe('Draft changes to Form FRM-004-patient-property-record');
    await publish(withdrawn);
    await expect.poll(() => subject('main'), { timeout: 30_000 }).toBe('Approve withdrawal of FRM-004: Patient property record');

    const outDir = mkdtempSync(join(tmpdir(), 'qms-cms-changes-'));
    try {
      await run(join(process.cwd(), 'node_modules/.bin/astro'), ['build', '--outDir', outDir], {
        cwd: session.workspace,
        env: { ...process.env, PATH: `${join(process.cwd(), 'node_modules/.bin')}:${process.env.PATH}`, ASTRO_TELEMETRY_DISABLED: '1', QMS_ROOT: session.workspace },
        maxBuffer: 64 * 1024 * 1024,
      });
      // Each approval is one entry of the change record, its text read on its own.
      const changes = readFileSync(join(outDir, 'changes/index.html'), 'utf8').split('<li data-change="');
      const entry = (key: RegExp) => {
        const found = changes.find((part) => key.test(part));
        expect(found, String(key)).toBeDefined();
        return found!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
      };
      expect(entry(/^FRM-004:v\d+:withdrawn"/)).toMatch(/FRM-004 Patient property record , withdrawn .*Withdrawn.*approval published by Quality Manager/);
      expect(entry(/^SOP-007:v4"/)).toMatch(/SOP-007 Patient identification , version 4 .*New version.* Two identifiers also before every blood sample\..*approval published by Quality Manager/);
      expect(entry(/^FRM-011:v1"/)).toMatch(/FRM-011 Hand hygiene audit sheet , version 1 .*First issue.*approval published by Quality Manager/);
      const feed = readFileSync(join(outDir, 'changes.xml'), 'utf8');
      for (const title of ['FRM-004 Patient property record, withdrawn', 'SOP-007 Patient identification, version 4', 'FRM-011 Hand hygiene audit sheet, version 1']) {
        expect(feed).toContain(`<title>${title}</title>`);
      }
      expect(feed).toContain('<author><name>Quality Manager</name></author>');
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
    for (const page of [created, raised, withdrawn]) await page.close();
  }, 240_000);
});
