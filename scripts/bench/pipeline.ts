/**
 * `npm run bench`: the whole publishing pipeline (check, history, content sync, render, search index) on
 * generated manuals of 100, 1,000 and 5,000 documents with a Git history, beside a bare Astro + MDX +
 * Pagefind build of the same documents made here, in the same run. A benchmark, not a test: it prints
 * numbers and fails only when a build does.
 *
 * For each size, in a temporary folder (removed after):
 * 1. generates the corpus (generate-corpus.ts), gives it a history (corpus-history.ts), and makes the
 *    project copy and the bare project (projects.ts);
 * 2. runs the checker and the history reader once on their own;
 * 3. builds both projects from no cache, interleaved (project, bare, project, bare…), timing each build
 *    as a whole and each stage from its log (timed-run.ts, build-stages.ts);
 * 4. measures the readers' side of the built project in Chromium (readers.ts);
 * 5. commits one document's approved edit and builds both again with their caches.
 * Then prints the table and writes the results file (pipeline-report.ts) and, if asked, every measurement as JSON.
 *
 *   npm run bench -- [--sizes 100,1000,5000] [--runs N] [--query "hand hygiene"] [--no-readers]
 *                    [--results FILE] [--json FILE] [--keep]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import yaml from 'js-yaml';
import { buildStages } from './build-stages.ts';
import { commitApprovedEdit, editableDocument, giveHistory } from './corpus-history.ts';
import { generateCorpus } from './generate-corpus.ts';
import { summaryTable, stagesTable, readersTable, goals, goalsTable, resultsMarkdown, type BuildMeasure, type Machine, type SizeResult } from './pipeline-report.ts';
import { clearCaches, makeProjectCopy, REPO_ROOT, writeBareProject } from './projects.ts';
import { measureReaders } from './readers.ts';
import { assertGnuTime, timedRun, type LogLine } from './timed-run.ts';
import { processIo, readArguments, runAsProcess } from '../cli.ts';

/** The generated corpus is valid on this date (0 errors): every build and check runs as of it. */
const AS_OF = '2026-07-01';
const SELF = import.meta.filename;

const USAGE = `Usage: npm run bench -- [options]

  --sizes LIST      documents in each generated manual, comma-separated (default 100,1000,5000)
  --runs N          full builds of each project per size, interleaved (default 3, and 1 from 5,000 documents)
  --query TEXT      what the readers' search looks for (default "hand hygiene")
  --past-versions N history.past_versions in the generated manuals' settings (default: the settings' own, 10);
                    0 builds no page for earlier versions, as the bare site has none
  --no-readers      skip the readers' side (Chromium)
  --results FILE    the results file (default scripts/bench/results/pipeline-<sizes>.md)
  --json FILE       also write every measurement as JSON
  --seed N          corpus seed (default 7101)
  --keep            keep the generated projects and print their folder
  --help            show this help
`;

const secondsText = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const benchStart = performance.now();
function progress(text: string): void {
  process.stderr.write(`  … ${secondsText(performance.now() - benchStart).padStart(7)}  ${text}\n`);
}

/** The last lines of a failed command's output, for the error. */
const tail = (lines: readonly LogLine[]) => lines.slice(-40).map((l) => l.text).join('\n');

/** The environment of every build and check: the as-of date fixed, no telemetry, this Node first on the PATH. */
function buildEnv(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${join(dir, 'node_modules/.bin')}:${dirname(process.execPath)}:${process.env.PATH ?? ''}`, ASTRO_TELEMETRY_DISABLED: '1', QMS_AS_OF: AS_OF };
  delete env.QMS_STRICT;
  return env;
}

/** `astro build` in `dir`, measured; throws with the end of its log when it fails. */
async function build(dir: string, what: string): Promise<BuildMeasure> {
  const run = await timedRun(process.execPath, [join(dir, 'node_modules/astro/bin/astro.mjs'), 'build'], { cwd: dir, env: buildEnv(dir) });
  if (run.code !== 0) throw new Error(`${what}: astro build failed (exit ${run.code}) in ${dir}:\n${tail(run.lines)}`);
  return { wallMs: run.wallMs, cpuMs: run.cpuMs, maxRssMB: run.maxRssMB, stages: buildStages(run.lines) };
}

// ---- Child: the history reader on its own ------------------------------------------------------------

async function childHistory(root: string): Promise<SizeResult['historyRead']> {
  const { readManualHistory } = await import('../../src/qms/history/index.ts');
  const cacheDir = mkdtempSync(join(tmpdir(), 'qms-bench-history-cache-'));
  try {
    let start = performance.now();
    const cold = await readManualHistory({ root, cacheDir });
    const coldMs = performance.now() - start;
    start = performance.now();
    await readManualHistory({ root, cacheDir });
    const warmMs = performance.now() - start;
    if (!cold.available) throw new Error(`no history in ${root}: ${cold.reason}`);
    return { coldMs, warmMs, revisions: [...cold.byId.values()].reduce((sum, revisions) => sum + revisions.length, 0) };
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

function historyRead(root: string): SizeResult['historyRead'] {
  const child = spawnSync(process.execPath, [SELF, '--child', 'history', '--root', root], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`the history reader failed:\n${child.stderr}`);
  return JSON.parse(child.stdout) as SizeResult['historyRead'];
}

// ---- One size ------------------------------------------------------------------------------------------

interface Options {
  runs?: number;
  /** history.past_versions for the generated manuals, when given. */
  pastVersions?: number;
  seed: number;
  query: string;
  readers: boolean;
  keep: boolean;
}

/** Sets history.past_versions in the generated manual's settings (after its history is committed: the build reads the working tree). */
function setPastVersions(dir: string, count: number): void {
  const file = join(dir, 'content/settings/organization.yaml');
  const settings = yaml.load(readFileSync(file, 'utf8')) as { history?: Record<string, unknown> };
  writeFileSync(file, yaml.dump({ ...settings, history: { ...settings.history, past_versions: count } }));
}

async function benchSize(documents: number, options: Options): Promise<SizeResult> {
  const base = mkdtempSync(join(tmpdir(), `qms-bench-pipeline-${documents}-`));
  const projectDir = join(base, 'project');
  const bareDir = join(base, 'bare');
  const label = `${documents.toLocaleString('en-GB')} documents`;
  try {
    progress(`${label}: generating the corpus and its history in ${base}`);
    const corpus = generateCorpus(projectDir, { documents, seed: options.seed, faults: 0, asOf: AS_OF });
    const history = giveHistory(projectDir, AS_OF);
    if (options.pastVersions !== undefined) setPastVersions(projectDir, options.pastVersions);
    makeProjectCopy(projectDir);
    writeBareProject(bareDir, join(projectDir, 'content/docs'));

    progress(`${label}: the checker on its own`);
    clearCaches(projectDir);
    const check = await timedRun(process.execPath, ['scripts/check.ts', '--as-of', AS_OF], { cwd: projectDir, env: buildEnv(projectDir) });
    if (check.code !== 0) throw new Error(`the generated manual does not pass the checker (exit ${check.code}):\n${tail(check.lines)}`);
    progress(`${label}: the history reader on its own`);
    const read = historyRead(projectDir);

    const runs = options.runs ?? (documents >= 5000 ? 1 : 3);
    const project: BuildMeasure[] = [];
    const bare: BuildMeasure[] = [];
    for (let i = 1; i <= runs; i++) {
      for (const [name, dir, list] of [['project', projectDir, project], ['bare', bareDir, bare]] as const) {
        clearCaches(dir);
        const measure = await build(dir, `${label}, ${name} build ${i}`);
        list.push(measure);
        progress(`${label}: ${name} build ${i} of ${runs}: ${secondsText(measure.wallMs)}`);
      }
    }

    let readers: SizeResult['readers'];
    if (options.readers) {
      progress(`${label}: the readers' side in Chromium`);
      readers = await measureReaders(join(projectDir, 'dist'), options.query, AS_OF);
    }

    // The bare project is rebuilt too: what Astro alone makes of one changed file is the floor for this project's rebuild.
    const file = editableDocument(projectDir, AS_OF);
    const edited = commitApprovedEdit(projectDir, file, AS_OF);
    writeFileSync(join(bareDir, file), edited);
    const edit = { file, project: await build(projectDir, `${label}, project rebuild`), bare: await build(bareDir, `${label}, bare rebuild`) };
    progress(`${label}: one-edit rebuild: ${secondsText(edit.project.wallMs)} (bare ${secondsText(edit.bare.wallMs)})`);

    return {
      documents: corpus.documents,
      history,
      corpus: { words: corpus.words, bytes: corpus.bytes },
      check: { wallMs: check.wallMs, cpuMs: check.cpuMs, maxRssMB: check.maxRssMB },
      historyRead: read,
      project,
      bare,
      edit,
      readers,
    };
  } finally {
    if (options.keep) process.stderr.write(`bench: ${label} kept in ${base}\n`);
    else rmSync(base, { recursive: true, force: true });
  }
}

// ---- The machine and the report ----------------------------------------------------------------------

function machine(loadBefore: number[]): Machine {
  const version = (name: string) => (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  const git = (args: string[]) => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  let commit = 'unknown';
  try {
    commit = `${git(['rev-parse', '--short', 'HEAD'])}${git(['status', '--porcelain', '--untracked-files=no']) ? ' (with uncommitted changes)' : ''}`;
  } catch {
    // Not a Git checkout: the results still stand, without a commit.
  }
  return {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGB: totalmem() / 1024 ** 3,
    node: process.version,
    packages: Object.fromEntries(['astro', '@astrojs/mdx', 'pagefind'].map((name) => [name, version(name)])),
    commit,
    loadBefore,
    loadAfter: loadavg(),
  };
}

export async function main(argv: string[]): Promise<number> {
  const args = readArguments(
    {
      args: argv,
      options: {
        sizes: { type: 'string', default: '100,1000,5000' },
        runs: { type: 'string' },
        'past-versions': { type: 'string' },
        query: { type: 'string', default: 'hand hygiene' },
        'no-readers': { type: 'boolean', default: false },
        results: { type: 'string' },
        json: { type: 'string' },
        seed: { type: 'string', default: '7101' },
        keep: { type: 'boolean', default: false },
        child: { type: 'string' },
        root: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    },
    processIo(),
    'bench',
    USAGE,
  );
  if (typeof args === 'number') return args;
  const { values } = args;
  if (values.child === 'history') {
    process.stdout.write(JSON.stringify(await childHistory(values.root!)));
    return 0;
  }
  const sizes = values.sizes.split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  const runs = values.runs === undefined ? undefined : Number(values.runs);
  if (sizes.some((n) => !Number.isInteger(n) || n < 10) || (runs !== undefined && (!Number.isInteger(runs) || runs < 1))) {
    process.stderr.write(`bench: --sizes takes whole numbers of at least 10, --runs a whole number of at least 1\n\n${USAGE}`);
    return 2;
  }
  assertGnuTime();
  const loadBefore = loadavg();
  const pastVersions = values['past-versions'] === undefined ? undefined : Number(values['past-versions']);
  if (pastVersions !== undefined && (!Number.isInteger(pastVersions) || pastVersions < 0)) {
    process.stderr.write(`bench: --past-versions takes a whole number of at least 0\n\n${USAGE}`);
    return 2;
  }
  const options: Options = { runs, pastVersions, seed: Number(values.seed), query: values.query, readers: !values['no-readers'], keep: values.keep };
  const results: SizeResult[] = [];
  for (const n of sizes) results.push(await benchSize(n, options));

  const command = `npm run bench -- ${argv.join(' ')}`.trim().replace(/ --$/, '');
  const report = [
    summaryTable(results),
    '',
    ...results.flatMap((size) => [`Where the time goes, ${size.documents.toLocaleString('en-GB')} documents (medians):`, stagesTable(size), '']),
    ...(options.readers ? ["Readers' side:", readersTable(results), ''] : []),
    'Goals (issue 13):',
    goalsTable(goals(results)),
  ].join('\n');
  process.stdout.write(`\n${report}\n\n`);
  const resultsFile = resolve(values.results ?? join(REPO_ROOT, `scripts/bench/results/pipeline-${sizes.join('-')}.md`));
  mkdirSync(dirname(resultsFile), { recursive: true });
  const info = machine(loadBefore);
  writeFileSync(resultsFile, resultsMarkdown(results, info, command, AS_OF));
  const shown = relative(process.cwd(), resultsFile);
  process.stdout.write(`results: ${shown.startsWith('..') ? resultsFile : shown}\n`);
  if (values.json) writeFileSync(values.json, `${JSON.stringify({ command, asOf: AS_OF, machine: info, results }, null, 2)}\n`);
  process.stdout.write(`bench: done in ${secondsText(performance.now() - benchStart)}\n`);
  return 0;
}

if (import.meta.main) runAsProcess('bench', () => main(process.argv.slice(2)));
