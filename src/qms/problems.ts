import type { z } from 'zod';
import type { RuleId } from './check/rules.ts';

/** One thing wrong with one file, written for the person who has to fix it. */
export interface Problem {
  file: string;
  /** 1-based line of the offending field, or of the file's start when no field applies. */
  line: number;
  /** Dotted path of the field ("clauses.1"), or '' for the file as a whole. */
  field: string;
  message: string;
  /** The checker rule this problem breaks. */
  rule: RuleId;
}

export class ManualError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the manual:\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'ManualError';
    this.problems = problems;
  }
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}: ${p.field ? `${p.field}: ` : ''}${p.message}`;
}

/**
 * Turns zod issues into problems. `lineOf` maps a field path to the line it is written on, so each
 * problem points at the line to fix; zod 4 reports every issue of a parse at once.
 */
export function problemsFromZod(
  file: string,
  error: z.ZodError,
  lineOf: (path: PropertyKey[]) => number,
  fallbackRule: RuleId = 'schema',
): Problem[] {
  return error.issues.map((issue) => {
    const path = issue.path;
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}: check the spelling against the document schema`;
      const fields = issue.keys.map((k) => [...path, k].map(String).join('.'));
      return { file, line: lineOf(path.length > 0 ? path : [issue.keys[0]]), field: fields.join(', '), message, rule: 'unknown-field' };
    }
    // zod reports the input only when parsed with `reportInput: true`; without it a wrong type is not a missing field.
    if (issue.code === 'invalid_type' && 'input' in issue && issue.input === undefined) message = 'this field is required';
    // Refinements name their rule in params, so one parse can report several rules.
    const rule = (issue.code === 'custom' && (issue.params as { rule?: RuleId } | undefined)?.rule) || fallbackRule;
    return { file, line: lineOf(path), field: path.map(String).join('.'), message, rule };
  });
}

/**
 * Finds the line of a top-level YAML key, or of the n-th item of a block list under it.
 * Good enough for frontmatter, which is flat; falls back to the key's line, then to `start`.
 */
export function yamlLineFinder(yamlText: string, start: number): (path: PropertyKey[]) => number {
  const lines = yamlText.split('\n');
  return (path) => {
    const key = path[0];
    if (typeof key !== 'string') return start;
    const keyLine = lines.findIndex((l) => l.startsWith(`${key}:`));
    if (keyLine === -1) return start;
    const index = path[1];
    if (typeof index === 'number') {
      let seen = -1;
      for (let i = keyLine + 1; i < lines.length && /^(\s|$)/.test(lines[i]); i++) {
        if (/^\s+-\s/.test(lines[i]) && ++seen === index) return start + i;
      }
    }
    return start + keyLine;
  };
}

/** 1-based line of the list entry `- <key>: <value>` (value quoted or not) in a YAML text, or 1 when absent. */
export function listEntryLine(lines: readonly string[], key: string, value: string): number {
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const entry = new RegExp(`^\\s*-\\s+${key}:\\s*['"]?${escaped}['"]?\\s*$`);
  return lines.findIndex((l) => entry.test(l)) + 1 || 1;
}
