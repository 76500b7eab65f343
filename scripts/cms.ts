/**
 * `npm run cms`: document control on this machine, with no Git host. Prepares a clone of the repository of
 * its own (.cms-workspace/), starts decap-server on it (MODE=git, so the editorial workflow commits) and
 * the site with /admin, both on 127.0.0.1 only, then waits until Ctrl+C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { prepareWorkspace, WorkspaceError } from './cms/workspace.ts';
import { projectRoot } from '../src/qms/load/manual.ts';

const USAGE = `Usage: npm run cms -- [options]

  --port N          the site and /admin on http://127.0.0.1:N/ (default 4321)
  --api-port N      decap-server on http://127.0.0.1:N/ (default 8081)
  --workspace DIR   the clone the CMS edits (default .cms-workspace in this repository)
  --help            show this help
`;

const HOST = '127.0.0.1';

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { port: { type: 'string', default: '4321' }, 'api-port': { type: 'string', default: '8081' }, workspace: { type: 'string' }, help: { type: 'boolean', default: false } },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`qms-cms: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const repo = projectRoot();
  let workspace;
  try {
    workspace = prepareWorkspace(repo, values.workspace ? resolve(values.workspace) : undefined);
  } catch (error) {
    if (!(error instanceof WorkspaceError)) throw error;
    process.stderr.write(`qms-cms: ${error.message}\n`);
    return 1;
  }
  const shown = relative(repo, workspace.dir).startsWith('..') ? workspace.dir : relative(repo, workspace.dir);
  const apiUrl = `http://${HOST}:${values['api-port']}/api/v1`;
  const siteUrl = `http://${HOST}:${values.port}`;
  const require = createRequire(join(repo, 'package.json'));
  const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`, ASTRO_TELEMETRY_DISABLED: '1' };

  const children: ChildProcess[] = [];
  const stop = () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  // decap-server listens on every interface unless told otherwise, and has no sign-in: loopback only.
  const server = spawn(process.execPath, [join(dirname(require.resolve('decap-server/package.json')), 'dist/index.js')], {
    cwd: workspace.dir,
    env: { ...env, MODE: 'git', BIND_HOST: HOST, PORT: values['api-port'], GIT_REPO_DIRECTORY: workspace.dir, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const site = spawn(process.execPath, [join(dirname(require.resolve('astro/package.json')), 'bin/astro.mjs'), 'dev', '--host', HOST, '--port', values.port], {
    cwd: workspace.dir,
    env: { ...env, QMS_ROOT: workspace.dir, QMS_CMS_PROXY_URL: apiUrl, QMS_CMS_BRANCH: workspace.branch },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(server, site);
  site.stdout!.on('data', (chunk: Buffer) => process.stdout.write(chunk));

  const exited = Promise.race(children.map((child) => new Promise<number>((done) => child.once('exit', (code) => done(code ?? 0)))));
  const polling = new AbortController();
  const ready = Promise.all([
    waitFor(apiUrl, polling.signal, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"action":"info"}' }),
    waitFor(`${siteUrl}/admin/`, polling.signal),
  ]);
  try {
    if ((await Promise.race([ready.then(() => 'ready' as const), exited])) === 'ready') {
      process.stdout.write(
        [
          '',
          `Document control is ready: open ${siteUrl}/admin/ (the manual itself: ${siteUrl}/)`,
          `  The CMS edits ${shown}, a clone of this repository (branch ${workspace.branch}): ${workspace.sync}.`,
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
