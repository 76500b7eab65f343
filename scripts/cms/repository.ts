import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git, gitBuffer, GitError, gitTest } from './git.ts';
import type { Person } from './identity.ts';

/**
 * The workspace's Git repository, read and written only through branch trees and plumbing: files are read
 * from a commit's tree and written as new objects, a commit is built in a temporary index, and a branch
 * moves with a compare-and-swap. The working tree, the index and HEAD are never touched, so saving a draft
 * cannot leave the workspace mid-rebase, and the site served from the working tree does not reload.
 */

export interface TreeFile {
  path: string;
  /** The blob's object ID: also the file's ID in the CMS protocol. */
  oid: string;
  mode: string;
}

export interface TreeChanges {
  write: { path: string; content: Buffer }[];
  remove: string[];
}

/** A branch moved between reading it and updating it: someone else (another tab, git itself) wrote first. */
export class RefMovedError extends Error {
  override name = 'RefMovedError';
  constructor(ref: string) {
    super(`${ref.replace(/^refs\/heads\//, '')} changed while this was being written; nothing was lost: try again`);
  }
}

export class Repository {
  readonly dir: string;
  /** When commits are dated; by default, now. Tests pass a fixed clock. */
  readonly clock: () => Date;

  constructor(dir: string, clock: () => Date = () => new Date()) {
    this.dir = dir;
    this.clock = clock;
  }

  /** The commit a ref points at, or null when there is no such ref. */
  async commitOf(ref: string): Promise<string | null> {
    try {
      return await git(this.dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
    } catch (error) {
      if (error instanceof GitError && error.exitCode === 1) return null;
      throw error;
    }
  }

  async treeOf(commit: string): Promise<string> {
    return git(this.dir, ['rev-parse', '--verify', '--end-of-options', `${commit}^{tree}`]);
  }

  /** Regular files under `folder` in a commit, at most `depth` levels down (1: the folder's own files). */
  async files(commit: string, folder: string, { extension = '', depth = Infinity } = {}): Promise<TreeFile[]> {
    const prefix = folder === '' ? '' : `${folder.replace(/\/+$/, '')}/`;
    const args = ['--literal-pathspecs', 'ls-tree', '-r', '-z', '--full-tree', commit];
    const listed = parseTree(await git(this.dir, prefix === '' ? args : [...args, '--', prefix]));
    return listed.filter((file) => file.path.startsWith(prefix) && file.path.slice(prefix.length).split('/').length <= depth && file.path.endsWith(extension));
  }

  /** One regular file of a commit, or null when the commit has none at that path. */
  async file(commit: string, path: string): Promise<TreeFile | null> {
    return (await this.filesAt(commit, [path])).get(path) ?? null;
  }

  async filesAt(treeish: string, paths: readonly string[]): Promise<Map<string, TreeFile>> {
    if (paths.length === 0) return new Map();
    const listed = parseTree(await git(this.dir, ['--literal-pathspecs', 'ls-tree', '-z', '--full-tree', treeish, '--', ...paths]));
    return new Map(listed.map((file) => [file.path, file]));
  }

  /** The content of many blobs, read by one git process. */
  async readBlobs(oids: readonly string[]): Promise<Map<string, Buffer>> {
    const unique = [...new Set(oids)];
    const blobs = new Map<string, Buffer>();
    if (unique.length === 0) return blobs;
    const out = await gitBuffer(this.dir, ['cat-file', '--batch'], { input: unique.map((oid) => `${oid}\n`).join('') });
    let at = 0;
    while (at < out.length) {
      const eol = out.indexOf(0x0a, at);
      const [oid, type, size] = out.subarray(at, eol).toString('utf8').split(' ');
      at = eol + 1;
      if (type === 'missing' || size === undefined) continue;
      blobs.set(oid, out.subarray(at, at + Number(size)));
      at += Number(size) + 1;
    }
    return blobs;
  }

  /** A file's content in a commit, or null when it has none. */
  async read(commit: string, path: string): Promise<{ file: TreeFile; content: Buffer } | null> {
    const file = await this.file(commit, path);
    if (!file) return null;
    const content = (await this.readBlobs([file.oid])).get(file.oid);
    return content ? { file, content } : null;
  }

  /** A new tree: `base` with files written and removed, built in a temporary index (never the workspace's). */
  async writeTree(base: string, changes: TreeChanges): Promise<string> {
    const existing = await this.filesAt(base, changes.write.map((w) => w.path));
    const lines: string[] = [];
    for (const { path, content } of changes.write) {
      const oid = await git(this.dir, ['hash-object', '-w', '--stdin'], { input: content });
      lines.push(`${existing.get(path)?.mode === '100755' ? '100755' : '100644'} ${oid}\t${path}`);
    }
    const written = new Set(changes.write.map((w) => w.path));
    const zero = '0'.repeat(base.length);
    for (const path of changes.remove) if (!written.has(path)) lines.push(`0 ${zero}\t${path}`);
    const scratch = await mkdtemp(join(tmpdir(), 'qms-cms-index-'));
    try {
      const env = { GIT_INDEX_FILE: join(scratch, 'index') };
      await git(this.dir, ['read-tree', base], { env });
      if (lines.length > 0) await git(this.dir, ['update-index', '-z', '--index-info'], { env, input: lines.map((l) => `${l}\0`).join('') });
      return await git(this.dir, ['write-tree'], { env });
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  /** A commit of `tree`, authored and committed by `person`, dated by the clock. */
  async commit({ tree, parents, message, person }: { tree: string; parents: readonly string[]; message: string; person: Person }): Promise<string> {
    const date = this.clock().toISOString();
    const env = {
      GIT_AUTHOR_NAME: person.name,
      GIT_AUTHOR_EMAIL: person.email,
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_NAME: person.name,
      GIT_COMMITTER_EMAIL: person.email,
      GIT_COMMITTER_DATE: date,
    };
    const args = ['commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '--no-gpg-sign', '-F', '-'];
    return git(this.dir, args, { env, input: message.endsWith('\n') ? message : `${message}\n` });
  }

  /** Moves (or with `expected` null, creates) a ref, only if it still points where it was read. */
  async moveRef(ref: string, next: string, expected: string | null, reason: string): Promise<void> {
    try {
      await git(this.dir, ['update-ref', '-m', reason, ref, next, expected ?? '']);
    } catch (error) {
      if (error instanceof GitError && /cannot lock ref|reference already exists|but expected/.test(error.stderr)) throw new RefMovedError(ref);
      throw error;
    }
  }

  async deleteRef(ref: string, expected: string): Promise<void> {
    try {
      await git(this.dir, ['update-ref', '-d', ref, expected]);
    } catch (error) {
      if (error instanceof GitError && /cannot lock ref|but expected/.test(error.stderr)) throw new RefMovedError(ref);
      throw error;
    }
  }

  /** Branches (short names) under a prefix such as `cms/`. */
  async branches(prefix: string): Promise<string[]> {
    const out = await git(this.dir, ['for-each-ref', '--format=%(refname)', `refs/heads/${prefix}`]);
    return out === '' ? [] : out.split('\n').map((ref) => ref.slice('refs/heads/'.length));
  }

  async mergeBase(a: string, b: string): Promise<string | null> {
    try {
      return await git(this.dir, ['merge-base', a, b]);
    } catch (error) {
      if (error instanceof GitError && error.exitCode === 1) return null;
      throw error;
    }
  }

  isAncestor(ancestor: string, of: string): Promise<boolean> {
    return gitTest(this.dir, ['merge-base', '--is-ancestor', ancestor, of]);
  }

  /** A value of the repository's own config (.git/config), or null. */
  async config(key: string): Promise<string | null> {
    try {
      return await git(this.dir, ['config', '--local', '--get', key]);
    } catch (error) {
      if (error instanceof GitError && error.exitCode === 1) return null;
      throw error;
    }
  }

  async setConfig(key: string, value: string | null): Promise<void> {
    try {
      await git(this.dir, value === null ? ['config', '--local', '--unset-all', key] : ['config', '--local', key, value]);
    } catch (error) {
      // Unsetting a key that is not there (exit 5) leaves what was wanted.
      if (!(value === null && error instanceof GitError && error.exitCode === 5)) throw error;
    }
  }
}

/** `git ls-tree -z` output: regular files and executables only (no links, submodules or trees). */
function parseTree(out: string): TreeFile[] {
  const files: TreeFile[] = [];
  for (const entry of out.split('\0')) {
    const tab = entry.indexOf('\t');
    if (tab < 0) continue;
    const [mode, type, oid] = entry.slice(0, tab).split(' ');
    if (type === 'blob' && (mode === '100644' || mode === '100755')) files.push({ path: entry.slice(tab + 1), oid, mode });
  }
  return files;
}
