/**
 * `npm run bench`: how fast `checkManual` checks a large manual, and where the time goes. A benchmark, not
 * a test: it prints numbers and fails only if the checker throws.
 *
 * 1. Generates a realistic project of N documents (default 5,000) in a temporary folder (removed after).
 * 2. In a fresh Node process, the way `npm run check` runs: imports the checker, runs `checkManual` once
 *    cold, then warm runs; reports wall time, documents per second, findings by severity, peak memory.
 * 3. In another fresh process, runs the same steps as `checkManual` one phase at a time (load and
 *    validate, document safety, references, status and coverage, finalize), sampling memory as it goes,
 *    with a finer split of loading and of the document safety check. These call the steps of
 *    src/qms/check/check.ts one by one, so they follow it by hand; the whole-run numbers need only
 *    `checkManual({ root, asOf, strict })`.
 *
 * The check is CPU-bound and single-threaded: on a busy machine, read the CPU column beside the wall time.
 *
 *   npm run bench -- [--documents 5000] [--runs 3] [--seed 7101] [--faults 5] [--no-phases]
 *                    [--keep] [--json FILE] [--node-flags=--max-semi-space-size=32]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateCorpus, type CorpusSummary } from './generate-corpus.ts';

const AS_OF = '2026-07-01';
const SELF = import.meta.filename;
/** The detail pass of the document safety check runs one document in this many again, step by step. */
const DETAIL_EVERY = 10;

const USAGE = `Usage: npm run bench -- [options]

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
  /** Indented detail rows, measured by repeating part of the work: not added to the total. */
  detail?: boolean;
  note?: string;
  peak?: Memory;
}

interface PhaseResult {
  importMs: number;
  phases: Phase[];
  totalMs: number;
  peak: Memory;
  maxRssMB: number;
  /** Per-document safety-check time, in ms. */
  mdxPerDoc: { p50: number; p95: number; p99: number; max: number; maxFile: string };
  bodyMB: number;
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
  const { checkManual } = await import('../../src/qms/check/check.ts');
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

async function childPhases(root: string, asOf: string): Promise<PhaseResult> {
  const t0 = performance.now();
  // The steps of checkManual (src/qms/check/check.ts), called one by one: update here when they change.
  const [{ loadManual, listDocumentFiles, LAYOUT }, { splitFrontmatter, parseYaml }, { documentSchema }, { documentGuardFindings, bodyAsCompiled }, { parseMdx, codeRanges }, { rawTextFindings }, references, { analyseManual }, { documentedInformationFindings }, { finalizeFindings }] =
    await Promise.all([
      import('../../src/qms/load.ts'),
      import('../../src/qms/frontmatter.ts'),
      import('../../src/qms/schemas/document.ts'),
      import('../../src/qms/check/document-safety.ts'),
      import('../../src/qms/check/mdx-parse.ts'),
      import('../../src/qms/check/mdx-raw-scan.ts'),
      import('../../src/qms/check/references.ts'),
      import('../../src/qms/analysis.ts'),
      import('../../src/qms/check/documented-information.ts'),
      import('../../src/qms/check/findings.ts'),
    ]);
  const importMs = performance.now() - t0;

  let peak: Memory = mem();
  const sample = () => {
    const m = mem();
    peak = { rssMB: Math.max(peak.rssMB, m.rssMB), heapUsedMB: Math.max(peak.heapUsedMB, m.heapUsedMB) };
  };
  const phases: Phase[] = [];
  const timed = <T>(name: string, work: (tick: () => void) => T, options: { detail?: boolean; note?: string } = {}): T => {
    gc();
    const before = peak;
    peak = mem();
    let n = 0;
    const tick = () => {
      if (++n % 100 === 0) sample();
    };
    const start = performance.now();
    const value = work(tick);
    const ms = performance.now() - start;
    sample();
    phases.push({ name, ms, ...options, peak });
    peak = { rssMB: Math.max(before.rssMB, peak.rssMB), heapUsedMB: Math.max(before.heapUsedMB, peak.heapUsedMB) };
    return value;
  };

  // The phases of checkManual (src/qms/check/check.ts), in its order.
  progress('phase: load and validate (loadManual)');
  const manual = timed('load and validate (loadManual)', () => loadManual(root));
  const raw: unknown[] = manual.problems.map((p) => ({ ...p, documentId: undefined }));

  progress('phase: document safety');
  const documentFiles = [...manual.sources.keys()].filter((file) => file.startsWith(`${LAYOUT.documents}/`));
  const perDoc: { ms: number; file: string }[] = [];
  let bodyBytes = 0;
  timed('document safety (documentGuardFindings)', (tick) => {
    for (const file of documentFiles) {
      const source = manual.sources.get(file)!;
      bodyBytes += source.length;
      const start = performance.now();
      raw.push(...documentGuardFindings(file, source));
      perDoc.push({ ms: performance.now() - start, file });
      tick();
    }
  });
  progress('phase: references');
  const knownIds = new Set([...manual.declaredIds.values(), ...manual.documents.map((d) => d.data.id)]);
  timed('references (referenceFindings, cycles)', (tick) => {
    for (const doc of manual.documents) {
      raw.push(...references.referenceFindings(doc, manual.sources.get(doc.file)!, knownIds));
      tick();
    }
    raw.push(...references.supersessionCycleFindings(manual.documents, manual.sources));
  });

  progress('phase: status and coverage');
  timed('status, coverage, documented information', () => {
    const analysis = analyseManual(manual.documents.map((d) => d.data), manual.index, manual.settings, asOf);
    raw.push(...documentedInformationFindings(manual, analysis));
  }, { note: 'analyseManual + documentedInformationFindings; the line look-ups of stateFindings are not exported' });

  timed('finalize (severity, sort)', () => finalizeFindings(raw as Parameters<typeof finalizeFindings>[0], manual.settings.checks.severity, false));

  const maxRssBeforeDetail = maxRssMB();
  // Detail rows, measured last so that their copies of the data do not weigh on the phases above; each is
  // moved under the phase it splits.
  const under = (parent: string, work: () => void) => {
    const first = phases.length;
    work();
    const rows = phases.splice(first);
    phases.splice(phases.findIndex((p) => p.name.startsWith(parent)) + 1, 0, ...rows);
  };
  progress('detail: loading');
  under('load and validate', () => {
    const files = listDocumentFiles(root);
    const sources = timed('read files', (tick) => files.map((f) => (tick(), readFileSync(join(root, f), 'utf8'))), { detail: true });
    const splits = timed('split frontmatter', (tick) => sources.map((s) => (tick(), splitFrontmatter(s))), { detail: true });
    const values = timed('parse YAML (js-yaml)', (tick) => splits.map((s) => (tick(), parseYaml(s.frontmatter))), { detail: true });
    const shared = timed('build the zod schema (once: load.ts caches it per catalogue)', () => documentSchema(manual.index), { detail: true });
    timed('validate with the schema', (tick) => values.map((v) => (tick(), shared.safeParse(v ?? {}, { reportInput: true }))), { detail: true });
  });
  progress('detail: document safety');
  under('document safety', () => {
    // One document in DETAIL_EVERY, each step timed on its own.
    const sampled = documentFiles.filter((_, i) => i % DETAIL_EVERY === 0).map((file) => ({ file, source: manual.sources.get(file)! }));
    // Interleaved per document, so that collections and machine load fall on every row alike.
    let guardMs = 0;
    let parseMs = 0;
    let scanMs = 0;
    for (const { file, source } of sampled) {
      let start = performance.now();
      documentGuardFindings(file, source);
      guardMs += performance.now() - start;
      const body = bodyAsCompiled(source).body;
      start = performance.now();
      const { tree } = parseMdx(body);
      parseMs += performance.now() - start;
      start = performance.now();
      rawTextFindings(body, codeRanges(body, tree), []);
      scanMs += performance.now() - start;
    }
    // Each row is its share of the sampled time, applied to the phase as measured above: the split stays
    // true even if the machine is busier or quieter now than during the phase.
    const phaseMs = phases.find((p) => p.name.startsWith('document safety'))!.ms;
    [parseMs, scanMs] = [parseMs, scanMs].map((ms) => (ms / guardMs) * phaseMs);
    guardMs = phaseMs;
    const note = `share measured on 1 document in ${DETAIL_EVERY}`;
    phases.push(
      { name: 'parse MDX (parseMdx: remark-parse + remark-mdx + remark-gfm)', ms: parseMs, detail: true, note },
      { name: 'raw-text scan (codeRanges + rawTextFindings)', ms: scanMs, detail: true, note },
      { name: 'the rest: tree walk, frontmatter fence, layout field', ms: guardMs - parseMs - scanMs, detail: true, note: 'documentGuardFindings minus the two rows above' },
    );
  });

  const sorted = perDoc.map((d) => d.ms).sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const slowest = perDoc.reduce((a, b) => (b.ms > a.ms ? b : a), { ms: 0, file: '' });
  return {
    importMs,
    phases,
    totalMs: phases.filter((p) => !p.detail).reduce((sum, p) => sum + p.ms, 0),
    peak: phases.filter((p) => !p.detail).reduce((m, p) => ({ rssMB: Math.max(m.rssMB, p.peak!.rssMB), heapUsedMB: Math.max(m.heapUsedMB, p.peak!.heapUsedMB) }), { rssMB: 0, heapUsedMB: 0 }),
    maxRssMB: maxRssBeforeDetail,
    mdxPerDoc: { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: slowest.ms, maxFile: slowest.file },
    bodyMB: bodyBytes / MB,
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
  if (phases) {
    const total = phases.totalMs;
    out.push(`Phases of checkManual, run one at a time in another fresh process (import ${s(phases.importMs)}):`);
    out.push(
      table(
        ['phase', 'time', 'share', 'docs/s', 'peak heap', 'peak RSS', 'note'],
        phases.phases.map((p) => [
          p.detail ? `  ${p.name}` : p.name,
          s(p.ms),
          p.detail ? '' : `${((100 * p.ms) / total).toFixed(1)}%`,
          p.detail ? '' : (docs / (p.ms / 1000)).toFixed(0),
          p.detail ? '' : mb(p.peak!.heapUsedMB),
          p.detail ? '' : mb(p.peak!.rssMB),
          p.note ?? '',
        ]),
        ['l', 'r', 'r', 'r', 'r', 'r', 'l'],
      ),
    );
    const d = phases.mdxPerDoc;
    out.push(
      `sum of phases ${s(total)} (whole run: ${s(full.runs[full.runs.length - 1]?.wallMs ?? 0)}); indented rows repeat part of the work to split it and are not in the sum.`,
      `document safety per document: p50 ${d.p50.toFixed(1)} ms, p95 ${d.p95.toFixed(1)} ms, p99 ${d.p99.toFixed(1)} ms, max ${d.max.toFixed(1)} ms (${d.maxFile}); ${(phases.bodyMB / ((phases.phases.find((p) => p.name.startsWith('document safety'))?.ms ?? 1) / 1000)).toFixed(2)} MB of document text per second.`,
      `peak sampled over the phases (every 100 documents): heap ${mb(phases.peak.heapUsedMB)}, RSS ${mb(phases.peak.rssMB)}; maxRSS ${mb(phases.maxRssMB)}.`,
    );
  }
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
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, strict: true });
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
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
        // The breakdown calls checkManual's steps one by one; if they were renamed, the whole-run numbers still stand.
        process.stderr.write(`bench: no phase breakdown (${(error as Error).message}); update childPhases in scripts/bench/check.ts to follow src/qms/check/check.ts\n`);
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

if (import.meta.main) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
