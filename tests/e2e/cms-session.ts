import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './browser.ts';

const REPO = process.cwd();
const PERSON = { name: 'Quality Manager', email: 'quality@hospital.example' };

/**
 * `npm run cms` as a controller runs it, against a repository of its own: a copy of this project's files
 * committed in a temporary folder (so the test never depends on, or touches, this working copy), with the
 * CMS workspace cloned inside it. Everything listens on 127.0.0.1.
 */
export interface CmsSession {
  repo: string;
  workspace: string;
  siteUrl: string;
  /** The CMS's Git server (Decap's proxy protocol): POST { action, params }. */
  apiUrl: string;
  /** Who the CMS commits as: the repository's own Git identity. */
  person: { name: string; email: string };
  output: () => string;
  stop(): Promise<void>;
}

export async function startCmsSession(): Promise<CmsSession> {
  const repo = mkdtempSync(join(tmpdir(), 'qms-cms-repo-'));
  for (const entry of ['src', 'public', 'content', 'astro.config.mjs', 'package.json', 'tsconfig.json', '.gitignore']) {
    cpSync(join(REPO, entry), join(repo, entry), { recursive: true });
  }
  // Linked entry by entry, so the Astro and Vite caches the servers write stay the copy's own.
  mkdirSync(join(repo, 'node_modules'));
  for (const entry of readdirSync(join(REPO, 'node_modules'))) {
    if (entry === '.astro' || entry === '.vite' || entry === '.cache') continue;
    symlinkSync(join(REPO, 'node_modules', entry), join(repo, 'node_modules', entry));
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
  git('init', '--quiet', '--initial-branch=main');
  // The person running the CMS, in the repository's own config: every CMS commit is theirs.
  git('config', 'user.name', PERSON.name);
  git('config', 'user.email', PERSON.email);
  git('add', '--all');
  execFileSync('git', ['-c', 'user.name=Quality Manager', '-c', 'user.email=quality@hospital.example', 'commit', '--quiet', '-m', 'The manual'], {
    cwd: repo,
    env: { ...process.env, GIT_AUTHOR_DATE: '2026-11-01T09:00:00Z', GIT_COMMITTER_DATE: '2026-11-01T09:00:00Z' },
  });

  const [port, apiPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${join(REPO, 'node_modules/.bin')}:${process.env.PATH ?? ''}` };
  for (const name of ['QMS_ROOT', 'QMS_AS_OF', 'QMS_CMS_PROXY_URL', 'GIT_DIR', 'GIT_WORK_TREE']) delete env[name];
  // Astro's dev server behaves as under test when it sees Vitest's variables, and never answers /admin/.
  for (const name of Object.keys(env)) if (name.startsWith('VITEST')) delete env[name];
  const child: ChildProcess = spawn(process.execPath, [join(REPO, 'scripts/cms.ts'), '--port', String(port), '--api-port', String(apiPort)], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(repo, { recursive: true, force: true });
  };
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`npm run cms did not get ready:\n${output}`)), 90_000);
    const check = () => {
      if (output.includes('Document control is ready')) {
        clearTimeout(timer);
        ready();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', () => {
      clearTimeout(timer);
      fail(new Error(`npm run cms stopped:\n${output}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });

  return {
    repo,
    workspace: join(repo, '.cms-workspace'),
    siteUrl: `http://127.0.0.1:${port}`,
    apiUrl: `http://127.0.0.1:${apiPort}/api/v1`,
    person: PERSON,
    output: () => output,
    stop,
  };
}
