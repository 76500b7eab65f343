/**
 * `npm run bench:check`: how fast `checkManual` checks a large manual, and where the time goes. A benchmark, not
 * a test: it prints numbers and fails only if the checker throws.
 *
 * 1. Generates a realistic project of N documents (default 5,000) in a temporary folder (removed after).
 * 2. In a fresh Node process, the way `npm run check` runs: imports the checker, runs `checkManual` once
 *    cold, then warm runs; reports wall time, documents per second, findings by severity, peak memory.
 * 3. In another fresh process, runs `checkManual`'s pipeline one phase at a time: `loadManual` (read and
 *    validate), then `checkLoadedManual` (every rule of the registry), sampling memory as it goes. The
 *    pipeline itself reports the time of each rule and of each document file (its `timings` and
 *    `onDocument`); the loading and the text rules are split finer by running their building blocks again.
 *
 * The check is CPU-bound and single-threaded: on a busy machine, read the CPU column beside the wall time.
 *
 *   npm run bench:check -- [--documents 5000] [--runs 3] [--seed 7101] [--faults 5] [--no-phases]
 *                    [--keep] [--json FILE] [--node-flags=--max-semi-space-size=32]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Timings } from '../../src/qms/check/run.ts';
import type { Manual } from '../../src/qms/load/manual.ts';
import { generateCorpus, type CorpusSummary } from './generate-corpus.ts';
import { processIo, readArguments, runAsProcess } from '../cli.ts';

const AS_OF = '2026-07-01';
const SELF = import.meta.filename;
/** The split of the text rules runs one document in this many again, step by step. */
const DETAIL_EVERY = 10;

const USAGE = `Usage: npm run bench:check -- [options]

  --documents N     documents in the generated manual (default 5000)
  --runs N          checkManual runs in one process: the first is cold (default 3)
  --seed N          corpus seed (default 7101)
  --faults N        documents with one deliberate error each (default 5)
  --no-phases       skip the per-phase breakdown
  --keep            keep the generated corpus and print its folder
  --root DIR        benchmark an existing project instead of generating one
  --json FILE       also write every measurement as JSON
  --node-flags=STR  extra flags for the measuring Node processes, space-separated
                    (written with =, e.g. --node-flags=--max-semi-space-size=32)
  --help            show this help
`;

// ---- Measurements shared between the processes -----------------------------------------------------

interface Memory {
  rssMB: number;
  heapUsedMB: number;
}

interface RunResult {
  wallMs: number;
  /** CPU time of the process during the run (user + system): steadier than wall time on a busy machine. */
  cpuMs: number;
  documents: number;
  errors: number;
  warnings: number;
  infos: number;
  byRule: Record<string, number>;
  /** After the run, before any collection: what the run left in memory plus its garbage. */
  after: Memory;
  /** After a forced collection: what the result and the loaded modules keep alive. */
  afterGc: Memory;
  /** process.resourceUsage().maxRSS at the end of the run: the peak of the process so far. */
  maxRssMB: number;
}

interface FullResult {
  importMs: number;
  baseline: Memory;
  runs: RunResult[];
}

interface Phase {
  name: string;
  ms: number;
  /**
   * 0 for a phase of the pipeline. Deeper rows split the row above them and are not added to the total:
   * timed inside the run, or by repeating part of the work (see the note).
   */
  depth: number;
  note?: string;
  /** Sampled while a phase ran. */
  peak?: Memory;
}

interface PhaseResult {
  importMs: number;
  phases: Phase[];
  totalMs: number;
  peak: Memory;
  maxRssMB: number;
  /** Each rule's time for what it reads (`QMS019 mdx-syntax (text)`), from checkLoadedManual's timings, in the order they first ran. */
  rules: { rule: string; ms: number }[];
  /** Time of each document file's text and document rules (onDocument), in ms. */
  perDocument: { p50: number; p95: number; p99: number; max: number; maxFile: string };
  /** Sum of the per-document times. */
  documentsMs: number;
  /** Size of the document files' text. */
  documentMB: number;
}

const MB = 1024 * 1024;
const mem = (): Memory => {
  const m = process.memoryUsage();
  return { rssMB: m.rss / MB, heapUsedMB: m.heapUsed / MB };
};
const maxRssMB = () => process.resourceUsage().maxRSS / 1024;

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function progress(text: string): void {
  process.stderr.write(`  … ${text}\n`);
}

// ---- Child: whole checkManual runs ---------------------------------------------------------------------

async function childFull(root: string, runs: number, asOf: string): Promise<FullResult> {
  const baseline = mem();
  const t0 = performance.now();
  const { checkManual } = await import('../../src/qms/check/manual.ts');
  const importMs = performance.now() - t0;
  const results: RunResult[] = [];
  for (let i = 0; i < runs; i++) {
    progress(`checkManual run ${i + 1} of ${runs}${i === 0 ? ' (cold)' : ''}`);
    const cpu = process.cpuUsage();
    const start = performance.now();
    const result = checkManual({ root, asOf, strict: false });
    const wallMs = performance.now() - start;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    const after = mem();
    const maxRss = maxRssMB();
    const byRule: Record<string, number> = {};
    for (const f of result.findings) byRule[`${f.code} ${f.rule}`] = (byRule[`${f.code} ${f.rule}`] ?? 0) + 1;
    gc();
    const afterGc = mem();
    results.push({ wallMs, cpuMs, documents: result.documents, errors: result.errors, warnings: result.warnings, infos: result.infos, byRule, after, afterGc, maxRssMB: maxRss });
  }
  return { importMs, baseline, runs: results };
}

// ---- Child: the same work, one phase at a time ----------------------------------------------------------

/** Runs `work` once: its result, its time, and the peak memory sampled as it ran (every 100 ticks, and at the end). */
function measured<T>(work: (tick: () => void) => T): { value: T; ms: number; peak: Memory } {
  gc();
  let peak = mem();
  const sample = () => {
    const m = mem();
    peak = { rssMB: Math.max(peak.rssMB, m.rssMB), heapUsedMB: Math.max(peak.heapUsedMB, m.heapUsedMB) };
  };
  let ticks = 0;
  const start = performance.now();
  const value = work(() => {
    if (++ticks % 100 === 0) sample();
  });
  const ms = performance.now() - start;
  sample();
  return { value, ms, peak };
}

/** The checker's modules, imported in the measuring process only: the parent never loads them, and the import is timed. */
async function importPipeline() {
  const [load, source, document, frontmatter, schema, check, safety, mdx, rawScan] = await Promise.all([
    import('../../src/qms/load/manual.ts'),
    import('../../src/qms/load/source.ts'),
    import('../../src/qms/load/document.ts'),
    import('../../src/qms/base/frontmatter.ts'),
    import('../../src/qms/schemas/document.ts'),
    import('../../src/qms/check/manual.ts'),
    import('../../src/qms/mdx/document-safety.ts'),
    import('../../src/qms/mdx/parse.ts'),
    import('../../src/qms/mdx/raw-scan.ts'),
  ]);
  return { load, source, document, frontmatter, schema, check, safety, mdx, rawScan };
}
type Pipeline = Awaited<ReturnType<typeof importPipeline>>;

/** The loading's building blocks, each run again over every document file. */
function loadingRows(pipeline: Pipeline, root: string, manual: Manual): Phase[] {
  const files = pipeline.load.listDocumentFiles(root);
  const texts = measured(() => files.map((file) => readFileSync(join(root, file), 'utf8')));
  const sources = measured(() => files.map((file, i) => pipeline.source.readDocumentSource(file, texts.value[i])));
  const readable = sources.value.filter((source) => source.readingFindings.length === 0);
  const yaml = measured(() => readable.map((source) => pipeline.frontmatter.parseYaml(source.yaml)));
  const schema = measured(() => pipeline.schema.documentSchema(manual.index));
  const validated = measured(() => sources.value.map((source) => pipeline.document.parseDocument(source, manual.index)));
  return [
    { name: 'read files (readFileSync)', ms: texts.ms, depth: 1 },
    { name: 'read sources (readDocumentSource: split, js-yaml, field positions)', ms: sources.ms, depth: 1 },
    { name: 'parse YAML (parseYaml: js-yaml)', ms: yaml.ms, depth: 2, note: 'part of readDocumentSource' },
    { name: 'build the zod schema (documentSchema)', ms: schema.ms, depth: 1, note: 'once per catalogue: parseDocument keeps it' },
    { name: 'validate (parseDocument)', ms: validated.ms, depth: 1 },
  ];
}

type Scopes = Map<string, { ms: number; rules: number; shared: boolean }>;

/** The rules' time and number by what they read (the scope ends each key: `QMS019 mdx-syntax (text)`), in the order they ran; a shared reading counts with its scope. */
function byScope(timings: Timings): Scopes {
  const scopes: Scopes = new Map();
  for (const [key, ms] of timings) {
    const scope = /\((\w+)\)$/.exec(key)?.[1] ?? key;
    const sum = scopes.get(scope) ?? { ms: 0, rules: 0, shared: false };
    scopes.set(scope, { ms: sum.ms + ms, rules: sum.rules + (key.startsWith('reading:') ? 0 : 1), shared: sum.shared || key.startsWith('reading:') });
  }
  return scopes;
}

/** A row for each scope, the text rules split by `textSplit`, then what checkLoadedManual does besides the rules. */
function scopeRows(scopes: Scopes, rulesMs: number, textSplit: Phase[]): Phase[] {
  const rows = [...scopes].flatMap(([scope, { ms, rules, shared }]): Phase[] => [
    { name: `rules reading the ${scope} (${rules}${shared ? ', and their shared reading' : ''})`, ms, depth: 1 },
    ...(scope === 'text' ? textSplit : []),
  ]);
  const inRules = [...scopes.values()].reduce((sum, { ms }) => sum + ms, 0);
  rows.push({ name: 'besides the rules', ms: rulesMs - inRules, depth: 1, note: 'documentContext, analyseManual, applySeverities' });
  return rows;
}

/**
 * The text rules' time split into parsing MDX, the raw-text scan and the rest, from one document in
 * DETAIL_EVERY read again step by step. Each row is its share of the sampled time applied to the text
 * rules as timed in the run, so the split stays true however busy the machine is now.
 */
function textRows(pipeline: Pipeline, manual: Manual, textMs: number): Phase[] {
  const sampled = [...manual.parsed.values()].filter((_, i) => i % DETAIL_EVERY === 0).map((parsed) => parsed.source);
  // Interleaved per document, so that collections and machine load fall on every row alike.
  let guardMs = 0;
  let parseMs = 0;
  let scanMs = 0;
  for (const source of sampled) {
    let start = performance.now();
    pipeline.safety.documentGuardFindings(source.file, source.text);
    guardMs += performance.now() - start;
    const { body } = pipeline.safety.bodyAsCompiled(source.text);
    start = performance.now();
    const { tree, syntaxRanges } = pipeline.mdx.parseMdx(body);
    parseMs += performance.now() - start;
    start = performance.now();
    pipeline.rawScan.scanRawText(body, pipeline.mdx.codeRanges(body, tree), syntaxRanges, () => {});
    scanMs += performance.now() - start;
  }
  const share = (ms: number) => (guardMs > 0 ? (ms / guardMs) * textMs : 0);
  const note = `share measured on 1 document in ${DETAIL_EVERY}`;
  return [
    { name: 'parse MDX (parseMdx: remark-parse + remark-mdx + remark-gfm)', ms: share(parseMs), depth: 2, note },
    { name: 'raw-text scan (codeRanges + scanRawText)', ms: share(scanMs), depth: 2, note },
    { name: 'the rest: tree walk, frontmatter fence, layout field', ms: textMs - share(parseMs) - share(scanMs), depth: 2, note: 'the text rules minus the two rows above' },
  ];
}

function percentiles(perDocument: { file: string; ms: number }[]): PhaseResult['perDocument'] {
  const sorted = perDocument.map((d) => d.ms).sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const slowest = perDocument.reduce((a, b) => (b.ms > a.ms ? b : a), { ms: 0, file: '' });
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: slowest.ms, maxFile: slowest.file };
}

/** checkManual's pipeline, loadManual then checkLoadedManual, each timed; then the rows that split them. */
async function childPhases(root: string, asOf: string): Promise<PhaseResult> {
  const t0 = performance.now();
  const pipeline = await importPipeline();
  const importMs = performance.now() - t0;

  progress('phase: read and validate (loadManual)');
  const load = measured(() => pipeline.load.loadManual(root));
  const manual = load.value;
  progress('phase: run the rules (checkLoadedManual)');
  const timings: Timings = new Map();
  const perDocument: { file: string; ms: number }[] = [];
  const rules = measured((tick) =>
    pipeline.check.checkLoadedManual(manual, {
      asOf,
      timings,
      onDocument: (file, ms) => {
        perDocument.push({ file, ms });
        tick();
      },
    }),
  );
  const maxRssBeforeDetail = maxRssMB();

  // Rows that repeat part of the work are measured last, so that their copies of the data do not weigh on the phases.
  progress('detail: loading, and the text rules on a sample');
  const scopes = byScope(timings);
  const loadingSplit = loadingRows(pipeline, root, manual);
  const textSplit = textRows(pipeline, manual, scopes.get('text')?.ms ?? 0);
  const phases: Phase[] = [
    { name: 'read and validate (loadManual)', ms: load.ms, depth: 0, peak: load.peak },
    ...loadingSplit,
    { name: 'run the rules (checkLoadedManual)', ms: rules.ms, depth: 0, peak: rules.peak },
    ...scopeRows(scopes, rules.ms, textSplit),
  ];
  const documentBytes = perDocument.reduce((sum, { file }) => sum + Buffer.byteLength(manual.sources.get(file)!.text), 0);
  return {
    importMs,
    phases,
    totalMs: load.ms + rules.ms,
    peak: { rssMB: Math.max(load.peak.rssMB, rules.peak.rssMB), heapUsedMB: Math.max(load.peak.heapUsedMB, rules.peak.heapUsedMB) },
    maxRssMB: maxRssBeforeDetail,
    rules: [...timings].map(([rule, ms]) => ({ rule, ms })),
    perDocument: percentiles(perDocument),
    documentsMs: perDocument.reduce((sum, d) => sum + d.ms, 0),
    documentMB: documentBytes / MB,
  };
}

// ---- Parent: generate, measure in fresh processes, print ---------------------------------------------

function runChild<T>(args: string[], nodeFlags: string[]): T {
  const child = spawnSync(process.execPath, [...nodeFlags, '--expose-gc', SELF, ...args], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 * MB });
  if (child.status !== 0) throw new Error(`the measuring process failed (exit ${child.status ?? child.signal})`);
  const line = child.stdout.split('\n').find((l) => l.startsWith('BENCH '));
  if (!line) throw new Error('the measuring process printed no result');
  return JSON.parse(line.slice('BENCH '.length)) as T;
}

function table(headers: string[], rows: (string | number)[][], align = headers.map((_, i) => (i === 0 ? 'l' : 'r'))): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (align[i] === 'l' ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (n: number) => `${n.toFixed(0)} MB`;

function phaseReport(phases: PhaseResult, full: FullResult): string {
  const docs = full.runs[0]?.documents ?? 0;
  const total = phases.totalMs;
  const phase = (p: Phase) => p.depth === 0;
  const d = phases.perDocument;
  return [
    `Phases of checkManual, run one at a time in another fresh process (import ${s(phases.importMs)}):`,
    table(
      ['phase', 'time', 'share', 'docs/s', 'peak heap', 'peak RSS', 'note'],
      phases.phases.map((p) => [
        `${'  '.repeat(p.depth)}${p.name}`,
        s(p.ms),
        phase(p) ? `${((100 * p.ms) / total).toFixed(1)}%` : '',
        phase(p) ? (docs / (p.ms / 1000)).toFixed(0) : '',
        p.peak ? mb(p.peak.heapUsedMB) : '',
        p.peak ? mb(p.peak.rssMB) : '',
        p.note ?? '',
      ]),
      ['l', 'r', 'r', 'r', 'r', 'r', 'l'],
    ),
    `sum of phases ${s(total)}, in a cold process (whole runs above: ${full.runs.map((r) => s(r.wallMs)).join(', ')}); indented rows split the row above them and are not in the sum: the rules' rows are their own timings from the run, the others repeat part of the work.`,
    `text and document rules per document file (onDocument): p50 ${d.p50.toFixed(1)} ms, p95 ${d.p95.toFixed(1)} ms, p99 ${d.p99.toFixed(1)} ms, max ${d.max.toFixed(1)} ms (${d.maxFile}); ${(phases.documentMB / (phases.documentsMs / 1000)).toFixed(2)} MB of document text per second.`,
    `peak sampled over the phases (every 100 documents of the rules, and at the end of each phase): heap ${mb(phases.peak.heapUsedMB)}, RSS ${mb(phases.peak.rssMB)}; maxRSS ${mb(phases.maxRssMB)}.`,
  ].join('\n');
}

function ruleReport(phases: PhaseResult): string {
  const rulesMs = phases.rules.reduce((sum, r) => sum + r.ms, 0);
  return [
    "Each rule, for what it reads (checkLoadedManual's timings), slowest first:",
    table(
      ['rule', 'time', 'share', 'note'],
      [...phases.rules]
        .sort((a, b) => b.ms - a.ms)
        .map((r) => [r.rule, `${r.ms.toFixed(1)} ms`, `${((100 * r.ms) / rulesMs).toFixed(1)}%`, r.rule.startsWith('reading:') ? 'shared by the rules of that scope, made once (registry SHARED_READINGS)' : '']),
      ['l', 'r', 'r', 'l'],
    ),
  ].join('\n');
}

function report(corpus: CorpusSummary | undefined, full: FullResult, phases: PhaseResult | undefined, generateMs: number): string {
  const out: string[] = [];
  const docs = full.runs[0]?.documents ?? 0;
  if (corpus) {
    const states = Object.entries(corpus.byState).map(([k, v]) => `${k} ${v}`).join(', ');
    out.push(
      `Corpus: ${corpus.documents} documents (${Object.entries(corpus.byType).map(([k, v]) => `${k} ${v}`).join(', ')}), ${(corpus.bytes / MB).toFixed(1)} MB, ${corpus.words.toLocaleString('en')} words (${Math.round(corpus.words / corpus.documents)} per document), seed ${corpus.seed}, as of ${corpus.asOf}; generated in ${s(generateMs)}.`,
      `  planned states: ${states}; ${corpus.supersedesChains} supersession chains; ${corpus.faults} deliberate faults.`,
      '',
    );
  }
  out.push(`checkManual, ${docs} documents, fresh process (Node ${process.version}, import of the checker ${s(full.importMs)}):`);
  out.push(
    table(
      ['run', 'wall', 'CPU', 'docs/s', 'errors', 'warnings', 'infos', 'RSS after', 'heap after', 'heap after GC', 'peak RSS (maxRSS)'],
      full.runs.map((r, i) => [i === 0 ? '1 (cold)' : String(i + 1), s(r.wallMs), s(r.cpuMs), (r.documents / (r.wallMs / 1000)).toFixed(0), r.errors, r.warnings, r.infos, mb(r.after.rssMB), mb(r.after.heapUsedMB), mb(r.afterGc.heapUsedMB), mb(r.maxRssMB)]),
    ),
  );
  const findings = Object.entries(full.runs[0]?.byRule ?? {}).sort(([a], [b]) => a.localeCompare(b));
  out.push(`findings by rule: ${findings.map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`, '');
  if (phases) out.push(phaseReport(phases, full), '', ruleReport(phases));
  return out.join('\n');
}

const OPTIONS = {
  documents: { type: 'string', default: '5000' },
  runs: { type: 'string', default: '3' },
  seed: { type: 'string', default: '7101' },
  faults: { type: 'string', default: '5' },
  'as-of': { type: 'string', default: AS_OF },
  'no-phases': { type: 'boolean', default: false },
  keep: { type: 'boolean', default: false },
  root: { type: 'string' },
  json: { type: 'string' },
  'node-flags': { type: 'string', default: '' },
  help: { type: 'boolean', default: false },
  // Internal: the measuring processes.
  child: { type: 'string' },
} as const;

async function main(argv: string[]): Promise<number> {
  const args = readArguments({ args: argv, options: OPTIONS, strict: true }, processIo(), 'bench', USAGE);
  if (typeof args === 'number') return args;
  const { values } = args;
  const asOf = values['as-of'];
  if (values.child) {
    const root = values.root!;
    const result = values.child === 'full' ? await childFull(root, Number(values.runs), asOf) : await childPhases(root, asOf);
    process.stdout.write(`BENCH ${JSON.stringify(result)}\n`);
    return 0;
  }

  const documents = Number(values.documents);
  const runs = Number(values.runs);
  if (!Number.isInteger(documents) || documents < 1 || !Number.isInteger(runs) || runs < 1) {
    process.stderr.write(`bench: --documents and --runs take a whole number of at least 1\n\n${USAGE}`);
    return 2;
  }
  const nodeFlags = values['node-flags'].split(/\s+/).filter(Boolean);
  let root = values.root;
  let corpus: CorpusSummary | undefined;
  let generateMs = 0;
  const temp = root ? undefined : mkdtempSync(join(tmpdir(), 'qms-bench-'));
  try {
    if (temp) {
      process.stderr.write(`bench: generating ${documents} documents in ${temp}\n`);
      const start = performance.now();
      corpus = generateCorpus(temp, { documents, seed: Number(values.seed), faults: Number(values.faults), asOf });
      generateMs = performance.now() - start;
      root = temp;
    }
    process.stderr.write(`bench: measuring${nodeFlags.length ? ` with ${nodeFlags.join(' ')}` : ''} (the full check takes a while per run)\n`);
    const full = runChild<FullResult>(['--child', 'full', '--root', root!, '--runs', String(runs), '--as-of', asOf], nodeFlags);
    let phases: PhaseResult | undefined;
    if (!values['no-phases']) {
      try {
        phases = runChild<PhaseResult>(['--child', 'phases', '--root', root!, '--as-of', asOf], nodeFlags);
      } catch (error) {
        // The finer rows call building blocks of the loading and of the MDX reading by name; if one was
        // renamed, the whole-run numbers still stand.
        process.stderr.write(`bench: no phase breakdown (${(error as Error).message}); see importPipeline in scripts/bench/check.ts\n`);
      }
    }
    process.stdout.write(`\n${report(corpus, full, phases, generateMs)}\n`);
    if (values.json) writeFileSync(values.json, `${JSON.stringify({ corpus, generateMs, nodeFlags, full, phases }, null, 2)}\n`);
    if (values.keep && temp) process.stdout.write(`corpus kept in ${temp}\n`);
    return 0;
  } finally {
    if (temp && !values.keep) rmSync(temp, { recursive: true, force: true });
  }
}

if (import.meta.main) runAsProcess('bench', () => main(process.argv.slice(2)));
