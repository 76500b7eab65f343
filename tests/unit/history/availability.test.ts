import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readManualHistory } from '../../../src/qms/history/index.ts';
import { blobOf, procedure, removeRepos, runGit, tempFolder, TestRepo } from './helpers.ts';

afterAll(removeRepos);

const SOP = 'content/docs/procedures/SOP-001.mdx';

async function repoWithOneDocument(): Promise<TestRepo> {
  const repo = await TestRepo.create();
  await repo.commit({ files: { [SOP]: procedure('SOP-001', {}, 'Body.') }, message: 'Add SOP-001', date: '2026-01-01T00:00:00Z' });
  return repo;
}

describe('no history, no crash', () => {
  it('says history is unavailable in a folder without .git, as in a downloaded archive', async () => {
    const root = tempFolder();
    mkdirSync(join(root, 'content/docs'), { recursive: true });
    writeFileSync(join(root, SOP.replace('procedures/', '')), procedure('SOP-001', {}, 'Body.'));
    const history = await readManualHistory({ root });
    expect(history).toEqual({ available: false, reason: `there is no Git repository at ${root} (no .git folder), as in a downloaded archive`, byId: new Map() });
  });

  it('says history is unavailable in a shallow clone, and how to get the full history', async () => {
    const repo = await repoWithOneDocument();
    writeFileSync(join(repo.dir, '.git/shallow'), `${(await repo.history()).head}\n`);
    const history = await repo.history({ cacheDir: join(repo.dir, '.other-cache') });
    expect(history.available).toBe(false);
    expect(history.reason).toMatch(/^the repository is a shallow clone, so older commits are missing \(fetch the full history with `git fetch --unshallow`/);
    expect(history.byId.size).toBe(0);
  });

  it('says so for a real shallow clone made with git clone --depth 1', async () => {
    const repo = await repoWithOneDocument();
    await repo.commit({ files: { [SOP]: procedure('SOP-001', { version: 2, change_summary: 'Two.' }, 'Two.') }, message: 'Revise', date: '2026-01-02T00:00:00Z' });
    const clone = join(tempFolder(), 'clone');
    runGit(repo.dir, 'clone', '-q', '--depth', '1', `file://${repo.dir}`, clone);
    const history = await readManualHistory({ root: clone });
    expect(history).toMatchObject({ available: false, reason: expect.stringContaining('shallow clone') });
  });

  it('reads an empty history from a repository with no commit yet', async () => {
    const repo = await TestRepo.create();
    const history = await repo.history();
    expect(history).toMatchObject({ available: true, head: undefined, byId: new Map() });
  });

  it('says history is unavailable, naming the problem, when an object is missing', async () => {
    const repo = await repoWithOneDocument();
    const blob = await blobOf(procedure('SOP-001', {}, 'Body.'));
    rmSync(join(repo.dir, '.git/objects', blob.slice(0, 2), blob.slice(2)));
    for (const engine of ['native', 'isomorphic-git'] as const) {
      const history = await repo.history({ engine, cacheDir: join(repo.dir, `.cache-${engine}`) });
      expect(history.available).toBe(false);
      expect(history.reason).toMatch(/^the Git history could not be read: /);
      expect(history.reason).toContain(blob);
    }
  });

  it('reads history in a linked worktree, whose .git is a file pointing to the main repository', async () => {
    const repo = await repoWithOneDocument();
    const worktree = join(tempFolder(), 'worktree');
    runGit(repo.dir, 'worktree', 'add', '-q', '-b', 'review', worktree);
    expect(readdirSync(worktree)).toContain('.git');
    const history = await readManualHistory({ root: worktree });
    expect(history.available).toBe(true);
    expect([...history.byId.keys()]).toEqual(['SOP-001']);
  });
});

describe('the cache', () => {
  it('is written under node_modules/.cache/qms-history by default', async () => {
    const repo = await repoWithOneDocument();
    await readManualHistory({ root: repo.dir });
    expect(readdirSync(join(repo.dir, 'node_modules/.cache/qms-history'))).toEqual([expect.stringMatching(/^history-[0-9a-f]{12}\.json$/)]);
  });

  it('answers from the cache when HEAD has not moved, and reads only the new commit when it has', async () => {
    const repo = await repoWithOneDocument();
    await repo.commit({ files: { 'content/docs/forms/FRM-001.mdx': procedure('FRM-001', { type: 'form' }, 'Form.') }, message: 'Add FRM-001', date: '2026-01-02T00:00:00Z' });
    const cold = await repo.history();
    expect(cold.stats).toMatchObject({ commitsRead: 2, blobsRead: 2, commitsCached: 0, cacheHit: false });
    const hit = await repo.history();
    expect(hit.stats).toMatchObject({ commitsRead: 0, blobsRead: 0, commitsCached: 2, cacheHit: true });
    expect(hit.byId).toEqual(cold.byId);

    await repo.commit({ files: { [SOP]: procedure('SOP-001', { version: 2, change_summary: 'Two.' }, 'Two.') }, message: 'Revise SOP-001', date: '2026-01-03T00:00:00Z' });
    const warm = await repo.history();
    expect(warm.stats).toMatchObject({ commitsRead: 1, blobsRead: 1, commitsCached: 2, cacheHit: false });
    expect(warm.byId).toEqual((await repo.history({ cacheDir: join(repo.dir, '.fresh-cache') })).byId);
  });

  it('reads only the replacement after a commit is amended', async () => {
    const repo = await repoWithOneDocument();
    await repo.commit({ files: { [SOP]: procedure('SOP-001', { version: 2, change_summary: 'Tow.' }, 'Two.') }, message: 'Revise', date: '2026-01-02T00:00:00Z' });
    await repo.history();
    await repo.resetSoft();
    await repo.commit({ files: { [SOP]: procedure('SOP-001', { version: 2, change_summary: 'Two.' }, 'Two.') }, message: 'Revise, typo fixed', date: '2026-01-02T00:05:00Z' });
    const warm = await repo.history();
    expect(warm.stats).toMatchObject({ commitsRead: 1, commitsCached: 1 });
    expect(warm.byId.get('SOP-001')!.map((r) => r.changeSummary)).toEqual(['Two.', 'First issue.']);
  });

  it('ignores a damaged cache file and writes a good one', async () => {
    const repo = await repoWithOneDocument();
    const cacheDir = join(repo.dir, '.cache');
    const first = await repo.history();
    const [file] = readdirSync(cacheDir);
    writeFileSync(join(cacheDir, file), '{"format": 3, "scope": "content/docs", "commits": {');
    const again = await repo.history();
    expect(again.stats).toMatchObject({ commitsRead: 1, cacheHit: false });
    expect(again.byId).toEqual(first.byId);
    expect((await repo.history()).stats).toMatchObject({ cacheHit: true });
  });

  it('still reads history when the cache cannot be written', async () => {
    const repo = await repoWithOneDocument();
    const blocked = join(repo.dir, 'blocked');
    writeFileSync(blocked, 'a file where the cache folder would go');
    const history = await repo.history({ cacheDir: join(blocked, 'cache') });
    expect(history.available).toBe(true);
    expect(existsSync(join(blocked, 'cache'))).toBe(false);
  });
});
