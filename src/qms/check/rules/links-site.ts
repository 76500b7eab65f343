import type { ClauseIndex } from '../../catalogue.ts';
import type { Manual } from '../../load/manual.ts';
import type { SourceFile } from '../../load/source.ts';
import { bodyFormatOf, mayHaveUrls, outlineBody, type BodyOutline, type BodyUrl } from '../../mdx/body-links.ts';

/*
 * What the built site serves, so a link in a document can be judged without building it: the fixed pages,
 * a page per document and per clause, and the anchors of each document's headings. Made once per run and
 * per manual (a 5,000-document manual is read once), each document's body parsed only when first needed.
 */

/** The site's own pages, besides /docs/<ID>/ and /clauses/<ref>/ (src/pages/; a test holds the two together). */
export const SITE_PAGES = ['/', '/register/', '/clauses/', '/reviews/', '/changes/', '/register.csv', '/reviews.ics', '/changes.xml', '/admin/'] as const;

// The page URLs of src/qms/views/urls.ts (docUrl, clauseUrl), which check/ cannot import from the layer above.
const pageOfDocument = (id: string) => `/docs/${id}/`;
const pageOfClause = (ref: string) => `/clauses/${ref.replace(':', '/')}/`;

/** The documents' files and IDs, as `Manual` has them: every file that declares an ID, and every valid document. */
export interface DocumentFiles {
  declaredIds: ReadonlyMap<string, string>;
  documents: readonly { file: string; data: { id: string } }[];
}

export interface SiteMap {
  /** Every page: the site's own, /docs/<ID>/ and /clauses/<ref>/. */
  pages: ReadonlySet<string>;
  /** The ID each document file declares, by its path from the project root. */
  idOfFile: ReadonlyMap<string, string>;
  ids: ReadonlySet<string>;
  /** The document files of each file name (`SOP-004-hand-hygiene.mdx`), in whatever folder. */
  filesNamed(name: string): readonly string[];
  /** The anchors of a document's page; undefined for an ID the manual does not have. */
  anchorsOf(id: string): ReadonlySet<string> | undefined;
}

const siteMaps = new WeakMap<Manual, SiteMap>();

export function siteMapOf(manual: Manual): SiteMap {
  let site = siteMaps.get(manual);
  if (site) return site;
  const idOfFile = documentIds(manual);
  // The page of an ID shows its first file (a second file with the same ID is a duplicate-id finding).
  const fileOfId = new Map<string, string>();
  for (const [file, id] of [...idOfFile].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) if (!fileOfId.has(id)) fileOfId.set(id, file);
  for (const doc of manual.documents) fileOfId.set(doc.data.id, doc.file);
  const pages = new Set<string>([...SITE_PAGES, ...[...fileOfId.keys()].map(pageOfDocument), ...manual.index.all().map((clause) => pageOfClause(clause.ref))]);
  const byName = new Map<string, string[]>();
  for (const file of idOfFile.keys()) {
    const name = file.slice(file.lastIndexOf('/') + 1);
    byName.set(name, [...(byName.get(name) ?? []), file]);
  }
  site = {
    pages,
    idOfFile,
    ids: new Set(fileOfId.keys()),
    filesNamed: (name) => byName.get(name) ?? [],
    anchorsOf: (id) => {
      const source = manual.sources.get(fileOfId.get(id) ?? '');
      return source && outlineOf(source).anchors;
    },
  };
  siteMaps.set(manual, site);
  return site;
}

/** Every file that declares an ID, and every valid document (whose `id:` line the declared-ID pattern may miss). */
export function documentIds(documents: DocumentFiles): Map<string, string> {
  const idOfFile = new Map(documents.declaredIds);
  for (const doc of documents.documents) idOfFile.set(doc.file, doc.data.id);
  return idOfFile;
}

/** The addresses in a document's text, each with where it is written. */
export function urlsOf(source: SourceFile): readonly BodyUrl[] {
  return mayHaveUrls(source.body) ? outlineOf(source).urls : [];
}

const outlines = new WeakMap<SourceFile, BodyOutline>();

/** A document's links and anchors, read once per file. */
export function outlineOf(source: SourceFile): BodyOutline {
  let outline = outlines.get(source);
  if (!outline) outlines.set(source, (outline = outlineBody(source.body, bodyFormatOf(source.file))));
  return outline;
}

/** An address split as a browser reads it. */
export function splitUrl(url: string): { path: string; query: string; fragment: string | undefined } {
  const hash = url.indexOf('#');
  const beforeHash = hash === -1 ? url : url.slice(0, hash);
  const question = beforeHash.indexOf('?');
  return {
    path: question === -1 ? beforeHash : beforeHash.slice(0, question),
    query: question === -1 ? '' : beforeHash.slice(question),
    fragment: hash === -1 ? undefined : url.slice(hash + 1),
  };
}

export function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The address has a scheme (https:, mailto:, or an unsafe one that mdx-unsafe-url refuses), or is `//host/…`. */
export function isOffSite(url: string): boolean {
  const trimmed = url.trim().replace(/\\/g, '/');
  const boundary = trimmed.search(/[:/?#]/);
  return trimmed.startsWith('//') || (boundary > 0 && trimmed[boundary] === ':');
}

/**
 * The document file a path names, from the document that links to it: relative to that file's folder, as an
 * editor or a Git host reads it, or from the project root (`/content/docs/…`). Undefined for anything else.
 */
export function documentFileOf(path: string, fromFile: string, idOfFile: ReadonlyMap<string, string>): { file: string; id: string } | undefined {
  if (path === '' || !/\.mdx?$/i.test(decoded(path))) return undefined;
  const file = decoded(new URL(path, `file:///${fromFile}`).pathname).replace(/^\//, '');
  const id = idOfFile.get(file);
  return id === undefined ? undefined : { file, id };
}

/** A path the site serves from the page of document `id`, resolved as the browser would. */
export function sitePathFrom(path: string, id: string): string {
  return decoded(new URL(path, `https://manual.invalid${pageOfDocument(id)}`).pathname);
}

/** What `/clauses/<…>/` names, and why it is not a page when it is not. */
export function clauseProblem(path: string, index: ClauseIndex): string | undefined {
  const parts = path.slice('/clauses/'.length).replace(/\/$/, '').split('/');
  const primary = index.primary;
  if (parts.length === 1) {
    return index.has(parts[0]) ? undefined : `${primary?.standard ?? 'the primary standard'} has no clause ${parts[0]}`;
  }
  const [standard, number] = parts;
  const catalogue = index.catalogues.find((c) => c.id === standard);
  if (parts.length > 2 || !catalogue) {
    return `the manual has no standard ${standard} (its standards: ${index.catalogues.map((c) => c.id).join(', ')})`;
  }
  if (!catalogue.byId.has(number)) return `${catalogue.standard} has no clause ${number}`;
  if (catalogue === primary) return `clauses of ${catalogue.standard} are at ${pageOfClause(number)}`;
  return undefined;
}
