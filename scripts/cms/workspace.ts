import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/**
 * The local CMS edits a clone of the repository of its own, never the developer's working copy:
 * decap-server (MODE=git) switches branches in its working tree, fails on uncommitted changes and commits
 * with `git add .`. The clone's origin is the repository it came from, so published changes come back with
 * `git pull .cms-workspace <branch>`, and the developer's new commits reach the clone when `npm run cms`
 * starts again.
 */

export const DEFAULT_WORKSPACE = '.cms-workspace';

/** Committed as, unless the clone already has an identity of its own. */
export const LOCAL_IDENTITY = { name: 'Document controller (local CMS)', email: 'document-control@localhost' };

export interface Workspace {
  dir: string;
  /** The branch the CMS publishes to. */
  branch: string;
  created: boolean;
  /** What happened to the developer's newer commits, in words. */
  sync: string;
}

export class WorkspaceError extends Error {
  override name = 'WorkspaceError';
}

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** Creates the clone, or brings it up to date with the repository; refuses one with uncommitted changes. */
export function prepareWorkspace(repo: string, dir: string = join(repo, DEFAULT_WORKSPACE)): Workspace {
  let branch: string;
  try {
    branch = git(repo, 'branch', '--show-current') || 'main';
  } catch {
    throw new WorkspaceError(`${repo} is not a Git repository: the CMS publishes by committing, so it needs one (git init, then commit the manual)`);
  }
  const created = !existsSync(join(dir, '.git'));
  if (created) {
    git(repo, 'clone', '--quiet', '--branch', branch, '--', repo, dir);
  }
  const status = git(dir, 'status', '--porcelain', '--untracked-files=all');
  if (status !== '') {
    throw new WorkspaceError(
      `${dir} has changes that are not committed, and decap-server cannot switch branches over them:\n${status}\n` +
        `Commit or remove them there (git -C ${dir} status), or delete the folder to start from a fresh copy.`,
    );
  }
  const current = git(dir, 'branch', '--show-current');
  if (current !== branch) git(dir, 'checkout', '--quiet', branch);
  ensureIdentity(dir);
  ensureExcluded(dir, ['node_modules', '.astro/', 'dist/']);
  // A clone outside the repository finds the packages through a link (excluded above, so never committed).
  if (relative(repo, dir).startsWith('..') && !existsSync(join(dir, 'node_modules'))) symlinkSync(join(resolve(repo), 'node_modules'), join(dir, 'node_modules'));
  return { dir, branch, created, sync: created ? `cloned from ${repo}` : bringUpToDate(dir, branch) };
}

function ensureIdentity(dir: string): void {
  const has = (key: string) => {
    try {
      return git(dir, 'config', key) !== '';
    } catch {
      return false;
    }
  };
  if (!has('user.name')) git(dir, 'config', 'user.name', LOCAL_IDENTITY.name);
  if (!has('user.email')) git(dir, 'config', 'user.email', LOCAL_IDENTITY.email);
}

function ensureExcluded(dir: string, patterns: string[]): void {
  const file = join(dir, '.git', 'info', 'exclude');
  const present = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
  const missing = patterns.filter((p) => !present.includes(p));
  if (missing.length > 0) appendFileSync(file, `\n# npm run cms: never swept into a CMS commit\n${missing.join('\n')}\n`);
}

/** Fast-forwards the clone to the repository's branch when it can; says what to do when it cannot. */
function bringUpToDate(dir: string, branch: string): string {
  git(dir, 'fetch', '--quiet', 'origin', branch);
  const [behind, ahead] = git(dir, 'rev-list', '--left-right', '--count', `origin/${branch}...HEAD`).split(/\s+/).map(Number);
  if (behind === 0) return ahead === 0 ? 'up to date with your repository' : `${ahead} published change${ahead === 1 ? '' : 's'} not yet in your repository`;
  if (ahead === 0) {
    git(dir, 'merge', '--quiet', '--ff-only', `origin/${branch}`);
    return `brought up to date with your repository (${behind} new commit${behind === 1 ? '' : 's'})`;
  }
  return `your repository and the CMS have both moved on: pull the CMS's changes into your repository, then start again`;
}
