import { DOCUMENT_TYPES, TYPE_LABEL, type DocumentType } from '../schemas/document.ts';
import type { ImportedDocument, ImportFailure, ImportResult } from './import.ts';

/**
 * The import's report, for the document controller who finishes the drafts: per document, where it went
 * and what a person must complete or check before approval; then what could not be converted, and why.
 * Places are written `file:line`, as the checker writes them, so an editor opens them.
 */
export interface ReportOptions {
  /** Nothing was written: the report says what would be. */
  dryRun: boolean;
  /** Documents refused at writing time (a file already there), by source. */
  notWritten?: readonly ImportFailure[];
}

const PLURAL: Record<DocumentType, string> = { policy: 'policies', procedure: 'procedures', 'work-instruction': 'work instructions', form: 'forms' };

export function formatImportReport(result: ImportResult, options: ReportOptions): string {
  const notWritten = new Set((options.notWritten ?? []).map((f) => f.source));
  const documents = result.documents.filter((d) => !notWritten.has(d.source));
  const failures = [...result.failures, ...(options.notWritten ?? [])];
  const out: string[] = [];
  for (const document of documents) out.push(...documentReport(document, options.dryRun), '');

  if (failures.length > 0) {
    out.push(`Not imported (${failures.length}):`);
    for (const failure of failures) out.push(`  ${failure.source}: ${failure.reason}`);
    out.push('');
  }
  out.push(summary(documents, failures.length, options.dryRun));
  return `${out.join('\n')}\n`;
}

function documentReport(document: ImportedDocument, dryRun: boolean): string[] {
  const lines = [
    `${document.file}  ${dryRun ? 'would be written' : 'written'} from ${document.source}`,
    `  ${document.id} "${document.title}": ${TYPE_LABEL[document.type].toLowerCase()} (type from ${document.typeFrom}), draft, version 1${attachedFiles(document)}`,
    `  complete before approval: ${document.complete.join(', ')}`,
  ];
  for (const placeholder of document.placeholders) lines.push(`  ${document.file}:${placeholder.line}  fill in the placeholder ${placeholder.text}`);
  for (const note of document.notes.filter((n) => n.kind === 'lost')) lines.push(`  lost in conversion: ${note.message}`);
  for (const note of document.notes.filter((n) => n.kind === 'check')) lines.push(`  check: ${note.message}`);
  for (const refusal of document.refusals) lines.push(`  ${refusal.file}:${refusal.line}:${refusal.column}  refused by the checker until changed: ${refusal.code} ${refusal.message}`);
  return lines;
}

function attachedFiles(document: ImportedDocument): string {
  const n = document.attachments.length;
  return n === 0 ? '' : `, ${n} attached file${n === 1 ? '' : 's'} in ${document.attachments[0].file.replace(/\/[^/]*$/, '/')}`;
}

function summary(documents: readonly ImportedDocument[], failed: number, dryRun: boolean): string {
  const byType = DOCUMENT_TYPES.map((type) => [type, documents.filter((d) => d.type === type).length] as const)
    .filter(([, n]) => n > 0)
    .map(([type, n]) => `${n} ${n === 1 ? TYPE_LABEL[type].toLowerCase() : PLURAL[type]}`);
  const attachments = documents.reduce((n, d) => n + d.attachments.length, 0);
  const refused = documents.filter((d) => d.refusals.length > 0).length;
  const lines = [
    `${dryRun ? 'Would import' : 'Imported'} ${documents.length} document${documents.length === 1 ? '' : 's'} as drafts${byType.length > 0 ? ` (${byType.join(', ')})` : ''}` +
      `${attachments > 0 ? ` with ${attachments} attached file${attachments === 1 ? '' : 's'}` : ''}` +
      `${failed > 0 ? `; ${failed} file${failed === 1 ? '' : 's'} not imported (see above)` : ''}.`,
  ];
  if (refused > 0) lines.push(`${refused} document${refused === 1 ? ' has' : 's have'} text the checker refuses (a script, a frame...): change it before the manual can be built.`);
  if (dryRun) lines.push('Dry run: nothing was written.');
  else if (documents.length > 0) lines.push('Next: complete each draft (in the CMS or the file), then run npm run check.');
  return lines.join('\n');
}
