/**
 * `npm run import -- <files or folders> [options]`: existing Markdown and Word documents made controlled
 * drafts of the manual, with a report of what a person must complete before approval.
 * Thin on purpose: parse arguments, call src/qms/import, print, return the exit code.
 * Exit status: 0 every document imported, 1 some file could not be, 2 usage error.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { typeFromWord } from '../src/qms/import/document-type.ts';
import { collectSources, existingDocumentIds, isManual, writeImport } from '../src/qms/import/files.ts';
import { importDocuments } from '../src/qms/import/import.ts';
import { parseMapping, type MappingRule } from '../src/qms/import/mapping.ts';
import { formatImportReport } from '../src/qms/import/report.ts';
import { DOCUMENT_TYPES, type DocumentType } from '../src/qms/schemas/document.ts';
import { processIo, readArguments, usageError, type CommandIo } from './cli.ts';

const USAGE = `Usage: npm run import -- <files or folders> [options]

  Imports Markdown (.md, .markdown) and Word (.docx) documents as drafts into content/docs/.

  --dry-run         print what would be written, and write nothing
  --into DIR        the manual's project folder; default: the current folder
  --map FILE        a YAML file of patterns and types, with optional owner, departments and clauses:
                      "Policies/**": policy
                      "*checklist*": { type: form, owner: Theatre Manager }
  --type TYPE       the type of a file whose name, folder and mapping say none
                    (${DOCUMENT_TYPES.join(', ')})
  --help            show this help
`;

export type Io = CommandIo;

export async function main(argv: string[], io: Io): Promise<number> {
  const usage = (message: string) => usageError(io, 'qms-import', USAGE, message);
  const args = readArguments(
    {
      args: argv,
      options: {
        'dry-run': { type: 'boolean', default: false },
        into: { type: 'string' },
        map: { type: 'string' },
        type: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: true,
    },
    io,
    'qms-import',
    USAGE,
  );
  if (typeof args === 'number') return args;
  const { values, positionals } = args;
  if (positionals.length === 0) return usage('name the files or folders to import');

  const root = values.into === undefined ? io.projectRoot : resolve(io.cwd, values.into);
  if (!isManual(root)) return usage(`${root} is not a manual's project folder (it has no content/docs or content/settings): give it with --into`);

  let defaultType: DocumentType | undefined;
  if (values.type !== undefined) {
    defaultType = typeFromWord(values.type);
    if (defaultType === undefined) return usage(`--type must be one of ${DOCUMENT_TYPES.join(', ')}, found "${values.type}"`);
  }

  let mapping: MappingRule[] | undefined;
  if (values.map !== undefined) {
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, values.map), 'utf8');
    } catch (error) {
      return usage(`cannot read the mapping file ${values.map}: ${(error as Error).message}`);
    }
    const read = parseMapping(text);
    if ('error' in read) return usage(`the mapping file ${values.map}: ${read.error}`);
    mapping = read.rules;
  }

  const collected = collectSources(positionals, io.cwd);
  if (collected.missing.length > 0) return usage(`not found: ${collected.missing.join(', ')}`);
  if (collected.sources.length === 0 && collected.unreadable.length === 0) return usage(`no Markdown (.md, .markdown) or Word (.docx) files in ${positionals.join(', ')}`);

  const result = await importDocuments(collected.sources, { existingIds: existingDocumentIds(root), mapping, defaultType, findLinked: collected.findLinked });
  result.failures.unshift(...collected.unreadable);
  const notWritten = values['dry-run'] ? [] : writeImport(root, result.documents);
  io.stdout(formatImportReport(result, { dryRun: values['dry-run'], notWritten }));
  if (collected.otherFiles > 0) io.stdout(`${collected.otherFiles} other file${collected.otherFiles === 1 ? '' : 's'} in the folders (images, PDFs...) ${collected.otherFiles === 1 ? 'is' : 'are'} not a document: attached only where a document links to ${collected.otherFiles === 1 ? 'it' : 'them'}.\n`);
  return result.failures.length + notWritten.length > 0 ? 1 : 0;
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2), processIo());
}
