import { execFile } from 'node:child_process';

/**
 * The git command line, run without a shell and without blocking the server: the local CMS serves one
 * controller's browser while it commits, so a slow `git` must never freeze the other requests.
 */

export class GitError extends Error {
  override name = 'GitError';
  readonly exitCode: number | null;
  readonly stderr: string;
  readonly stdout: Buffer;

  constructor(args: readonly string[], exitCode: number | null, stderr: string, stdout: Buffer) {
    super(`git ${args.join(' ')} failed (exit ${exitCode ?? 'signal'}): ${stderr.trim() || '(no message)'}`);
    this.exitCode = exitCode;
    this.stderr = stderr;
    this.stdout = stdout;
  }
}

export interface GitOptions {
  env?: Record<string, string | undefined>;
  input?: string | Buffer;
}

// A document store of 5,000 files read in one `cat-file --batch` is tens of megabytes.
const MAX_BUFFER = 512 * 1024 * 1024;

/** The environment of every git call: the repository is always `cwd`, never one inherited from the caller. */
function gitEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' };
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_NAMESPACE']) delete env[name];
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** Runs git in `cwd` and resolves with its raw output; rejects with a GitError on a non-zero exit. */
export function gitBuffer(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile('git', args, { cwd, env: gitEnv(options.env), encoding: 'buffer', maxBuffer: MAX_BUFFER }, (error, stdout, stderr) => {
      if (error) reject(new GitError(args, typeof error.code === 'number' ? error.code : null, stderr.toString('utf8'), stdout));
      else resolve(stdout);
    });
    // Always close stdin: a command that reads it must never wait for a terminal.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input);
  });
}

/** Runs git and resolves with its output as text, without the final newline. */
export async function git(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<string> {
  return (await gitBuffer(cwd, args, options)).toString('utf8').replace(/\n$/, '');
}

/** Runs git for a yes/no answer: exit 0 is yes, exit 1 is no, anything else is an error. */
export async function gitTest(cwd: string, args: readonly string[]): Promise<boolean> {
  try {
    await gitBuffer(cwd, args);
    return true;
  } catch (error) {
    if (error instanceof GitError && error.exitCode === 1) return false;
    throw error;
  }
}

/** One writer at a time: every change to refs, objects and the CMS's git config goes through `run`. */
export class Mutex {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
