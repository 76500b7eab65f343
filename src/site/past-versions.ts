import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Loader } from 'astro/loaders';
import { decodeText } from '../qms/base/encoding.ts';
import { checkText } from '../qms/check/run.ts';
import { codeKeyedFile } from '../qms/check/text-cache.ts';
import { finding, type Finding } from '../qms/findings/finding.ts';
import { documentFacts } from '../qms/history/document-facts.ts';
import { readManualHistory, readSourceAt } from '../qms/history/index.ts';
import { approvedVersions, versionsWithPages, type CurrentDocument } from '../qms/history/versions.ts';
import { listDocumentFiles, loadConfiguration } from '../qms/load/manual.ts';
import { readDocumentSource } from '../qms/load/source.ts';
import { bodyFormatOf, mayEmbed, outlineBody, type BodyFormat } from '../qms/mdx/body-links.ts';
import { splitAtBody } from '../qms/mdx/document-safety.ts';
import { finishedMarkdown, renderedMdx } from './rendered-documents.ts';
// Bodies are read and rendered with the parser Astro compiles them with (remark-mdx where it must): see parse.ts.
import '../qms/mdx/native-parser.ts';

/*
 * The text of past approved versions, rendered as the current documents are. Each version that gets a page
 * (history.past_versions in the settings; see versionsWithPages) is read from Git at its approval commit,
 * checked by the build's guard (the registry's text rules, as src/site/build-guard.ts runs them), and only
 * then rendered: an .mdx body by src/qms/mdx/render.ts, a .md body by Astro's Markdown. A version the guard
 * refuses today is never rendered: its page says why. Astro's content cache keeps each rendered version
 * until the renderer changes (the collection's loader is wrapped by schemaAwareLoader in content.config.ts).
 */

/** Where the guard's verdicts on past versions are kept between builds. */
export const PAST_VERSIONS_DIR = 'node_modules/.cache/qms-versions';

/** The data of an entry of the `versions` collection: one approved version of a document, rendered or refused. */
export interface PastVersionData extends Record<string, unknown> {
  id: string;
  version: number;
  blob: string;
  /** Why the text is not shown: the guard's findings, one line each. */
  refused?: string[];
}

export const pastVersionKey = (id: string, version: number) => `${id}/v${version}`;

/** The collection's loader: reads the history once (cached per commit), renders the versions that pass the guard. */
export function pastVersionsLoader(root: string): Loader {
  return {
    name: 'qms-past-versions',
    load: async ({ store, generateDigest, renderMarkdown, logger }) => {
      const { settings } = loadConfiguration(root);
      const history = await readManualHistory({ root });
      const verdicts = loadVerdicts(root);
      const keep = new Set<string>();
      let rendered = 0;
      let refused = 0;
      if (history.available) {
        for (const current of currentDocuments(root)) {
          const versions = versionsWithPages(approvedVersions(history.byId.get(current.id) ?? []), current, settings.history.past_versions);
          for (const v of versions) {
            const key = pastVersionKey(current.id, v.version);
            keep.add(key);
            const data: PastVersionData = { id: current.id, version: v.version, blob: v.approval.blob };
            const prepared = pastVersionSource(data, v.approval.file, await readSourceAt(root, v.approval.blob), verdicts.known);
            if ('refused' in prepared) {
              refused++;
              store.set({ id: key, data: { ...data, refused: prepared.refused } });
              continue;
            }
            const { format, body } = prepared;
            const digest = generateDigest(`${format}\n${body}`);
            if (store.get(key)?.digest === digest) continue;
            rendered++;
            const html = format === 'md' ? finishedMarkdown(await renderMarkdown(body)) : renderedMdx(body);
            store.set({ id: key, data, body, digest, rendered: html });
          }
        }
      }
      for (const key of store.keys()) if (!keep.has(key)) store.delete(key);
      verdicts.save();
      if (keep.size > 0) {
        logger.info(
          `past versions with a page: ${keep.size - refused} checked, ${rendered} of them rendered (the rest unchanged since the last build), ${refused} refused by the guard (settings: history.past_versions ${settings.history.past_versions})`,
        );
      }
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
 * What is rendered for a past version: its body as committed, and whether it is Markdown or MDX; or, when
 * the build's guard refuses the version's file as it was committed, why not.
 */
export function pastVersionSource(
  data: Pick<PastVersionData, 'id' | 'version' | 'blob'>,
  committedAs: string,
  source: string,
  verdicts: Map<string, string[]> = new Map(),
): { format: BodyFormat; body: string } | { refused: string[] } {
  // A blob's verdict depends on its text (the blob oid), its file's extension and the guard's code.
  const key = `${data.blob}${bodyFormatOf(committedAs)}`;
  const refused = verdicts.get(key) ?? guardFindings(committedAs, source).map((f) => `${f.code} ${f.message} (line ${f.line})`);
  verdicts.set(key, refused);
  if (refused.length > 0) return { refused };
  return { format: bodyFormatOf(committedAs), body: splitAtBody(source).body };
}

/**
 * The build's guard on a past version's file, as build-guard.ts runs it on a document about to be rendered;
 * and no image or media by a relative address: on the version's page, /docs/<ID>/v<N>/, such an address
 * leads somewhere else than on the document's page, where the checker found it.
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
