import type { z } from 'zod';
import { finding, type Finding } from './finding.ts';
import type { RuleId } from './rules.ts';
import type { YamlPositions } from './yaml-positions.ts';

/**
 * Turns zod issues into findings, each on the line of its field; zod 4 reports every issue of a parse
 * at once. A refinement names its rule in `params.rule` (an ID prefix, a date order...), so one parse
 * reports several rules; any other issue is `fallbackRule`.
 */
export function findingsFromZod(
  file: string,
  error: z.ZodError,
  positions: Pick<YamlPositions, 'lineOf'>,
  fallbackRule: RuleId = 'schema',
  documentId?: string,
): Finding[] {
  return error.issues.map((issue) => {
    const path = issue.path;
    if (issue.code === 'unrecognized_keys') {
      const message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}: check the spelling against the document schema`;
      const fields = issue.keys.map((k) => [...path, k].map(String).join('.'));
      return finding('unknown-field', { file, line: positions.lineOf([...path, issue.keys[0]]), field: fields.join(', '), documentId }, message);
    }
    let message = issue.message;
    // zod reports the input only when parsed with `reportInput: true`; without it a wrong type is not a missing field.
    if (issue.code === 'invalid_type' && 'input' in issue && issue.input === undefined) message = 'this field is required';
    const rule = (issue.code === 'custom' && (issue.params as { rule?: RuleId } | undefined)?.rule) || fallbackRule;
    return finding(rule, { file, line: positions.lineOf(path), field: path.map(String).join('.'), documentId }, message);
  });
}
