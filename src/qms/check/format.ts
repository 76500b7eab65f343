import { createHash } from 'node:crypto';
import type { Finding } from '../findings/finding.ts';
import { RULES, RULE_IDS } from '../findings/rules.ts';
import { RULE_REGISTRY } from './registry.ts';
import type { CheckResult } from './manual.ts';

export const FORMATS = ['human', 'json', 'sarif', 'junit', 'codequality'] as const;
export type Format = (typeof FORMATS)[number];

export function formatResult(result: CheckResult, format: Format): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(toJson(result), null, 2)}\n`;
    case 'sarif':
      return `${JSON.stringify(toSarif(result), null, 2)}\n`;
    case 'junit':
      return toJunit(result);
    case 'codequality':
      return `${JSON.stringify(toCodeQuality(result), null, 2)}\n`;
    default:
      return toHuman(result);
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What a finding says, on one line: the field, the message and the hint. */
const findingText = (f: Finding) => `${f.field ? `${f.field}: ` : ''}${f.message}. Hint: ${f.hint}`;

/** One block per file, one line per finding (`file:line:col severity CODE field: message`), then a summary. */
export function toHuman(result: CheckResult): string {
  const out: string[] = [];
  const byFile = Map.groupBy(result.findings, (f) => f.file);
  for (const [file, findings] of byFile) {
    const id = findings.find((f) => f.documentId)?.documentId;
    out.push(`${file}${id ? ` (${id})` : ''}`);
    for (const f of findings) {
      out.push(`  ${f.file}:${f.line}:${f.column}  ${f.severity.padEnd(7)}  ${f.code}  ${f.field ? `${f.field}: ` : ''}${f.message}`);
      out.push(`      hint: ${f.hint}`);
    }
    out.push('');
  }
  const files = byFile.size;
  const verdict = result.errors > 0 ? 'FAILED: the manual cannot be published until the errors are fixed.' : 'Passed: nothing stops publishing.';
  out.push(
    `${plural(result.errors, 'error')}, ${plural(result.warnings, 'warning')}, ${plural(result.infos, 'notice')} in ${plural(files, 'file')}; ` +
      `${plural(result.documents, 'document')} checked as of ${result.asOf}${result.strict ? ' (strict)' : ''}.`,
    verdict,
  );
  return `${out.join('\n')}\n`;
}

function toJson(result: CheckResult) {
  return {
    asOf: result.asOf,
    strict: result.strict,
    documents: result.documents,
    summary: { errors: result.errors, warnings: result.warnings, infos: result.infos },
    findings: result.findings.map((f) => ({ ruleId: f.rule, code: f.code, severity: f.severity, file: f.file, line: f.line, column: f.column, field: f.field, documentId: f.documentId ?? null, message: f.message, hint: f.hint })),
  };
}

const SARIF_LEVEL: Record<Finding['severity'], string> = { error: 'error', warning: 'warning', info: 'note' };

/** SARIF 2.1.0, which GitHub code scanning and other CI systems show as annotations on the lines. */
function toSarif(result: CheckResult) {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'qms-check',
            rules: RULE_IDS.map((id) => ({
              id: RULES[id].code,
              name: id,
              shortDescription: { text: RULES[id].title },
              help: { text: RULES[id].hint },
              defaultConfiguration: { level: SARIF_LEVEL[RULES[id].severity] },
            })),
          },
        },
        properties: { asOf: result.asOf, strict: result.strict },
        results: result.findings.map((f) => ({
          ruleId: f.code,
          ruleIndex: RULE_IDS.indexOf(f.rule),
          level: SARIF_LEVEL[f.severity],
          message: { text: findingText(f) },
          locations: [{ physicalLocation: { artifactLocation: { uri: f.file }, region: { startLine: f.line, startColumn: f.column } } }],
        })),
      },
    ],
  };
}

/** Text for XML: markup escaped, and the control characters XML 1.0 cannot hold replaced. */
function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/**
 * JUnit XML, which GitLab shows in a merge request's test report (and Jenkins, Azure DevOps and others in
 * theirs). One test says whether the manual can be published; then one suite a file, one test a finding:
 * an error is a failure, a warning or notice a passing test whose output says what it is, since it does
 * not stop publishing.
 */
function toJunit(result: CheckResult): string {
  const byFile = Map.groupBy(result.findings, (f) => f.file);
  const summary = `${plural(result.errors, 'error')}, ${plural(result.warnings, 'warning')}, ${plural(result.infos, 'notice')}; ${plural(result.documents, 'document')} checked as of ${result.asOf}${result.strict ? ' (strict)' : ''}`;
  const publishable = `    <testcase classname="qms-check" name="The manual can be published">${result.errors > 0 ? `\n      <failure type="qms-check" message="${xml(summary)}">${xml(summary)}</failure>\n    ` : ''}</testcase>`;
  const suites = [...byFile].map(([file, findings]) => {
    const failures = findings.filter((f) => f.severity === 'error').length;
    const cases = findings.map((f) => {
      const name = `${f.code} ${f.rule} at line ${f.line}${f.documentId ? ` (${f.documentId})` : ''}`;
      const where = `${f.file}:${f.line}:${f.column}`;
      const body =
        f.severity === 'error'
          ? `<failure type="${f.code}" message="${xml(findingText(f))}">${xml(`${where} ${findingText(f)}`)}</failure>`
          : `<system-out>${xml(`${where} ${f.severity}: ${findingText(f)}`)}</system-out>`;
      return `    <testcase classname="${xml(file)}" name="${xml(name)}" file="${xml(file)}" line="${f.line}">\n      ${body}\n    </testcase>`;
    });
    return `  <testsuite name="${xml(file)}" tests="${findings.length}" failures="${failures}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>`;
  });
  const tests = result.findings.length + 1;
  const failures = result.errors + (result.errors > 0 ? 1 : 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="qms-check" tests="${tests}" failures="${failures}" errors="0">`,
    `  <testsuite name="qms-check" tests="1" failures="${result.errors > 0 ? 1 : 0}" errors="0" skipped="0">`,
    publishable,
    '  </testsuite>',
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

/** GitLab's code-quality severities: an error blocks publishing. */
const CODE_QUALITY_SEVERITY: Record<Finding['severity'], string> = { error: 'blocker', warning: 'major', info: 'info' };

/**
 * GitLab's code-quality report (a subset of Code Climate's format), shown in a merge request's widget. The
 * fingerprint leaves the line out, so a finding that only moves is the same finding on both branches;
 * the count of identical ones before it keeps each fingerprint unique.
 */
function toCodeQuality(result: CheckResult) {
  const seen = new Map<string, number>();
  return result.findings.map((f) => {
    const identity = [f.file, f.code, f.field, f.message].join('\u0000');
    const occurrence = seen.get(identity) ?? 0;
    seen.set(identity, occurrence + 1);
    return {
      description: `${f.code} ${findingText(f)}`,
      check_name: f.code,
      fingerprint: createHash('sha256').update(`${identity}\u0000${occurrence}`).digest('hex'),
      severity: CODE_QUALITY_SEVERITY[f.severity],
      location: { path: f.file, lines: { begin: f.line } },
    };
  });
}

/** The rule table, for `--list-rules` and the README: generated from the registry. */
export function ruleTable(): string {
  const rows = RULE_REGISTRY.map((r) => `| ${r.code} | \`${r.id}\` | ${r.severity} | ${r.title} | ${r.reads.join(', ')} |`);
  return ['| code | rule | default severity | what it finds | reads |', '| --- | --- | --- | --- | --- |', ...rows].join('\n') + '\n';
}
