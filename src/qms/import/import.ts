import { LAYOUT } from '../base/layout.ts';
import { splitFrontmatter } from '../base/frontmatter.ts';
import { nextFreeId, TYPE_FOLDER } from '../cms/config.ts';
import { writeDocumentFile, type DocumentEntry } from '../cms/document-file.ts';
import type { Finding } from '../findings/finding.ts';
import { escapeMdxText } from '../mdx/normalize.ts';
import { mdxSafetyFindings } from '../mdx/safety.ts';
import { ID_PREFIX, TYPE_LABEL, type DocumentType } from '../schemas/document.ts';
import { AttachedFiles, decodeDataUrl, type AttachedFile } from './attachments.ts';
import { fieldsToComplete, findPlaceholders, startsWithControlTable, type Placeholder } from './checklist.ts';
import type { BodyLinks, ConversionNote } from './conversion.ts';
import { formerNumber, titleFromFileName, typeFromPath } from './document-type.ts';
import { htmlToMdast, writeMarkdown } from './html-to-markdown.ts';
import { ruleFor, type MappingRule } from './mapping.ts';
import { convertMarkdown, decodeMarkdown } from './markdown.ts';
import { readWordFile, wordToHtml, WordFileError, type WordFile } from './word.ts';

/**
 * Existing documents (Markdown and Word) made controlled drafts: a type, the next free ID of that type,
 * version 1, status draft, a body the checker accepts, their images and linked files attached. Nothing
 * is read from or written to disk here: the caller hands over the files' bytes and a way to find the
 * files they link to, and writes what comes back (src/qms/import/files.ts, scripts/import.ts).
 */

export type SourceFormat = 'markdown' | 'word';

export interface SourceFile {
  /** The path as the report shows it. */
  path: string;
  /** The path inside the folder named on the command line (the file name, for a file named alone): what mapping patterns match. */
  relativePath: string;
  /** The folders above the file, nearest first, ending with the folder named on the command line. */
  folders: string[];
  format: SourceFormat;
  bytes: Uint8Array;
}

/** A file a source links to or shows, found next to it. */
export interface LinkedFile {
  /** Comparable with SourceFile.path: a link to another imported document becomes a link to its page. */
  path: string;
  name: string;
  bytes: Uint8Array;
}

export interface ImportOptions {
  /** IDs of the documents already in the manual: new ones continue after them. */
  existingIds: readonly string[];
  mapping?: readonly MappingRule[];
  /** The type of a file whose name, folder and mapping say none (`--type`). */
  defaultType?: DocumentType;
  /** The file a relative link or image path of `from` points at, if there is one. */
  findLinked: (from: SourceFile, path: string) => LinkedFile | undefined;
}

export interface ImportedDocument {
  source: string;
  id: string;
  type: DocumentType;
  title: string;
  /** Where the type came from, for the report: 'the file name', 'mapping rule "Policies/**"', '--type'. */
  typeFrom: string;
  /** The document file to write, relative to the project root. */
  file: string;
  text: string;
  attachments: AttachedFile[];
  /** Frontmatter fields a person must fill in before approval. */
  complete: string[];
  notes: ConversionNote[];
  placeholders: Placeholder[];
  /** What the checker will refuse in the text until a person changes it (a script, a frame...). */
  refusals: Finding[];
}

export interface ImportFailure {
  source: string;
  reason: string;
}

export interface ImportResult {
  documents: ImportedDocument[];
  failures: ImportFailure[];
}

interface Typed {
  source: SourceFile;
  type: DocumentType;
  typeFrom: string;
  rule?: MappingRule;
  word?: WordFile;
  id?: string;
}

export async function importDocuments(sources: readonly SourceFile[], options: ImportOptions): Promise<ImportResult> {
  const failures: ImportFailure[] = [];
  const typed: Typed[] = [];
  for (const source of [...sources].sort((a, b) => a.path.localeCompare(b.path))) {
    const found = typeOf(source, options);
    if ('reason' in found) {
      failures.push({ source: source.path, reason: found.reason });
      continue;
    }
    // A Word file that cannot be opened fails before it takes an ID, so the numbers have no gaps.
    if (source.format === 'word') {
      try {
        found.word = await readWordFile(source.bytes);
      } catch (error) {
        if (!(error instanceof WordFileError)) throw error;
        failures.push({ source: source.path, reason: error.message });
        continue;
      }
    }
    typed.push(found);
  }

  const taken = [...options.existingIds];
  for (const item of typed) {
    item.id = nextFreeId(ID_PREFIX[item.type], taken);
    taken.push(item.id);
  }
  const idOfPath = new Map(typed.map((item) => [item.source.path, item.id!]));

  const documents: ImportedDocument[] = [];
  for (const item of typed) {
    try {
      documents.push(await convert(item, idOfPath, options));
    } catch (error) {
      failures.push({ source: item.source.path, reason: `the conversion failed: ${(error as Error).message}` });
    }
  }
  return { documents, failures };
}

function typeOf(source: SourceFile, options: ImportOptions): Typed | { reason: string } {
  const fileName = source.relativePath.slice(source.relativePath.lastIndexOf('/') + 1);
  const matched = options.mapping ? ruleFor(options.mapping, source.relativePath) : undefined;
  const rule = matched?.rule;
  if (rule?.type) return { source, type: rule.type, typeFrom: `the mapping "${rule.pattern}"`, rule };
  const fromPath = typeFromPath(fileName, source.folders);
  if (fromPath.type) return { source, type: fromPath.type, typeFrom: fromPath.from!, rule };
  if (options.defaultType) return { source, type: options.defaultType, typeFrom: '--type', rule };
  const ambiguous = fromPath.ambiguous.length > 0 ? ` (${fromPath.ambiguous.join('; ')})` : '';
  return { reason: `its type could not be told from its name or folder${ambiguous}: put policy, procedure, SOP, work instruction, WI or form in its name, map it with --map, or give --type` };
}

async function convert(item: Typed, idOfPath: ReadonlyMap<string, string>, options: ImportOptions): Promise<ImportedDocument> {
  const { source, type, rule } = item;
  const id = item.id!;
  const fileName = source.relativePath.slice(source.relativePath.lastIndexOf('/') + 1);
  const attached = new AttachedFiles(id);
  const notes: ConversionNote[] = [];
  const links = bodyLinks(source, attached, idOfPath, options, notes);

  let body: string;
  let title: string | undefined;
  if (item.word) {
    const { html, notes: wordNotes } = await wordToHtml(item.word);
    const converted = htmlToMdast(html, links, { takeTitle: true, shiftHeadings: true });
    body = writeMarkdown(converted.tree);
    title = converted.title;
    notes.push(...wordNotes, ...converted.notes);
  } else {
    const { text, notes: textNotes } = decodeMarkdown(source.bytes);
    const converted = convertMarkdown(text, links);
    body = converted.body;
    title = converted.title;
    notes.push(...textNotes, ...converted.notes);
  }
  title ??= titleFromFileName(fileName);
  if (title.length < 3) {
    // The schema wants three characters at least: "A.md" becomes "Policy A", for a person to rename.
    title = `${TYPE_LABEL[type]} ${title}`.trim();
    notes.push({ kind: 'check', message: `the title "${title}" was made from a short file name: give the document its real title` });
  }
  if (startsWithControlTable(body)) {
    notes.push({ kind: 'check', message: 'the text starts with a document-control table (version, owner, dates): put what it says in the fields, then remove it; the page shows the controlled header' });
  }

  const former = formerNumber(fileName);
  if (former) notes.push({ kind: 'check', message: `the file name carries the former number "${former}": if staff know the document by it, say so in the summary` });

  const entry: DocumentEntry = {
    id,
    title,
    type,
    version: 1,
    status: 'draft',
    ...(rule?.owner ? { owner: rule.owner } : {}),
    ...(rule?.clauses?.length ? { clauses: rule.clauses } : {}),
    ...(rule?.departments?.length ? { departments: rule.departments } : {}),
    change_summary: `Imported from ${fileName}.`,
    ...(attached.files.length > 0 ? { attachments: attached.files.map((f) => ({ file: f.href, sha256: f.sha256 })) } : {}),
    body: escapeMdxText(body),
  };
  const file = `${LAYOUT.documents}/${TYPE_FOLDER[type]}/${id}-${slugOf(title)}.mdx`;
  const text = writeDocumentFile(entry);
  const split = splitFrontmatter(text);
  return {
    source: source.path,
    id,
    type,
    title,
    typeFrom: item.typeFrom,
    file,
    text,
    attachments: attached.files,
    complete: fieldsToComplete(entry),
    notes: dedupe(notes),
    placeholders: findPlaceholders(split.body, split.bodyLine),
    refusals: mdxSafetyFindings(file, split.body, split.bodyLine, id),
  };
}

/**
 * Where links and images go: another imported document → its page; a file next to the source, or an
 * image inside it → an attached file; a web address, an #anchor or a page of the manual → as written.
 */
function bodyLinks(source: SourceFile, attached: AttachedFiles, idOfPath: ReadonlyMap<string, string>, options: ImportOptions, notes: ConversionNote[]): BodyLinks {
  let images = 0;
  const local = (url: string) => url !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(url) && !/^[/#?]/.test(url);
  const find = (url: string) => {
    const path = url.replace(/[?#].*$/, '');
    try {
      return options.findLinked(source, decodeURI(path));
    } catch {
      return options.findLinked(source, path);
    }
  };
  const attach = (name: string, bytes: Uint8Array) => {
    const href = attached.add(name, bytes);
    // An SVG opened on its own runs the scripts it holds, at the manual's address.
    if (href.endsWith('.svg')) notes.push({ kind: 'check', message: `${href} is an SVG image, which can hold scripts: check it, or replace it with a PNG` });
    return href;
  };
  return {
    link(href) {
      if (!local(href)) return undefined;
      const target = find(href);
      if (target === undefined) {
        notes.push({ kind: 'check', message: `a link to "${href}", a file not found in the folders imported: link the page of the document it means (/docs/<ID>/), or attach the file` });
        return undefined;
      }
      const id = idOfPath.get(target.path);
      if (id) return `/docs/${id}/`;
      if (/\.(md|markdown|docx?)$/i.test(target.name)) notes.push({ kind: 'check', message: `a link to "${href}", a document that was not imported with it: attached as a file; link its page once it is in the manual` });
      return attach(target.name, target.bytes);
    },
    image(src, alt) {
      if (alt === '') notes.push({ kind: 'check', message: 'an image has no description (alt text): add one for readers who cannot see it' });
      const data = decodeDataUrl(src);
      if (data) {
        images++;
        const named = alt.split(/\s+/).slice(0, 6).join(' ');
        return attach(`${named !== '' ? named : `image-${images}`}.${data.extension}`, data.bytes);
      }
      if (/^https?:/i.test(src)) {
        notes.push({ kind: 'check', message: `an image from another site (${src}): save it and attach it to the document; the manual shows only its own files` });
        return undefined;
      }
      if (!local(src)) return undefined;
      const target = find(src);
      if (target === undefined) {
        notes.push({ kind: 'lost', message: `the image "${src}" was not found in the folders imported: attach it` });
        return undefined;
      }
      return attach(target.name, target.bytes);
    },
  };
}

/** The file name's part after the ID: "Blood culture collection" → blood-culture-collection. */
export function slugOf(title: string): string {
  const slug = title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (slug.length <= 60) return slug || 'document';
  return slug.slice(0, 60).replace(/-[^-]*$/, '');
}

function dedupe(notes: ConversionNote[]): ConversionNote[] {
  const seen = new Set<string>();
  return notes.filter((note) => !seen.has(note.message) && seen.add(note.message) !== undefined);
}
