import { afterAll, describe, expect, it } from 'vitest';
import { readBodyAt, readSourceAt } from '../../../src/qms/history/index.ts';
import { ANA, BEN, blobOf, procedure, removeRepos, summary, TestRepo } from './helpers.ts';

afterAll(removeRepos);

const SOP = 'content/docs/procedures/SOP-004-hand-hygiene.mdx';
const MOVED = 'content/docs/infection-control/SOP-004-hand-hygiene.mdx';
const RENAMED = 'content/docs/infection-control/SOP-004-hand-hygiene-and-gloves.mdx';
const WI = 'content/docs/work-instructions/WI-001-hand-rub.mdx';

const workInstruction = (version: number, body: string, id = 'WI-001') =>
  procedure(id, { title: 'Hand rub technique', type: 'work-instruction', version, change_summary: version === 1 ? 'First issue.' : `Version ${version}.` }, body);

describe('a document created, revised, moved and renamed', () => {
  const first = procedure('SOP-004', {}, '## Purpose\n\nClean hands save lives.');
  const second = procedure('SOP-004', { version: 2, change_summary: 'Alcohol rub volume set to 3 ml.' }, '## Purpose\n\nClean hands save lives. Use 3 ml of rub.');
  let repo: TestRepo;
  const commits: string[] = [];

  it('builds the repository', async () => {
    repo = await TestRepo.create();
    commits.push(
      await repo.commit({
        files: { [SOP]: first, [WI]: workInstruction(1, 'Rub for 20 seconds.'), 'README.md': '# Manual\n', 'content/docs/notes.txt': 'not a document' },
        message: 'Add SOP-004 and WI-001\n\nThe first two documents of the manual.',
        date: '2026-01-10T09:00:00Z',
      }),
      await repo.commit({ files: { [SOP]: second }, message: 'Revise SOP-004: alcohol rub volume', date: '2026-02-01T10:15:00Z', author: BEN }),
      await repo.commit({ files: { [SOP]: null, [MOVED]: second }, message: 'Move SOP-004 to infection control', date: '2026-03-01T08:00:00Z' }),
      await repo.commit({ files: { 'README.md': '# Manual\n\nSee content/docs.\n' }, message: 'Explain the folders', date: '2026-03-02T08:00:00Z' }),
      await repo.commit({ files: { [MOVED]: null, [RENAMED]: second, [WI]: workInstruction(2, 'Rub for 30 seconds.') }, message: 'Rename SOP-004, revise WI-001', date: '2026-03-03T08:00:00Z', author: BEN }),
    );
  });

  it('lists every change to the document, newest first, across the move and the rename', async () => {
    const history = await repo.history();
    expect(history.available).toBe(true);
    expect(history.head).toBe(commits[4]);
    expect([...history.byId.keys()]).toEqual(['SOP-004', 'WI-001']);
    expect(history.byId.get('SOP-004')!.map(summary)).toEqual([
      `2026-03-03T08:00:00Z renamed ${RENAMED} v2 approved "Rename SOP-004, revise WI-001"`,
      `2026-03-01T08:00:00Z renamed ${MOVED} v2 approved "Move SOP-004 to infection control"`,
      `2026-02-01T10:15:00Z modified ${SOP} v2 approved body bumped "Revise SOP-004: alcohol rub volume"`,
      `2026-01-10T09:00:00Z added ${SOP} v1 approved body bumped "Add SOP-004 and WI-001"`,
    ]);
    expect(history.byId.get('WI-001')!.map(summary)).toEqual([
      `2026-03-03T08:00:00Z modified ${WI} v2 approved body bumped "Rename SOP-004, revise WI-001"`,
      `2026-01-10T09:00:00Z added ${WI} v1 approved body bumped "Add SOP-004 and WI-001"`,
    ]);
  });

  it('records each revision in full: commit, committer date, author, message, file, blob and frontmatter', async () => {
    const history = await repo.history();
    const revisions = history.byId.get('SOP-004')!;
    expect(revisions[2]).toEqual({
      commit: commits[1],
      date: '2026-02-01T10:15:00Z',
      author: BEN.name,
      email: BEN.email,
      message: 'Revise SOP-004: alcohol rub volume',
      file: SOP,
      blob: await blobOf(second),
      version: 2,
      status: 'approved',
      changeSummary: 'Alcohol rub volume set to 3 ml.',
      approved: '2026-01-10',
      approver: 'Medical Director',
      effective: '2026-01-15',
      withdrawn: null,
      reviewBy: null,
      supersedes: [],
      title: 'Hand hygiene',
      change: 'modified',
      bodyChanged: true,
      versionBumped: true,
      bodyHash: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    expect(revisions[3]).toMatchObject({ commit: commits[0], message: 'Add SOP-004 and WI-001\n\nThe first two documents of the manual.', author: ANA.name, blob: await blobOf(first) });
    // A move keeps the text: the same blob, the same body.
    expect(revisions[1]).toMatchObject({ blob: revisions[2].blob, bodyHash: revisions[2].bodyHash, bodyChanged: false, versionBumped: false });
  });

  it('reads the body and the whole file of any revision back from its blob', async () => {
    const [, , revised, added] = (await repo.history()).byId.get('SOP-004')!;
    expect(await readBodyAt(repo.dir, added.blob)).toBe('\n## Purpose\n\nClean hands save lives.\n');
    expect(await readBodyAt(repo.dir, revised.blob)).toBe('\n## Purpose\n\nClean hands save lives. Use 3 ml of rub.\n');
    expect(await readSourceAt(repo.dir, revised.blob)).toBe(second);
  });

  it('gives the same history when read with isomorphic-git alone', async () => {
    const native = await repo.history({ cacheDir: `${repo.dir}/.cache-native` });
    const isomorphic = await repo.history({ cacheDir: `${repo.dir}/.cache-isomorphic`, engine: 'isomorphic-git' });
    expect(isomorphic.byId).toEqual(native.byId);
  });
});

describe('identity comes from the frontmatter id', () => {
  it('treats a file deleted and another added with the same id in one commit as a rename, wherever it goes', async () => {
    const repo = await TestRepo.create();
    const text = procedure('SOP-010', {}, 'Body.');
    await repo.commit({ files: { 'content/docs/a/one.mdx': text }, message: 'Add', date: '2026-01-01T00:00:00Z' });
    await repo.commit({ files: { 'content/docs/a/one.mdx': null, 'content/docs/b/c/two.mdx': procedure('SOP-010', { version: 2, change_summary: 'Moved and revised.' }, 'New body.') }, message: 'Move and revise', date: '2026-01-02T00:00:00Z' });
    expect((await repo.history()).byId.get('SOP-010')!.map(summary)).toEqual([
      '2026-01-02T00:00:00Z renamed content/docs/b/c/two.mdx v2 approved body bumped "Move and revise"',
      '2026-01-01T00:00:00Z added content/docs/a/one.mdx v1 approved body bumped "Add"',
    ]);
  });

  it('follows an id, not a path: a file whose id is changed ends one history and starts another', async () => {
    const repo = await TestRepo.create();
    const file = 'content/docs/procedures/SOP-020.mdx';
    await repo.commit({ files: { [file]: procedure('SOP-020', {}, 'Body.') }, message: 'Add SOP-020', date: '2026-01-01T00:00:00Z' });
    await repo.commit({ files: { [file]: procedure('SOP-021', {}, 'Body.') }, message: 'Renumber to SOP-021', date: '2026-01-02T00:00:00Z' });
    const history = await repo.history();
    expect(history.byId.get('SOP-020')!.map(summary)).toEqual([
      `2026-01-02T00:00:00Z deleted ${file} v1 approved "Renumber to SOP-021"`,
      `2026-01-01T00:00:00Z added ${file} v1 approved body bumped "Add SOP-020"`,
    ]);
    expect(history.byId.get('SOP-021')!.map(summary)).toEqual([`2026-01-02T00:00:00Z added ${file} v1 approved body bumped "Renumber to SOP-021"`]);
  });

  it('keeps a document whose frontmatter was briefly unreadable in its own history, with version unknown', async () => {
    const repo = await TestRepo.create();
    const file = 'content/docs/procedures/SOP-030.mdx';
    await repo.commit({ files: { [file]: procedure('SOP-030', {}, 'Body.') }, message: 'Add', date: '2026-01-01T00:00:00Z' });
    const broken = procedure('SOP-030', {}, 'Body.').replace('version: 1', 'version: [1').replace('id: SOP-030\n', '');
    await repo.commit({ files: { [file]: broken }, message: 'Break the YAML', date: '2026-01-02T00:00:00Z' });
    await repo.commit({ files: { [file]: procedure('SOP-030', {}, 'Body.') }, message: 'Mend the YAML', date: '2026-01-03T00:00:00Z' });
    expect((await repo.history()).byId.get('SOP-030')!.map(summary)).toEqual([
      `2026-01-03T00:00:00Z modified ${file} v1 approved bumped "Mend the YAML"`,
      `2026-01-02T00:00:00Z modified ${file} v? ? bumped "Break the YAML"`,
      `2026-01-01T00:00:00Z added ${file} v1 approved body bumped "Add"`,
    ]);
  });

  it('records a deletion, and a document restored later continues the same history', async () => {
    const repo = await TestRepo.create();
    const file = 'content/docs/forms/FRM-001.mdx';
    const text = procedure('FRM-001', { type: 'form' }, 'Form.');
    await repo.commit({ files: { [file]: text }, message: 'Add', date: '2026-01-01T00:00:00Z' });
    const deletion = await repo.commit({ files: { [file]: null }, message: 'Withdraw FRM-001', date: '2026-01-02T00:00:00Z' });
    await repo.commit({ files: { [file]: text }, message: 'Restore FRM-001', date: '2026-01-03T00:00:00Z' });
    const revisions = (await repo.history()).byId.get('FRM-001')!;
    expect(revisions.map(summary)).toEqual([
      `2026-01-03T00:00:00Z added ${file} v1 approved "Restore FRM-001"`,
      `2026-01-02T00:00:00Z deleted ${file} v1 approved "Withdraw FRM-001"`,
      `2026-01-01T00:00:00Z added ${file} v1 approved body bumped "Add"`,
    ]);
    // A deleted revision points at the text the document had when it was deleted.
    expect(revisions[1]).toMatchObject({ commit: deletion, blob: await blobOf(text) });
  });

  it('reads only Markdown and MDX files under the documents folder', async () => {
    const repo = await TestRepo.create();
    await repo.commit({
      files: {
        'content/docs/procedures/SOP-001.md': procedure('SOP-001', {}, 'Markdown is a document too.'),
        'content/docs/procedures/SOP-002.txt': procedure('SOP-002', {}, 'Not a document.'),
        'content/drafts/SOP-003.mdx': procedure('SOP-003', {}, 'Outside the documents folder.'),
        'content/docs/procedures/no-frontmatter.mdx': 'Just text.\n',
      },
      message: 'Add files',
      date: '2026-01-01T00:00:00Z',
    });
    expect([...(await repo.history()).byId.keys()]).toEqual(['SOP-001']);
  });
});

describe('merges', () => {
  it('diffs a merge against its first parent: a change made on a branch enters the history when it is merged', async () => {
    const repo = await TestRepo.create();
    const sop = 'content/docs/procedures/SOP-040.mdx';
    const wi = 'content/docs/work-instructions/WI-040.mdx';
    await repo.commit({ files: { [sop]: procedure('SOP-040', {}, 'v1'), [wi]: workInstruction(1, 'v1', 'WI-040') }, message: 'Add', date: '2026-01-01T00:00:00Z' });
    await repo.branch('revise-sop-040');
    await repo.commit({ files: { [sop]: procedure('SOP-040', { version: 2, change_summary: 'Revised on a branch.' }, 'v2') }, message: 'Revise SOP-040 on a branch', date: '2026-01-02T00:00:00Z', author: BEN });
    await repo.checkout('main');
    await repo.commit({ files: { [wi]: workInstruction(2, 'v2', 'WI-040') }, message: 'Revise WI-040 on main', date: '2026-01-03T00:00:00Z' });
    const merge = await repo.merge('revise-sop-040', 'Merge branch revise-sop-040', '2026-01-04T00:00:00Z');
    const history = await repo.history();
    expect(history.head).toBe(merge);
    expect(history.byId.get('SOP-040')!.map(summary)).toEqual([
      `2026-01-04T00:00:00Z modified ${sop} v2 approved body bumped "Merge branch revise-sop-040"`,
      `2026-01-01T00:00:00Z added ${sop} v1 approved body bumped "Add"`,
    ]);
    expect(history.byId.get('WI-040')!.map(summary)).toEqual([
      `2026-01-03T00:00:00Z modified ${wi} v2 approved body bumped "Revise WI-040 on main"`,
      `2026-01-01T00:00:00Z added ${wi} v1 approved body bumped "Add"`,
    ]);
  });
});

describe('a manual in a subfolder of a larger repository', () => {
  it('finds the repository above the project and gives paths relative to the project', async () => {
    const repo = await TestRepo.create();
    await repo.commit({ files: { 'manual/content/docs/procedures/SOP-050.mdx': procedure('SOP-050', {}, 'Body.'), 'content/docs/procedures/SOP-051.mdx': procedure('SOP-051', {}, 'Another manual.') }, message: 'Add', date: '2026-01-01T00:00:00Z' });
    const history = await repo.history({ root: `${repo.dir}/manual` });
    expect([...history.byId.keys()]).toEqual(['SOP-050']);
    expect(history.byId.get('SOP-050')![0].file).toBe('content/docs/procedures/SOP-050.mdx');
  });
});
