import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Loader } from 'astro/loaders';
import { decodeText } from '../qms/base/encoding.ts';
import { checkText } from '../qms/check/run.ts';
import { codeKeyedFile, replaceFile } from '../qms/check/text-cache.ts';
import { markClean } from './clean-texts.ts';
import { finding, type Finding } from '../qms/findings/finding.ts';
import { documentFacts } from '../qms/history/document-facts.ts';
import { readManualHistory, readSourceAt } from '../qms/history/index.ts';
import { approvedVersions, versionsWithPages, type CurrentDocument } from '../qms/history/versions.ts';
import { listDocumentFiles, loadConfiguration } from '../qms/load/manual.ts';
import { readDocumentSource } from '../qms/load/source.ts';
import { bodyFormatOf, mayEmbed, outlineBody } from '../qms/mdx/body-links.ts';
import { splitAtBody } from '../qms/mdx/document-safety.ts';
// Bodies are read with the parser Astro compiles them with (remark-mdx where it must): see parse.ts.
import '../qms/mdx/native-parser.ts';

/*
 * The text of past approved versions, compiled as the current documents are. Each version that gets a page
 * (history.past_versions in the settings; see versionsWithPages) is read from Git at its approval commit,
 * checked by the build's guard (the registry's text rules, as src/integrations/content-guard.ts runs them),
 * and only then written to node_modules/.cache/qms-versions/<ID>/v<N>.mdx for the MDX compiler, whose
 * Vite transform checks it once more (the guard's own transform), exactly as for a document of
 * content/docs. A version the guard refuses today is never compiled: its page says why.
 */

export const PAST_VERSIONS_DIR = 'node_modules/.cache/qms-versions';

/** The data of an entry of the `versions` collection: one approved version of a document, compiled or refused. */
export interface PastVersionData extends Record<string, unknown> {
  id: string;
  version: number;
  blob: string;
  /** Why the text is not shown: the guard's findings, one line each. */
  refused?: string[];
}

export const pastVersionKey = (id: string, version: number) => `${id}/v${version}`;

/** The collection's loader: reads the history once (cached per commit), writes the versions that pass the guard. */
export function pastVersionsLoader(root: string): Loader {
  return {
    name: 'qms-past-versions',
    load: async ({ store, generateDigest, renderMarkdown, logger }) => {
      const { settings } = loadConfiguration(root);
      const history = await readManualHistory({ root });
      const verdicts = loadVerdicts(root);
      const keep = new Set<string>();
      const written = new Set<string>();
      if (history.available) {
        for (const current of currentDocuments(root)) {
          const versions = versionsWithPages(approvedVersions(history.byId.get(current.id) ?? []), current, settings.history.past_versions);
          for (const v of versions) {
            const key = pastVersionKey(current.id, v.version);
            keep.add(key);
            const data: PastVersionData = { id: current.id, version: v.version, blob: v.approval.blob };
            const prepared = pastVersionFile(data, v.approval.file, await readSourceAt(root, v.approval.blob), verdicts.known);
            if ('refused' in prepared) {
              store.set({ id: key, data: { ...data, refused: prepared.refused } });
              continue;
            }
            const { file, text } = prepared;
            writeIfChanged(join(root, file), text);
            // Checked above (its body as committed, under a frontmatter of our own): the compiler's guard need not read it again.
            markClean(file, text);
            written.add(file);
            const digest = generateDigest(text);
            const existing = store.get(key);
            if (existing?.digest === digest && existing.filePath === file) {
              if (existing.deferredRender) store.addModuleImport(file);
              continue;
            }
            const body = splitAtBody(text).body;
            if (file.endsWith('.md')) store.set({ id: key, data, body, filePath: file, digest, rendered: await renderMarkdown(body) });
            else store.set({ id: key, data, body, filePath: file, digest, deferredRender: true });
          }
        }
      }
      for (const key of store.keys()) if (!keep.has(key)) store.delete(key);
      prune(root, written);
      verdicts.save();
      if (keep.size > 0) logger.info(`past versions with a page: ${written.size} checked and handed to the MDX compiler, ${keep.size - written.size} refused by the guard (settings: history.past_versions ${settings.history.past_versions})`);
    },
  };
}

/** What each document's current page shows, read from content/docs as the site reads it. */
function currentDocuments(root: string): CurrentDocument[] {
  const documents: CurrentDocument[] = [];
  for (const file of listDocumentFiles(root)) {
    const facts = documentFacts(decodeText(readFileSync(join(root, file))).text);
    if (facts.id && facts.version !== null && facts.status) documents.push({ id: facts.id, version: facts.version, status: facts.status });
  }
  return documents;
}

/**
 * What the MDX compiler is given for a past version: its body, under a frontmatter of our own, in a file of
 * PAST_VERSIONS_DIR; or, when the build's guard refuses the version's file as it was committed, why not.
 */
export function pastVersionFile(
  data: Pick<PastVersionData, 'id' | 'version' | 'blob'>,
  committedAs: string,
  source: string,
  verdicts: Map<string, string[]> = new Map(),
): { file: string; text: string } | { refused: string[] } {
  // A blob's verdict depends on its text (the blob oid), its file's extension and the guard's code.
  const key = `${data.blob}${bodyFormatOf(committedAs)}`;
  const refused = verdicts.get(key) ?? guardFindings(committedAs, source).map((f) => `${f.code} ${f.message} (line ${f.line})`);
  verdicts.set(key, refused);
  if (refused.length > 0) return { refused };
  return {
    file: join(PAST_VERSIONS_DIR, data.id, `v${data.version}${bodyFormatOf(committedAs) === 'md' ? '.md' : '.mdx'}`),
    text: `---\nid: ${data.id}\nversion: ${data.version}\nblob: ${data.blob}\n---${splitAtBody(source).body}`,
  };
}

/**
 * The build's guard on a past version's file, as content-guard.ts runs it on a document about to be compiled;
 * and, since the version's text is compiled away from its folder, no image or media by a relative address
 * (the compiler would look for the file beside the copy).
 */
function guardFindings(file: string, source: string): Finding[] {
  const findings = checkText(readDocumentSource(file, source));
  if (findings.length > 0) return findings;
  const { body } = splitAtBody(source);
  if (!mayEmbed(body)) return [];
  const bodyLine = source.slice(0, source.length - body.length).split('\n').length;
  return outlineBody(body, bodyFormatOf(file))
    .urls.filter((u) => u.embedded && !/^([a-z][a-z0-9+.-]*:|\/|#)/i.test(u.url))
    .map((u) => finding('broken-link', { file, line: bodyLine + u.line - 1, column: u.column }, `the image or media "${u.url}" is given by a relative address, which the page of a past version cannot reach`));
}

/**
 * The guard's verdicts on past versions, kept between builds: checking a version costs about as much as
 * compiling it (20 ms for 6 KB), and its text never changes. They are kept only while the code that
 * judges them is the same: the fingerprint covers src/qms and the locked dependencies (the MDX parser).
 */
function loadVerdicts(root: string): { known: Map<string, string[]>; save(): void } {
  const file = codeKeyedFile<string[]>(join(root, PAST_VERSIONS_DIR), 'guard');
  const known = new Map(Object.entries(file.earlier));
  const before = known.size;
  return {
    known,
    save() {
      if (known.size !== before) file.write(Object.fromEntries(known));
    },
  };
}

/** Rewritten only when its text changed, and then through a rename (replaceFile). */
function writeIfChanged(path: string, text: string): void {
  try {
    if (readFileSync(path, 'utf8') === text) return;
  } catch {
    // Not written yet.
  }
  replaceFile(path, text);
}

/** Removes the copies of versions no longer built (an older version past the limit, a document renumbered). */
function prune(root: string, written: ReadonlySet<string>): void {
  const dir = join(root, PAST_VERSIONS_DIR);
  let files: string[];
  try {
    files = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return;
  }
  for (const file of files) {
    const path = join(dir, file);
    const rel = relative(root, path).split('\\').join('/');
    if (/\.mdx?$/.test(file) && !written.has(rel)) rmSync(path, { force: true });
  }
}
