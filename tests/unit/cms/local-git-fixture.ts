import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startLocalGitServer, type LocalGitServer } from '../../../scripts/cms/local-git-server.ts';

/**
 * A CMS workspace in a temporary folder (a Git repository with `main` checked out and a few documents,
 * committed at fixed dates) and the local CMS's Git server on it, committing as the Quality Manager on a
 * clock that ticks one minute per commit.
 */

export const QUALITY_MANAGER = { name: 'Quality Manager', email: 'quality@hospital.example' };
export const IPC_LEAD = { name: 'Infection Control Lead', email: 'ipc@hospital.example' };

export const SOP_004 = 'content/docs/procedures/SOP-004-hand-hygiene.mdx';
export const SOP_005 = 'content/docs/procedures/SOP-005-sharps.mdx';
export const SETTINGS = 'content/settings/organization.yaml';
export const LOGO = 'public/media/logo.png';
/** Not text: a PNG signature and a NUL byte. */
export const LOGO_BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x01, 0x02]);

export const document = (id: string, title: string, body: string) =>
  `---\nid: ${id}\ntitle: ${title}\ntype: procedure\nversion: 1\nstatus: approved\n---\n\n## Purpose\n\n${body}\n\n## Method\n\nFollow the steps.\n`;

export interface Fixture {
  dir: string;
  server: LocalGitServer;
  /** POSTs one action to the server, as Decap's proxy backend does. */
  post(action: string, params?: Record<string, unknown>): Promise<{ status: number; body: any }>;
  git(...args: string[]): string;
  /** Commits files directly on the workspace's checked-out branch, as another person working there would. */
  commitAs(person: { name: string; email: string }, date: string, message: string, files: Record<string, string | Buffer>): string;
  read(path: string): string;
  close(): Promise<void>;
}

export async function workspaceFixture(): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'qms-local-git-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  const commitAs: Fixture['commitAs'] = (person, date, message, files) => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    git('add', '--', ...Object.keys(files));
    execFileSync('git', ['-c', `user.name=${person.name}`, '-c', `user.email=${person.email}`, 'commit', '--quiet', '--no-verify', '-m', message], {
      cwd: dir,
      env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    });
    return git('rev-parse', 'HEAD');
  };
  git('init', '--quiet', '--initial-branch=main');
  commitAs(IPC_LEAD, '2026-11-01T09:00:00Z', 'The manual', {
    [SOP_004]: document('SOP-004', 'Hand hygiene', 'Clean hands stop infections.'),
    [SOP_005]: document('SOP-005', 'Sharps', 'Sharps go in the yellow bin.'),
    [SETTINGS]: 'organization: Riverside General Hospital\n',
    [LOGO]: LOGO_BYTES,
  });

  let minute = 0;
  const clock = () => new Date(Date.UTC(2026, 10, 2, 10, minute++));
  const logged: string[] = [];
  const server = await startLocalGitServer({ workspace: dir, branch: 'main', person: QUALITY_MANAGER, port: 0, clock, log: (line) => logged.push(line) });
  return {
    dir,
    server,
    async post(action, params = {}) {
      const response = await fetch(server.url, { method: 'POST', headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify({ branch: 'main', action, params: { branch: 'main', ...params } }) });
      return { status: response.status, body: await response.json() };
    },
    git,
    commitAs,
    read: (path) => readFileSync(join(dir, path), 'utf8'),
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What Decap's proxy backend sends to save an entry of the editorial workflow. */
export function saveParams(collection: string, slug: string, path: string, raw: string, extra: Record<string, unknown> = {}) {
  const message = `Draft changes to ${collection[0].toUpperCase()}${collection.slice(1)} ${slug}`;
  return {
    dataFiles: [{ path, slug, raw }],
    assets: [],
    options: { newEntry: false, commitMessage: message, collectionName: collection, useWorkflow: true, unpublished: false, status: 'draft' },
    ...extra,
  };
}

/** Whether the workspace is mid-merge, mid-rebase or mid-cherry-pick. */
export function operationUnderWay(dir: string): string[] {
  return ['MERGE_HEAD', 'rebase-merge', 'rebase-apply', 'CHERRY_PICK_HEAD', 'REVERT_HEAD'].filter((marker) => existsSync(join(dir, '.git', marker)));
}
