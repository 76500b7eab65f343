import type { z } from 'zod';

/** One thing wrong with one file, written for the person who has to fix it. */
export interface Problem {
  file: string;
  /** 1-based line of the offending field, or of the file's start when no field applies. */
  line: number;
  /** Dotted path of the field ("clauses.1"), or '' for the file as a whole. */
  field: string;
  message: string;
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
export function problemsFromZod(file: string, error: z.ZodError, lineOf: (path: PropertyKey[]) => number): Problem[] {
  return error.issues.map((issue) => {
    const path = issue.path;
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}: check the spelling against the document schema`;
      return { file, line: lineOf([issue.keys[0]]), field: issue.keys.join(', '), message };
    }
    if (issue.code === 'invalid_type' && issue.input === undefined) message = 'this field is required';
    return { file, line: lineOf(path), field: path.map(String).join('.'), message };
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
