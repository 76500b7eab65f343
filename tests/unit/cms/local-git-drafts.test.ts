import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { document, LOGO, LOGO_BYTES, QUALITY_MANAGER, saveParams, SETTINGS, SOP_004, workspaceFixture, type Fixture } from './local-git-fixture.ts';

/*
 * Saving a change in the local CMS, and moving it through the workflow, over Decap's proxy protocol: every
 * write is a commit on the change's own branch, made with plumbing, so the workspace's working tree, index
 * and HEAD (from which the site is served) never move.
 */

let ws: Fixture;
beforeEach(async () => {
  ws = await workspaceFixture();
});
afterEach(async () => {
  await ws.close();
});

const BRANCH = 'cms/procedure/SOP-004-hand-hygiene';
const EDITED = document('SOP-004', 'Hand hygiene', 'Clean hands stop infections. Use hand rub at the bedside.');
const save = (raw: string, extra: Record<string, unknown> = {}) => ws.post('persistEntry', saveParams('procedure', 'SOP-004-hand-hygiene', SOP_004, raw, extra));

describe('saving a change', () => {
  it('creates a draft branch from the published head and leaves the working tree, the index and HEAD untouched', async () => {
    const head = ws.git('rev-parse', 'HEAD');
    const onDisk = ws.read(SOP_004);

    expect(await save(EDITED)).toEqual({ status: 200, body: { message: 'entry persisted' } });

    expect(ws.git('show', `${BRANCH}:${SOP_004}`)).toBe(EDITED.trimEnd());
    expect(ws.git('rev-parse', `${BRANCH}^`)).toBe(head);
    expect(ws.git('log', '-1', '--format=%s', BRANCH)).toBe('Draft changes to Procedure SOP-004-hand-hygiene');
    expect([ws.git('symbolic-ref', 'HEAD'), ws.git('rev-parse', 'HEAD')]).toEqual(['refs/heads/main', head]);
    expect(ws.git('status', '--porcelain', '--untracked-files=all')).toBe('');
    expect(ws.read(SOP_004)).toBe(onDisk);
    expect((await ws.post('unpublishedEntries')).body).toEqual(['procedure/SOP-004-hand-hygiene']);
    expect((await ws.post('unpublishedEntry', { id: 'procedure/SOP-004-hand-hygiene' })).body).toMatchObject({
      collection: 'procedure',
      slug: 'SOP-004-hand-hygiene',
      status: 'draft',
      diffs: [{ path: SOP_004, oldPath: SOP_004, newPath: SOP_004, status: 'modified', newFile: false, binary: false }],
      updatedAt: '2026-11-02T10:00:00.000Z',
      pullRequestAuthor: QUALITY_MANAGER.name,
    });
    // The published branch answers with the published text until the change is published.
    expect((await ws.post('getEntry', { path: SOP_004 })).body.data).toBe(onDisk);
    expect((await ws.post('unpublishedEntryDataFile', { collection: 'procedure', slug: 'SOP-004-hand-hygiene', path: SOP_004, id: 'x' })).body).toEqual({ data: EDITED });
  });

  it('commits a second save on top of the first', async () => {
    await save(EDITED);
    const first = ws.git('rev-parse', BRANCH);
    await save(EDITED.replace('bedside', 'bed space'));
    expect(ws.git('rev-parse', `${BRANCH}^`)).toBe(first);
    expect(ws.git('rev-list', '--count', `main..${BRANCH}`)).toBe('2');
    expect(ws.git('show', `${BRANCH}:${SOP_004}`)).toContain('bed space');
  });

  it('writes nothing for a save that changes nothing, but always records an approval, even one that changes no byte', async () => {
    await save(EDITED);
    const first = ws.git('rev-parse', BRANCH);
    await save(EDITED);
    expect(ws.git('rev-parse', BRANCH)).toBe(first);
    await save(EDITED, { options: { commitMessage: 'Approve withdrawal of SOP-004: Hand hygiene\n\nApproved-by: Quality Manager <quality@hospital.example>', useWorkflow: true, collectionName: 'procedure', status: 'pending_publish' } });
    expect(ws.git('rev-parse', `${BRANCH}^`)).toBe(first);
    expect(ws.git('log', '-1', '--format=%s', BRANCH)).toBe('Approve withdrawal of SOP-004: Hand hygiene');
  });

  it('commits as the person running the CMS, author and committer, dated by the clock', async () => {
    await save(EDITED);
    expect(ws.git('log', '-1', '--format=%an <%ae>|%cn <%ce>|%aI', BRANCH)).toBe('Quality Manager <quality@hospital.example>|Quality Manager <quality@hospital.example>|2026-11-02T10:00:00+00:00');
  });

  it('writes attachments and removes the files named in deletedPaths in the same commit', async () => {
    const attachment = 'public/media/sop-004-poster.png';
    const poster = Buffer.from('GIF89a\0\x01 a poster of the five moments for hand hygiene', 'latin1');
    await save(EDITED, { assets: [{ path: attachment, content: poster.toString('base64'), encoding: 'base64' }], deletedPaths: [LOGO] });
    expect(ws.git('rev-list', '--count', `main..${BRANCH}`)).toBe('1');
    const entry = (await ws.post('unpublishedEntry', { collection: 'procedure', slug: 'SOP-004-hand-hygiene' })).body;
    expect(entry.diffs).toContainEqual(expect.objectContaining({ path: attachment, status: 'added', newFile: true, binary: true }));
    expect(entry.deletedPaths).toEqual([LOGO]);
    const media = (await ws.post('unpublishedEntryMediaFile', { collection: 'procedure', slug: 'SOP-004-hand-hygiene', path: attachment, id: 'x' })).body;
    expect(media).toMatchObject({ path: attachment, name: 'sop-004-poster.png', encoding: 'base64' });
    expect(Buffer.from(media.content, 'base64')).toEqual(poster);
    // The published branch still has the logo: nothing is removed until the change is published.
    expect(Buffer.from((await ws.post('getMediaFile', { path: LOGO })).body.content, 'base64')).toEqual(LOGO_BYTES);
  });

  it('refuses to save straight to the published branch', async () => {
    const head = ws.git('rev-parse', 'main');
    const params = saveParams('procedure', 'SOP-004-hand-hygiene', SOP_004, EDITED);
    const refused = await ws.post('persistEntry', { ...params, options: { ...params.options, useWorkflow: false } });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatch(/Saving straight to main is refused/);
    expect(ws.git('rev-parse', 'main')).toBe(head);
  });

  it('refuses paths outside the repository', async () => {
    const refused = await ws.post('persistEntry', saveParams('procedure', 'SOP-004-hand-hygiene', '../outside.mdx', EDITED));
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatch(/inside the repository/);
    expect((await ws.post('getEntry', { path: '.git/config' })).status).toBe(422);
  });
});

describe('the media library', () => {
  it.each([
    ['persistMedia', { asset: { path: 'public/media/new.png', content: LOGO_BYTES.toString('base64'), encoding: 'base64' }, options: { commitMessage: 'Upload public/media/new.png' } }],
    ['deleteFile', { path: LOGO, options: { commitMessage: 'Delete public/media/logo.png' } }],
    ['deleteFiles', { paths: [LOGO], options: { commitMessage: 'Delete public/media/logo.png' } }],
  ])('refuses %s on the published branch, saying how files are attached instead', async (action, params) => {
    const head = ws.git('rev-parse', 'main');
    const refused = await ws.post(action, params);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatch(/Attachments field.*approved with the document/);
    expect(ws.git('rev-parse', 'main')).toBe(head);
    expect(ws.git('status', '--porcelain')).toBe('');
  });

  it('lists and reads files from the published branch', async () => {
    const media = (await ws.post('getMedia', { mediaFolder: 'public/media' })).body;
    expect(media).toEqual([expect.objectContaining({ path: LOGO, name: 'logo.png', encoding: 'base64', content: LOGO_BYTES.toString('base64') })]);
  });
});

describe('moving a change through the workflow', () => {
  it('records each move as an empty commit with the status and the person, and lists the moves oldest first', async () => {
    await save(EDITED);
    const saved = ws.git('rev-parse', BRANCH);
    expect((await ws.post('updateUnpublishedEntryStatus', { collection: 'procedure', slug: 'SOP-004-hand-hygiene', newStatus: 'pending_review' })).status).toBe(200);
    expect((await ws.post('updateUnpublishedEntryStatus', { collection: 'procedure', slug: 'SOP-004-hand-hygiene', newStatus: 'pending_publish' })).status).toBe(200);

    expect(ws.git('log', '--format=%B%x00', `${saved}..${BRANCH}`).split('\0').map((m) => m.trim()).filter(Boolean)).toEqual([
      'Mark procedure SOP-004-hand-hygiene ready for approval\n\nWorkflow-status: pending_publish\nChanged-by: Quality Manager <quality@hospital.example>',
      'Request review of procedure SOP-004-hand-hygiene\n\nWorkflow-status: pending_review\nChanged-by: Quality Manager <quality@hospital.example>',
    ]);
    // Empty: the moves change no file.
    expect(ws.git('rev-parse', `${BRANCH}^{tree}`)).toBe(ws.git('rev-parse', `${saved}^{tree}`));
    expect((await ws.post('unpublishedEntry', { collection: 'procedure', slug: 'SOP-004-hand-hygiene' })).body.status).toBe('pending_publish');
    expect((await ws.post('workflowEvents', { collection: 'procedure', slug: 'SOP-004-hand-hygiene' })).body).toEqual([
      { status: 'pending_review', name: 'Quality Manager', email: 'quality@hospital.example', date: '2026-11-02T10:01:00.000Z' },
      { status: 'pending_publish', name: 'Quality Manager', email: 'quality@hospital.example', date: '2026-11-02T10:02:00.000Z' },
    ]);
  });

  it('says when a change goes back to review or to draft, and records nothing for a move to where it already is', async () => {
    await save(EDITED);
    for (const newStatus of ['pending_publish', 'pending_review', 'draft', 'draft']) {
      await ws.post('updateUnpublishedEntryStatus', { collection: 'procedure', slug: 'SOP-004-hand-hygiene', newStatus });
    }
    expect(ws.git('log', '--format=%s', `main..${BRANCH}`).split('\n')).toEqual([
      'Return procedure SOP-004-hand-hygiene to draft',
      'Return procedure SOP-004-hand-hygiene to review',
      'Mark procedure SOP-004-hand-hygiene ready for approval',
      'Draft changes to Procedure SOP-004-hand-hygiene',
    ]);
  });

  it('refuses a status Decap does not have', async () => {
    await save(EDITED);
    expect((await ws.post('updateUnpublishedEntryStatus', { collection: 'procedure', slug: 'SOP-004-hand-hygiene', newStatus: 'approved' })).status).toBe(422);
  });
});

describe('deleting a change', () => {
  it('removes its branch but keeps its commits reachable under refs/qms/deleted/', async () => {
    await save(EDITED);
    await ws.post('updateUnpublishedEntryStatus', { collection: 'procedure', slug: 'SOP-004-hand-hygiene', newStatus: 'pending_review' });
    const head = ws.git('rev-parse', BRANCH);

    const deleted = await ws.post('deleteUnpublishedEntry', { collection: 'procedure', slug: 'SOP-004-hand-hygiene' });
    expect(deleted.status).toBe(200);

    expect(ws.git('branch', '--list', 'cms/*')).toBe('');
    expect(ws.git('for-each-ref', '--format=%(refname) %(objectname)', 'refs/qms/deleted/')).toBe(`refs/qms/deleted/${BRANCH}/20261102T100200Z ${head}`);
    expect(ws.git('show', `${head}~1:${SOP_004}`)).toBe(EDITED.trimEnd());
    expect(await ws.post('unpublishedEntry', { collection: 'procedure', slug: 'SOP-004-hand-hygiene' })).toEqual({ status: 404, body: { message: 'Not Found' } });
    expect((await ws.post('unpublishedEntries')).body).toEqual([]);
  });
});

describe('reading the published branch', () => {
  it('lists a folder to the depth asked, reads files by path, and answers data null for a missing file', async () => {
    const docs = (await ws.post('entriesByFolder', { folder: 'content/docs', extension: 'mdx', depth: 2 })).body;
    expect(docs.map((e: { file: { path: string } }) => e.file.path).sort()).toEqual([SOP_004, 'content/docs/procedures/SOP-005-sharps.mdx']);
    expect((await ws.post('entriesByFolder', { folder: 'content/docs', extension: 'mdx', depth: 1 })).body).toEqual([]);
    expect((await ws.post('entriesByFiles', { files: [{ path: SETTINGS, label: 'Organization' }] })).body).toEqual([
      { data: 'organization: Riverside General Hospital\n', file: { path: SETTINGS, label: 'Organization', id: ws.git('rev-parse', `main:${SETTINGS}`) } },
    ]);
    expect((await ws.post('getEntry', { path: 'content/docs/procedures/SOP-099-none.mdx' })).body).toEqual({ data: null, file: { path: 'content/docs/procedures/SOP-099-none.mdx', id: null } });
  });

  it('answers who is running the CMS', async () => {
    expect((await ws.post('identity')).body).toEqual(QUALITY_MANAGER);
  });
});
