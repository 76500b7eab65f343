import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { astroBuild, copyProject } from './temp-project.ts';

// A manual copied out of Git (a download, an export): it must build, say why history is missing, and
// refuse only when strictness is asked for.
let project: string;
let normal: { code: number | null; output: string };
let strict: { code: number | null; output: string };
let page: string;

beforeAll(async () => {
  project = copyProject('qms-no-history-').dir;
  normal = await astroBuild(project);
  // Read before the strict build, which starts by emptying dist/.
  page = readFileSync(join(project, 'dist/docs/SOP-004/index.html'), 'utf8');
  strict = await astroBuild(project, { QMS_STRICT: '1' });
}, 240_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('building a manual that is not in a Git repository', () => {
  it('succeeds with a clear warning', () => {
    expect(normal.code, normal.output).toBe(0);
    expect(normal.output).toMatch(/Revision history is unavailable: there is no Git repository at .* \(no \.git folder\)/);
  });

  it('says on every document page that history is unavailable, and why', () => {
    const html = page;
    expect(html).toContain('data-history="unavailable"');
    expect(html).toMatch(/Revision history is unavailable in this copy of the manual: there is no Git repository at .* \(no \.git folder\)/);
    expect(html).toContain('needs the revision history, which is unavailable in this copy');
  });

  it('fails with QMS_STRICT=1, the checker making the missing history an error', () => {
    expect(strict.code).not.toBe(0);
    expect(strict.output).toMatch(/content\/docs:1:1 {2}error {4}QMS026 {2}revision history is unavailable/);
    expect(strict.output).toContain('The manual was not built: npm run check shows the same report.');
  });
});
