import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/**
 * The local CMS edits a clone of the repository of its own, never the developer's working copy. Its Git
 * server (local-git-server.ts) commits drafts with plumbing and leaves the clone's working tree alone
 * except to follow a publication; the clone's origin is the repository it came from, so published changes
 * come back with `git pull .cms-workspace <branch>`, and the developer's new commits reach the clone when
 * `npm run cms` starts again.
 */

export const DEFAULT_WORKSPACE = '.cms-workspace';

export interface Workspace {
  dir: string;
  /** The branch the CMS publishes to. */
  branch: string;
  created: boolean;
  /** What happened to the developer's newer commits, in words. */
  sync: string;
  /** Operations left half-done in the clone (by decap-server or anything else) that were undone, in words. */
  repaired: string[];
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
  try {
    git(repo, 'rev-parse', '--verify', '--quiet', 'HEAD');
  } catch {
    throw new WorkspaceError(`${repo} has no commits yet: the CMS works on a copy of the committed manual, so commit it first (git add --all, then git commit)`);
  }
  const created = !existsSync(join(dir, '.git'));
  if (created) {
    git(repo, 'clone', '--quiet', '--branch', branch, '--', repo, dir);
  }
  const repaired = created ? [] : undoUnfinished(dir);
  const status = git(dir, 'status', '--porcelain', '--untracked-files=all');
  if (status !== '') {
    throw new WorkspaceError(
      `${dir} has changes that are not committed, and the CMS keeps its files as published, so it does not start over them:\n${status}\n` +
        `Commit or remove them there (git -C ${dir} status), or delete the folder to start from a fresh copy.`,
    );
  }
  const current = git(dir, 'branch', '--show-current');
  if (current !== branch) git(dir, 'checkout', '--quiet', branch);
  ensureExcluded(dir, ['node_modules', '.astro/', 'dist/']);
  // A clone outside the repository finds the packages through a link (excluded above, so never committed).
  if (relative(repo, dir).startsWith('..') && !existsSync(join(dir, 'node_modules'))) symlinkSync(join(resolve(repo), 'node_modules'), join(dir, 'node_modules'));
  return { dir, branch, created, sync: created ? `cloned from ${repo}` : bringUpToDate(dir, branch), repaired };
}

/** Git operations that stop half-way on a conflict, by the file that says one is under way. */
const UNFINISHED = [
  { marker: 'rebase-apply/applying', what: 'a patch being applied (git am)', abort: ['am', '--abort'] },
  { marker: 'rebase-merge', what: 'a rebase', abort: ['rebase', '--abort'] },
  { marker: 'rebase-apply', what: 'a rebase', abort: ['rebase', '--abort'] },
  { marker: 'MERGE_HEAD', what: 'a merge', abort: ['merge', '--abort'] },
  { marker: 'CHERRY_PICK_HEAD', what: 'a cherry-pick', abort: ['cherry-pick', '--abort'] },
  { marker: 'REVERT_HEAD', what: 'a revert', abort: ['revert', '--abort'] },
  { marker: 'sequencer', what: 'a series of cherry-picks or reverts', abort: ['cherry-pick', '--abort'] },
];

/**
 * Undoes an operation left half-done in the clone: decap-server rebased drafts in its working tree, and a
 * conflict left the clone mid-rebase with conflict markers in the files, so that every screen of the CMS
 * failed. Aborting returns each branch to where it was before; a cms/* branch that went missing all the
 * same is put back, so no draft is lost.
 */
function undoUnfinished(dir: string): string[] {
  const gitDir = git(dir, 'rev-parse', '--absolute-git-dir');
  const drafts = new Map(
    git(dir, 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads/cms/')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' ') as [string, string]),
  );
  const repaired: string[] = [];
  for (const { marker, what, abort } of UNFINISHED) {
    if (!existsSync(join(gitDir, marker))) continue;
    const of = what === 'a rebase' ? rebasedBranch(gitDir) : '';
    try {
      git(dir, ...abort);
    } catch (error) {
      throw new WorkspaceError(
        `${dir} was left in the middle of ${what}${of}, and undoing it failed: ${(error as Error).message.trim()}\n` +
          `Undo it there (git -C ${dir} ${abort.join(' ')}), or delete the folder to start from a fresh copy (drafts on its cms/ branches would be lost).`,
      );
    }
    repaired.push(`${what}${of} left unfinished in the workspace was undone`);
  }
  for (const [ref, oid] of drafts) {
    if (git(dir, 'for-each-ref', '--format=%(objectname)', ref) === '') {
      git(dir, 'update-ref', ref, oid, '');
      repaired.push(`the draft branch ${ref.slice('refs/heads/'.length)} was restored`);
    }
  }
  return repaired;
}

/** " of cms/procedure/x": the branch a rebase under way was moving, read from its state files. */
function rebasedBranch(gitDir: string): string {
  for (const state of ['rebase-merge', 'rebase-apply']) {
    const file = join(gitDir, state, 'head-name');
    if (existsSync(file)) return ` of ${readFileSync(file, 'utf8').trim().replace(/^refs\/heads\//, '')}`;
  }
  return '';
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
