import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { cleanClone, runJob } from '../ci-clone.ts';

/**
 * The publish job of the CI templates, run in a clean clone. Its build step is `npm run build`, the
 * `astro build` that this project's global setup has already run on the same commit; that build stands in
 * for the step, so the sample is built once for every test, and the job's deploy step then runs as
 * written, into a folder here. tests/unit/ci-templates.test.ts pins both commands, and that every
 * template's publish job has them.
 */

const siteDir = inject('siteDir');
const temp = mkdtempSync(join(tmpdir(), 'qms-ci-publish-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('the publish job of the CI templates', () => {
  it('deploys the build to the target the job is given in DEPLOY_TARGET, as a release of the commit built', () => {
    const { jobs } = parseYaml(readFileSync('.github/workflows/manual.yml', 'utf8')) as { jobs: { publish: { steps: { run?: string }[] } } };
    const commands = jobs.publish.steps.flatMap((step) => (step.run === undefined ? [] : [step.run.trim()]));
    expect(commands).toEqual(['npm ci', 'npm run build', 'npm run deploy -- --to "$DEPLOY_TARGET"']);

    const dir = cleanClone(temp, 'publish');
    cpSync(siteDir, join(dir, 'dist'), { recursive: true });
    const target = join(temp, 'intranet', 'qms-manual');
    const { status, output } = runJob(dir, commands.filter((command) => command !== 'npm run build'), { DEPLOY_TARGET: target });
    expect(status, output).toBe(0);

    expect(readFileSync(join(target, 'current/index.html'), 'utf8')).toContain('<html');
    const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).stdout.trim();
    expect(JSON.parse(readFileSync(join(target, 'current/build.json'), 'utf8')).commit).toBe(head);
  }, 120_000);
});
