import fs, { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import git, { type PromiseFsClient } from 'isomorphic-git';
import { readingRepository, RepositoryReadError } from './errors.ts';
import { objectStoreFs } from './git-fs.ts';
import { parseCommit, type CommitInfo } from './git-objects.ts';
import { ObjectStore, type ObjectType } from './object-store.ts';

/** A repository we can read history from, or the reason we cannot, in words for a person. */
export type Located = { ok: true; repo: Repository } | { ok: false; reason: string };

export interface Repository {
  /** Where objects and refs live (for a linked worktree: the main repository's git folder). */
  gitdir: string;
  /** Where this checkout's HEAD lives (differs from `gitdir` only in a linked worktree). */
  headGitdir: string;
  /** The project root relative to the work tree ('' when the project is the repository). */
  projectPrefix: string;
}

/**
 * Finds the repository that holds `root`, walking up like git does, so a manual kept in a subfolder of a
 * larger repository still has history. `.git` may be a folder, or a file pointing to one (submodules,
 * `git worktree add`). A shallow clone is refused, as its history is incomplete, unless `shallow` is
 * 'accept' (its HEAD commit is still known: the build's own commit is read from it).
 */
export function locateRepository(root: string, shallow: 'refuse' | 'accept' = 'refuse'): Located {
  const projectRoot = resolve(root);
  for (let dir = projectRoot; ; dir = dirname(dir)) {
    const dotGit = join(dir, '.git');
    if (existsSync(dotGit)) {
      const headGitdir = gitdirOf(dotGit);
      if (!headGitdir) return { ok: false, reason: `${dotGit} is neither a Git folder nor a "gitdir:" pointer to one` };
      const common = join(headGitdir, 'commondir');
      const gitdir = existsSync(common) ? resolve(headGitdir, readFileSync(common, 'utf8').trim()) : headGitdir;
      if (shallow === 'refuse' && (existsSync(join(gitdir, 'shallow')) || existsSync(join(headGitdir, 'shallow')))) {
        return { ok: false, reason: 'the repository is a shallow clone, so older commits are missing (fetch the full history with `git fetch --unshallow`, or clone with fetch-depth: 0 in CI)' };
      }
      const projectPrefix = relative(dir, projectRoot).split('\\').join('/');
      return { ok: true, repo: { gitdir, headGitdir, projectPrefix } };
    }
    if (dirname(dir) === dir) break;
  }
  return { ok: false, reason: `there is no Git repository at ${projectRoot} (no .git folder), as in a downloaded archive` };
}

function gitdirOf(dotGit: string): string | undefined {
  if (statSync(dotGit).isDirectory()) return dotGit;
  const pointer = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
  if (!pointer) return undefined;
  return isAbsolute(pointer) ? pointer : resolve(dirname(dotGit), pointer);
}

/**
 * The commit HEAD points to, or undefined when the branch has no commit yet. Read by hand so a linked
 * worktree (HEAD in its own folder, refs in the main one) works: isomorphic-git reads both from one folder.
 */
export async function resolveHead(repo: Repository): Promise<string | undefined> {
  const head = await readingRepository('HEAD cannot be read', () => readFileSync(join(repo.headGitdir, 'HEAD'), 'utf8').trim());
  const symbolic = /^ref:\s*(.+)$/.exec(head)?.[1];
  if (!symbolic) return head;
  try {
    return await git.resolveRef({ fs, gitdir: repo.gitdir, ref: symbolic });
  } catch (error) {
    if ((error as { code?: string }).code === 'NotFoundError') return undefined;
    throw new RepositoryReadError(`${symbolic} cannot be resolved: ${(error as Error).message}`, { cause: error });
  }
}

export type ObjectEngine = 'native' | 'isomorphic-git';

/**
 * Reads Git objects: with our pack reader (`native`, see object-store.ts), falling back to isomorphic-git
 * for any object it cannot read; or with isomorphic-git alone, which tests use to check the two agree.
 */
export class ObjectReader {
  readonly gitdir: string;
  private readonly engine: ObjectEngine;
  /** Opened on the first read, so a build answered from the cache does not read pack indexes. */
  private store: ObjectStore | undefined;
  /** isomorphic-git's own cache (pack indexes, delta bases), shared by every call. */
  private readonly cache: object = {};
  private readonly fs: PromiseFsClient;

  constructor(gitdir: string, engine: ObjectEngine = 'native') {
    this.gitdir = gitdir;
    this.engine = engine;
    this.fs = objectStoreFs(gitdir);
  }

  /** The bytes of an object; a RepositoryReadError when it is missing, corrupt or of another type. */
  read(oid: string, type: ObjectType): Promise<Buffer> {
    return readingRepository(`object ${oid} cannot be read`, () => this.#read(oid, type));
  }

  async #read(oid: string, type: ObjectType): Promise<Buffer> {
    if (this.engine === 'native') this.store ??= new ObjectStore(this.gitdir);
    const found = this.store?.read(oid);
    if (found) {
      if (found.type !== type) throw new Error(`object ${oid} is a ${found.type}, not a ${type}`);
      return found.data;
    }
    const { type: actual, object } = await git.readObject({ fs: this.fs, gitdir: this.gitdir, oid, format: 'content', cache: this.cache });
    if (actual !== type) throw new Error(`object ${oid} is a ${actual}, not a ${type}`);
    const bytes = object as Uint8Array;
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  async commit(oid: string): Promise<CommitInfo> {
    const bytes = await this.read(oid, 'commit');
    return readingRepository(`commit ${oid} cannot be read`, () => parseCommit(bytes, oid));
  }

  tree(oid: string): Promise<Buffer> {
    return this.read(oid, 'tree');
  }

  blob(oid: string): Promise<Buffer> {
    return this.read(oid, 'blob');
  }

  close(): void {
    this.store?.close();
  }
}
