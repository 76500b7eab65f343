/**
 * `npm run bench:history`: how fast revision history is read from Git, against `git log --name-only` on
 * the same repository. A benchmark, not a test: it prints numbers and fails only if extraction throws or
 * the warm result differs from a cold one.
 *
 * 1. Generates a repository with `git fast-import` (default 1,000 documents, 2,000 commits of 1 to 4
 *    documents each: new documents, approved revisions, unversioned edits, drafts, renames), repacked
 *    the way a clone arrives. The documents are those of `npm run bench:check` (generate-corpus.ts: same plan,
 *    frontmatter and bodies), written one version at a time.
 * 2. Cold: in a fresh Node process with no cache, `readManualHistory` over the whole history.
 * 3. Warm: one more commit (made with the git CLI, so its objects are loose, as after a real commit),
 *    then `readManualHistory` with the cache of the previous HEAD: it should read that commit only.
 * 4. `git log --name-only` on the same repository, as the native reference.
 * Goals: cold within 5x of git log, warm faster than it.
 *
 *   npm run bench:history -- [--documents 1000] [--commits 2000] [--runs 5] [--seed 7101] [--keep]
 *                            [--no-repack] [--root DIR] [--json FILE]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { addDays, type IsoDate } from '../../src/qms/base/dates.ts';
import { bodyWriter, changeSummaryFor, documentFile, documentPath, planDocuments, titleFor, type BodyWriter, type Edition, type Plan } from './generate-corpus.ts';
import { makeRandom, type Random } from './random.ts';

const SELF = import.meta.filename;
const COLD_GOAL = 5;

const USAGE = `Usage: npm run bench:history -- [options]

  --documents N   documents in the generated repository (default 1000)
  --commits N     commits (default 2000), each touching 1 to 4 documents
  --runs N        measured runs of each kind; the median is shown (default 5)
  --seed N        generator seed (default 7101)
  --no-repack     keep the pack exactly as fast-import wrote it
  --no-isomorphic-git  skip the cold run that reads objects with isomorphic-git alone
  --root DIR      benchmark an existing repository instead (adds one commit to it: use a copy)
  --keep          keep the generated repository and print its folder
  --json FILE     also write the measurements as JSON
  --help          show this help
`;

// ---- Child: one readManualHistory call, timed inside the process --------------------------------------

interface Measured {
  ms: number;
  /** CPU time of the call (user + system): steadier than wall time on a busy machine. */
  cpuMs: number;
  importMs: number;
  commitsRead: number;
  blobsRead: number;
  cacheHit: boolean;
  documents: number;
  revisions: number;
  maxRssMB: number;
  /** A digest of the result, to compare warm with cold. */
  digest: string;
}

async function child(root: string, cacheDir: string, engine: 'native' | 'isomorphic-git'): Promise<void> {
  const t0 = performance.now();
  const { readManualHistory } = await import('../../src/qms/history/index.ts');
  const { createHash } = await import('node:crypto');
  const importMs = performance.now() - t0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const history = await readManualHistory({ root, cacheDir, engine });
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  if (!history.available) throw new Error(`history unavailable: ${history.reason}`);
  const digest = createHash('sha1').update(JSON.stringify([...history.byId])).digest('hex');
  const revisions = [...history.byId.values()].reduce((n, r) => n + r.length, 0);
  const result: Measured = {
    ms,
    cpuMs: (used.user + used.system) / 1000,
    importMs,
    commitsRead: history.stats!.commitsRead,
    blobsRead: history.stats!.blobsRead,
    cacheHit: history.stats!.cacheHit,
    documents: history.byId.size,
    revisions,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    digest,
  };
  process.stdout.write(JSON.stringify(result));
}

function measure(root: string, cacheDir: string, engine: 'native' | 'isomorphic-git' = 'native'): Measured {
  const run = spawnSync(process.execPath, [SELF, '--child', root, cacheDir, engine], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`measuring process failed:\n${run.stderr}`);
  return JSON.parse(run.stdout) as Measured;
}

// ---- The generated repository ---------------------------------------------------------------------

const PEOPLE = [
  ['Ana Silva', 'ana.silva@hospital.example'],
  ['Ben Okafor', 'ben.okafor@hospital.example'],
  ['Chen Wei', 'chen.wei@hospital.example'],
  ['Dana Novak', 'dana.novak@hospital.example'],
];

/** A document as the repository holds it at the current commit: its plan, the version its file states, and its body. */
interface Doc {
  plan: Plan;
  edition: Edition;
  blocks: string[];
}

const TOUCHES = ['create', 'revise', 'unversioned', 'draft', 'approve', 'frontmatter', 'rename'] as const;
type Touch = (typeof TOUCHES)[number];

interface Generated {
  documents: number;
  commits: number;
  touches: Record<Touch, number>;
}

/** What a commit did to one document: counted in `touches`, and named in the commit message. */
interface Change {
  touch: Touch;
  subject: string;
}

/**
 * Version 1 as first committed. History reads only id, version, status and change_summary, so how the
 * frontmatter writes its lists does not matter here.
 */
const FIRST_ISSUE: Edition = { version: 1, status: 'approved', ownerNamed: true, departmentsStyle: 'flow', changeSummary: 'First issue.' };

/** Approved on `day`, in force a week later, to be reviewed two years after approval. */
function approvedOn(edition: Edition, day: IsoDate): Edition {
  return { ...edition, status: 'approved', approval: { approved: day, effective: addDays(day, 7), reviewBy: addDays(day, 730) } };
}

/** The next version, as a draft: it has no approval until a later commit approves it. */
function nextDraft(edition: Edition, changeSummary: string): Edition {
  return { ...edition, version: edition.version + 1, status: 'draft', approval: undefined, changeSummary };
}

/** A rename in the manual is a new title, and with it a new file name. */
function retitle(plan: Plan, random: Random): void {
  const from = documentPath(plan);
  do {
    plan.title = titleFor(plan.type, plan.area, random);
  } while (documentPath(plan) === from);
}

/** One author's change to a document already in the repository, on `day`. */
function changeDocument(d: Doc, day: IsoDate, random: Random, writer: BodyWriter): Change {
  const { id } = d.plan;
  const roll = random.next();
  const summary = () => `Version ${d.edition.version + 1}. ${changeSummaryFor(d.plan, random)}`;
  if (roll < 0.06) {
    retitle(d.plan, random);
    return { touch: 'rename', subject: `Rename ${id}` };
  }
  if (d.edition.status === 'draft') {
    d.blocks = writer.rewriteParagraph(d.plan, d.blocks);
    if (roll < 0.5) {
      d.edition = approvedOn(d.edition, day);
      return { touch: 'approve', subject: `Approve ${id} version ${d.edition.version}` };
    }
    return { touch: 'draft', subject: `Work on the draft of ${id} version ${d.edition.version}` };
  }
  if (roll >= 0.8) {
    // A review that changes nothing: only review_by moves, the body and version stay.
    d.edition = { ...d.edition, approval: d.edition.approval && { ...d.edition.approval, reviewBy: addDays(day, 730) } };
    return { touch: 'frontmatter', subject: `Confirm review of ${id}` };
  }
  d.blocks = writer.rewriteParagraph(d.plan, d.blocks);
  if (roll < 0.5) {
    d.edition = approvedOn(nextDraft(d.edition, summary()), day);
    return { touch: 'revise', subject: `Revise ${id} to version ${d.edition.version}` };
  }
  if (roll < 0.62) return { touch: 'unversioned', subject: `Fix wording in ${id}` };
  d.edition = nextDraft(d.edition, summary());
  return { touch: 'draft', subject: `Start version ${d.edition.version} of ${id}` };
}

/**
 * Writes the history of `documents` documents in `commits` commits, each touching 1 to 4 of them. The
 * documents are planned and written by the check benchmark's corpus generator, one version at a time.
 */
function generateRepository(dir: string, documents: number, commits: number, seed: number): Generated {
  const random = makeRandom(seed);
  const plans = planDocuments(documents, random);
  const writer = bodyWriter(plans, random);
  const docs: Doc[] = [];
  const chunks: string[] = [];
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const modify = (d: Doc) => `M 100644 inline ${documentPath(d.plan)}\n${data(documentFile(d.plan, d.edition, d.blocks))}`;
  const touches = Object.fromEntries(TOUCHES.map((touch) => [touch, 0])) as Record<Touch, number>;
  let time = Date.UTC(2023, 0, 2, 9) / 1000;
  for (let c = 0; c < commits; c++) {
    time += random.int(600, 86999);
    const day = new Date(time * 1000).toISOString().slice(0, 10);
    const n = random.int(1, 4);
    const touched = new Set<Doc>();
    const ops: string[] = [];
    const subjects: string[] = [];
    for (let k = 0; k < n; k++) {
      if (docs.length < plans.length && (docs.length < 4 || random.chance(0.6))) {
        const plan = plans[docs.length];
        const d: Doc = { plan, edition: approvedOn(FIRST_ISSUE, day), blocks: writer.body(plan) };
        docs.push(d);
        touched.add(d);
        ops.push(modify(d));
        subjects.push(`Add ${plan.id}`);
        touches.create++;
        continue;
      }
      const d = random.pick(docs);
      if (touched.has(d)) continue;
      touched.add(d);
      const from = documentPath(d.plan);
      const change = changeDocument(d, day, random, writer);
      ops.push(`${documentPath(d.plan) === from ? '' : `D ${from}\n`}${modify(d)}`);
      subjects.push(change.subject);
      touches[change.touch]++;
    }
    const [name, email] = random.pick(PEOPLE);
    chunks.push(
      `commit refs/heads/main\nmark :${c + 1}\nauthor ${name} <${email}> ${time} +0000\ncommitter ${name} <${email}> ${time} +0000\n${data(`${subjects.join('; ')}\n\nGenerated by the history benchmark.`)}${ops.join('')}\n`,
    );
  }
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  git(dir, 'config', 'user.name', 'Benchmark');
  git(dir, 'config', 'user.email', 'bench@hospital.example');
  git(dir, 'config', 'gc.auto', '0');
  execFileSync('git', ['-C', dir, 'fast-import', '--quiet'], { input: chunks.join(''), maxBuffer: 1024 * 1024 * 1024 });
  return { documents: docs.length, commits, touches };
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
}

/** One more approved revision, committed with the git CLI like an author would (its objects are loose). */
function addOneCommit(dir: string): void {
  const files = git(dir, 'ls-files', 'content/docs').trim().split('\n');
  const file = files[Math.floor(files.length / 2)];
  const source = readFileSync(join(dir, file), 'utf8');
  const version = Number(/^version: (\d+)$/m.exec(source)?.[1] ?? 1);
  const edited = source
    .replace(/^version: \d+$/m, `version: ${version + 1}`)
    .replace(/^change_summary: .*$/m, `change_summary: Version ${version + 1}. One more step.`)
    .concat('\nOne more step, added by the benchmark.\n');
  writeFileSync(join(dir, file), edited);
  const when = '2030-01-01T10:00:00Z';
  execFileSync('git', ['-C', dir, 'commit', '-q', '-am', `Revise ${file}`], { env: { ...process.env, GIT_AUTHOR_DATE: when, GIT_COMMITTER_DATE: when } });
}

function gitLogMs(dir: string): number {
  const start = performance.now();
  const run = spawnSync('git', ['-C', dir, 'log', '--name-only'], { maxBuffer: 1024 * 1024 * 1024 });
  const ms = performance.now() - start;
  if (run.status !== 0) throw new Error(`git log failed: ${run.stderr}`);
  return ms;
}

// ---- Parent ---------------------------------------------------------------------------------------------

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (ms: number) => `${ms.toFixed(0).padStart(6)} ms`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      documents: { type: 'string', default: '1000' },
      commits: { type: 'string', default: '2000' },
      runs: { type: 'string', default: '5' },
      seed: { type: 'string', default: '7101' },
      'no-repack': { type: 'boolean', default: false },
      'no-isomorphic-git': { type: 'boolean', default: false },
      root: { type: 'string' },
      keep: { type: 'boolean', default: false },
      json: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const runs = Math.max(1, Number(values.runs));
  const work = mkdtempSync(join(tmpdir(), 'qms-history-bench-'));
  const root = values.root ?? join(work, 'repo');
  const cacheDir = join(work, 'cache');
  try {
    if (!values.root) {
      process.stderr.write(`  … generating ${values.documents} documents in ${values.commits} commits\n`);
      const t = performance.now();
      const generated = generateRepository(root, Number(values.documents), Number(values.commits), Number(values.seed));
      if (!values['no-repack']) git(root, 'repack', '-a', '-d', '-f', '-q', '--depth=50', '--window=10');
      git(root, 'reset', '-q', '--hard');
      process.stderr.write(`  … generated in ${((performance.now() - t) / 1000).toFixed(1)} s: ${JSON.stringify(generated.touches)}\n`);
    }
    const packs = readdirSync(join(root, '.git/objects/pack')).filter((f) => f.endsWith('.pack'));
    const headBefore = git(root, 'rev-parse', 'HEAD').trim();
    const commitCount = Number(git(root, 'rev-list', '--count', 'HEAD').trim());

    // Cold runs alternate with git log runs, so that both see the same load on a shared machine.
    const cold: Measured[] = [];
    const logMs: number[] = [];
    gitLogMs(root);
    for (let i = 0; i < runs; i++) {
      process.stderr.write(`  … cold run ${i + 1} of ${runs}, and git log\n`);
      rmSync(cacheDir, { recursive: true, force: true });
      cold.push(measure(root, cacheDir));
      logMs.push(gitLogMs(root));
    }
    let isomorphic: Measured | undefined;
    if (!values['no-isomorphic-git']) {
      process.stderr.write('  … one cold run reading objects with isomorphic-git alone\n');
      rmSync(cacheDir, { recursive: true, force: true });
      isomorphic = measure(root, cacheDir, 'isomorphic-git');
      if (isomorphic.digest !== cold[0].digest) throw new Error('isomorphic-git alone read a different history');
    }
    const cacheFileName = readdirSync(cacheDir).find((f) => f.endsWith('.json'))!;
    const savedCache = join(work, 'cache-at-previous-head.json');
    copyFileSync(join(cacheDir, cacheFileName), savedCache);

    addOneCommit(root);
    const warm: Measured[] = [];
    const logAfterMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      process.stderr.write(`  … warm run ${i + 1} of ${runs} (one new commit), and git log\n`);
      copyFileSync(savedCache, join(cacheDir, cacheFileName));
      warm.push(measure(root, cacheDir));
      logAfterMs.push(gitLogMs(root));
    }
    const hit: Measured[] = [];
    for (let i = 0; i < runs; i++) hit.push(measure(root, cacheDir));
    rmSync(cacheDir, { recursive: true, force: true });
    const coldAfter = measure(root, cacheDir);
    if (coldAfter.digest !== warm[0].digest) throw new Error('the warm result differs from a cold read of the same HEAD');

    const log = median(logMs);
    const logAfter = median(logAfterMs);
    const coldMs = median(cold.map((m) => m.ms));
    const warmMs = median(warm.map((m) => m.ms));
    const hitMs = median(hit.map((m) => m.ms));
    const c = cold[0];
    const row = (label: string, ms: number, cpuMs: number | undefined, m: Measured | undefined, versus: number, goal: string) =>
      `| ${label.padEnd(37)} | ${fmt(ms)} | ${cpuMs === undefined ? '         ' : fmt(cpuMs)} | ${String(m?.commitsRead ?? '').padStart(12)} | ${String(m?.blobsRead ?? '').padStart(10)} | ${`${(ms / versus).toFixed(2)}x`.padStart(10)} | ${goal.padEnd(13)} |`;
    const lines = [
      '',
      `History extraction: ${c.documents} documents, ${commitCount} commits, ${c.revisions} revisions (${packs.length} pack${packs.length === 1 ? '' : 's'}, then one more commit)`,
      `Node ${process.version}; median of ${runs} runs, each in a fresh process; time of the readManualHistory call (module import, ~${c.importMs.toFixed(0)} ms, not included)`,
      '',
      '| run                                   |      wall |       CPU | commits read | blobs read | vs git log | goal          |',
      '| ------------------------------------- | --------- | --------- | ------------ | ---------- | ---------- | ------------- |',
      row('cold: no cache, whole history', coldMs, median(cold.map((m) => m.cpuMs)), c, log, `<= ${COLD_GOAL}x: ${coldMs <= COLD_GOAL * log ? 'met' : 'MISSED'}`),
      row('warm: cache of HEAD~1, one new commit', warmMs, median(warm.map((m) => m.cpuMs)), warm[0], logAfter, `< 1x: ${warmMs < logAfter ? 'met' : 'MISSED'}`),
      row('cache hit: same HEAD', hitMs, median(hit.map((m) => m.cpuMs)), hit[0], logAfter, ''),
      ...(isomorphic ? [row('cold, objects read by isomorphic-git', isomorphic.ms, isomorphic.cpuMs, isomorphic, log, '(1 run)')] : []),
      row('git log --name-only (native)', log, undefined, undefined, log, ''),
      '',
      `cold runs ${cold.map((m) => m.ms.toFixed(0)).join(', ')} ms, alternating with git log ${logMs.map((m) => m.toFixed(0)).join(', ')} ms;`,
      `warm runs ${warm.map((m) => m.ms.toFixed(0)).join(', ')} ms, alternating with git log ${logAfterMs.map((m) => m.toFixed(0)).join(', ')} ms`,
      `peak RSS: cold ${c.maxRssMB.toFixed(0)} MB, warm ${warm[0].maxRssMB.toFixed(0)} MB; the warm result is identical to a cold read of the same HEAD`,
      '',
    ];
    process.stdout.write(lines.join('\n'));
    if (values.json) writeFileSync(values.json, JSON.stringify({ commitCount, cold, warm, hit, isomorphic, logMs, logAfterMs }, null, 2));
    return 0;
  } finally {
    if (values.keep) process.stderr.write(`  … kept ${work}\n`);
    else rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4], process.argv[5] as 'native' | 'isomorphic-git');
} else {
  process.exitCode = await main(process.argv.slice(2));
}
