/**
 * What the pipeline benchmark (scripts/bench/pipeline.ts) measured, summed up: medians of the interleaved
 * runs, the ratios to the bare build, issue 13's goals, and the printed table and results file. Pure:
 * measurements in, numbers and text out.
 */
import type { BuildStages } from './build-stages.ts';
import type { ReadersSide } from './readers.ts';

/** One build, measured as a whole (timed-run.ts) and by stage (build-stages.ts). */
export interface BuildMeasure {
  wallMs: number;
  cpuMs: number;
  maxRssMB: number;
  stages: BuildStages;
}

export interface SizeResult {
  documents: number;
  /** Earlier approved editions in the history, and its commits. */
  history: { editions: number; commits: number };
  /** The corpus's words and bytes (current editions). */
  corpus: { words: number; bytes: number };
  /** `node scripts/check.ts` in the project copy, with no cache: once per size. */
  check: { wallMs: number; cpuMs: number; maxRssMB: number };
  /** readManualHistory in a fresh process: first with no cache, then again with the cache just written. */
  historyRead: { coldMs: number; warmMs: number; revisions: number };
  /** Full builds, each from no cache, interleaved: project, bare, project, bare… */
  project: BuildMeasure[];
  bare: BuildMeasure[];
  /** After the last full builds: one document's approved edit committed, then each project built again with its caches. */
  edit: { file: string; project: BuildMeasure; bare: BuildMeasure };
  readers?: ReadersSide;
}

export interface Summary {
  documents: number;
  project: BuildMeasure;
  bare: BuildMeasure;
  ratioWall: number;
  ratioCpu: number;
  /** Wall and CPU time of the median full build per document. */
  perDocument: { projectWallMs: number; bareWallMs: number; projectCpuMs: number; bareCpuMs: number };
  /** The one-edit rebuild's wall time as a share of the full build's. */
  editShare: number;
  /** The same share for the bare site: what Astro and Pagefind alone make of one changed file. */
  bareEditShare: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The median of each measure over runs (each stage separately, over the runs that logged it). */
export function medianBuild(runs: readonly BuildMeasure[]): BuildMeasure {
  const stages: BuildStages = {};
  const keys = new Set(runs.flatMap((r) => Object.keys(r.stages))) as Set<keyof BuildStages>;
  for (const key of keys) stages[key] = median(runs.map((r) => r.stages[key]).filter((v) => v !== undefined));
  return { wallMs: median(runs.map((r) => r.wallMs)), cpuMs: median(runs.map((r) => r.cpuMs)), maxRssMB: median(runs.map((r) => r.maxRssMB)), stages };
}

export function summarize(size: SizeResult): Summary {
  const project = medianBuild(size.project);
  const bare = medianBuild(size.bare);
  const n = size.documents;
  return {
    documents: n,
    project,
    bare,
    ratioWall: project.wallMs / bare.wallMs,
    ratioCpu: project.cpuMs / bare.cpuMs,
    perDocument: { projectWallMs: project.wallMs / n, bareWallMs: bare.wallMs / n, projectCpuMs: project.cpuMs / n, bareCpuMs: bare.cpuMs / n },
    editShare: size.edit.project.wallMs / project.wallMs,
    bareEditShare: size.edit.bare.wallMs / bare.wallMs,
  };
}

// ---- Numbers as text -------------------------------------------------------------------------------------

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const gb = (mb: number) => `${(mb / 1024).toFixed(2)} GB`;
const ratio = (r: number) => `${r.toFixed(2)}x`;
const count = (n: number) => n.toLocaleString('en-GB');
export const kb = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} KB`);
const optional = (ms: number | undefined) => (ms === undefined ? '–' : seconds(ms));
const percent = (share: number) => `${(share * 100).toFixed(0)}%`;

/** A Markdown table whose columns line up in a terminal too. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** The one table `npm run bench` prints: each size's whole build beside the bare build's. */
export function summaryTable(sizes: readonly SizeResult[]): string {
  const rows = sizes.map((size) => {
    const s = summarize(size);
    return [
      count(s.documents),
      `${seconds(s.project.wallMs)} (CPU ${seconds(s.project.cpuMs)})`,
      `${seconds(s.bare.wallMs)} (CPU ${seconds(s.bare.cpuMs)})`,
      ratio(s.ratioWall),
      ratio(s.ratioCpu),
      `${gb(s.project.maxRssMB)} vs ${gb(s.bare.maxRssMB)}`,
      `${s.perDocument.projectWallMs.toFixed(1)} vs ${s.perDocument.bareWallMs.toFixed(1)}`,
      `${seconds(size.edit.project.wallMs)} (${percent(s.editShare)} of full; bare ${percent(s.bareEditShare)})`,
    ];
  });
  return table(['documents', 'this project (check + build + search)', 'bare Astro + Pagefind', 'ratio wall', 'ratio CPU', 'peak memory', 'ms/doc (wall)', 'one-edit rebuild'], rows);
}

/** A build's time outside the stages its log marks (for the bare build, its start-up too). */
function rest(build: BuildMeasure): number {
  const { startAndCheck = 0, contentSync = 0, render = 0, searchIndex = 0 } = build.stages;
  return build.wallMs - startAndCheck - contentSync - render - searchIndex;
}

/** Where one size's time goes: the standalone runs, then the build's stages from its log, medians. */
export function stagesTable(size: SizeResult): string {
  const s = summarize(size);
  const stage = (name: string, key: keyof BuildStages, how: string) => [name, optional(s.project.stages[key]), optional(s.bare.stages[key]), how];
  const rows = [
    ['check, standalone (`node scripts/check.ts`, no cache)', `${seconds(size.check.wallMs)} (CPU ${seconds(size.check.cpuMs)}, ${gb(size.check.maxRssMB)})`, '–', 'once, before the builds'],
    ['history, standalone (readManualHistory, no cache / cached)', `${seconds(size.historyRead.coldMs)} / ${seconds(size.historyRead.warmMs)}`, '–', `once; ${count(size.historyRead.revisions)} revisions`],
    stage('build: start and check (config hook)', 'startAndCheck', 'build log: to "documents checked"'),
    stage('build: content sync', 'contentSync', 'build log: "Syncing content" to "Synced content"'),
    stage('build: render', 'render', 'build log: "Building static entrypoints" to "✓ Completed"'),
    stage('  bundle (code bundled; the bare site compiles each MDX here)', 'bundle', 'build log: to "generating static routes"'),
    stage('  pages', 'pages', 'build log: "generating static routes" to "✓ Completed"'),
    stage('    of them, the documents\' pages', 'documentPages', 'build log: the "(+N ms)" of each /docs/<ID>/ page, summed'),
    stage('build: search index (Pagefind)', 'searchIndex', 'build log: to "Pagefind indexed"'),
    ['build: the rest (start-up, setup between the stages, exit)', seconds(rest(s.project)), seconds(rest(s.bare)), 'whole build minus the stages above'],
    ['whole build', `${seconds(s.project.wallMs)} (CPU ${seconds(s.project.cpuMs)})`, `${seconds(s.bare.wallMs)} (CPU ${seconds(s.bare.cpuMs)})`, `median of ${size.project.length} / ${size.bare.length}; GNU time`],
    ['peak memory (largest process)', gb(s.project.maxRssMB), gb(s.bare.maxRssMB), 'GNU time, maximum resident set'],
    [
      'pages built / indexed',
      `${count(s.project.stages.pagesBuilt ?? 0)} / ${count(s.project.stages.pagesIndexed ?? 0)} (${count(s.project.stages.pastVersionPages ?? 0)} past versions)`,
      `${count(s.bare.stages.pagesBuilt ?? 0)} / ${count(s.bare.stages.pagesIndexed ?? 0)}`,
      'build log',
    ],
    ['one-edit rebuild, caches kept', `${seconds(size.edit.project.wallMs)} (CPU ${seconds(size.edit.project.cpuMs)})`, `${seconds(size.edit.bare.wallMs)} (CPU ${seconds(size.edit.bare.cpuMs)})`, `${size.edit.file}, approved and committed`],
  ];
  return table(['stage', 'this project', 'bare', 'how measured'], rows);
}

/**
 * The one-edit rebuild beside the full build, stage by stage, for both sites: what the caches saved, and
 * what every build does whatever changed.
 */
export function rebuildTable(size: SizeResult): string {
  const s = summarize(size);
  const { project, bare } = size.edit;
  const stage = (name: string, key: keyof BuildStages) => [name, optional(s.project.stages[key]), optional(project.stages[key]), optional(s.bare.stages[key]), optional(bare.stages[key])];
  const rows = [
    stage('start and check (config hook)', 'startAndCheck'),
    stage('content sync', 'contentSync'),
    stage('bundle', 'bundle'),
    stage('pages', 'pages'),
    stage('  of them, the documents\' pages', 'documentPages'),
    stage('search index (Pagefind)', 'searchIndex'),
    ['the rest', seconds(rest(s.project)), seconds(rest(project)), seconds(rest(s.bare)), seconds(rest(bare))],
    ['whole build', seconds(s.project.wallMs), `${seconds(project.wallMs)} (${percent(s.editShare)})`, seconds(s.bare.wallMs), `${seconds(bare.wallMs)} (${percent(s.bareEditShare)})`],
    ['peak memory', gb(s.project.maxRssMB), gb(project.maxRssMB), gb(s.bare.maxRssMB), gb(bare.maxRssMB)],
  ];
  return table(['stage', 'this project: full', 'this project: one edit', 'bare: full', 'bare: one edit'], rows);
}

export function readersTable(sizes: readonly SizeResult[]): string {
  const rows = sizes.flatMap((size) => {
    const r = size.readers;
    if (!r) return [];
    const p = r.heaviestPage;
    return [[
      count(size.documents),
      `"${r.query}" (${count(r.results)} results)`,
      `${kb(r.search.pagefind.bytes)} in ${r.search.pagefind.requests} requests`,
      `${kb(r.search.bytes)} (${kb(r.search.gzipBytes)} gzipped)`,
      `${p.path}: ${kb(p.htmlBytes)} of HTML`,
      `${kb(p.load.bytes)} in ${p.load.requests} requests (${kb(p.load.gzipBytes)} gzipped)`,
    ]];
  });
  return table(['documents', 'search', 'Pagefind files fetched', 'all the search fetched', 'heaviest page', 'its load'], rows);
}

// ---- Issue 13's goals --------------------------------------------------------------------------------

export interface Goal {
  goal: string;
  measured: string;
  met: boolean;
}

/** Sizes from which the ratio goals hold (issue 13: 1,000 and 5,000 documents); smaller builds are mostly start-up. */
const GOAL_FROM = 1000;
/** "Flat" cost per document: the largest size's cost within this factor of the smaller's. */
const FLAT = 1.1;

export function goals(sizes: readonly SizeResult[]): Goal[] {
  const summaries = sizes.map(summarize);
  const list: Goal[] = [];
  for (const s of summaries) {
    const n = count(s.documents);
    if (s.documents >= GOAL_FROM) list.push({ goal: `whole pipeline ≤ 1.3x the bare build, ${n} documents`, measured: `${ratio(s.ratioWall)} wall, ${ratio(s.ratioCpu)} CPU`, met: s.ratioWall <= 1.3 });
    list.push({ goal: `peak memory no more than the bare build's, ${n} documents`, measured: `${gb(s.project.maxRssMB)} vs ${gb(s.bare.maxRssMB)}`, met: s.project.maxRssMB <= s.bare.maxRssMB });
    list.push({
      goal: `one-document rebuild ≤ 10% of the full build, ${n} documents`,
      measured: `${seconds(sizes.find((z) => z.documents === s.documents)!.edit.project.wallMs)}: ${percent(s.editShare)} (the bare site's: ${percent(s.bareEditShare)} of its own)`,
      met: s.editShare <= 0.1,
    });
  }
  const large = summaries.filter((s) => s.documents >= GOAL_FROM).sort((a, b) => a.documents - b.documents);
  if (large.length >= 2) {
    const [a, b] = [large[0], large.at(-1)!];
    const growth = b.perDocument.projectWallMs / a.perDocument.projectWallMs;
    list.push({
      goal: `cost per document flat from ${count(a.documents)} to ${count(b.documents)} (within ${Math.round((FLAT - 1) * 100)}%)`,
      measured: `${a.perDocument.projectWallMs.toFixed(1)} → ${b.perDocument.projectWallMs.toFixed(1)} ms wall, ${a.perDocument.projectCpuMs.toFixed(1)} → ${b.perDocument.projectCpuMs.toFixed(1)} ms CPU`,
      met: growth <= FLAT,
    });
  }
  return list;
}

export function goalsTable(list: readonly Goal[]): string {
  return table(['goal', 'measured', 'met'], list.map((g) => [g.goal, g.measured, g.met ? 'yes' : 'no']));
}

// ---- The results file ----------------------------------------------------------------------------------

export interface Machine {
  date: string;
  cpus: number;
  cpuModel: string;
  memoryGB: number;
  node: string;
  packages: Record<string, string>;
  /** The repository's commit, and whether its working tree had changes (the code measured is the working tree's). */
  commit: string;
  loadBefore: number[];
  loadAfter: number[];
}

export function resultsMarkdown(sizes: readonly SizeResult[], machine: Machine, command: string, asOf: string): string {
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(', ');
  const parts = [
    '# Pipeline benchmark',
    '',
    `\`${command}\`, ${machine.date}. Made by \`npm run bench\` (scripts/bench/pipeline.ts); see "How it measures" below.`,
    '',
    `Machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGB.toFixed(1)} GB of memory, Node ${machine.node}; ` +
      `${Object.entries(machine.packages).map(([name, version]) => `${name} ${version}`).join(', ')}; code at ${machine.commit}. ` +
      `Load average before: ${load(machine.loadBefore)}; after: ${load(machine.loadAfter)}.`,
    '',
    '## Whole pipeline',
    '',
    summaryTable(sizes),
    '',
    '## Goals (issue 13)',
    '',
    goalsTable(goals(sizes)),
    '',
    ...sizes.flatMap((size) => [
      `## Where the time goes: ${count(size.documents)} documents`,
      '',
      `${count(size.corpus.words)} words of body in ${kb(size.corpus.bytes)}; history: ${size.history.commits} commits, ${count(size.history.editions)} earlier approved editions.`,
      '',
      stagesTable(size),
      '',
      `One edit (${size.edit.file}, approved and committed), rebuilt with the caches of the full builds:`,
      '',
      rebuildTable(size),
      '',
    ]),
    '## Readers\' side',
    '',
    sizes.some((s) => s.readers) ? readersTable(sizes) : 'Not measured in this run (--no-readers).',
    '',
    '## How it measures',
    '',
    `- Corpora: \`generateCorpus\` (scripts/bench/generate-corpus.ts, seed 7101, no faults), valid as of ${asOf}, then a Git history ` +
      '(scripts/bench/corpus-history.ts): up to two earlier approved editions of each document (none before version 1), each ' +
      'edition in its own commit, then the current ones. The project copy is this repository\'s code beside that content, built with its default settings ' +
      '(`history.past_versions: 10`) unless the command sets `--past-versions` (0: no page for earlier versions, as the bare site has none).',
    '- The bare build: Astro, @astrojs/mdx and Pagefind (Node API, same options), one glob collection over the same document ' +
      'files with a two-field schema, one page route, the documents\' one component (Callout) as a plain aside; same installed packages ' +
      '(scripts/bench/projects.ts).',
    '- Full builds start with no cache (node_modules/.astro, .vite, .cache, .astro and dist removed) and run interleaved: ' +
      'project, bare, project, bare… The tables give medians. Wall time is measured by the benchmark; CPU time (user + system) ' +
      'and peak memory (the largest process\'s maximum resident set) by GNU time, over the build and every process it waits for.',
    '- Stages inside a build are the arrival times of the build\'s own log lines, to the millisecond; the standalone check and ' +
      'history rows are separate runs, once per size, and are not added to anything.',
    '- One-edit rebuild: after the full builds, one current document gets a new approved version (a paragraph added) committed ' +
      'as an approval is, and each project is built again keeping its caches.',
    '- Readers\' side: the built project served on loopback to headless Chromium; the home page\'s search for the query, ' +
      'everything fetched from pressing Enter until the network is idle; and the largest HTML page (the CMS at /admin/ left ' +
      'out) loaded with everything it fetches. Bytes as served, and gzipped as a web server would send them.',
    '',
  ];
  return parts.join('\n');
}
