import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { declaredId, splitFrontmatter } from '../base/frontmatter.ts';
import { LAYOUT } from '../base/layout.ts';
import { listDocumentFiles } from '../load/manual.ts';
import type { ImportedDocument, ImportFailure, LinkedFile, SourceFile, SourceFormat } from './import.ts';

/**
 * The import's reading and writing of files, kept apart from the conversion (src/qms/import/import.ts),
 * which gets bytes and gives back texts.
 */

const FORMATS: Record<string, SourceFormat> = { '.md': 'markdown', '.markdown': 'markdown', '.docx': 'word' };

/** Files that are documents the import cannot read, and what to do instead. */
const CANNOT_READ: Record<string, string> = {
  '.doc': 'a Word 97-2003 document (.doc) cannot be read: open it in Word and save it as a Word Document (.docx)',
  '.dot': 'a Word template cannot be read: save it from Word as a Word Document (.docx)',
  '.dotx': 'a Word template cannot be read: save it from Word as a Word Document (.docx)',
  '.docm': 'a macro-enabled Word document cannot be read: save it from Word as a Word Document (.docx), without macros',
  '.odt': 'an OpenDocument text cannot be read: save it as a Word Document (.docx)',
  '.rtf': 'a Rich Text file cannot be read: open it in Word and save it as a Word Document (.docx)',
  '.pages': 'a Pages document cannot be read: export it as a Word Document (.docx)',
};

export interface CollectedSources {
  sources: SourceFile[];
  /** Documents in a format the import cannot read, with what to do. */
  unreadable: ImportFailure[];
  /** Paths given that do not exist. */
  missing: string[];
  /** Other files in the folders (images, PDFs): attached only when a document links to them. */
  otherFiles: number;
  findLinked: (from: SourceFile, path: string) => LinkedFile | undefined;
}

/** The Markdown and Word files named, and those in the folders named (hidden files and Word's ~$ lock files left out). */
export function collectSources(paths: readonly string[], cwd: string): CollectedSources {
  const collected: CollectedSources = { sources: [], unreadable: [], missing: [], otherFiles: 0, findLinked: () => undefined };
  const shown = (file: string) => {
    const inside = relative(cwd, file);
    return (inside.startsWith('..') || isAbsolute(inside) ? file : inside).split(sep).join('/');
  };
  // Each source may link only to files inside what was named: its folder, or for a file named alone, its own folder.
  const scopeOf = new Map<string, { file: string; scope: string }>();

  const add = (file: string, scope: string, topFolder: string | undefined, named: boolean) => {
    const extension = extname(file).toLowerCase();
    const format = FORMATS[extension];
    const name = basename(file);
    if (name.startsWith('~$') || scopeOf.has(shown(file))) return;
    if (format === undefined) {
      if (CANNOT_READ[extension] || named) collected.unreadable.push({ source: shown(file), reason: CANNOT_READ[extension] ?? 'it is not a Markdown (.md, .markdown) or Word (.docx) file' });
      else collected.otherFiles++;
      return;
    }
    const relativePath = (topFolder === undefined ? name : relative(topFolder, file)).split(sep).join('/');
    const folders = topFolder === undefined ? [basename(dirname(file))] : [...relativePath.split('/').slice(0, -1).reverse(), basename(topFolder)];
    const source: SourceFile = { path: shown(file), relativePath, folders, format, bytes: readFileSync(file) };
    scopeOf.set(source.path, { file, scope });
    collected.sources.push(source);
  };

  for (const given of paths) {
    const path = resolve(cwd, given);
    if (!existsSync(path)) {
      collected.missing.push(given);
      continue;
    }
    if (statSync(path).isDirectory()) {
      for (const file of filesUnder(path)) add(file, path, path, false);
    } else {
      add(path, dirname(path), undefined, true);
    }
  }

  collected.findLinked = (from, link) => {
    const known = scopeOf.get(from.path);
    if (known === undefined || link === '') return undefined;
    const target = resolve(dirname(known.file), link.replace(/\\/g, '/'));
    const inside = relative(known.scope, target);
    if (inside.startsWith('..') || isAbsolute(inside) || !existsSync(target) || !statSync(target).isFile()) return undefined;
    return { path: shown(target), name: basename(target), bytes: readFileSync(target) };
  };
  return collected;
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !relative(folder, file).split(sep).some((part) => part.startsWith('.')))
    .sort();
}

/** Whether a folder holds a manual: its documents folder or its settings. */
export function isManual(root: string): boolean {
  return existsSync(join(root, LAYOUT.documents)) || existsSync(join(root, LAYOUT.settings));
}

/** The IDs the manual's document files declare (read line by line, so a file with other mistakes still counts). */
export function existingDocumentIds(root: string): string[] {
  return listDocumentFiles(root)
    .map((file) => declaredId(splitFrontmatter(readFileSync(join(root, file), 'utf8').replace(/\r\n/g, '\n')).frontmatter))
    .filter((id): id is string => id !== undefined);
}

/**
 * Writes the documents and their attached files. Nothing is overwritten: a document whose file or an
 * attached file is already there is not written at all, and comes back as not imported.
 */
export function writeImport(root: string, documents: readonly ImportedDocument[]): ImportFailure[] {
  const refused: ImportFailure[] = [];
  for (const document of documents) {
    const targets = [document.file, ...document.attachments.map((a) => a.file)];
    const present = targets.filter((file) => existsSync(join(root, file)));
    if (present.length > 0) {
      refused.push({ source: document.source, reason: `${present.join(', ')} already exists; nothing was overwritten` });
      continue;
    }
    for (const attachment of document.attachments) write(join(root, attachment.file), attachment.bytes);
    write(join(root, document.file), document.text);
  }
  return refused;
}

function write(file: string, content: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content, { flag: 'wx' });
}
