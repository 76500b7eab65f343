import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../scripts/check.ts';
import { RULES, RULE_IDS } from '../../../src/qms/findings/rules.ts';
import { AS_OF, CHECK_FIXTURES as FIXTURES, makeProject, removeProjects } from './helpers.ts';

/** `main()` in-process, with a fake io: what it printed, and the exit code it returned. */
async function run(argv: string[], env: Record<string, string | undefined> = {}) {
  let stdout = '';
  let stderr = '';
  // Fixture projects have no .git; history and change control are tested on real repositories elsewhere.
  if (argv.includes('--root')) argv = [...argv, '--no-history'];
  const code = await main(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env });
  return { code, stdout, stderr };
}

const outputDir = mkdtempSync(join(tmpdir(), 'qms-check-output-'));
afterAll(() => {
  removeProjects();
  rmSync(outputDir, { recursive: true, force: true });
});

const CODES = RULE_IDS.map((id) => RULES[id].code);
const check = (overlays: string[], ...options: string[]) => run(['--root', makeProject(...overlays), '--as-of', AS_OF, ...options]);

describe('exit status', () => {
  it('is 0 for a manual without errors, with a summary that says it passed', async () => {
    const { code, stdout, stderr } = await check([]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toBe('0 errors, 0 warnings, 0 notices in 0 files; 3 documents checked as of 2026-11-25.\nPassed: nothing stops publishing.\n');
  });

  it('is 0 when there are only warnings, and 1 for the same manual under --strict', async () => {
    expect((await check(['clause-at-risk'])).code).toBe(0);
    const strict = await check(['clause-at-risk'], '--strict');
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('2 errors, 0 warnings, 0 notices in 2 files; 3 documents checked as of 2026-11-25 (strict).\nFAILED');
  });

  it('is 1 when there are errors', async () => {
    const { code, stdout } = await check(['clause-gap']);
    expect(code).toBe(1);
    expect(stdout).toContain('  content/standards/iso-7101-2023.yaml:16:1  error    QMS013  clauses.4.2: clause 4.2 Understanding the needs and expectations of stakeholders has no document mapped to it\n');
  });

  it('is 2 when the settings are invalid, after reporting what is wrong with them', async () => {
    const { code, stdout, stderr } = await check(['settings']);
    expect(code).toBe(2);
    expect(stdout).toContain('content/settings/organization.yaml:4:1  error    QMS027  review.due_soon_days:');
    expect(stderr).toContain('the settings or a clause catalogue is invalid');
  });
});

describe('options', () => {
  it('refuses an --as-of that is not a real date written YYYY-MM-DD', async () => {
    for (const date of ['2026-02-30', '25/11/2026', 'tomorrow']) {
      const { code, stdout, stderr } = await run(['--root', makeProject(), '--as-of', date]);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe(`qms-check: --as-of needs a date written YYYY-MM-DD, found "${date}"\n`);
    }
  });

  it('takes the date from QMS_AS_OF when --as-of is not given, and refuses a bad one', async () => {
    // As of 2027-01-20, WI-002 is overdue and WI-003 and WI-004 are due soon.
    const root = makeProject('review-due-soon');
    expect(JSON.parse((await run(['--root', root, '--format', 'json'], { QMS_AS_OF: '2027-01-20' })).stdout)).toMatchObject({ asOf: '2027-01-20', summary: { errors: 0, warnings: 1, infos: 2 } });
    expect((await run(['--root', root], { QMS_AS_OF: '2027-13-01' })).code).toBe(2);
  });

  it('refuses an unknown option, a stray argument and an unknown format with exit 2 and the usage', async () => {
    for (const argv of [['--repair'], ['content/docs'], ['--format', 'xml'], ['--as-of']]) {
      const { code, stderr } = await run(['--root', makeProject(), ...argv], { QMS_AS_OF: AS_OF });
      expect(code, argv.join(' ')).toBe(2);
      expect(stderr, argv.join(' ')).toMatch(/^qms-check: /);
    }
    expect((await run(['--repair'])).stderr).toContain('Usage: npm run check -- [options]');
  });

  it('prints the usage for --help', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: npm run check/);
  });

  it('lists every rule with its code, name and default severity for --list-rules', async () => {
    const { code, stdout } = await run(['--list-rules']);
    expect(code).toBe(0);
    for (const id of RULE_IDS) expect(stdout).toContain(`| ${RULES[id].code} | \`${id}\` | ${RULES[id].severity} |`);
    expect(stdout.match(/\| QMS\d{3} \|/g)).toHaveLength(RULE_IDS.length);
  });

  it('writes the report to --output instead of standard output, with the same exit code', async () => {
    const file = join(outputDir, 'report.txt');
    const root = makeProject('clause-gap');
    const written = await run(['--root', root, '--as-of', AS_OF, '--output', file]);
    expect(written).toMatchObject({ code: 1, stdout: '', stderr: '' });
    expect(readFileSync(file, 'utf8')).toBe((await run(['--root', root, '--as-of', AS_OF])).stdout);
  });
});

describe('--format json', () => {
  it('gives the summary counts and every finding with its rule, code, file and line', async () => {
    const { code, stdout } = await check(['many-problems'], '--format', 'json');
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ asOf: AS_OF, strict: false, documents: 6, summary: { errors: 12, warnings: 2, infos: 0 } });
    expect(report.findings).toHaveLength(14);
    expect(report.findings[0]).toEqual({
      ruleId: 'id-prefix',
      code: 'QMS007',
      severity: 'error',
      file: 'content/docs/forms/FRM-001-feedback-form.mdx',
      line: 2,
      column: 1,
      field: 'id',
      documentId: null,
      message: 'a policy must have an ID starting with POL- (found FRM-001)',
      hint: RULES['id-prefix'].hint,
    });
  });
});

describe('--format sarif', async () => {
  const { code, stdout } = await check(['many-problems'], '--format', 'sarif', '--strict');
  const sarif = JSON.parse(stdout);
  const [runResult] = sarif.runs;

  it('is a SARIF 2.1.0 log with one run of qms-check, which lists every rule', async () => {
    expect(code).toBe(1);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    expect(sarif.runs).toHaveLength(1);
    expect(runResult.tool.driver.name).toBe('qms-check');
    expect(runResult.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(CODES);
    expect(runResult.tool.driver.rules[0]).toMatchObject({ id: 'QMS001', name: 'yaml-syntax', shortDescription: { text: RULES['yaml-syntax'].title }, defaultConfiguration: { level: 'error' } });
  });

  it('gives each finding a rule id, a level and a location with its line', async () => {
    expect(runResult.results).toHaveLength(14);
    for (const result of runResult.results) {
      expect(CODES).toContain(result.ruleId);
      expect(runResult.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
      expect(['error', 'warning', 'note']).toContain(result.level);
      expect(result.message.text).toEqual(expect.any(String));
      const [location] = result.locations;
      expect(location.physicalLocation.artifactLocation.uri).toMatch(/^content\//);
      expect(location.physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
      expect(location.physicalLocation.region.startColumn).toBeGreaterThanOrEqual(1);
    }
    expect(runResult.results.find((r: { ruleId: string }) => r.ruleId === 'QMS010')).toMatchObject({
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'content/docs/policies/POL-001-quality-policy.mdx' }, region: { startLine: 20, startColumn: 19 } } }],
    });
  });

  it('reports warnings made errors by --strict as errors', async () => {
    const overdue = runResult.results.find((r: { ruleId: string }) => r.ruleId === 'QMS017');
    expect(overdue.level).toBe('error');
    expect(runResult.properties).toEqual({ asOf: AS_OF, strict: true });
  });
});

describe('run as a program', () => {
  it('prints one line per finding, file:line:col severity CODE, then a summary, and exits 1 on errors; without .git it warns that history is unavailable', async () => {
    const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));
    const { QMS_AS_OF: _asOf, QMS_ROOT: _root, ...env } = process.env;
    const child = spawnSync(join(projectRoot, 'node_modules/.bin/node'), ['scripts/check.ts', '--root', makeProject('unknown-reference'), '--as-of', AS_OF], { cwd: projectRoot, env, encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(1);

    const lines = child.stdout.trimEnd().split('\n');
    const findings = lines.filter((line) => /^\s+\S+:\d+:\d+ {2}/.test(line));
    expect(findings.map((line) => line.trim().split(/\s{2,}/).slice(0, 3))).toEqual([
      ['content/docs:1:1', 'warning', 'QMS026'],
      ['content/docs/work-instructions/WI-002-escalating-feedback.mdx:14:1', 'error', 'QMS010'],
      ['content/docs/work-instructions/WI-002-escalating-feedback.mdx:15:1', 'error', 'QMS010'],
      ['content/docs/work-instructions/WI-002-escalating-feedback.mdx:21:40', 'error', 'QMS010'],
    ]);
    expect(lines.slice(-2)).toEqual([
      '3 errors, 1 warning, 0 notices in 2 files; 4 documents checked as of 2026-11-25.',
      'FAILED: the manual cannot be published until the errors are fixed.',
    ]);
  });
});

describe('--fix', () => {
  const FILE = 'content/docs/procedures/SOP-002-sharps-disposal.mdx';

  it('rewrites what the checker refuses as its author meant it, changes nothing else, and the manual then passes', async () => {
    const root = makeProject('fixable');
    const before = await run(['--root', root, '--as-of', AS_OF]);
    expect(before.code).toBe(1);
    expect(before.stdout).toContain('npm run check -- --fix does it');

    const after = await run(['--root', root, '--as-of', AS_OF, '--fix']);
    expect(after.stderr).toBe(
      `qms-check: --fix rewrote 1 document:\n  ${FILE}: code in braces and unknown components written as text; links to document files made links to their pages\n`,
    );
    expect(after.code).toBe(0);
    const original = readFileSync(join(FIXTURES, 'fixable', FILE), 'utf8');
    const rewritten = readFileSync(join(root, FILE), 'utf8');
    // Exactly three spans change; the comment, <br>, {limit}, the words in braces and the frontmatter stay as written.
    expect(rewritten).toBe(
      original
        .replace('{new Date().toLocaleDateString()}', '\\{new Date().toLocaleDateString()\\}')
        .replace('<BinChart', '\\<BinChart')
        .replace('./SOP-001-context-and-stakeholders.mdx#purpose', '/docs/SOP-001/#purpose'),
    );
  });

  it('finds nothing to rewrite a second time', async () => {
    const root = makeProject('fixable');
    await run(['--root', root, '--as-of', AS_OF, '--fix']);
    const again = await run(['--root', root, '--as-of', AS_OF, '--fix']);
    expect(again.stderr).toBe('qms-check: --fix found nothing to rewrite\n');
  });
});

describe('--incremental', () => {
  it('reads every text the first time and none the second, with the same report', async () => {
    const root = makeProject('many-problems');
    const args = ['--root', root, '--as-of', AS_OF, '--incremental'];
    const first = await run(args);
    const second = await run(args);
    expect(first.stderr).toMatch(/^qms-check: incremental: (\d+) document texts read, 0 unchanged since the last check\n$/);
    const documents = Number(/(\d+) document texts read/.exec(first.stderr)![1]);
    expect(documents).toBeGreaterThan(1);
    expect(second.stderr).toBe(`qms-check: incremental: 0 document texts read, ${documents} unchanged since the last check\n`);
    expect(second.stdout).toBe(first.stdout);
    expect(second.code).toBe(first.code);
  });
});
