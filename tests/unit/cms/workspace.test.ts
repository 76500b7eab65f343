import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_IDENTITY, prepareWorkspace, WorkspaceError } from '../../../scripts/cms/workspace.ts';

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

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

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

  it('has an identity to commit with, and never sweeps packages or build output into a commit', () => {
    const ws = prepareWorkspace(repository());
    expect([git(ws.dir, 'config', 'user.name'), git(ws.dir, 'config', 'user.email')]).toEqual([LOCAL_IDENTITY.name, LOCAL_IDENTITY.email]);
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
    git(ws.dir, 'commit', '--quiet', '-am', 'Published');
    expect(prepareWorkspace(repo).sync).toBe('1 published change not yet in your repository');
  });

  it('refuses a clone with uncommitted changes, which decap-server could not switch branches over', () => {
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
