/**
 * `npm run deploy -- --to <folder | [user@]host:path>`: copies a finished build (dist/) to the web server as a
 * release of its own and switches the site to it in one rename, keeping the releases before it for rollback.
 *
 *   <to>/releases/20261125T093000Z-1a2b3c4/   one folder per deploy: the build as it was built
 *   <to>/current -> releases/20261125T093000Z-1a2b3c4   what the web server serves (root <to>/current)
 *
 * Only a build `npm run build` finished is copied: that build ran the whole checker and stops on any error, and
 * it writes build.json (src/pages/build.json.ts); the build must be of the commit checked out here, so what is
 * deployed is what was checked. The switch is a new link under a temporary name renamed over `current`: a
 * reader gets the old build or the new one, never a mixture or nothing. `--rollback` switches back to the
 * release before the current one, and renames the one it leaves `<name>.rolled-back`: kept to look into, it
 * is no longer a release, so a later rollback never returns to it. Exit status: 0 done, 1 refused or failed,
 * 2 usage error.
 */
import { execFile } from 'node:child_process';
import { cp, lstat, mkdir, readdir, readFile, readlink, rename, rm, stat, symlink } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { today } from '../src/qms/base/dates.ts';
import { BUILD_RECORD_FILE, parseBuildRecord, readBuildInfo, type BuildRecord } from '../src/site/build-info.ts';
import { processIo, readArguments, usageError, type CommandIo } from './cli.ts';

export const DEFAULT_KEEP = 5;
/** The link the web server's root names, and the folder of releases beside it. */
export const CURRENT = 'current';
export const RELEASES = 'releases';
/** What a release that was rolled back from is renamed to. */
export const ROLLED_BACK = '.rolled-back';

const USAGE = `Usage: npm run deploy -- --to TARGET [options]

  Copies the build in dist/ to TARGET as a new release and switches the site to it in one step; the
  releases before it are kept, so --rollback can switch back. Run npm run build first: only a build that
  passed the checker and is of the commit checked out here is copied.

  --to TARGET    a folder on this machine, such as /srv/qms-manual, or one on a server reached with
                 rsync and ssh, such as deploy@intranet1:/srv/qms-manual; the web server serves
                 TARGET/current (scripts/serve/qms-manual.nginx.conf)
  --from DIR     the build to copy (default: dist)
  --rollback     switch TARGET/current back to the release before it; copies nothing
  --keep N       releases to keep, the current one included (default ${DEFAULT_KEEP}); older ones are removed
  --help         show this help
`;

// ---------------------------------------------------------------------------------------------------------
// Pure parts: the target, release names, which releases go, the commands for a server

export type Target = { kind: 'local'; dir: string } | { kind: 'remote'; host: string; path: string };

/**
 * rsync's own rule: `host:path` or `user@host:path` is on another machine when a colon comes before any
 * slash; a local path with a colon in its name is written ./name or with its full path. A path on a server
 * is absolute or relative to the home folder there (`~` is not expanded).
 */
export function parseTarget(text: string, cwd: string): Target | { problem: string } {
  const remote = /^([^/:]*):(.*)$/.exec(text);
  if (!remote) return { kind: 'local', dir: resolve(cwd, text) };
  const [, host, path] = remote;
  if (!/^([\w.-]+@)?[\w.-]+$/.test(host) || host.startsWith('-')) return { problem: `"${host}" is not a server name (write user@host:path, or ./${text} for a folder here)` };
  if (path.startsWith('~')) return { problem: `write the path on ${host} in full or relative to the home folder there, without ~` };
  return { kind: 'remote', host, path: path === '' ? '.' : path };
}

/** `20261125T093000Z-1a2b3c4`: names sort in the order of deploys, and say what each one holds. */
export function releaseName(now: Date, shortCommit: string): string {
  return `${now.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z-${shortCommit}`;
}

const RELEASE_NAME = /^\d{8}T\d{6}Z-[0-9a-z]+$/;

/** The release folders among `names`, oldest first: a copy half made or a release rolled back is not one. */
export function releasesIn(names: string[]): string[] {
  return names.filter((name) => RELEASE_NAME.test(name)).sort();
}

/** The release `current` names, from its link text (`releases/<name>`), or null. */
export function releaseOfLink(link: string | null): string | null {
  const name = link?.replace(/\/+$/, '').split('/').pop();
  return name && RELEASE_NAME.test(name) ? name : null;
}

/** What --rollback switches to: the newest release older than the current one. */
export function releaseBefore(releases: string[], current: string | null): string | null {
  const older = releases.filter((name) => current !== null && name < current);
  return older.at(-1) ?? null;
}

/** The releases to remove: all but the newest `keep`, never the current one or the one before it. */
export function releasesToRemove(releases: string[], current: string | null, keep: number): string[] {
  const spared = new Set([current, releaseBefore(releases, current)]);
  return releases.slice(0, Math.max(0, releases.length - keep)).filter((name) => !spared.has(name));
}

/** A word for a POSIX shell, as the server's ssh runs one. */
export function shellQuote(word: string): string {
  return /^[\w./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The server-side switch: a link under a temporary name, renamed over `current` (GNU mv -T: rename(2)). */
export function remoteSwitch(path: string, release: string): string {
  const dir = shellQuote(path);
  return `cd ${dir} && ln -sfn ${RELEASES}/${release} .${CURRENT}.new && mv -T .${CURRENT}.new ${CURRENT}`;
}

/** The server-side rollback: the switch, then the release left renamed out of the releases. */
export function remoteRollback(path: string, from: string, to: string): string {
  return `${remoteSwitch(path, to)} && mv -T ${RELEASES}/${from} ${RELEASES}/${from}${ROLLED_BACK}`;
}

/** The commands that put a build on a server: each is [program, ...arguments], run without a local shell. */
export function remoteDeployCommands(target: { host: string; path: string }, from: string, release: string, linkDest: string | null): string[][] {
  const releases = `${target.path.replace(/\/+$/, '')}/${RELEASES}`;
  const incoming = `.incoming-${release}`;
  return [
    // --checksum: every build writes every file anew, so only the content says a file is unchanged.
    ['rsync', '--archive', '--delete', '--checksum', ...(linkDest ? [`--link-dest=../${linkDest}`] : []), `${from.replace(/\/+$/, '')}/`, `${target.host}:${releases}/${incoming}/`],
    ['ssh', target.host, `cd ${shellQuote(releases)} && mv -T ${incoming} ${release}`],
    ['ssh', target.host, remoteSwitch(target.path, release)],
  ];
}

/** The command that lists a server's releases and where its `current` points (first line, maybe empty). */
export function remoteStateCommand(target: { host: string; path: string }): string[] {
  const dir = shellQuote(target.path);
  return ['ssh', target.host, `mkdir -p ${dir}/${RELEASES} && cd ${dir} && { readlink ${CURRENT} || echo; } && ls -1 ${RELEASES}`];
}

// ---------------------------------------------------------------------------------------------------------
// The build: finished, checked, and of this commit

export class DeployError extends Error {}

/**
 * The build's record, once it is shown to be a whole build of `head`: build.json as the build wrote it, the
 * pages and the search index beside it. Without a commit a build cannot be traced to what was approved.
 */
export async function verifiedBuild(from: string, head: string | null): Promise<BuildRecord> {
  const text = await readFile(join(from, BUILD_RECORD_FILE), 'utf8').catch(() => null);
  if (text === null) throw new DeployError(`${from} has no ${BUILD_RECORD_FILE}: it is not a finished build. Run npm run build (it runs the checker) and deploy again.`);
  const record = parseBuildRecord(text);
  if ('problem' in record) throw new DeployError(`${join(from, BUILD_RECORD_FILE)} is not one a build wrote: ${record.problem}.`);
  for (const file of ['index.html', '404.html', 'pagefind/pagefind-entry.json']) {
    if (!(await stat(join(from, file)).catch(() => null))?.isFile()) throw new DeployError(`${from} has no ${file}: the build did not finish. Run npm run build and deploy again.`);
  }
  if (record.commit === null) throw new DeployError(`${from} was built outside a Git repository (commit unknown): a deployed build must name the commit it was built from.`);
  if (record.commit !== head) {
    throw new DeployError(`${from} was built from commit ${record.shortCommit}, but this repository is at ${head?.slice(0, 7) ?? 'no commit'}: run npm run build, so that what is deployed is what was checked.`);
  }
  return record;
}

// ---------------------------------------------------------------------------------------------------------
// A folder on this machine

/** The file operations of the switch, so that a test can see it is one rename. */
export interface SwitchOperations {
  symlink: (target: string, path: string) => Promise<void>;
  rename: (from: string, to: string) => Promise<void>;
}

const realSwitch: SwitchOperations = { symlink: (target, path) => symlink(target, path), rename };

/** Points `<dir>/current` at the release: a new link under a temporary name, renamed over the old one. */
export async function switchCurrent(dir: string, release: string, ops: SwitchOperations = realSwitch): Promise<void> {
  const link = join(dir, CURRENT);
  const existing = await lstat(link).catch(() => null);
  if (existing && !existing.isSymbolicLink()) throw new DeployError(`${link} is a folder or file, not a link: move it away, then deploy again.`);
  const temporary = join(dir, `.${CURRENT}.${process.pid}.new`);
  await rm(temporary, { force: true });
  await ops.symlink(`${RELEASES}/${release}`, temporary);
  await ops.rename(temporary, link);
}

async function localState(dir: string): Promise<{ releases: string[]; current: string | null }> {
  const releases = releasesIn(await readdir(join(dir, RELEASES)).catch(() => []));
  const current = releaseOfLink(await readlink(join(dir, CURRENT)).catch(() => null));
  return { releases, current };
}

export interface LocalDeploy {
  release: string;
  previous: string | null;
  removed: string[];
}

export async function deployLocal(from: string, dir: string, record: BuildRecord, now: Date, keep: number, ops?: SwitchOperations): Promise<LocalDeploy> {
  const { releases, current } = await localState(dir);
  const release = releaseName(now, record.shortCommit);
  const newest = releases.at(-1);
  if (newest !== undefined && release <= newest) {
    throw new DeployError(`release ${release} would not be the newest (${newest} is): deploy again in a moment, or check this machine's clock.`);
  }
  await mkdir(join(dir, RELEASES), { recursive: true });
  // Copied under a name that is not a release's, then renamed: a release folder is always whole.
  const incoming = join(dir, RELEASES, `.incoming-${release}`);
  await rm(incoming, { recursive: true, force: true });
  await cp(from, incoming, { recursive: true });
  await rename(incoming, join(dir, RELEASES, release));
  await switchCurrent(dir, release, ops);
  const removed = releasesToRemove([...releases, release], release, keep);
  for (const name of removed) await rm(join(dir, RELEASES, name), { recursive: true, force: true });
  return { release, previous: current, removed };
}

export async function rollbackLocal(dir: string, ops?: SwitchOperations): Promise<{ from: string; to: string }> {
  const { releases, current } = await localState(dir);
  if (current === null) throw new DeployError(`${join(dir, CURRENT)} does not name a release: there is nothing to roll back.`);
  const before = releaseBefore(releases, current);
  if (before === null) throw new DeployError(`${current} is the oldest release in ${join(dir, RELEASES)}: there is none before it to switch back to.`);
  await switchCurrent(dir, before, ops);
  await rename(join(dir, RELEASES, current), join(dir, RELEASES, `${current}${ROLLED_BACK}`));
  return { from: current, to: before };
}

// ---------------------------------------------------------------------------------------------------------
// A server, through rsync and ssh

export type Run = (command: string[]) => Promise<string>;

const runCommand: Run = async ([program, ...args]) => {
  try {
    const { stdout } = await promisify(execFile)(program, args, { maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT') throw new DeployError(`${program} is not installed on this machine (apt-get install ${program === 'ssh' ? 'openssh-client' : program}).`);
    throw new DeployError(`${[program, ...args].join(' ')} failed: ${failure.stderr?.trim() || failure.message}`);
  }
};

async function remoteState(target: { host: string; path: string }, run: Run): Promise<{ releases: string[]; current: string | null }> {
  const [link = '', ...names] = (await run(remoteStateCommand(target))).split('\n');
  return { releases: releasesIn(names.map((n) => n.trim())), current: releaseOfLink(link.trim() || null) };
}

async function deployRemote(from: string, target: { host: string; path: string }, record: BuildRecord, now: Date, keep: number, run: Run): Promise<LocalDeploy> {
  const { releases, current } = await remoteState(target, run);
  const release = releaseName(now, record.shortCommit);
  const newest = releases.at(-1);
  if (newest !== undefined && release <= newest) throw new DeployError(`release ${release} would not be the newest on ${target.host} (${newest} is).`);
  // Files unchanged since the current release are hard links to it (rsync --link-dest): a deploy copies what changed.
  for (const command of remoteDeployCommands(target, from, release, current)) await run(command);
  const removed = releasesToRemove([...releases, release], release, keep);
  if (removed.length > 0) await run(['ssh', target.host, `cd ${shellQuote(`${target.path}/${RELEASES}`)} && rm -rf -- ${removed.join(' ')}`]);
  return { release, previous: current, removed };
}

async function rollbackRemote(target: { host: string; path: string }, run: Run): Promise<{ from: string; to: string }> {
  const { releases, current } = await remoteState(target, run);
  const before = releaseBefore(releases, current);
  if (current === null || before === null) throw new DeployError(`${target.host}:${target.path} has no release before ${current ?? 'its current one'} to switch back to.`);
  await run(['ssh', target.host, remoteRollback(target.path, current, before)]);
  return { from: current, to: before };
}

// ---------------------------------------------------------------------------------------------------------
// The command

export interface Io extends CommandIo {
  now: () => Date;
  run?: Run;
  switchOperations?: SwitchOperations;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const usage = (message: string) => usageError(io, 'qms-deploy', USAGE, message);
  const args = readArguments(
    {
      args: argv,
      options: { to: { type: 'string' }, from: { type: 'string' }, rollback: { type: 'boolean', default: false }, keep: { type: 'string' }, help: { type: 'boolean', default: false } },
      strict: true,
    },
    io,
    'qms-deploy',
    USAGE,
  );
  if (typeof args === 'number') return args;
  const { values } = args;
  if (values.to === undefined || values.to === '') return usage('name where to deploy with --to, such as --to /srv/qms-manual');
  const keep = values.keep === undefined ? DEFAULT_KEEP : Number(values.keep);
  if (!Number.isInteger(keep) || keep < 2) return usage(`--keep must be a whole number of at least 2 (the current release and the one before it), found "${values.keep}"`);
  if (values.rollback && values.from !== undefined) return usage('--rollback copies nothing: leave out --from');
  const target = parseTarget(values.to, io.cwd);
  if ('problem' in target) return usage(`--to ${values.to}: ${target.problem}`);
  const run = io.run ?? runCommand;
  const where = target.kind === 'local' ? target.dir : `${target.host}:${target.path}`;

  try {
    if (values.rollback) {
      const done = target.kind === 'local' ? await rollbackLocal(target.dir, io.switchOperations) : await rollbackRemote(target, run);
      io.stdout(`qms-deploy: ${where}/${CURRENT} now serves ${RELEASES}/${done.to} again. The release it served is kept, as ${RELEASES}/${done.from}${ROLLED_BACK}, to look into: delete it when done.\n`);
      return 0;
    }
    const from = values.from === undefined ? join(io.projectRoot, 'dist') : resolve(io.cwd, values.from);
    if (target.kind === 'local' && isInside(target.dir, from)) return usage(`--to ${target.dir} is inside the build ${from}`);
    const head = (await readBuildInfo(io.projectRoot, today())).commit;
    const record = await verifiedBuild(from, head);
    const done =
      target.kind === 'local'
        ? await deployLocal(from, target.dir, record, io.now(), keep, io.switchOperations)
        : await deployRemote(from, target, record, io.now(), keep, run);
    io.stdout(
      [
        `qms-deploy: ${where}/${CURRENT} now serves ${RELEASES}/${done.release}: ${record.label}.`,
        done.previous ? `  The release before it, ${done.previous}, is kept: npm run deploy -- --to ${values.to} --rollback switches back.` : '  This is the first release there.',
        ...(done.removed.length > 0 ? [`  Removed older releases: ${done.removed.join(', ')}.`] : []),
        '',
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    if (!(error instanceof DeployError)) throw error;
    io.stderr(`qms-deploy: ${error.message}\n`);
    return 1;
  }
}

function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2), {
    ...processIo(),
    now: () => new Date(),
  });
}
