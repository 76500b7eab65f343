import fs, { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import git from 'isomorphic-git';
import { readManualHistory, type ManualHistory, type Revision } from '../../../src/qms/history/index.ts';

const folders: string[] = [];

/** A fresh temporary folder; `removeRepos` in `afterAll` deletes them all. */
export function tempFolder(prefix = 'qms-history-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  folders.push(dir);
  return dir;
}

export function removeRepos(): void {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export const ANA = { name: 'Ana Silva', email: 'ana.silva@hospital.example' };
export const BEN = { name: 'Ben Okafor', email: 'ben.okafor@hospital.example' };

/** Seconds since the epoch of a UTC time written 2026-03-01T10:15:00Z. */
export const at = (iso: string) => Date.parse(iso) / 1000;

export interface CommitOptions {
  /** Files to write (path => text) or delete (path => null), relative to the repository root. */
  files: Record<string, string | null>;
  message: string;
  /** ISO 8601 UTC time of the commit. */
  date: string;
  author?: { name: string; email: string };
}

/**
 * A real Git repository in a temporary folder, written with isomorphic-git with fixed authors and
 * dates, so history tests are exact and reproducible.
 */
export class TestRepo {
  readonly dir: string;

  private constructor(dir: string) {
    this.dir = dir;
  }

  static async create(dir = tempFolder()): Promise<TestRepo> {
    await git.init({ fs, dir, defaultBranch: 'main' });
    return new TestRepo(dir);
  }

  async commit({ files, message, date, author = ANA }: CommitOptions): Promise<string> {
    for (const [path, text] of Object.entries(files)) {
      const file = join(this.dir, path);
      if (text === null) {
        rmSync(file);
        await git.remove({ fs, dir: this.dir, filepath: path });
      } else {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, text);
        await git.add({ fs, dir: this.dir, filepath: path });
      }
    }
    const person = { ...author, timestamp: at(date), timezoneOffset: 0 };
    return git.commit({ fs, dir: this.dir, message, author: person, committer: person });
  }

  /** Moves the current branch back one commit, keeping the files (`git reset --soft HEAD~1`, before an amend). */
  async resetSoft(): Promise<void> {
    const ref = (await git.currentBranch({ fs, dir: this.dir, fullname: true }))!;
    const head = await git.resolveRef({ fs, dir: this.dir, ref });
    const { commit } = await git.readCommit({ fs, dir: this.dir, oid: head });
    await git.writeRef({ fs, dir: this.dir, ref, value: commit.parent[0], force: true });
  }

  async branch(name: string): Promise<void> {
    await git.branch({ fs, dir: this.dir, ref: name, checkout: true });
  }

  async checkout(name: string): Promise<void> {
    await git.checkout({ fs, dir: this.dir, ref: name, force: true });
  }

  /** Merges `theirs` into the current branch with a merge commit, and checks the result out. */
  async merge(theirs: string, message: string, date: string, author = ANA): Promise<string> {
    const ours = (await git.currentBranch({ fs, dir: this.dir }))!;
    const person = { ...author, timestamp: at(date), timezoneOffset: 0 };
    const { oid } = await git.merge({ fs, dir: this.dir, ours, theirs, message, author: person, committer: person, fastForward: false });
    await this.checkout(ours);
    return oid!;
  }

  history(options: { cacheDir?: string; engine?: 'native' | 'isomorphic-git'; root?: string } = {}): Promise<ManualHistory> {
    return readManualHistory({ root: options.root ?? this.dir, cacheDir: options.cacheDir ?? join(this.dir, '.cache'), engine: options.engine });
  }
}

/** The oid Git gives a file with this text. */
export async function blobOf(text: string): Promise<string> {
  return (await git.hashBlob({ object: text })).oid;
}

/** A controlled document: frontmatter fields in the order written, then the body. */
export function mdx(fields: Record<string, string | number | undefined>, body: string): string {
  const lines = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}: ${value}`);
  return `---\n${lines.join('\n')}\n---\n\n${body}\n`;
}

/** A valid approved procedure, as a document controller would write it. */
export function procedure(id: string, fields: Record<string, string | number | undefined>, body: string): string {
  return mdx(
    {
      id,
      title: 'Hand hygiene',
      type: 'procedure',
      version: 1,
      status: 'approved',
      owner: 'Infection Prevention Lead',
      approver: 'Medical Director',
      approved: '2026-01-10',
      effective: '2026-01-15',
      change_summary: 'First issue.',
      ...fields,
    },
    body,
  );
}

/** Only what a test asserts about a revision, in the order of a revision history table. */
export function summary(r: Revision): string {
  return `${r.date} ${r.change} ${r.file} v${r.version ?? '?'} ${r.status ?? '?'}${r.bodyChanged ? ' body' : ''}${r.versionBumped ? ' bumped' : ''} "${r.message.split('\n')[0]}"`;
}


/** Runs the git CLI in `dir` (for what isomorphic-git does not do: repack with deltas, shallow clones). */
export function runGit(dir: string, ...args: string[]): string {
  const run = spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: dir } });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout;
}
