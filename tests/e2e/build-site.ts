import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

/** The as-of date of the test build: the sample manual's flags (overdue, due soon…) are fixed to it. */
export const TEST_AS_OF = '2026-11-25';

declare module 'vitest' {
  export interface ProvidedContext {
    siteDir: string;
    asOf: string;
  }
}

/**
 * Builds the sample manual once for all site tests, exactly as `npm run build` does (Pagefind
 * included), into a temporary folder so a developer's own dist/ is left alone.
 */
export default async function buildSite(project: TestProject) {
  const outDir = await mkdtemp(join(tmpdir(), 'qms-site-'));
  await promisify(execFile)(join(process.cwd(), 'node_modules/.bin/astro'), ['build', '--outDir', outDir], {
    cwd: process.cwd(),
    env: { ...process.env, QMS_AS_OF: TEST_AS_OF, ASTRO_TELEMETRY_DISABLED: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  project.provide('siteDir', outDir);
  project.provide('asOf', TEST_AS_OF);
  return async () => {
    await rm(outDir, { recursive: true, force: true });
  };
}
