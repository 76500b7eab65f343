import type { Finding } from '../findings/finding.ts';
import { RULES, RULE_IDS } from '../findings/rules.ts';
import { RULE_REGISTRY } from './registry.ts';
import type { CheckResult } from './manual.ts';

export const FORMATS = ['human', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export function formatResult(result: CheckResult, format: Format): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(toJson(result), null, 2)}\n`;
    case 'sarif':
      return `${JSON.stringify(toSarif(result), null, 2)}\n`;
    default:
      return toHuman(result);
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

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
          message: { text: `${f.field ? `${f.field}: ` : ''}${f.message}. Hint: ${f.hint}` },
          locations: [{ physicalLocation: { artifactLocation: { uri: f.file }, region: { startLine: f.line, startColumn: f.column } } }],
        })),
      },
    ],
  };
}

/** The rule table, for `--list-rules` and the README: generated from the registry. */
export function ruleTable(): string {
  const rows = RULE_REGISTRY.map((r) => `| ${r.code} | \`${r.id}\` | ${r.severity} | ${r.title} | ${r.reads.join(', ')} |`);
  return ['| code | rule | default severity | what it finds | reads |', '| --- | --- | --- | --- | --- |', ...rows].join('\n') + '\n';
}
