import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IdentityError, personRunningCms } from '../../../scripts/cms/identity.ts';

/* Every commit of the local CMS names the person running it: the developer repository's Git identity. */

const folders: string[] = [];
const saved = { HOME: process.env.HOME, GIT_CONFIG_NOSYSTEM: process.env.GIT_CONFIG_NOSYSTEM, GIT_CONFIG_GLOBAL: process.env.GIT_CONFIG_GLOBAL };
let repo: string;
// As on a fresh machine: no global or system Git identity.
beforeEach(() => {
  process.env.HOME = mkdtempSync(join(tmpdir(), 'qms-cms-home-'));
  delete process.env.GIT_CONFIG_GLOBAL;
  process.env.GIT_CONFIG_NOSYSTEM = '1';
  repo = mkdtempSync(join(tmpdir(), 'qms-cms-person-'));
  folders.push(process.env.HOME, repo);
  git(repo, 'init', '--quiet');
});
afterEach(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
const answers = (...replies: string[]) => {
  const questions: string[] = [];
  return { questions, ask: async (question: string) => (questions.push(question), replies.shift() ?? '') };
};

describe('the person running the CMS', () => {
  it("is the repository's own Git identity before the global one", async () => {
    git(process.env.HOME!, 'config', '--global', 'user.name', 'Global Name');
    git(process.env.HOME!, 'config', '--global', 'user.email', 'global@example.org');
    expect(await personRunningCms(repo)).toEqual({ name: 'Global Name', email: 'global@example.org' });
    git(repo, 'config', 'user.name', 'Quality Manager');
    git(repo, 'config', 'user.email', 'quality@hospital.example');
    expect(await personRunningCms(repo)).toEqual({ name: 'Quality Manager', email: 'quality@hospital.example' });
  });

  it('is asked for once on a terminal and kept in the repository', async () => {
    const terminal = answers('Quality Manager', 'not an address', 'quality@hospital.example');
    expect(await personRunningCms(repo, terminal.ask)).toEqual({ name: 'Quality Manager', email: 'quality@hospital.example' });
    expect(terminal.questions).toHaveLength(3);
    expect([git(repo, 'config', '--local', 'user.name'), git(repo, 'config', '--local', 'user.email')]).toEqual(['Quality Manager', 'quality@hospital.example']);
    expect(await personRunningCms(repo, answers().ask)).toEqual({ name: 'Quality Manager', email: 'quality@hospital.example' });
  });

  it('stops without a terminal, saying how to set it', async () => {
    git(repo, 'config', 'user.name', 'Quality Manager');
    const stopped = personRunningCms(repo);
    await expect(stopped).rejects.toThrow(IdentityError);
    await expect(personRunningCms(repo)).rejects.toThrow(/no email for you[\s\S]*git -C .* config user\.email "you@hospital\.example"/);
  });
});
