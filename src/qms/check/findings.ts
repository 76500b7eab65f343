import { RULES, type RuleId, type Severity } from './rules.ts';

/** What a rule reports, before the settings decide its severity. */
export interface RawFinding {
  rule: RuleId;
  /** Path relative to the project root. */
  file: string;
  /** 1-based line; 1 when the finding is about the whole file. */
  line: number;
  column?: number;
  /** Frontmatter field ("clauses.1"), "body" for the document text, or '' for the file as a whole. */
  field: string;
  message: string;
  /** The document the finding belongs to, when known, for grouping. */
  documentId?: string;
}

export interface Finding extends RawFinding {
  code: string;
  severity: Severity;
  hint: string;
}

export type SeverityOverrides = Partial<Record<RuleId, Severity | 'off'>>;

/**
 * Applies the rule catalogue, the settings' overrides and `--strict` (warnings become errors).
 * Findings of a rule turned off are dropped.
 */
export function finalizeFindings(raw: readonly RawFinding[], overrides: SeverityOverrides = {}, strict = false): Finding[] {
  const findings: Finding[] = [];
  for (const f of raw) {
    const rule = RULES[f.rule];
    const configured = overrides[f.rule] ?? rule.severity;
    if (configured === 'off') continue;
    const severity: Severity = strict && configured === 'warning' ? 'error' : configured;
    findings.push({ ...f, code: rule.code, severity, hint: rule.hint });
  }
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.code.localeCompare(b.code));
}
