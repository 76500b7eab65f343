import { matchesGlob } from 'node:path/posix';
import { z } from 'zod';
import { parseYaml } from '../base/frontmatter.ts';
import { documentSchema, DOCUMENT_TYPES, type DocumentType } from '../schemas/document.ts';
import { typeFromWord } from './document-type.ts';

/**
 * The mapping file of `npm run import -- --map FILE`: which existing files are which type, and the owner,
 * departments and clauses to fill in for them. Patterns are tried in the order written; the first that
 * matches a file applies.
 *
 * ```yaml
 * "Policies/**": policy
 * "Infection control/**":
 *   type: procedure
 *   owner: Infection Prevention Lead
 *   departments: [Infection Prevention]
 *   clauses: ["8.5"]
 * "*checklist*": form
 * ```
 */
export interface MappingRule {
  pattern: string;
  type?: DocumentType;
  owner?: string;
  departments?: string[];
  clauses?: string[];
}

// The fields are the frontmatter schema's own, so a mapping is held to what a document accepts.
const fields = documentSchema().shape;
const typeWord = z
  .string({ error: `expected a document type: ${DOCUMENT_TYPES.join(', ')}` })
  .transform((value, ctx) => typeFromWord(value) ?? (ctx.addIssue({ code: 'custom', message: `unknown document type "${value}": expected ${DOCUMENT_TYPES.join(', ')} (or SOP, WI, FRM, POL)` }), z.NEVER));
// `"Policies/**": policy` is short for `"Policies/**": { type: policy }`.
const ruleSchema = z.preprocess(
  (value) => (typeof value === 'string' ? { type: value } : value),
  z.strictObject(
    { type: typeWord.optional(), owner: fields.owner, departments: fields.departments.unwrap().optional(), clauses: fields.clauses.unwrap().optional() },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}: a mapping gives type, owner, departments and clauses (the rest is completed per document)`
          : 'expected a document type, or fields type, owner, departments and clauses',
    },
  ),
);
const mappingSchema = z.record(z.string().min(1), ruleSchema, { error: 'expected patterns, each followed by a type or by fields such as type and owner' });

export type MappingResult = { rules: MappingRule[] } | { error: string };

/** Reads a mapping file's text; the error names the pattern and field at fault. */
export function parseMapping(text: string): MappingResult {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    return { error: `not valid YAML: ${(error as Error).message.split('\n')[0]}` };
  }
  const parsed = mappingSchema.safeParse(data ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const [pattern, ...field] = issue.path.map(String);
    const where = pattern === undefined ? '' : `"${pattern}"${field.length > 0 ? `, ${field.join('.')}` : ''}: `;
    return { error: `${where}${issue.message}` };
  }
  return { rules: Object.entries(parsed.data).map(([pattern, rule]) => ({ pattern, ...rule })) };
}

/**
 * The first rule whose pattern matches a file, given by its path inside the folder named on the command
 * line (`Infection control/Hand hygiene.docx`). A pattern with a `/` is a glob over that path; one without
 * is matched against the file name alone. Case does not matter: file names come from Windows shares.
 */
export function ruleFor(rules: readonly MappingRule[], relativePath: string): { rule: MappingRule; index: number } | undefined {
  const path = relativePath.toLowerCase();
  const name = path.slice(path.lastIndexOf('/') + 1);
  const index = rules.findIndex((rule) => {
    const pattern = rule.pattern.toLowerCase();
    return matchesGlob(pattern.includes('/') ? path : name, pattern);
  });
  return index === -1 ? undefined : { rule: rules[index], index };
}
