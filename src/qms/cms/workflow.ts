import { checkConfiguration, checkDocument, checkPublication } from '../check/run.ts';
import type { DocumentContext } from '../check/rules/rule.ts';
import { today, type IsoDate } from '../base/dates.ts';
import type { Finding } from '../findings/finding.ts';
import { configurationOfSettings } from '../load/configuration.ts';
import { parseDocument } from '../load/document.ts';
import { readDocumentSource, readYamlSource } from '../load/source.ts';
import { LAYOUT } from '../base/layout.ts';
import { escapeMdxText } from '../mdx/normalize.ts';
import type { ClauseIndex } from '../catalogue.ts';
import type { ClauseLookup } from '../schemas/document.ts';
import { isBlank, readDocumentFile, writeDocumentFile, type DocumentEntry } from './document-file.ts';

/**
 * The editorial workflow's rules, the same in every backend. Saving a change keeps it a draft on its own
 * branch; publishing it is the approval, and sets the status, version and approval dates consistently.
 * Both run the checker's rules on the exact file that will be written, and refuse it with the checker's
 * messages: the CMS never writes a document that `npm run check` would refuse.
 */

export interface WorkflowContext {
  clauses: ClauseLookup;
  /** The documented-information items of the catalogues, when known. */
  documentedInformation?: ReadonlySet<string>;
  /** The organization's departments, when known. */
  departments?: ReadonlySet<string>;
  /** The documents of the manual as published: ID → file. */
  knownIds: ReadonlyMap<string, string>;
}

export interface Outcome {
  /** The file to write. */
  text: string;
  problems: Finding[];
}

/** The checker's context for a document saved in the CMS: the published IDs, and the ID each file was published with. */
function documentContext(context: WorkflowContext): DocumentContext {
  const idOfFile = new Map([...context.knownIds].map(([id, file]) => [file, id]));
  return {
    clauses: context.clauses,
    documentedInformation: context.documentedInformation,
    departments: context.departments,
    knownIds: new Set(context.knownIds.keys()),
    filesWithId: (id) => (context.knownIds.has(id) ? [context.knownIds.get(id)!] : []),
    publishedIdOf: (file) => idOfFile.get(file),
  };
}

/**
 * What saving does to a document's fields: the status becomes draft (or stays obsolete, a withdrawal waiting
 * for approval), and braces and angle brackets typed as text are escaped. The file written from them is
 * then checked whole by `documentProblems` before it reaches the repository.
 */
export function draftEntry(entry: DocumentEntry, day: IsoDate = today()): DocumentEntry {
  const withdrawing = entry.status === 'obsolete';
  return {
    ...entry,
    status: withdrawing ? 'obsolete' : 'draft',
    // A withdrawal waiting for approval carries the day it was asked for; the approval sets the day it takes effect.
    ...(withdrawing && isBlank(entry.withdrawn) ? { withdrawn: day } : {}),
    body: escapeMdxText(String(entry.body ?? '')),
  };
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
  // Attached files are parts of the document: changing one is a change to the document, like its text.
  const textChanged = !before || normalizeBody(before.body) !== normalizeBody(entry.body) || attachmentsKey(before.attachments) !== attachmentsKey(entry.attachments);

  const withdrawing = entry.status === 'obsolete';
  entry.status = withdrawing ? 'obsolete' : 'approved';
  if (wasReleased && textChanged && typeof before.version === 'number' && !(typeof entry.version === 'number' && entry.version > before.version)) {
    entry.version = before.version + 1;
  }
  if (textChanged || !wasReleased || !entry.approved) entry.approved = today;
  if (!entry.effective || String(entry.effective) < String(entry.approved)) entry.effective = entry.approved;
  // A withdrawal takes effect the day it is approved; an obsolete document published again keeps its date.
  if (withdrawing && (before?.status !== 'obsolete' || !entry.withdrawn)) entry.withdrawn = today;

  const text = writeDocumentFile(entry);
  const problems = checkPublication({
    file,
    previous: before ? { version: numberOr(before.version), changeSummary: textOr(before.change_summary), released: wasReleased } : null,
    next: { version: numberOr(entry.version), changeSummary: textOr(entry.change_summary) },
    textChanged,
  });
  return { text, problems: [...problems, ...documentProblems(file, text, context)] };
}

const numberOr = (value: unknown) => (typeof value === 'number' ? value : undefined);
const textOr = (value: unknown) => (typeof value === 'string' ? value : value === undefined || value === null ? undefined : String(value));

/**
 * Every problem the checker would report for this one file, from the registry's rules that read one
 * document: fields, text safety, ID, references to other documents. A line of the text is numbered as
 * the controller sees the text field, which starts after the blank line below the fields.
 */
export function documentProblems(file: string, text: string, context: WorkflowContext): Finding[] {
  const source = readDocumentSource(file, text);
  const findings = checkDocument({ source, parsed: parseDocument(source, context.clauses), context: documentContext(context) });
  const textStart = source.bodyLine + 1;
  return findings.map((f) => (f.field === 'body' ? { ...f, message: `line ${f.line - textStart + 1}: ${f.message}` } : f));
}

/** The problems of the organization settings file as it would be written, from the registry's settings rules. */
export function settingsProblems(text: string, index: ClauseIndex): Finding[] {
  return checkConfiguration(configurationOfSettings(readYamlSource(LAYOUT.settings, text), index));
}

/** A person as a commit trailer names them: `Ana Silva <ana@hospital.example>`. */
export interface TrailerPerson {
  name: string;
  email?: string;
}

/**
 * The message of the approval commit: what was approved, and who did what, as Git trailers that the
 * revision history and the change record read (Approved-by: the person who published; Review-requested-by
 * and Ready-by: who moved the change through the workflow, when the host records it).
 */
export function approvalMessage(
  document: { id?: unknown; version?: unknown; title?: unknown; status?: unknown },
  people: { approvedBy?: TrailerPerson; reviewRequestedBy?: TrailerPerson; readyBy?: TrailerPerson },
): string {
  const subject =
    document.status === 'obsolete'
      ? `Approve withdrawal of ${String(document.id)}: ${String(document.title)}`
      : `Approve ${String(document.id)} version ${String(document.version)}: ${String(document.title)}`;
  const person = (p: TrailerPerson) => `${p.name.replace(/[\r\n<>]/g, ' ').trim()}${p.email ? ` <${p.email}>` : ''}`;
  const trailers = [
    ...(people.reviewRequestedBy ? [`Review-requested-by: ${person(people.reviewRequestedBy)}`] : []),
    ...(people.readyBy ? [`Ready-by: ${person(people.readyBy)}`] : []),
    ...(people.approvedBy ? [`Approved-by: ${person(people.approvedBy)}`] : []),
  ];
  return trailers.length > 0 ? `${subject}\n\n${trailers.join('\n')}` : subject;
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
export function formatProblems(problems: readonly Finding[]): string {
  return problems.map((p) => `${p.field ? `${p.field}: ` : ''}${p.message} (${p.code})`).join('\n');
}

/** The attached files of a document, as what they are: their paths and fingerprints. */
const attachmentsKey = (attachments: unknown) =>
  JSON.stringify((Array.isArray(attachments) ? attachments : []).map((a) => [a?.file ?? null, a?.sha256 ?? null]));

const normalizeBody = (body: unknown) => String(body ?? '').replace(/\r\n/g, '\n').replace(/[ \t]+$/gm, '').trim();
