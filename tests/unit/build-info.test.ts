import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildLabel, readBuildInfo } from '../../src/site/build-info.ts';
import { removeRepos, runGit, tempFolder, TestRepo } from './history/helpers.ts';

afterAll(removeRepos);

async function repoWithTwoCommits(): Promise<{ repo: TestRepo; head: string }> {
  const repo = await TestRepo.create();
  await repo.commit({ files: { 'a.txt': 'one' }, message: 'One', date: '2026-03-01T10:00:00Z' });
  const head = await repo.commit({ files: { 'a.txt': 'two' }, message: 'Two', date: '2026-03-02T23:30:00Z' });
  return { repo, head };
}

describe('the build’s identity on every paper copy', () => {
  it('is the commit HEAD points to, shortened as Git shows it, with its day and the build’s', async () => {
    const { repo, head } = await repoWithTwoCommits();
    const info = await readBuildInfo(repo.dir, '2026-03-05');
    expect(info).toEqual({ commit: head, shortCommit: head.slice(0, 7), commitDate: '2026-03-02', builtOn: '2026-03-05' });
    expect(buildLabel(info)).toBe(`Built 5 Mar 2026, commit ${head.slice(0, 7)}`);
  });

  it('is read from the repository that holds a manual kept in a subfolder', async () => {
    const { repo, head } = await repoWithTwoCommits();
    const root = join(repo.dir, 'manual');
    mkdirSync(root);
    expect((await readBuildInfo(root, '2026-03-05')).commit).toBe(head);
  });

  it('is still known in a shallow clone, which has no history but has its HEAD', async () => {
    const { repo, head } = await repoWithTwoCommits();
    const clone = join(tempFolder(), 'clone');
    runGit(repo.dir, 'clone', '-q', '--depth', '1', `file://${repo.dir}`, clone);
    expect(await readBuildInfo(clone, '2026-03-05')).toMatchObject({ commit: head, commitDate: '2026-03-02' });
  });

  it('says "unknown" in a copy without .git, in an empty repository and in an unreadable one', async () => {
    const unknown = { commit: null, shortCommit: 'unknown', commitDate: null, builtOn: '2026-03-05' };
    expect(await readBuildInfo(tempFolder(), '2026-03-05')).toEqual(unknown);
    expect(await readBuildInfo((await TestRepo.create()).dir, '2026-03-05')).toEqual(unknown);
    const { repo, head } = await repoWithTwoCommits();
    rmSync(join(repo.dir, '.git/objects', head.slice(0, 2), head.slice(2)));
    expect(await readBuildInfo(repo.dir, '2026-03-05')).toEqual(unknown);
    expect(buildLabel(unknown)).toBe('Built 5 Mar 2026, commit unknown');
  });
});
