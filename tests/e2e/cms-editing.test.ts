import fs from 'node:fs';
import git from 'isomorphic-git';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextFreeId } from '../../src/qms/cms/config.ts';
import { readDocumentFile } from '../../src/qms/cms/document-file.ts';
import { loadManual } from '../../src/qms/load/manual.ts';
import { blockExternalRequests, checkAccessibility, formatViolations, launchBrowser } from './browser.ts';
import { startCmsSession, type CmsSession } from './cms-session.ts';

/*
 * What a document controller does by hand in the CMS's editor, in Chromium, against `npm run cms`: type a
 * date with the keyboard, make a word bold with the toolbar, paste a table from Word, and read why a save
 * was refused for as long as it takes (src/cms/widgets/, src/cms/refusals.ts).
 */
const manual = loadManual(process.cwd());
const NEW_ID = nextFreeId('SOP', manual.documents.map((d) => d.data.id));

let session: CmsSession;
let browser: Browser;
const blocked: string[] = [];

beforeAll(async () => {
  session = await startCmsSession();
  // A British controller's browser: its date fields read dd/mm/yyyy (Chromium takes that from LANG on Linux).
  browser = await launchBrowser({ args: ['--lang=en-GB'], env: { LANG: 'en_GB.UTF-8', LANGUAGE: 'en_GB' } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await session?.stop();
  expect(blocked).toEqual([]);
});

/** /admin, signed in, at `path`. */
async function openCms(path: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'en-GB', timezoneId: 'Europe/London' });
  blocked.push(...(await blockExternalRequests(page)));
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(`${session.siteUrl}/admin/`);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.goto(`${session.siteUrl}/admin/#${path}`);
  return page;
}

const field = (page: Page, name: string) => page.locator(`[id^="${name}-field-"]`);
const preview = (page: Page) => page.frameLocator('iframe').first();

/** Puts what a word processor's copy puts on the clipboard (HTML and plain text), then presses Ctrl+V in the text. */
async function paste(page: Page, clipboard: { html: string; text: string }): Promise<void> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.siteUrl });
  await page.evaluate(
    ({ html, text }) =>
      navigator.clipboard.write([new ClipboardItem({ 'text/plain': new Blob([text], { type: 'text/plain' }), 'text/html': new Blob([html], { type: 'text/html' }) })]),
    clipboard,
  );
  await field(page, 'body').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Control+V');
}

const repo = () => ({ fs, dir: session.workspace });
async function savedDocument(branch: string, filepath: string): Promise<Record<string, unknown> | undefined> {
  if (!(await git.listBranches(repo())).includes(branch)) return undefined;
  const oid = await git.resolveRef({ ...repo(), ref: branch });
  const { blob } = await git.readBlob({ ...repo(), oid, filepath }).catch(() => ({ blob: undefined }));
  return blob && readDocumentFile(new TextDecoder().decode(blob));
}

describe('a date typed with the keyboard', () => {
  it('keeps its year: in the field, in the preview and in the saved file', async () => {
    const page = await openCms('/collections/procedure/new');
    await expect.poll(() => field(page, 'id').inputValue()).toBe(NEW_ID);
    await field(page, 'title').fill('Specimen transport');
    await field(page, 'owner').fill('Laboratory Manager');
    await field(page, 'approver').fill('Medical Director');
    await field(page, 'body').fill('Carry specimens upright, in a sealed bag.');
    // Clicked where the day is (the field reads dd/mm/yyyy here), then typed as a person types it.
    const reviewBy = field(page, 'review_by');
    await reviewBy.click({ position: { x: 30, y: 20 } });
    await page.keyboard.type('30112026');
    await expect.poll(() => reviewBy.inputValue()).toBe('2026-11-30');

    const reviewRow = preview(page).locator('.controlled-header div').filter({ has: preview(page).locator('dt', { hasText: /^Review by$/ }) });
    await expect.poll(() => reviewRow.locator('dd').textContent()).toBe('30 Nov 2026');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const slug = `${NEW_ID.toLowerCase()}-specimen-transport`;
    await expect.poll(() => savedDocument(`cms/procedure/${slug}`, `content/docs/procedures/${slug}.mdx`), { timeout: 20_000 }).toMatchObject({ review_by: '2026-11-30' });
  }, 90_000);
});

describe('the text editor', () => {
  it('makes the selected word bold with the Bold button, and Ctrl+Z takes it back', async () => {
    const page = await openCms('/collections/procedure/new');
    const body = field(page, 'body');
    await body.click();
    await page.keyboard.type('Wear gloves');
    await page.keyboard.press('Shift+Control+ArrowLeft');
    await page.getByRole('button', { name: 'Bold', exact: true }).click();
    await expect.poll(() => body.inputValue()).toBe('Wear **gloves**');
    expect(await body.evaluate((area: HTMLTextAreaElement) => area.value.slice(area.selectionStart, area.selectionEnd))).toBe('gloves');
    await expect.poll(() => preview(page).locator('.document__body strong').textContent()).toBe('gloves');

    await page.keyboard.press('Control+Z');
    await expect.poll(() => body.inputValue()).toBe('Wear gloves');
  }, 60_000);

  it('turns a table pasted from Word into a Markdown table, and says so', async () => {
    const page = await openCms('/collections/procedure/new');
    const body = field(page, 'body');
    await body.click();
    await page.keyboard.type('Who does what:');
    await paste(page, { html: WORD_TABLE, text: 'Step\tWho\tWhen\r\nClean the skin\tNurse\tBefore every draw\r\nLabel the bottles\tNurse\tAt the bedside\r\n' });
    await expect.poll(() => body.inputValue()).toBe(
      [
        'Who does what:',
        '',
        '| Step | Who | When |',
        '| --- | --- | --- |',
        '| Clean the skin | Nurse \\| porter | Before every draw |',
        '| Label the bottles | Nurse | At the bedside<br />Never in advance |',
        '| Send to the laboratory |  | Within two hours |',
        '',
        'Keep the request form with the sets.',
        '',
      ].join('\n'),
    );
    expect(await page.getByRole('status').filter({ hasText: 'converted' }).textContent()).toMatch(/^The pasted table was converted to a Markdown table \(3 columns, 4 rows/);
    await expect.poll(() => preview(page).locator('.document__body table tr').count()).toBe(4);
    // The toolbar, its link form and the note meet WCAG 2.2 AA.
    await page.getByRole('button', { name: 'Link', exact: true }).click();
    await page.getByRole('textbox', { name: 'Address' }).waitFor();
    const violations = await checkAccessibility(page, { include: '.qms-md' });
    expect(violations, formatViolations(violations)).toEqual([]);
  }, 60_000);
});

describe('a refused save', () => {
  it('is explained in a panel that stays after Decap\'s message has gone, until dismissed', async () => {
    const page = await openCms('/collections/procedure/new');
    await field(page, 'title').fill('Unsafe page');
    await field(page, 'owner').fill('Laboratory Manager');
    await field(page, 'approver').fill('Medical Director');
    await field(page, 'body').click();
    await page.keyboard.type('<script>alert(1)</script>');
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    const panel = page.locator('#qms-refusal');
    await expect.poll(() => panel.textContent(), { timeout: 20_000 }).toMatch(/was not saved[\s\S]*Text: [\s\S]*script[\s\S]*\(QMS022\)/);
    expect(await panel.getAttribute('role')).toBe('alert');
    const violations = await checkAccessibility(page, { include: '#qms-refusal' });
    expect(violations, formatViolations(violations)).toEqual([]);
    const toast = page.getByText(/Failed to persist entry/);
    expect(await toast.count()).toBeGreaterThan(0);
    // Decap takes its message away after a few seconds; the panel is still there.
    await expect.poll(() => toast.count(), { timeout: 30_000 }).toBe(0);
    expect(await panel.isVisible()).toBe(true);

    await panel.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => panel.count()).toBe(0);
  }, 90_000);
});

/** Word's clipboard HTML for a 3 x 4 table and the paragraph after it. */
const WORD_TABLE = `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta http-equiv=Content-Type content="text/html; charset=utf-8"><meta name=ProgId content=Word.Document>
<style><!-- p.MsoNormal {margin:0cm; font-size:11.0pt; font-family:"Calibri",sans-serif;} --></style></head>
<body lang=EN-GB style='tab-interval:36.0pt;word-wrap:break-word'>
<!--StartFragment-->
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;border:none;mso-yfti-tbllook:1184'>
 <tr style='mso-yfti-irow:0;mso-yfti-firstrow:yes'>
  <td width=200 valign=top style='width:150.25pt;border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal><b>Step<o:p></o:p></b></p></td>
  <td width=200 valign=top style='width:150.25pt;border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal><b>Who<o:p></o:p></b></p></td>
  <td width=200 valign=top style='width:150.3pt;border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal><b>When<o:p></o:p></b></p></td>
 </tr>
 <tr style='mso-yfti-irow:1'>
  <td width=200 valign=top style='width:150.25pt;padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal>Clean the
  skin<o:p></o:p></p></td>
  <td width=200 valign=top style='width:150.25pt;padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal>Nurse | porter<o:p></o:p></p></td>
  <td width=200 valign=top style='width:150.3pt;padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal>Before every draw<o:p></o:p></p></td>
 </tr>
 <tr style='mso-yfti-irow:2'>
  <td width=200 valign=top style='width:150.25pt;padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal>Label the bottles<o:p></o:p></p></td>
  <td width=200 valign=top style='width:150.25pt;padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal>Nurse<o:p></o:p></p></td>
  <td width=200 valign=top style='width:150.3pt;padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal>At the bedside<o:p></o:p></p>
  <p class=MsoNormal>Never in advance<o:p></o:p></p></td>
 </tr>
 <tr style='mso-yfti-irow:3;mso-yfti-lastrow:yes'>
  <td width=200 valign=top style='width:150.25pt;padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal>Send to the laboratory<o:p></o:p></p></td>
  <td width=200 valign=top style='width:150.25pt;padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal><o:p>&nbsp;</o:p></p></td>
  <td width=200 valign=top style='width:150.3pt;padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal>Within two hours<o:p></o:p></p></td>
 </tr>
</table>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoNormal>Keep the request form with the sets.<o:p></o:p></p>
<!--EndFragment-->
</body></html>`;
