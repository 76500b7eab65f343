import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { finding, ManualError, type Finding } from '../findings/finding.ts';
import { LAYOUT } from '../base/layout.ts';
import { decodeText } from '../base/encoding.ts';
import { idKey } from '../base/ids.ts';
import type { Settings } from '../schemas/settings.ts';
import type { ClauseIndex } from '../catalogue.ts';
import { loadAttachmentFiles, type AttachmentFile } from './attachments.ts';
import { readCatalogues, readConfiguration, type Configuration } from './configuration.ts';
import { parseDocument, type ControlledDocument, type ParsedDocument } from './document.ts';
import { readDocumentSource, readYamlSource, type SourceFile } from './source.ts';

/**
 * The project folder. Astro bundles the pages into dist/.prerender before running them, so a path
 * relative to a module would point there: the build always runs from the project root instead.
 */
export function projectRoot(): string {
  return process.env.QMS_ROOT ?? process.cwd();
}

export interface Manual {
  settings: Settings;
  index: ClauseIndex;
  configuration: Configuration;
  /** The valid documents, the first file of each ID. */
  documents: ControlledDocument[];
  /** Each document file as read and validated, by path. */
  parsed: Map<string, ParsedDocument>;
  /** Every problem the reading found (configuration, frontmatter, duplicate IDs), all at once. */
  problems: Finding[];
  /** Every file read (documents, settings, catalogues), by path: each was read once, and findings point into it. */
  sources: Map<string, SourceFile>;
  /** The ID each document file declares, read even when the rest of its frontmatter is invalid. */
  declaredIds: Map<string, string>;
  /** The files in public/attachments/, fingerprinted, by the path they are served at. */
  attachments: Map<string, AttachmentFile>;
  /** Files under content/docs that are not documents (a .MDX, a .docx): the site would ignore them. */
  ignoredFiles: string[];
}

/** Documents are .md and .mdx files, exactly: the site's content collection reads no other (not .MDX). */
export const isDocumentFile = (file: string) => file.endsWith('.mdx') || file.endsWith('.md');

/** Every file under content/docs, sorted, relative to the root (hidden files such as .gitkeep left out). */
function contentFiles(root: string): string[] {
  const dir = join(root, LAYOUT.documents);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

/** The document files under content/docs: .md and .mdx, sorted, relative to the root. */
export function listDocumentFiles(root: string): string[] {
  return contentFiles(root).filter(isDocumentFile);
}

function catalogueFiles(root: string): string[] {
  const dir = join(root, LAYOUT.standards);
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort().map((f) => `${LAYOUT.standards}/${f}`) : [];
}

/**
 * The settings and catalogues, read once per process for as long as their files are unchanged: the
 * content collection, the pages and /admin of one build all ask for them, and a dev server sees an
 * edit on the next request. Kept on globalThis because Astro evaluates the content config and the
 * pages as separate module graphs in one process.
 */
const CONFIGURATIONS = Symbol.for('qms-manual.configurations');
type ConfigurationMemo = Map<string, { stamp: string; configuration: Configuration }>;

export function loadConfiguration(root: string): Configuration {
  const memo = ((globalThis as Record<symbol, unknown>)[CONFIGURATIONS] ??= new Map()) as ConfigurationMemo;
  const files = [LAYOUT.settings, ...catalogueFiles(root)];
  const stamp = files.map((file) => {
    const stat = existsSync(join(root, file)) ? statSync(join(root, file)) : undefined;
    return `${file}:${stat ? `${stat.size}:${stat.mtimeMs}` : '-'}`;
  }).join('|');
  const known = memo.get(root);
  if (known?.stamp === stamp) return known.configuration;
  const read = (file: string) => (existsSync(join(root, file)) ? readYamlSource(file, readFileSync(join(root, file), 'utf8')) : undefined);
  const configuration = readConfiguration(read(LAYOUT.settings), files.slice(1).map((file) => read(file)!));
  memo.set(root, { stamp, configuration });
  return configuration;
}

/** The clause catalogues of a project, read from disk, with every problem found in them. */
export function loadCatalogues(root: string, primaryStandard: string): ReturnType<typeof readCatalogues> {
  return readCatalogues(catalogueFiles(root).map((file) => readYamlSource(file, readFileSync(join(root, file), 'utf8'))), primaryStandard);
}

/** The findings for a second file that declares an ID already used: the first file keeps it. */
export function duplicateIdFinding(source: SourceFile, id: string, first: string): Finding {
  return finding('duplicate-id', { file: source.file, line: source.positions.lineOf(['id']), field: 'id' }, `duplicate ID ${id}: ${first} already uses it`);
}

/**
 * Reads the whole manual from disk, each file once, collecting every problem rather than stopping at the
 * first: settings, catalogues and `files` (the document files, listed here unless the caller has them).
 */
export function loadManual(root: string, files: readonly string[] = listDocumentFiles(root)): Manual {
  const configuration = loadConfiguration(root);
  const { settings, index } = configuration;
  const problems: Finding[] = [...configuration.findings];
  const sources = new Map<string, SourceFile>();
  for (const source of [configuration.settingsSource, ...configuration.catalogueSources]) if (source) sources.set(source.file, source);
  const declaredIds = new Map<string, string>();
  const parsed = new Map<string, ParsedDocument>();
  const documents: ControlledDocument[] = [];
  // Duplicates are found from the declared IDs, so an invalid first file cannot hide a second one.
  const firstFileOf = new Map<string, string>();
  for (const file of files) {
    const { text, encoding } = decodeText(readFileSync(join(root, file)));
    const source = readDocumentSource(file, text, encoding);
    sources.set(file, source);
    const result = parseDocument(source, index);
    parsed.set(file, result);
    problems.push(...result.findings);
    const doc = result.document;
    const id = doc?.data.id ?? source.declaredId;
    if (id) declaredIds.set(file, id);
    const first = id ? firstFileOf.get(idKey(id)) : undefined;
    if (id && first) {
      problems.push(duplicateIdFinding(source, id, first));
      continue;
    }
    if (id) firstFileOf.set(idKey(id), file);
    if (doc) documents.push(doc);
  }
  const ignoredFiles = contentFiles(root).filter((file) => !isDocumentFile(file));
  return { settings, index, configuration, documents, parsed, problems, sources, declaredIds, attachments: loadAttachmentFiles(root), ignoredFiles };
}

/** Like `loadManual`, but throws one error listing every problem. */
export function loadManualOrThrow(root: string): Manual {
  const manual = loadManual(root);
  if (manual.problems.length > 0) throw new ManualError(manual.problems);
  return manual;
}
