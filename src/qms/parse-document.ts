import { parseYaml, splitFrontmatter } from './frontmatter.ts';
import { problemsFromZod, yamlLineFinder, type Problem } from './problems.ts';
import { documentSchema, type ClauseLookup, type DocumentFrontmatter } from './schemas/document.ts';

/*
 * One document file read and validated, with no file system: the checker reads files from disk, the CMS
 * reads them from the browser, and both go through this.
 */

export interface ControlledDocument {
  /** Path relative to the project root, as written in error messages. */
  file: string;
  data: DocumentFrontmatter;
  body: string;
  bodyLine: number;
}

/** Zod 4 compiles a schema on first use: building it once per catalogue, not per document, saved 3 s of a 5,000-document check. */
const schemas = new WeakMap<ClauseLookup, ReturnType<typeof documentSchema>>();
function schemaFor(index: ClauseLookup) {
  if (!schemas.has(index)) schemas.set(index, documentSchema(index));
  return schemas.get(index)!;
}

/** Parses and validates one document file; problems go to `problems`. */
export function parseDocument(file: string, source: string, index: ClauseLookup, problems: Problem[]): ControlledDocument | undefined {
  const split = splitFrontmatter(source);
  if (!split.hasFrontmatter) {
    problems.push({ file, line: 1, field: '', message: 'no frontmatter: a controlled document starts with --- then its fields (id, title, type, ...) then ---', rule: 'frontmatter-missing' });
    return undefined;
  }
  let value: unknown;
  try {
    value = parseYaml(split.frontmatter);
  } catch (error) {
    const mark = (error as { mark?: { line: number } }).mark;
    problems.push({ file, line: split.frontmatterLine + (mark?.line ?? 0), field: '', message: `frontmatter is not valid YAML: ${(error as Error).message.split('\n')[0]}`, rule: 'yaml-syntax' });
    return undefined;
  }
  const parsed = schemaFor(index).safeParse(value ?? {}, { reportInput: true });
  if (!parsed.success) {
    problems.push(...problemsFromZod(file, parsed.error, yamlLineFinder(split.frontmatter, split.frontmatterLine)));
    return undefined;
  }
  return { file, data: parsed.data, body: split.body, bodyLine: split.bodyLine };
}

