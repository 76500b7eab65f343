import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareWorkspace, WorkspaceError } from '../../../scripts/cms/workspace.ts';

const folders: string[] = [];
const saved = { HOME: process.env.HOME, GIT_CONFIG_NOSYSTEM: process.env.GIT_CONFIG_NOSYSTEM };
// As on a fresh machine: no global or system Git identity.
beforeEach(() => {
  process.env.HOME = mkdtempSync(join(tmpdir(), 'qms-cms-home-'));
  folders.push(process.env.HOME);
  process.env.GIT_CONFIG_NOSYSTEM = '1';
});
afterEach(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const AS_CONTROLLER = ['-c', 'user.name=Quality Manager', '-c', 'user.email=quality@hospital.example'];

/** A repository with one commit on main and no identity of its own (as on a fresh machine). */
function repository(): string {
  const dir = mkdtempSync(join(tmpdir(), 'qms-cms-ws-'));
  folders.push(dir);
  git(dir, 'init', '--quiet', '--initial-branch=main');
  writeFileSync(join(dir, 'README.md'), '# Manual\n');
  writeFileSync(join(dir, '.gitignore'), '.cms-workspace/\n');
  git(dir, 'add', '--all');
  git(dir, '-c', 'user.name=Q', '-c', 'user.email=q@example', 'commit', '--quiet', '-m', 'First');
  return dir;
}

describe('the clone the local CMS edits', () => {
  it('is cloned into .cms-workspace on the repository\'s branch, never touching the working copy', () => {
    const repo = repository();
    const ws = prepareWorkspace(repo);
    expect(ws).toMatchObject({ dir: join(repo, '.cms-workspace'), branch: 'main', created: true });
    expect(git(ws.dir, 'remote', 'get-url', 'origin')).toBe(repo);
    expect(git(repo, 'status', '--porcelain')).toBe('');
  });

  it('invents no identity to commit with (the CMS commits as the person running it), and never sweeps packages or build output into a commit', () => {
    const ws = prepareWorkspace(repository());
    expect(() => git(ws.dir, 'config', 'user.name')).toThrow();
    expect(() => git(ws.dir, 'config', 'user.email')).toThrow();
    expect(readFileSync(join(ws.dir, '.git/info/exclude'), 'utf8')).toMatch(/^node_modules$[\s\S]*^\.astro\/$[\s\S]*^dist\/$/m);
  });

  it("catches up with the repository's newer commits when started again", () => {
    const repo = repository();
    prepareWorkspace(repo);
    writeFileSync(join(repo, 'README.md'), '# Manual\n\nNew.\n');
    git(repo, '-c', 'user.name=Q', '-c', 'user.email=q@example', 'commit', '--quiet', '-am', 'Second');
    const again = prepareWorkspace(repo);
    expect(again).toMatchObject({ created: false, sync: 'brought up to date with your repository (1 new commit)' });
    expect(readFileSync(join(again.dir, 'README.md'), 'utf8')).toContain('New.');
  });

  it('says so when it holds published changes the repository has not pulled yet', () => {
    const repo = repository();
    const ws = prepareWorkspace(repo);
    writeFileSync(join(ws.dir, 'README.md'), '# Manual, edited in the CMS\n');
    git(ws.dir, ...AS_CONTROLLER, 'commit', '--quiet', '-am', 'Published');
    expect(prepareWorkspace(repo).sync).toBe('1 published change not yet in your repository');
  });

  it('refuses a clone with uncommitted changes, which publishing could not bring up to date', () => {
    const repo = repository();
    const ws = prepareWorkspace(repo);
    writeFileSync(join(ws.dir, 'stray.txt'), 'left behind\n');
    expect(() => prepareWorkspace(repo)).toThrow(WorkspaceError);
    expect(() => prepareWorkspace(repo)).toThrow(/stray\.txt/);
  });

  it('refuses a folder that is not a Git repository', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qms-cms-nogit-'));
    folders.push(dir);
    expect(() => prepareWorkspace(dir)).toThrow(/not a Git repository/);
  });
});

describe('a clone left half-way through a Git operation', () => {
  /** A clone with a draft on cms/procedure/sop-004 and main, both changing the same line of README.md. */
  function clashingClone(): { repo: string; dir: string; draft: string } {
    const repo = repository();
    const { dir } = prepareWorkspace(repo);
    git(dir, 'checkout', '--quiet', '-b', 'cms/procedure/sop-004');
    writeFileSync(join(dir, 'README.md'), '# Manual, as the draft says\n');
    git(dir, ...AS_CONTROLLER, 'commit', '--quiet', '-am', 'Draft changes to Procedure sop-004');
    git(dir, 'checkout', '--quiet', 'main');
    writeFileSync(join(dir, 'README.md'), '# Manual, as published since\n');
    git(dir, ...AS_CONTROLLER, 'commit', '--quiet', '-am', 'Published since');
    return { repo, dir, draft: git(dir, 'rev-parse', 'cms/procedure/sop-004') };
  }
  const fails = (run: () => unknown) => expect(run).toThrow();

  it('is repaired when decap-server left it mid-rebase with conflict markers, and keeps its cms/* branches', () => {
    const { repo, dir, draft } = clashingClone();
    git(dir, 'checkout', '--quiet', 'cms/procedure/sop-004');
    fails(() => git(dir, ...AS_CONTROLLER, 'rebase', 'main'));
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('<<<<<<<');

    const ws = prepareWorkspace(repo);

    expect(ws.repaired).toEqual(['a rebase of cms/procedure/sop-004 left unfinished in the workspace was undone']);
    expect(existsSync(join(dir, '.git/rebase-merge'))).toBe(false);
    expect(git(dir, 'rev-parse', 'cms/procedure/sop-004')).toBe(draft);
    expect([git(dir, 'branch', '--show-current'), git(dir, 'status', '--porcelain')]).toEqual(['main', '']);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('# Manual, as published since\n');
  });

  it.each([
    ['a merge', () => undefined, ['merge', 'cms/procedure/sop-004']],
    ['a cherry-pick', () => undefined, ['cherry-pick', 'cms/procedure/sop-004']],
    // Reverting "Published since" clashes with a later edit of the same line.
    ['a revert', (dir: string) => (writeFileSync(join(dir, 'README.md'), '# Manual, edited again\n'), git(dir, ...AS_CONTROLLER, 'commit', '--quiet', '-am', 'Edited again')), ['revert', '--no-edit', 'HEAD~1']],
  ])('is repaired when left in the middle of %s', (what, before, command) => {
    const { repo, dir, draft } = clashingClone();
    before(dir);
    fails(() => git(dir, ...AS_CONTROLLER, ...command));
    expect(git(dir, 'status', '--porcelain')).not.toBe('');

    expect(prepareWorkspace(repo).repaired).toEqual([`${what} left unfinished in the workspace was undone`]);
    expect(git(dir, 'status', '--porcelain')).toBe('');
    expect(git(dir, 'rev-parse', 'cms/procedure/sop-004')).toBe(draft);
  });

  it('still refuses other uncommitted changes once the operation is undone', () => {
    const { repo, dir } = clashingClone();
    fails(() => git(dir, ...AS_CONTROLLER, 'merge', 'cms/procedure/sop-004'));
    writeFileSync(join(dir, 'notes.txt'), 'mine\n');
    expect(() => prepareWorkspace(repo)).toThrow(/notes\.txt/);
  });
});
