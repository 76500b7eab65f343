/**
 * The stages of one `astro build`, read from its own log: the time each landmark line arrived in the
 * benchmark (scripts/bench/timed-run.ts), in ms from the start of the command. Astro stamps its lines to the
 * second only; the arrival times are to the millisecond. A stage whose landmarks are missing is left out.
 *
 *   start and check   up to "[qms-content-guard] N documents checked" (Node and Astro starting, the config
 *                     hook's whole check with history; this project only)
 *   content sync      "[content] Syncing content" to "[content] Synced content" (the collections' loaders:
 *                     documents, and past versions read from Git and checked; this project renders
 *                     each document's text to HTML here, the bare site defers it to the MDX compiler)
 *   render            "[build] Building static entrypoints..." to the "[build] ✓ Completed" after the pages:
 *     bundle            to "generating static routes" (Vite: the code bundled; on the bare site, every
 *                       document compiled as an MDX module too)
 *     pages             the pages generated
 *       document pages    the render times Astro logs for the current documents' pages (/docs/<ID>/, its
 *                         "(+N ms)" per page), summed: the share of the pages that grows with the manual
 *   search index      from there to "Pagefind indexed N pages"
 */
import type { LogLine } from './timed-run.ts';

export interface BuildStages {
  startAndCheck?: number;
  contentSync?: number;
  render?: number;
  bundle?: number;
  pages?: number;
  /** The per-page render times Astro logs for /docs/<ID>/index.html, summed. */
  documentPages?: number;
  searchIndex?: number;
  /** Pages written, from "[build] N page(s) built". */
  pagesBuilt?: number;
  /** Pages Pagefind indexed, from "Pagefind indexed N pages". */
  pagesIndexed?: number;
  /** Past versions given a page, from "past versions with a page: N checked" (this project only). */
  pastVersionPages?: number;
}

const CHECKED = /\[qms-content-guard\] \d+ documents checked/;
const SYNCING = /\[content\] Syncing content/;
const SYNCED = /\[content\] Synced content/;
const ENTRYPOINTS = /\[build\] Building static entrypoints/;
const ROUTES = /generating static routes/;
const COMPLETED = /\[build\] ✓ Completed in/;
const INDEXED = /Pagefind indexed (\d+) pages/;
const BUILT = /\[build\] (\d+) page\(s\) built/;
const PAST_VERSIONS = /past versions with a page: (\d+) checked/;
const DOCUMENT_PAGE = /[├└]─ \/docs\/[^/\s]+\/index\.html \(\+(\d+(?:\.\d+)?)(m?s)\)/;

/** Reads the stages of a build from its log lines, in the order they arrived. */
export function buildStages(lines: readonly LogLine[]): BuildStages {
  const at = (pattern: RegExp, from = 0) => {
    const i = lines.findIndex((line, k) => k >= from && pattern.test(line.text));
    return i === -1 ? undefined : i;
  };
  const span = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : lines[b].ms - lines[a].ms);
  const stages: BuildStages = {};
  const checked = at(CHECKED);
  if (checked !== undefined) stages.startAndCheck = lines[checked].ms;
  const syncing = at(SYNCING);
  stages.contentSync = span(syncing, syncing === undefined ? undefined : at(SYNCED, syncing));
  const entrypoints = at(ENTRYPOINTS);
  const routes = entrypoints === undefined ? undefined : at(ROUTES, entrypoints);
  // Astro logs "[build] ✓ Completed" after collecting the build info too: the one that counts follows the pages.
  const completed = routes === undefined ? undefined : at(COMPLETED, routes);
  stages.bundle = span(entrypoints, routes);
  stages.pages = span(routes, completed);
  if (routes !== undefined) {
    let documentPages = 0;
    for (const line of lines.slice(routes, completed)) {
      const page = DOCUMENT_PAGE.exec(line.text);
      if (page) documentPages += Number(page[1]) * (page[2] === 's' ? 1000 : 1);
    }
    stages.documentPages = documentPages;
  }
  stages.render = span(entrypoints, completed);
  const indexed = completed === undefined ? undefined : at(INDEXED, completed);
  stages.searchIndex = span(completed, indexed);
  if (indexed !== undefined) stages.pagesIndexed = Number(INDEXED.exec(lines[indexed].text)![1]);
  const built = at(BUILT);
  if (built !== undefined) stages.pagesBuilt = Number(BUILT.exec(lines[built].text)![1]);
  const past = at(PAST_VERSIONS);
  if (past !== undefined) stages.pastVersionPages = Number(PAST_VERSIONS.exec(lines[past].text)![1]);
  for (const key of Object.keys(stages) as (keyof BuildStages)[]) if (stages[key] === undefined) delete stages[key];
  return stages;
}
