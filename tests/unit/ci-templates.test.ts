import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { cleanClone as clone, runJob as runCommands } from '../ci-clone.ts';
import { AS_OF } from './check/helpers.ts';

/**
 * The CI templates shipped for GitHub Actions, GitLab CI/CD and Gitea/Forgejo Actions: linted against
 * each host's schema, and each pull request job's commands run in a clean clone of this repository, as
 * the host would run them. The publish job's build is `npm run build`, which the e2e project's build
 * (tests/e2e/build-site.ts) already runs on every `npm test`; here its commands are pinned down, and
 * tests/e2e/ci-publish.test.ts runs its deploy step on that build.
 */

const REPO = process.cwd();
const TIMEOUT = { timeout: 120_000 };
const temp = mkdtempSync(join(tmpdir(), 'qms-ci-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const ACTIONS = { github: '.github/workflows/manual.yml', gitea: '.gitea/workflows/manual.yml', forgejo: '.forgejo/workflows/manual.yml' } as const;
const GITLAB = '.gitlab-ci.yml';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  'continue-on-error'?: boolean;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { if: string; 'runs-on': string; steps: Step[] }>;
}
interface GitlabJob {
  rules: { if: string }[];
  script: string[];
  artifacts?: { when: string; reports: Record<string, string> };
}

const read = (file: string) => readFileSync(join(REPO, file), 'utf8');
const workflow = (file: string) => parseYaml(read(file)) as Workflow;
const gitlab = parseYaml(read(GITLAB)) as Record<string, unknown> & { check: GitlabJob; publish: GitlabJob; variables: Record<string, unknown>; default: { image: string } };

/** The shell commands of a job, in order; the actions it uses are checked for what they are given. */
const commandsOf = (steps: Step[]) => steps.filter((step) => step.run !== undefined).map((step) => step.run!.trim());

/** A job's commands run in a clean clone, with the sample's statuses fixed to the tests' date, so the manual checks the same on any later day. */
const runJob = (dir: string, commands: readonly string[]) => runCommands(dir, commands, { QMS_AS_OF: AS_OF });
const cleanClone = (name: string) => clone(temp, name);

/** The sample manual's findings as of the tests' date: one overdue review and one due soon, nothing that stops publishing. */
const SAMPLE_FINDINGS = [
  { code: 'QMS017', file: 'content/docs/work-instructions/WI-004-daily-defibrillator-check.mdx', line: 12 },
  { code: 'QMS018', file: 'content/docs/work-instructions/WI-005-segregating-clinical-waste-on-wards.mdx', line: 12 },
];

describe('the templates are valid for their host', () => {
  it("GitHub's, Gitea's and Forgejo's workflows pass the GitHub Actions workflow schema, which rejects a misspelt key", () => {
    for (const file of Object.values(ACTIONS)) expect(validateWorkflow(read(file)).errors, file).toEqual([]);
    const misspelt = validateWorkflow(read(ACTIONS.github).replace('runs-on: ubuntu-latest', 'run-on: ubuntu-latest'));
    expect(JSON.stringify(misspelt.errors)).toContain("Additional property 'run-on' is not allowed");
  });

  it('Gitea and Forgejo, which read different folders, get the same workflow', () => {
    expect(read(ACTIONS.forgejo)).toBe(read(ACTIONS.gitea));
  });

  it("GitLab's passes GitLab's own CI schema, and its rules start the check on merge requests and the publishing on the default branch and on schedules", TIMEOUT, () => {
    const dir = cleanClone('gitlab-lint');
    const jobs = (variables: Record<string, string>) => {
      const args = Object.entries(variables).flatMap(([key, value]) => ['--variable', `${key}=${value}`]);
      const child = spawnSync(join(REPO, 'node_modules/.bin/node'), [join(REPO, 'node_modules/gitlab-ci-local/dist/index.js'), '--list-json', '--ignore-predefined-vars', Object.keys(variables).join(','), ...args], { cwd: dir, encoding: 'utf8' });
      expect(child.stderr, child.stdout).toContain('json schema validated');
      expect(child.status, child.stdout).toBe(0);
      const listed = JSON.parse(child.stdout.slice(child.stdout.indexOf('['))) as { name: string; when: string }[];
      return Object.fromEntries(listed.map((job) => [job.name, job.when]));
    };
    expect(jobs({ CI_PIPELINE_SOURCE: 'merge_request_event' })).toEqual({ check: 'on_success', publish: 'never' });
    expect(jobs({ CI_PIPELINE_SOURCE: 'push', CI_COMMIT_BRANCH: 'main', CI_DEFAULT_BRANCH: 'main' })).toEqual({ check: 'never', publish: 'on_success' });
    expect(jobs({ CI_PIPELINE_SOURCE: 'push', CI_COMMIT_BRANCH: 'cms/procedures/sop-031', CI_DEFAULT_BRANCH: 'main' })).toEqual({ check: 'never', publish: 'never' });
    expect(jobs({ CI_PIPELINE_SOURCE: 'schedule', CI_COMMIT_BRANCH: 'main', CI_DEFAULT_BRANCH: 'main' })).toEqual({ check: 'never', publish: 'on_success' });

    writeFileSync(join(dir, GITLAB), read(GITLAB).replace('resource_group:', 'resource_groupe:'));
    const broken = spawnSync(join(REPO, 'node_modules/.bin/node'), [join(REPO, 'node_modules/gitlab-ci-local/dist/index.js'), '--list-json'], { cwd: dir, encoding: 'utf8' });
    expect(`${broken.stdout}${broken.stderr}`).toContain("'resource_groupe' property is not expected to be here");
  });
});

describe('when they run', () => {
  it.each(Object.entries(ACTIONS))('%s: the check on every pull request, the build and deploy on every push to main and every night', (_host, file) => {
    const { on, jobs } = workflow(file);
    expect(Object.keys(on)).toEqual(expect.arrayContaining(['pull_request', 'push', 'schedule']));
    expect(on.push).toEqual({ branches: ['main'] });
    const [{ cron }] = on.schedule as { cron: string }[];
    expect(cron).toMatch(/^\d{1,2} \d{1,2} \* \* \*$/);
    expect(jobs.check.if).toBe("github.event_name == 'pull_request'");
    expect(jobs.publish.if).toBe("github.event_name != 'pull_request'");
  });

  it('GitLab: the nightly run is a pipeline schedule, which the template names, as YAML cannot hold one', () => {
    expect(read(GITLAB)).toMatch(/Pipeline schedules, \d{1,2} \d{1,2} \* \* \*/);
    expect(gitlab.publish.rules).toContainEqual({ if: '$CI_PIPELINE_SOURCE == "schedule"' });
  });
});

describe('each job has the whole history and Node 24', () => {
  it.each(Object.entries(ACTIONS))('%s', (_host, file) => {
    for (const job of Object.values(workflow(file).jobs)) {
      const checkout = job.steps.find((step) => step.uses?.startsWith('actions/checkout@'));
      expect(checkout?.with).toEqual({ 'fetch-depth': 0 });
      const node = job.steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
      expect(node?.with).toEqual({ 'node-version': 24 });
      expect(job.steps.indexOf(checkout!)).toBe(0);
    }
  });

  it('gitlab', () => {
    expect(gitlab.variables.GIT_DEPTH).toBe(0);
    expect(gitlab.default.image).toMatch(/^node:24\b/);
  });
});

describe('the pull request job, run in a clean clone', () => {
  it('GitHub: checks the manual, prints every finding, and writes SARIF whose every result points at a file of the repository', TIMEOUT, () => {
    const job = workflow(ACTIONS.github).jobs.check;
    const dir = cleanClone('github');
    const { status, output } = runJob(dir, commandsOf(job.steps));
    expect(status, output).toBe(0);
    expect(output).toMatch(/^0 errors, 1 warning, 1 notice in 2 files; \d+ documents checked as of 2026-11-25\.$/m);

    const upload = job.steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload.if).toContain('!cancelled()');
    const sarif = JSON.parse(readFileSync(join(dir, upload.with!.sarif_file as string), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    const [run] = sarif.runs;
    expect(run.tool.driver.name).toBe('qms-check');
    const ruleIds = run.tool.driver.rules.map((rule: { id: string }) => rule.id);
    expect(run.results.map((r: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }) => ({ code: r.ruleId, file: r.locations[0].physicalLocation.artifactLocation.uri, line: r.locations[0].physicalLocation.region.startLine }))).toEqual(SAMPLE_FINDINGS);
    for (const result of run.results) {
      expect(ruleIds[result.ruleIndex]).toBe(result.ruleId);
      expect(existsSync(join(dir, result.locations[0].physicalLocation.artifactLocation.uri))).toBe(true);
    }
  });

  it('GitLab: checks the manual, prints every finding, and writes the JUnit and code-quality reports its artifacts name', TIMEOUT, () => {
    const dir = cleanClone('gitlab');
    const { status, output } = runJob(dir, gitlab.check.script);
    expect(status, output).toBe(0);
    expect(output).toContain('Passed: nothing stops publishing.');
    expect(gitlab.check.artifacts?.when).toBe('always');
    const { junit, codequality } = gitlab.check.artifacts!.reports;

    const xml = readFileSync(join(dir, junit), 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const report = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml).testsuites;
    expect(report).toMatchObject({ name: 'qms-check', tests: '3', failures: '0' });
    expect(report.testsuite.map((suite: { name: string }) => suite.name)).toEqual(['qms-check', ...SAMPLE_FINDINGS.map((f) => f.file)]);

    const quality = JSON.parse(readFileSync(join(dir, codequality), 'utf8'));
    expect(quality.map((issue: { check_name: string; location: { path: string; lines: { begin: number } } }) => ({ code: issue.check_name, file: issue.location.path, line: issue.location.lines.begin }))).toEqual(SAMPLE_FINDINGS);
    expect(quality.map((issue: { severity: string }) => issue.severity)).toEqual(['major', 'info']);
  });

  it('Gitea and Forgejo: check the manual and print every finding in the log', TIMEOUT, () => {
    const dir = cleanClone('gitea');
    const { status, output } = runJob(dir, commandsOf(workflow(ACTIONS.gitea).jobs.check.steps));
    expect(status, output).toBe(0);
    for (const { code, file, line } of SAMPLE_FINDINGS) expect(output).toMatch(new RegExp(`${file}:${line}:1 +\\w+ +${code}`));
    expect(output).toContain('Passed: nothing stops publishing.');
  });

  it('fails the job when the manual has an error, after printing it', TIMEOUT, () => {
    const dir = cleanClone('github-error');
    const file = join(dir, SAMPLE_FINDINGS[0].file);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^related: .*$/m, 'related: [SOP-999]'));
    const { status, output } = runJob(dir, commandsOf(workflow(ACTIONS.github).jobs.check.steps));
    expect(status).toBe(1);
    expect(output).toMatch(/WI-004-daily-defibrillator-check\.mdx:\d+:\d+ {2}error {4}QMS010/);
    expect(output).toContain('FAILED: the manual cannot be published until the errors are fixed.');
  });

  it.each([
    ['github', () => commandsOf(workflow(ACTIONS.github).jobs.check.steps), '.github/CODEOWNERS'],
    ['gitlab', () => gitlab.check.script, '.gitlab/CODEOWNERS'],
    ['gitea', () => commandsOf(workflow(ACTIONS.gitea).jobs.check.steps), '.gitea/CODEOWNERS'],
  ] as const)('%s: once the repository keeps a CODEOWNERS file, fails while it no longer matches the approvers', (host, commands, path) => {
    const all = commands();
    const codeowners = all.find((command) => command.includes('npm run codeowners'))!;
    expect(codeowners).toBe(`if [ -f ${path} ]; then npm run codeowners -- --host ${host} --check; fi`);
    const dir = cleanClone(`codeowners-${host}`);
    const job = ['npm ci', `npm run codeowners -- --host ${host}`, codeowners];
    expect(runJob(dir, job).status).toBe(0);
    const settings = join(dir, 'content/settings/organization.yaml');
    writeFileSync(settings, readFileSync(settings, 'utf8').replace("'@riverside/medical-director'", "'@riverside/someone-else'"));
    const stale = spawnSync('bash', ['-eo', 'pipefail', '-c', codeowners], { cwd: dir, encoding: 'utf8', env: { ...process.env, QMS_AS_OF: AS_OF } });
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain(`${path} is out of date: run npm run codeowners -- --host ${host} and commit it.`);
  }, 120_000);
});

describe('the publish job', () => {
  const BUILD_AND_DEPLOY = ['npm ci', 'npm run build', 'npm run deploy -- --to "$DEPLOY_TARGET"'];

  it.each(Object.entries(ACTIONS))('%s: builds as the e2e tests build the sample, then deploys to the target in the DEPLOY_TARGET secret', (_host, file) => {
    const steps = workflow(file).jobs.publish.steps;
    expect(commandsOf(steps)).toEqual(BUILD_AND_DEPLOY);
    expect(steps.at(-1)!.env).toEqual({ DEPLOY_TARGET: '${{ secrets.DEPLOY_TARGET }}' });
  });

  it('gitlab: the same commands, with DEPLOY_TARGET a CI/CD variable', () => {
    expect(gitlab.publish.script).toEqual(BUILD_AND_DEPLOY);
    expect(read(GITLAB)).toContain('CI/CD variable DEPLOY_TARGET');
  });

  it('`npm run build` is the `astro build` that tests/e2e/build-site.ts runs on every npm test', () => {
    const { scripts } = JSON.parse(read('package.json'));
    expect(scripts.build).toBe('ASTRO_TELEMETRY_DISABLED=1 astro build');
    expect(read('tests/e2e/build-site.ts')).toContain("'node_modules/.bin/astro'), ['build', '--outDir', outDir]");
  });
});
