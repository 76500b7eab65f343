import { documentGuardFindings } from '../check/document-safety.ts';
import { escapeMdxText } from '../check/mdx-escape.ts';
import { referenceFindings } from '../check/references.ts';
import { RULES, type RuleId } from '../check/rules.ts';
import { parseYaml, splitFrontmatter } from '../frontmatter.ts';
import { parseDocument } from '../parse-document.ts';
import { problemsFromZod, yamlLineFinder, type Problem } from '../problems.ts';
import type { IsoDate } from '../dates.ts';
import type { ClauseLookup } from '../schemas/document.ts';
import { settingsSchema } from '../schemas/settings.ts';
import { isBlank, readDocumentFile, writeDocumentFile, type DocumentEntry } from './document-file.ts';

/**
 * The editorial workflow's rules, the same in every backend. Saving a change keeps it a draft on its own
 * branch; publishing it is the approval, and sets the status, version and approval dates consistently.
 * Both run the checker's rules on the exact file that will be written, and refuse it with the checker's
 * messages: the CMS never writes a document that `npm run check` would refuse.
 */

export interface WorkflowContext {
  clauses: ClauseLookup;
  /** The documents of the manual as published: ID → file. */
  knownIds: ReadonlyMap<string, string>;
}

/** One thing that stops a save or a publication, written for the controller. */
export interface WorkflowProblem {
  field: string;
  message: string;
  code: string;
  hint: string;
}

export interface Outcome {
  /** The file to write. */
  text: string;
  problems: WorkflowProblem[];
}

/**
 * What saving does to a document's fields: the status becomes draft (or stays obsolete, a withdrawal waiting
 * for approval), and braces and angle brackets typed as text are escaped. The file written from them is
 * then checked whole by `documentProblems` before it reaches the repository.
 */
export function draftEntry(entry: DocumentEntry): DocumentEntry {
  return { ...entry, status: entry.status === 'obsolete' ? 'obsolete' : 'draft', body: escapeMdxText(String(entry.body ?? '')) };
}

export interface Publication {
  /** The file on the change's branch. */
  draft: string;
  /** The file as published now, or null for a new document. */
  published: string | null;
  file: string;
  today: IsoDate;
}

/**
 * What publishing does to a document. Status: approved (obsolete stays obsolete, with the withdrawal date).
 * Version: one more than the published approved version when the text changed. Approved on: today, when
 * the text changed or the document was not approved before. Effective from: the approval date when empty
 * or earlier. The change summary must say what changed.
 */
export function approveForPublication({ draft, published, file, today }: Publication, context: WorkflowContext): Outcome {
  const entry = readDocumentFile(draft);
  const before = published === null ? undefined : readDocumentFile(published);
  const wasReleased = before?.status === 'approved' || before?.status === 'obsolete';
  const textChanged = !before || normalizeBody(before.body) !== normalizeBody(entry.body);
  const problems: WorkflowProblem[] = [];

  const withdrawing = entry.status === 'obsolete';
  entry.status = withdrawing ? 'obsolete' : 'approved';
  if (wasReleased && textChanged && typeof before.version === 'number' && !(typeof entry.version === 'number' && entry.version > before.version)) {
    entry.version = before.version + 1;
  }
  if (textChanged || !wasReleased || !entry.approved) entry.approved = today;
  if (!entry.effective || String(entry.effective) < String(entry.approved)) entry.effective = entry.approved;
  if (withdrawing && !entry.withdrawn) entry.withdrawn = today;

  const summary = typeof entry.change_summary === 'string' ? entry.change_summary.trim() : '';
  if (textChanged && summary === '') {
    problems.push(problem('change_summary', 'schema', 'write what changed in this version in "Changes in this version"'));
  } else if (wasReleased && textChanged && summary === String(before.change_summary ?? '').trim()) {
    problems.push(problem('change_summary', 'change-control', `"Changes in this version" still says what changed in version ${String(before.version)}: say what this change does`));
  }
  const text = writeDocumentFile(entry);
  return { text, problems: [...problems, ...documentProblems(file, text, context)] };
}

/** Every problem the checker would report for this one file: fields, text safety, ID, references to other documents. */
export function documentProblems(file: string, text: string, context: WorkflowContext): WorkflowProblem[] {
  const found: Problem[] = [];
  const doc = parseDocument(file, text, context.clauses, found);
  const raw: { field: string; rule: RuleId; message: string; line?: number }[] = [...found, ...documentGuardFindings(file, text)];
  if (doc) {
    const { id } = doc.data;
    const holder = context.knownIds.get(id);
    if (holder !== undefined && holder !== file) raw.push({ field: 'id', rule: 'duplicate-id', message: `${id} is already used by ${holder}` });
    const previous = [...context.knownIds].find(([, path]) => path === file)?.[0];
    if (previous !== undefined && previous !== id) {
      raw.push({ field: 'id', rule: 'schema', message: `this document is ${previous}: an ID is permanent; to replace the document, create a new one that supersedes ${previous}` });
    }
    raw.push(...referenceFindings(doc, text, new Set([...context.knownIds.keys(), id])));
  }
  // A line in the text is numbered as the controller sees the text field, which starts after the blank line.
  const textStart = splitFrontmatter(text).bodyLine + 1;
  return raw.map((p) => problem(p.field, p.rule, p.field === 'body' && p.line !== undefined ? `line ${p.line - textStart + 1}: ${p.message}` : p.message));
}

/** The problems of the organization settings file as it would be written. */
export function settingsProblems(text: string, clauses: ClauseLookup): WorkflowProblem[] {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    return [problem('', 'yaml-syntax', (error as Error).message.split('\n')[0])];
  }
  const parsed = settingsSchema.safeParse(value ?? {}, { reportInput: true });
  if (!parsed.success) return problemsFromZod('settings', parsed.error, yamlLineFinder(text, 1)).map((p) => problem(p.field, 'settings', p.message));
  return parsed.data.exclusions.flatMap((exclusion, i) => [
    ...(clauses.has(exclusion.clause) ? [] : [problem(`exclusions.${i}.clause`, 'settings', `unknown clause "${exclusion.clause}"`)]),
    ...(exclusion.justification.trim() === '' ? [problem(`exclusions.${i}.justification`, 'exclusion-unjustified', `clause ${exclusion.clause} is excluded without a justification`)] : []),
  ]);
}

/** Blank values dropped at every depth: an empty optional field is absent, as the schemas expect. */
export function withoutBlanks<T>(value: T): T {
  if (Array.isArray(value)) return value.filter((v) => !isBlank(v)).map(withoutBlanks) as T;
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => !isBlank(v)).map(([k, v]) => [k, withoutBlanks(v)])) as T;
  }
  return value;
}

/** One line a problem, as the checker words it: `field: message (CODE)`. */
export function formatProblems(problems: readonly WorkflowProblem[]): string {
  return problems.map((p) => `${p.field ? `${p.field}: ` : ''}${p.message} (${p.code})`).join('\n');
}

function problem(field: string, rule: RuleId, message: string): WorkflowProblem {
  return { field, message, code: RULES[rule].code, hint: RULES[rule].hint };
}

const normalizeBody = (body: unknown) => String(body ?? '').replace(/\r\n/g, '\n').replace(/[ \t]+$/gm, '').trim();
