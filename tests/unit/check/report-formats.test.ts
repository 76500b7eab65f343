import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../scripts/check.ts';
import { formatResult } from '../../../src/qms/check/format.ts';
import type { CheckResult } from '../../../src/qms/check/manual.ts';
import { finding } from '../../../src/qms/findings/finding.ts';
import { AS_OF, checkFixture, makeProject, removeProjects } from './helpers.ts';

const outputDir = mkdtempSync(join(tmpdir(), 'qms-check-reports-'));
afterAll(() => {
  removeProjects();
  rmSync(outputDir, { recursive: true, force: true });
});

interface XmlElement {
  [name: string]: string | XmlElement[] | undefined;
  '#text'?: string;
}

/**
 * A JUnit report read back: refused unless it is well-formed XML without the control characters XML 1.0
 * forbids; elements as lists, attributes by name, text as `#text`.
 */
function parseJunit(text: string): XmlElement {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  expect(text).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', alwaysCreateTextNode: true, parseTagValue: false, isArray: (name, _path, _leaf, isAttribute) => !isAttribute && name !== 'testsuites' });
  return (parser.parse(text) as { testsuites: XmlElement }).testsuites;
}

const children = (element: XmlElement, name: string) => (element[name] as XmlElement[] | undefined) ?? [];

/** `many-problems`: errors in several files, and two warnings. */
const problems = checkFixture('many-problems');
/** Warnings and notices only: as of 2027-01-20 one review is overdue and two are due soon. */
const warningsOnly = checkFixture('review-due-soon', { asOf: '2027-01-20' });

describe('--format junit', () => {
  it('is one test that the manual can be published, failed with the counts when it cannot, then a suite a file and a test a finding', () => {
    const root = parseJunit(formatResult(problems, 'junit'));
    expect(root.tests).toBe(String(problems.findings.length + 1));
    expect(root.failures).toBe(String(problems.errors + 1));
    const [first, ...files] = children(root, 'testsuite');
    expect(first.name).toBe('qms-check');
    const [publishable] = children(first, 'testcase');
    expect(publishable.name).toBe('The manual can be published');
    expect(children(publishable, 'failure')[0].message).toBe(`12 errors, 2 warnings, 0 notices; 6 documents checked as of ${AS_OF}`);
    expect(files.map((suite) => suite.name)).toEqual([...new Set(problems.findings.map((f) => f.file))]);
    const cases = files.flatMap((suite) => children(suite, 'testcase'));
    expect(cases).toHaveLength(problems.findings.length);
    cases.forEach((testcase, i) => {
      const f = problems.findings[i];
      expect(testcase.file).toBe(f.file);
      expect(testcase.line).toBe(String(f.line));
      expect(testcase.name).toBe(`${f.code} ${f.rule} at line ${f.line}${f.documentId ? ` (${f.documentId})` : ''}`);
      const [failure] = children(testcase, 'failure');
      if (f.severity === 'error') {
        expect(failure.type).toBe(f.code);
        expect(failure['#text']).toContain(`${f.file}:${f.line}:${f.column} `);
        expect(failure['#text']).toContain(f.message);
      } else {
        expect(failure).toBeUndefined();
        expect(children(testcase, 'system-out')[0]['#text']).toContain(`${f.severity}: `);
      }
    });
  });

  it('passes every test when nothing stops publishing, warnings shown in their output', () => {
    const root = parseJunit(formatResult(warningsOnly, 'junit'));
    expect(root.failures).toBe('0');
    const cases = children(root, 'testsuite').flatMap((suite) => children(suite, 'testcase'));
    expect(cases.flatMap((testcase) => children(testcase, 'failure'))).toEqual([]);
    const outputs = cases.flatMap((testcase) => children(testcase, 'system-out')).map((out) => out['#text']!);
    expect(outputs.map((out) => out.split(': ')[0].split(' ').at(-1))).toEqual(['warning', 'info', 'info']);
  });

  it("escapes the findings' text, which quotes what documents contain", () => {
    const nasty = 'a <script> & "quotes" \u0007 bell';
    const root = parseJunit(formatResult(resultOf([finding('mdx-unsafe-element', { file: 'content/docs/a "b" & <c>.mdx', line: 3 }, nasty)]), 'junit'));
    const [testcase] = children(children(root, 'testsuite')[1], 'testcase');
    expect(testcase.file).toBe('content/docs/a "b" & <c>.mdx');
    expect(children(testcase, 'failure')[0].message).toContain('a <script> & "quotes" \uFFFD bell');
  });
});

describe('--format codequality (GitLab)', () => {
  const report = JSON.parse(formatResult(problems, 'codequality'));

  it("lists every finding with GitLab's required fields and a severity for each level", () => {
    expect(report).toHaveLength(problems.findings.length);
    report.forEach((issue: Record<string, unknown>, i: number) => {
      const f = problems.findings[i];
      expect(issue).toEqual({
        description: expect.stringContaining(`${f.code} `),
        check_name: f.code,
        fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
        severity: { error: 'blocker', warning: 'major', info: 'info' }[f.severity],
        location: { path: f.file, lines: { begin: f.line } },
      });
    });
    expect(JSON.parse(formatResult(warningsOnly, 'codequality')).map((issue: { severity: string }) => issue.severity)).toEqual(['major', 'info', 'info']);
  });

  it('gives each finding its own fingerprint, which stays the same when only its line moves', () => {
    expect(new Set(report.map((issue: { fingerprint: string }) => issue.fingerprint)).size).toBe(report.length);
    const at = (line: number) => finding('unknown-reference', { file: 'content/docs/x.mdx', line, field: 'related.0' }, 'no document SOP-999');
    const [a, b] = JSON.parse(formatResult(resultOf([at(10), at(20)]), 'codequality'));
    const [moved] = JSON.parse(formatResult(resultOf([at(14)]), 'codequality'));
    expect(a.fingerprint).not.toBe(b.fingerprint);
    expect(moved.fingerprint).toBe(a.fingerprint);
  });
});

describe('several reports from one run', () => {
  async function run(argv: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await main([...argv, '--no-history'], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {} });
    return { code, stdout, stderr };
  }

  it('writes each --format to its --output, and the human report, which no file got, to standard output', async () => {
    const root = makeProject('many-problems');
    const [junit, quality, sarif] = ['a.xml', 'b.json', 'c.sarif'].map((name) => join(outputDir, name));
    const result = await run(['--root', root, '--as-of', AS_OF, '--format', 'junit', '--output', junit, '--format', 'codequality', '--output', quality, '--format', 'sarif', '--output', sarif]);
    expect(result).toEqual({ code: 1, stdout: formatResult(problems, 'human'), stderr: '' });
    expect(readFileSync(junit, 'utf8')).toBe(formatResult(problems, 'junit'));
    expect(readFileSync(quality, 'utf8')).toBe(formatResult(problems, 'codequality'));
    expect(readFileSync(sarif, 'utf8')).toBe(formatResult(problems, 'sarif'));
  });

  it('refuses formats and files that do not pair up', async () => {
    const root = makeProject();
    for (const argv of [['--format', 'junit', '--format', 'sarif'], ['--format', 'junit', '--output', join(outputDir, 'x'), '--output', join(outputDir, 'y')], ['--output', join(outputDir, 'x'), '--format', 'json', '--format', 'sarif']]) {
      const { code, stdout, stderr } = await run(['--root', root, '--as-of', AS_OF, ...argv]);
      expect(code, argv.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^qms-check: give each --format its own --output file/);
    }
  });
});

/** A check result holding just these findings, as of the tests' date. */
function resultOf(findings: CheckResult['findings']): CheckResult {
  const count = (severity: string) => findings.filter((f) => f.severity === severity).length;
  return { asOf: AS_OF, strict: false, documents: 1, findings, errors: count('error'), warnings: count('warning'), infos: count('info'), configurationError: false };
}
