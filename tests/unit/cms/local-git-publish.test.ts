import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { document, IPC_LEAD, operationUnderWay, saveParams, SETTINGS, SOP_004, SOP_005, workspaceFixture, type Fixture } from './local-git-fixture.ts';

/*
 * Publishing a change in the local CMS: a three-way merge of its branch into main, written without a
 * working tree. When the published version moved on in the same place, nothing changes and the controller
 * is told which document collided with whose change; every other change can still be published.
 */

let ws: Fixture;
beforeEach(async () => {
  ws = await workspaceFixture();
});
afterEach(async () => {
  await ws.close();
});

const SOP_004_BRANCH = 'cms/procedure/SOP-004-hand-hygiene';
const saveSop004 = (body: string, commitMessage?: string) => {
  const params = saveParams('procedure', 'SOP-004-hand-hygiene', SOP_004, document('SOP-004', 'Hand hygiene', body));
  return ws.post('persistEntry', commitMessage ? { ...params, options: { ...params.options, commitMessage } } : params);
};
const publish = (collection: string, slug: string) => ws.post('publishUnpublishedEntry', { collection, slug });
/** Another person edits SOP-004 on main, in the workspace, the day before. */
const ipcEditsSop004 = () => ws.commitAs(IPC_LEAD, '2026-11-01T12:00:00Z', 'SOP-004: alcohol rub first', { [SOP_004]: document('SOP-004', 'Hand hygiene', 'Alcohol hand rub first; soap and water when soiled.') });

describe('publishing a change', () => {
  it('merges it into main when main moved on in other files, and the workspace follows', async () => {
    await saveSop004('Clean hands stop infections. Use hand rub at the bedside.');
    const draft = ws.git('rev-parse', SOP_004_BRANCH);
    const other = ws.commitAs(IPC_LEAD, '2026-11-01T12:00:00Z', 'SOP-005: orange bins', { [SOP_005]: document('SOP-005', 'Sharps', 'Sharps go in the orange bin.') });

    expect(await publish('procedure', 'SOP-004-hand-hygiene')).toEqual({ status: 200, body: { message: `branch ${SOP_004_BRANCH} merged to main` } });

    expect(ws.git('log', '-1', '--format=%P', 'main')).toBe(`${other} ${draft}`);
    expect(ws.git('log', '-1', '--format=%B', 'main')).toBe(`Publish procedure SOP-004-hand-hygiene\n\nMerged-from: ${SOP_004_BRANCH}`);
    expect(ws.git('log', '-1', '--format=%an <%ae>', 'main')).toBe('Quality Manager <quality@hospital.example>');
    expect(ws.git('show', `main:${SOP_004}`)).toContain('at the bedside');
    expect(ws.git('show', `main:${SOP_005}`)).toContain('orange bin');
    expect(ws.git('branch', '--list', 'cms/*')).toBe('');
    // The one time the working tree moves: it follows main, which it has checked out.
    expect(ws.read(SOP_004)).toContain('at the bedside');
    expect(ws.git('status', '--porcelain', '--untracked-files=all')).toBe('');
    expect((await ws.post('unpublishedEntries')).body).toEqual([]);
  });

  it("takes the approval commit's message, written by the client just before publishing", async () => {
    await saveSop004('Clean hands stop infections. Use hand rub at the bedside.');
    await saveSop004('Clean hands stop infections. Use hand rub at the bedside. (approved)', 'Approve SOP-004 version 2: Hand hygiene');
    // A move through the workflow after the approval changes no file, and does not hide it.
    await ws.post('updateUnpublishedEntryStatus', { collection: 'procedure', slug: 'SOP-004-hand-hygiene', newStatus: 'pending_publish' });
    await publish('procedure', 'SOP-004-hand-hygiene');
    expect(ws.git('log', '-1', '--format=%B', 'main')).toBe(`Approve SOP-004 version 2: Hand hygiene\n\nMerged-from: ${SOP_004_BRANCH}`);
  });

  it('leaves the files of a workspace with uncommitted changes as they were', async () => {
    await saveSop004('Clean hands stop infections. Use hand rub at the bedside.');
    writeFileSync(join(ws.dir, SOP_005), 'edited by hand\n');
    const published = await publish('procedure', 'SOP-004-hand-hygiene');
    expect(published.body.message).toMatch(/uncommitted changes, so its files were left as they were/);
    expect(ws.git('show', `main:${SOP_004}`)).toContain('at the bedside');
    expect(ws.read(SOP_005)).toBe('edited by hand\n');
  });
});

describe('publishing a change that collides with a newer published change', () => {
  it('answers 409 naming the document, the change and its author, and changes nothing; another change still publishes', async () => {
    await saveSop004('Clean hands with soap and water, always.');
    await ws.post('persistEntry', saveParams('settings', 'organization', SETTINGS, 'organization: Riverside General Hospital NHS Trust\n'));
    const other = ipcEditsSop004();
    const draft = ws.git('rev-parse', SOP_004_BRANCH);

    const refused = await publish('procedure', 'SOP-004-hand-hygiene');

    expect(refused.status).toBe(409);
    expect(refused.body.error).toContain(`SOP-004 (${SOP_004}): the published version changed since this draft began (commit ${other.slice(0, 7)} by Infection Control Lead on 2026-11-01).`);
    expect(refused.body.error).toMatch(/Open the draft, bring in the published change by hand, save, and publish again; or delete the draft\.$/);
    expect(ws.git('rev-parse', 'main')).toBe(other);
    expect(ws.git('rev-parse', SOP_004_BRANCH)).toBe(draft);
    expect([ws.git('symbolic-ref', 'HEAD'), ws.git('status', '--porcelain', '--untracked-files=all'), operationUnderWay(ws.dir)]).toEqual(['refs/heads/main', '', []]);
    expect(ws.read(SOP_004)).toContain('Alcohol hand rub first');
    expect((await ws.post('unpublishedEntries')).body).toEqual(['procedure/SOP-004-hand-hygiene', 'settings/organization']);

    expect((await publish('settings', 'organization')).status).toBe(200);
    expect(ws.git('show', `main:${SETTINGS}`)).toBe('organization: Riverside General Hospital NHS Trust');
    expect(ws.git('log', '-1', '--format=%P', 'main').split(' ')[0]).toBe(other);
  });

  it("publishes once the controller has brought the published change into the draft and saved, keeping both changes", async () => {
    await saveSop004('Clean hands with soap and water, always.');
    ipcEditsSop004();
    expect((await publish('procedure', 'SOP-004-hand-hygiene')).status).toBe(409);
    // The approval stamp written just before publishing is not a resolution: still refused.
    await saveSop004('Clean hands with soap and water, always. (stamped)', 'Approve SOP-004 version 2: Hand hygiene');
    expect((await publish('procedure', 'SOP-004-hand-hygiene')).status).toBe(409);

    await saveSop004('Alcohol hand rub first; soap and water when soiled, and always after caring for a patient with diarrhoea.');
    expect(ws.git('log', '-1', '--format=%B', SOP_004_BRANCH)).toMatch(/^Draft changes to Procedure SOP-004-hand-hygiene\n\nBrings-in: main@[0-9a-f]{7}$/);
    expect((await publish('procedure', 'SOP-004-hand-hygiene')).status).toBe(200);
    expect(ws.git('show', `main:${SOP_004}`)).toContain('Alcohol hand rub first; soap and water when soiled, and always after');
    expect(ws.git('for-each-ref', 'refs/qms/conflicts/')).toBe('');
  });
});

describe('the history of a file', () => {
  it('names who changed it and when, newest first', async () => {
    const other = ipcEditsSop004();
    const first = ws.git('rev-list', '--max-parents=0', 'main');
    expect((await ws.post('fileHistory', { branch: 'main', path: SOP_004, limit: 5 })).body).toEqual([
      { commit: other, author: 'Infection Control Lead', email: 'ipc@hospital.example', date: '2026-11-01T12:00:00.000Z', subject: 'SOP-004: alcohol rub first' },
      { commit: first, author: 'Infection Control Lead', email: 'ipc@hospital.example', date: '2026-11-01T09:00:00.000Z', subject: 'The manual' },
    ]);
    expect((await ws.post('fileHistory', { branch: 'main', path: SOP_004, limit: 1 })).body).toHaveLength(1);

    await saveSop004('Clean hands with soap and water, always.');
    expect((await ws.post('fileHistory', { branch: SOP_004_BRANCH, path: SOP_004, limit: 1 })).body).toEqual([
      expect.objectContaining({ author: 'Quality Manager', email: 'quality@hospital.example', date: '2026-11-02T10:00:00.000Z', subject: 'Draft changes to Procedure SOP-004-hand-hygiene' }),
    ]);
  });
});
