/**
 * `npm run cms`: document control on this machine, with no Git host. Prepares a clone of the repository of
 * its own (.cms-workspace/), starts the CMS's Git server on it (scripts/cms/local-git-server.ts: drafts on
 * branches of their own, committed as the person running this) and the site with /admin, both on
 * 127.0.0.1 only, then waits until Ctrl+C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { IdentityError, personRunningCms, type Ask } from './cms/identity.ts';
import { startLocalGitServer, type LocalGitServer } from './cms/local-git-server.ts';
import { prepareWorkspace, WorkspaceError } from './cms/workspace.ts';
import { processIo, readArguments } from './cli.ts';
import { projectRoot } from '../src/qms/load/manual.ts';

const USAGE = `Usage: npm run cms -- [options]

  --port N          the site and /admin on http://127.0.0.1:N/ (default 4321)
  --api-port N      the CMS's Git server on http://127.0.0.1:N/ (default 8081)
  --workspace DIR   the clone the CMS edits (default .cms-workspace in this repository)
  --help            show this help
`;

const HOST = '127.0.0.1';

async function main(argv: string[]): Promise<number> {
  const args = readArguments(
    {
      args: argv,
      options: { port: { type: 'string', default: '4321' }, 'api-port': { type: 'string', default: '8081' }, workspace: { type: 'string' }, help: { type: 'boolean', default: false } },
      strict: true,
    },
    processIo(),
    'qms-cms',
    USAGE,
  );
  if (typeof args === 'number') return args;
  const { values } = args;
  const repo = projectRoot();
  let workspace;
  let person;
  try {
    person = await askingOnTerminal((ask) => personRunningCms(repo, ask));
    workspace = prepareWorkspace(repo, values.workspace ? resolve(values.workspace) : undefined);
  } catch (error) {
    if (!(error instanceof WorkspaceError || error instanceof IdentityError)) throw error;
    process.stderr.write(`qms-cms: ${error.message}\n`);
    return 1;
  }
  for (const line of workspace.repaired) process.stdout.write(`qms-cms: repaired: ${line}.\n`);
  const shown = relative(repo, workspace.dir).startsWith('..') ? workspace.dir : relative(repo, workspace.dir);
  const siteUrl = `http://${HOST}:${values.port}`;
  const require = createRequire(join(repo, 'package.json'));
  const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`, ASTRO_TELEMETRY_DISABLED: '1' };

  let server: LocalGitServer;
  try {
    server = await startLocalGitServer({ workspace: workspace.dir, branch: workspace.branch, person, port: Number(values['api-port']) });
  } catch (error) {
    const busy = (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? ' (another program uses that port: choose another with --api-port)' : '';
    process.stderr.write(`qms-cms: the CMS's Git server did not start on ${HOST}:${values['api-port']}: ${(error as Error).message}${busy}\n`);
    return 1;
  }

  const children: ChildProcess[] = [];
  const stop = () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  // QMS_NO_LIVE_RELOAD: a save or a publication must never reload the controller's open /admin tabs
  // (astro.config.mjs turns Vite's live reload off).
  const site = spawn(process.execPath, [join(dirname(require.resolve('astro/package.json')), 'bin/astro.mjs'), 'dev', '--host', HOST, '--port', values.port], {
    cwd: workspace.dir,
    env: { ...env, QMS_ROOT: workspace.dir, QMS_CMS_PROXY_URL: server.url, QMS_CMS_BRANCH: workspace.branch, QMS_NO_LIVE_RELOAD: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(site);
  site.stdout!.on('data', (chunk: Buffer) => process.stdout.write(chunk));

  const exited = Promise.race(children.map((child) => new Promise<number>((done) => child.once('exit', (code) => done(code ?? 0)))));
  const polling = new AbortController();
  const ready = waitFor(`${siteUrl}/admin/`, polling.signal);
  try {
    if ((await Promise.race([ready.then(() => 'ready' as const), exited])) === 'ready') {
      process.stdout.write(
        [
          '',
          `Document control is ready: open ${siteUrl}/admin/ (the manual itself: ${siteUrl}/)`,
          `  The CMS edits ${shown}, a clone of this repository (branch ${workspace.branch}): ${workspace.sync}.`,
          `  Changes are committed as ${person.name} <${person.email}> (git config user.name / user.email).`,
          '  Saving a change commits it on a branch of its own; publishing it approves it and merges it there.',
          `  To bring published changes into this repository:  git pull ${shown} ${workspace.branch}`,
          '  Press Ctrl+C to stop.',
          '',
        ].join('\n'),
      );
    }
    return await exited;
  } finally {
    // Whichever way it ends (Ctrl+C, a server that stopped, a timeout), neither server is left running.
    polling.abort();
    stop();
    await server.close();
  }
}

/** Runs `use` with a way to ask questions on the terminal, when standard input is one (else with none). */
async function askingOnTerminal<T>(use: (ask?: Ask) => Promise<T>): Promise<T> {
  if (!process.stdin.isTTY) return use(undefined);
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await use((question) => terminal.question(question));
  } finally {
    terminal.close();
  }
}

/** Polls a local URL until it answers (the site compiles /admin on first request). */
async function waitFor(url: string, signal: AbortSignal, init: RequestInit = {}): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!signal.aborted) {
    try {
      const response = await fetch(url, init);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within two minutes`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

process.exitCode = await main(process.argv.slice(2));
