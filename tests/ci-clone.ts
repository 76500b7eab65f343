import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Running a CI template's commands as its host would: in a clean clone of this repository (tests/unit/ci-templates.test.ts, tests/e2e/ci-publish.test.ts). */

const REPO = process.cwd();

/**
 * A clean clone of this repository in `parent`: every commit, and the files as they are in the working tree
 * (what the next commit holds), without node_modules, dist/ or any cache.
 */
export function cleanClone(parent: string, name: string): string {
  const dir = join(parent, name);
  const git = (args: string[]) => spawnSync('git', args, { cwd: REPO, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const clone = git(['clone', '--quiet', REPO, dir]);
  if (clone.status !== 0) throw new Error(`git clone failed: ${clone.stderr}`);
  const listed = (flag: string) => git(['ls-files', flag, '--exclude-standard', '-z']).stdout.split('\0').filter(Boolean);
  for (const file of [...listed('--modified'), ...listed('--others')]) {
    if (!existsSync(join(REPO, file))) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(REPO, file), join(dir, file));
  }
  for (const file of listed('--deleted')) rmSync(join(dir, file), { force: true });
  return dir;
}

/**
 * Stands in for `npm ci`: this repository's node_modules linked entry by entry, its caches left out, so the
 * clone's caches are its own.
 */
function installDependencies(dir: string): void {
  mkdirSync(join(dir, 'node_modules'));
  for (const entry of readdirSync(join(REPO, 'node_modules'))) {
    if (entry === '.cache' || entry === '.astro' || entry === '.vite') continue;
    symlinkSync(join(REPO, 'node_modules', entry), join(dir, 'node_modules', entry));
  }
}

/**
 * Runs a job's commands in the clone as a CI runner does (bash, stopping at the first that fails), `npm ci`
 * first and replaced by linked dependencies. `env` comes on top of this process's environment, less npm's
 * and the manual's own variables.
 */
export function runJob(dir: string, commands: readonly string[], env: Record<string, string> = {}): { status: number | null; output: string } {
  if (commands[0] !== 'npm ci') throw new Error(`expected the job to start with npm ci, found ${commands[0]}`);
  installDependencies(dir);
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('npm_') && !key.startsWith('QMS_') && key !== 'INIT_CWD'));
  const child = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', commands.slice(1).join('\n')], {
    cwd: dir,
    env: { ...clean, CI: 'true', ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: child.status, output: `${child.stdout}\n${child.stderr}` };
}
