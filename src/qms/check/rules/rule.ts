import type { ManualAnalysis } from '../../analysis.ts';
import type { Finding, Place } from '../../findings/finding.ts';
import type { RuleId, RuleInfo } from '../../findings/rules.ts';
import type { ManualHistory } from '../../history/types.ts';
import type { Configuration } from '../../load/configuration.ts';
import type { ParsedDocument } from '../../load/document.ts';
import type { Manual } from '../../load/manual.ts';
import type { SourceFile } from '../../load/source.ts';
import type { ClauseLookup } from '../../schemas/document.ts';

/*
 * What a rule reads, and the shape of its function. A rule reads one or more of:
 * - `text`: one document file's text alone (what the build's guard can check before anything loads);
 * - `document`: one document against the manual's catalogues and IDs (the CMS checks a save with these);
 * - `configuration`: the settings and catalogues;
 * - `manual`: every document at the as-of date (coverage, reviews, supersession);
 * - `history`: the Git history of the documents;
 * - `publication`: one change being published in the CMS, against the version published before.
 */

/** Makes a finding of the rule being run; `found.rule` is its ID. */
export interface Found {
  (at: Place, message: string): Finding;
  readonly rule: RuleId;
}

export type Check<Input> = (input: Input, found: Found) => readonly Finding[];

/** What a document is checked against besides itself. */
export interface DocumentContext {
  clauses: ClauseLookup;
  /** The documented-information items of the catalogues; undefined when not known (nothing is checked). */
  documentedInformation?: ReadonlySet<string>;
  /** The organization's departments (settings); undefined or empty when any name is accepted. */
  departments?: ReadonlySet<string>;
  /** Every ID in the manual, including those of documents whose frontmatter is invalid. */
  knownIds: ReadonlySet<string>;
  /** The files that declare an ID, or one that differs from it only by leading zeros, in path order. */
  filesWithId(id: string): readonly string[];
  /** The ID a file declares, when known. */
  idOfFile?(file: string): string | undefined;
  /** The ID the file had when it was last published, when known (the CMS knows it; a checkout does not). */
  publishedIdOf?(file: string): string | undefined;
}

export interface DocumentInput {
  source: SourceFile;
  parsed: ParsedDocument;
  context: DocumentContext;
}

export interface ManualInput {
  manual: Manual;
  analysis: ManualAnalysis;
}

export interface HistoryInput {
  manual: Manual;
  history: ManualHistory;
}

/** A change about to be published: the document as it will be written, and the version published before it. */
export interface PublicationInput {
  file: string;
  /** The published version, or null for a new document. */
  previous: { version: number | undefined; changeSummary: string | undefined; released: boolean } | null;
  next: { version: number | undefined; changeSummary: string | undefined };
  /** The body differs from the published version's (always true for a new document). */
  textChanged: boolean;
}

export interface Checks {
  text?: Check<SourceFile>;
  document?: Check<DocumentInput>;
  configuration?: Check<Configuration>;
  manual?: Check<ManualInput>;
  history?: Check<HistoryInput>;
  publication?: Check<PublicationInput>;
}

export type Scope = keyof Checks;

/** A rule: its facts from the rule table, and the function for each thing it reads. */
export interface Rule extends RuleInfo {
  id: RuleId;
  checks: Checks;
  /** What the rule reads, in words: shown by `npm run check -- --list-rules`. */
  reads: Scope[];
}
