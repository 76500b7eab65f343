import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { rename, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  main,
  parseTarget,
  releaseBefore,
  releaseName,
  releasesToRemove,
  remoteDeployCommands,
  remoteRollback,
  remoteStateCommand,
  remoteSwitch,
  shellQuote,
  type Io,
  type SwitchOperations,
} from '../../scripts/deploy.ts';
import { buildRecord, parseBuildRecord, readBuildInfo } from '../../src/site/build-info.ts';
import { removeRepos, tempFolder, TestRepo } from './history/helpers.ts';

afterAll(removeRepos);

/** A project at one commit, and a build of it as `npm run build` leaves one: the pages, the index, build.json. */
async function projectWithBuild(): Promise<{ root: string; dist: string; head: string }> {
  const repo = await TestRepo.create();
  const head = await repo.commit({ files: { 'content/a.txt': 'one' }, message: 'One', date: '2026-11-20T10:00:00Z' });
  const dist = join(repo.dir, 'dist');
  writeBuild(dist, 'first build', buildRecord(await readBuildInfo(repo.dir, '2026-11-25')));
  return { root: repo.dir, dist, head };
}

function writeBuild(dist: string, page: string, record: object | null): void {
  mkdirSync(join(dist, 'pagefind'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), `<h1>${page}</h1>`);
  writeFileSync(join(dist, '404.html'), '<h1>Page not found</h1>');
  writeFileSync(join(dist, 'pagefind/pagefind-entry.json'), '{}');
  if (record) writeFileSync(join(dist, 'build.json'), JSON.stringify(record));
}

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the command as `npm run deploy -- …` would, at a fixed time, recording the switch's file operations. */
function deployer(root: string) {
  const operations: string[][] = [];
  const recording: SwitchOperations = {
    symlink: async (target, path) => {
      operations.push(['symlink', target, path]);
      await symlink(target, path);
    },
    rename: async (from, to) => {
      operations.push(['rename', from, to]);
      await rename(from, to);
    },
  };
  const run = async (args: string[], now = '2026-11-25T09:30:00Z'): Promise<Ran> => {
    const out = { stdout: '', stderr: '' };
    const io: Io = {
      stdout: (t) => (out.stdout += t),
      stderr: (t) => (out.stderr += t),
      cwd: root,
      projectRoot: root,
      now: () => new Date(now),
      switchOperations: recording,
    };
    return { code: await main(args, io), ...out };
  };
  return { run, operations };
}

let root: string;
let dist: string;
let head: string;
let to: string;
beforeEach(async () => {
  ({ root, dist, head } = await projectWithBuild());
  to = join(tempFolder('qms-deploy-'), 'srv');
});

const short = () => head.slice(0, 7);
const current = () => readlinkSync(join(to, 'current'));
const served = (file = 'index.html') => readFileSync(join(to, 'current', file), 'utf8');

describe('npm run deploy to a folder', () => {
  it('copies the build into a release named by time and commit, and points current at it', async () => {
    const { run } = deployer(root);
    const result = await run(['--to', to]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const release = `20261125T093000Z-${short()}`;
    expect(current()).toBe(`releases/${release}`);
    expect(served()).toBe('<h1>first build</h1>');
    expect(parseBuildRecord(served('build.json'))).toMatchObject({ commit: head, label: `Built 25 Nov 2026, commit ${short()}` });
    expect(result.stdout).toContain(`now serves releases/${release}: Built 25 Nov 2026, commit ${short()}.`);
    expect(result.stdout).toContain('This is the first release there.');
  });

  it('a second time: switches current in one rename, and keeps the first release to roll back to', async () => {
    const { run, operations } = deployer(root);
    expect((await run(['--to', to])).code).toBe(0);
    const first = current();
    writeBuild(dist, 'second build', JSON.parse(readFileSync(join(dist, 'build.json'), 'utf8')));
    operations.length = 0;

    const second = await run(['--to', to], '2026-11-26T08:00:00Z');
    expect(second.code).toBe(0);
    expect(current()).toBe(`releases/20261126T080000Z-${short()}`);
    expect(served()).toBe('<h1>second build</h1>');
    // The new link is made under another name and renamed over current: current is never missing or half made.
    expect(operations).toHaveLength(2);
    const [[made, target, temporary], [renamed, from, onto]] = operations;
    expect([made, target, renamed, from, onto]).toEqual(['symlink', current(), 'rename', temporary, join(to, 'current')]);
    expect(lstatSync(join(to, 'current')).isSymbolicLink()).toBe(true);
    expect(existsSync(temporary)).toBe(false);
    // The first release is still whole, and named as the one to roll back to.
    expect(readFileSync(join(to, first, 'index.html'), 'utf8')).toBe('<h1>first build</h1>');
    expect(second.stdout).toContain(`The release before it, ${first.slice('releases/'.length)}, is kept: npm run deploy -- --to ${to} --rollback switches back.`);

    operations.length = 0;
    const rollback = await run(['--to', to, '--rollback']);
    expect(rollback.code).toBe(0);
    expect(current()).toBe(first);
    expect(served()).toBe('<h1>first build</h1>');
    expect(operations.map(([op]) => op)).toEqual(['symlink', 'rename']);
    // The release rolled back from is kept to look into, under a name that is no longer a release's.
    const secondRelease = `20261126T080000Z-${short()}`;
    expect(readdirSync(join(to, 'releases')).sort()).toEqual([first.slice('releases/'.length), `${secondRelease}.rolled-back`]);
    expect(rollback.stdout).toContain(`now serves ${first} again. The release it served is kept, as releases/${secondRelease}.rolled-back`);

    // So the next deploy's rollback returns to the first build, not to the one rolled back from.
    expect((await run(['--to', to], '2026-11-27T08:00:00Z')).code).toBe(0);
    expect((await run(['--to', to, '--rollback'])).code).toBe(0);
    expect(current()).toBe(first);
  });

  it('keeps the newest releases, never the current one or the one before it', async () => {
    const { run } = deployer(root);
    for (const day of ['20', '21', '22', '23']) expect((await run(['--to', to, '--keep', '2'], `2026-11-${day}T12:00:00Z`)).code).toBe(0);
    expect(readdirSync(join(to, 'releases')).sort()).toEqual([`20261122T120000Z-${short()}`, `20261123T120000Z-${short()}`]);
    expect(releasesToRemove(['a1', 'a2', 'a3', 'a4'], 'a2', 2)).toEqual([]);
    expect(releasesToRemove(['a1', 'a2', 'a3', 'a4'], 'a4', 2)).toEqual(['a1', 'a2']);
    expect(releaseBefore(['a1', 'a2', 'a3'], 'a3')).toBe('a2');
    expect(releaseBefore(['a1', 'a2', 'a3'], 'a1')).toBeNull();
  });

  it('refuses a build that did not finish, is not of this commit, or names no commit, and copies nothing', async () => {
    const { run } = deployer(root);
    const record = (commit: string | null) => buildRecord({ commit, shortCommit: commit?.slice(0, 7) ?? 'unknown', commitDate: commit && '2026-11-20', builtOn: '2026-11-25' });
    const setRecord = (value: object | string) => writeFileSync(join(dist, 'build.json'), typeof value === 'string' ? value : JSON.stringify(value));
    const cases: [string, () => void, RegExp][] = [
      ['no build.json', () => rmSync(join(dist, 'build.json')), /has no build\.json: it is not a finished build\. Run npm run build \(it runs the checker\)/],
      ['no search index', () => rmSync(join(dist, 'pagefind'), { recursive: true }), /has no pagefind\/pagefind-entry\.json: the build did not finish/],
      ['another commit', () => setRecord(record('a'.repeat(40))), new RegExp(`built from commit aaaaaaa, but this repository is at ${short()}: run npm run build`)],
      ['no commit', () => setRecord(record(null)), /built outside a Git repository \(commit unknown\)/],
      ['not a record', () => setRecord('{"commit": 7}'), /build\.json is not one a build wrote: its commit is neither a full commit hash nor null/],
    ];
    for (const [name, spoil, message] of cases) {
      writeBuild(dist, 'a build', record(head));
      spoil();
      const result = await run(['--to', to]);
      expect(result.code, name).toBe(1);
      expect(result.stderr, name).toMatch(message);
      expect(existsSync(join(to, 'releases')), name).toBe(false);
    }
  });

  it('refuses a rollback with no release before the current one, and a current that is a real folder', async () => {
    const { run } = deployer(root);
    expect((await run(['--to', to])).code).toBe(0);
    const rollback = await run(['--to', to, '--rollback']);
    expect(rollback).toMatchObject({ code: 1 });
    expect(rollback.stderr).toContain('there is none before it to switch back to');

    const other = join(tempFolder('qms-deploy-'), 'srv');
    mkdirSync(join(other, 'current'), { recursive: true });
    const result = await run(['--to', other]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${join(other, 'current')} is a folder or file, not a link: move it away`);
  });

  it('answers a usage error with 2', async () => {
    const { run } = deployer(root);
    expect((await run([])).stderr).toContain('name where to deploy with --to');
    expect((await run(['--to', to, '--keep', '1'])).code).toBe(2);
    expect((await run(['--to', to, '--rollback', '--from', 'dist'])).code).toBe(2);
    expect((await run(['--to=-oProxyCommand=x:/srv'])).stderr).toContain('is not a server name');
    expect((await run(['--to', join(dist, 'inside')])).stderr).toContain('is inside the build');
  });
});

describe('npm run deploy to a server (rsync and ssh)', () => {
  it('reads user@host:path as a server, and a path as a folder here', () => {
    expect(parseTarget('deploy@intranet1:/srv/qms-manual', '/home/it')).toEqual({ kind: 'remote', host: 'deploy@intranet1', path: '/srv/qms-manual' });
    expect(parseTarget('intranet1.hospital.example:qms', '/home/it')).toEqual({ kind: 'remote', host: 'intranet1.hospital.example', path: 'qms' });
    expect(parseTarget('intranet1:', '/home/it')).toEqual({ kind: 'remote', host: 'intranet1', path: '.' });
    expect(parseTarget('/srv/qms-manual', '/home/it')).toEqual({ kind: 'local', dir: '/srv/qms-manual' });
    expect(parseTarget('out', '/home/it')).toEqual({ kind: 'local', dir: '/home/it/out' });
    expect(parseTarget('./a:b', '/home/it')).toEqual({ kind: 'local', dir: '/home/it/a:b' });
    expect(parseTarget('srv/a:b', '/home/it')).toEqual({ kind: 'local', dir: '/home/it/srv/a:b' });
    expect(parseTarget('intranet1:~/qms', '/home/it')).toMatchObject({ problem: expect.stringContaining('without ~') });
    expect(parseTarget('a b:/srv', '/home/it')).toMatchObject({ problem: expect.stringContaining('is not a server name') });
  });

  it('copies into a new release beside the current one (unchanged files linked to it), then switches with a rename', () => {
    const release = releaseName(new Date('2026-11-25T09:30:00Z'), '1a2b3c4');
    expect(release).toBe('20261125T093000Z-1a2b3c4');
    expect(remoteStateCommand({ host: 'deploy@intranet1', path: '/srv/qms manual' })).toEqual([
      'ssh',
      'deploy@intranet1',
      "mkdir -p '/srv/qms manual'/releases && cd '/srv/qms manual' && { readlink current || echo; } && ls -1 releases",
    ]);
    expect(remoteDeployCommands({ host: 'deploy@intranet1', path: '/srv/qms-manual/' }, '/work/dist/', release, '20261120T080000Z-0f0f0f0')).toEqual([
      ['rsync', '--archive', '--delete', '--checksum', '--link-dest=../20261120T080000Z-0f0f0f0', '/work/dist/', 'deploy@intranet1:/srv/qms-manual/releases/.incoming-20261125T093000Z-1a2b3c4/'],
      ['ssh', 'deploy@intranet1', 'cd /srv/qms-manual/releases && mv -T .incoming-20261125T093000Z-1a2b3c4 20261125T093000Z-1a2b3c4'],
      ['ssh', 'deploy@intranet1', 'cd /srv/qms-manual/ && ln -sfn releases/20261125T093000Z-1a2b3c4 .current.new && mv -T .current.new current'],
    ]);
    expect(remoteDeployCommands({ host: 'web', path: 'qms' }, 'dist', release, null)[0]).toEqual(['rsync', '--archive', '--delete', '--checksum', 'dist/', 'web:qms/releases/.incoming-20261125T093000Z-1a2b3c4/']);
    expect(remoteSwitch("/srv/it's", 'r1')).toBe("cd '/srv/it'\\''s' && ln -sfn releases/r1 .current.new && mv -T .current.new current");
    expect(shellQuote('/srv/qms-manual')).toBe('/srv/qms-manual');
  });

  it('runs those commands in order through the runner, and rolls back over ssh', async () => {
    const commands: string[][] = [];
    let link = '';
    const names: string[] = [];
    const fake = async (command: string[]) => {
      commands.push(command);
      if (command[2]?.startsWith('mkdir -p')) return `${link}\n${names.join('\n')}\n`;
      return '';
    };
    const io = (now: string): Io => ({ stdout: () => {}, stderr: () => {}, cwd: root, projectRoot: root, now: () => new Date(now), run: fake });
    expect(await main(['--to', 'deploy@intranet1:/srv/qms-manual'], io('2026-11-25T09:30:00Z'))).toBe(0);
    expect(commands.map((c) => c[0])).toEqual(['ssh', 'rsync', 'ssh', 'ssh']);
    expect(commands[1]).toContain(`${dist}/`);
    expect(commands[1].some((a) => a.startsWith('--link-dest'))).toBe(false);

    commands.length = 0;
    names.push(`20261125T093000Z-${short()}`, `20261126T093000Z-${short()}`);
    link = `releases/20261126T093000Z-${short()}`;
    expect(await main(['--to', 'deploy@intranet1:/srv/qms-manual', '--rollback'], io('2026-11-27T09:30:00Z'))).toBe(0);
    expect(commands.at(-1)).toEqual(['ssh', 'deploy@intranet1', remoteRollback('/srv/qms-manual', `20261126T093000Z-${short()}`, `20261125T093000Z-${short()}`)]);
    expect(remoteRollback('/srv/qms-manual', 'r2', 'r1')).toBe('cd /srv/qms-manual && ln -sfn releases/r1 .current.new && mv -T .current.new current && mv -T releases/r2 releases/r2.rolled-back');
  });
});
