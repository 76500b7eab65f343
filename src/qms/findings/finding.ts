import { RULES, type RuleId, type Severity } from './rules.ts';

/**
 * One thing wrong, written for the person who has to fix it: the one type every reader, rule, the CMS
 * and the build report with. A rule reports it at the rule's default severity; the settings and
 * `--strict` then decide (`applySeverities`).
 */
export interface Finding {
  rule: RuleId;
  /** The rule's permanent code (QMS003). */
  code: string;
  severity: Severity;
  /** Path relative to the project root. */
  file: string;
  /** 1-based line in the file; 1 when the finding is about the whole file. */
  line: number;
  /** 1-based column; 1 when the finding is about the whole line. */
  column: number;
  /** Field path ("clauses.1", "review.due_soon_days"), "body" for the document text, or '' for the file as a whole. */
  field: string;
  message: string;
  hint: string;
  /** The document the finding belongs to, when known, for grouping. */
  documentId?: string;
}

/** Where a finding is: the file is required, the rest defaults to the whole file. */
export interface Place {
  file: string;
  line?: number;
  column?: number;
  field?: string;
  documentId?: string;
}

/** A finding of `rule` at its default severity. */
export function finding(rule: RuleId, at: Place, message: string): Finding {
  const info = RULES[rule];
  return {
    rule,
    code: info.code,
    severity: info.severity,
    file: at.file,
    line: at.line ?? 1,
    column: at.column ?? 1,
    field: at.field ?? '',
    message,
    hint: info.hint,
    ...(at.documentId !== undefined ? { documentId: at.documentId } : {}),
  };
}

export type SeverityOverrides = Partial<Record<RuleId, Severity | 'off'>>;

/**
 * Applies the settings' overrides and `--strict` (warnings become errors); findings of a rule turned off
 * are dropped. Sorted by file, line and code, as reports read.
 */
export function applySeverities(findings: readonly Finding[], overrides: SeverityOverrides = {}, strict = false): Finding[] {
  const kept: Finding[] = [];
  for (const f of findings) {
    const configured = overrides[f.rule] ?? RULES[f.rule].severity;
    if (configured === 'off') continue;
    kept.push({ ...f, severity: strict && configured === 'warning' ? 'error' : configured });
  }
  return kept.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.code.localeCompare(b.code));
}

/** `file:line: field: message`, one finding on one line. */
export function formatFinding(f: Pick<Finding, 'file' | 'line' | 'field' | 'message'>): string {
  return `${f.file}:${f.line}: ${f.field ? `${f.field}: ` : ''}${f.message}`;
}

/** Every finding at once, as one error: what the site build throws when the manual cannot be read. */
export class ManualError extends Error {
  readonly problems: Finding[];
  constructor(problems: Finding[]) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the manual:\n${problems.map(formatFinding).join('\n')}`);
    this.name = 'ManualError';
    this.problems = problems;
  }
}
