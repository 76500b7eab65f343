import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_AS_OF } from './build-site.ts';

const REPO = process.cwd();

/**
 * A copy of this project with its own content/, in a temporary folder outside any Git repository:
 * settings, catalogues and documents as in the repository. src/ is copied, not
 * linked: Vite resolves a linked src/ to this repository and the build breaks for that reason alone.
 * node_modules/ is linked entry by entry so the Astro and Vite caches inside it stay the copy's own.
 */
export function copyProject(prefix: string): { dir: string; docs: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const entry of ['src', 'public', 'astro.config.mjs', 'package.json', 'tsconfig.json']) {
    cpSync(join(REPO, entry), join(dir, entry), { recursive: true });
  }
  mkdirSync(join(dir, 'node_modules'));
  for (const entry of readdirSync(join(REPO, 'node_modules'))) {
    if (entry === '.astro' || entry === '.vite' || entry === '.cache') continue;
    symlinkSync(join(REPO, 'node_modules', entry), join(dir, 'node_modules', entry));
  }
  cpSync(join(REPO, 'content/settings'), join(dir, 'content/settings'), { recursive: true });
  cpSync(join(REPO, 'content/standards'), join(dir, 'content/standards'), { recursive: true });
  // The whole sample manual: the build runs the whole checker, and a manual of two documents that
  // refer to others would fail it for that alone.
  cpSync(join(REPO, 'content/docs'), join(dir, 'content/docs'), { recursive: true });
  return { dir, docs: join(dir, 'content/docs/procedures') };
}

/**
 * The environment of a build of a copy: the pinned Node first on PATH (Astro 7 refuses Node 20), and the
 * sample's statuses fixed to the test build's date, so the copy builds the same on any later day (its
 * reviews would otherwise fall overdue and its clauses uncovered as the calendar moves on).
 */
export function buildEnv(extraEnv: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', QMS_AS_OF: TEST_AS_OF, PATH: `${join(REPO, 'node_modules/.bin')}:${process.env.PATH ?? ''}`, ...extraEnv };
  delete env.QMS_ROOT;
  return env;
}

/** Runs `astro build` in the copy, with the pinned Node first on PATH (Astro 7 refuses Node 20). */
export function astroBuild(dir: string, extraEnv: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const env = buildEnv(extraEnv);
  if (!('QMS_STRICT' in extraEnv)) delete env.QMS_STRICT;
  return new Promise((resolve) => {
    execFile(join(REPO, 'node_modules/.bin/astro'), ['build'], { cwd: dir, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: `${stdout}\n${stderr}` });
    });
  });
}
