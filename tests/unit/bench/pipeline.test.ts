import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { buildStages } from '../../../scripts/bench/build-stages.ts';
import { approvedEdit, commitApprovedEdit, documentFiles, earlierEdition, editableDocument, editionCommitDate, git, giveHistory } from '../../../scripts/bench/corpus-history.ts';
import { generateCorpus } from '../../../scripts/bench/generate-corpus.ts';
import { goals, median, medianBuild, rebuildTable, summarize, summaryTable, table, type BuildMeasure, type SizeResult } from '../../../scripts/bench/pipeline-report.ts';
import { clearCaches, REPO_ROOT, writeBareProject } from '../../../scripts/bench/projects.ts';
import { pagesBySize, sumDownloads } from '../../../scripts/bench/readers.ts';
import { LineClock, parseTimeOutput, type LogLine } from '../../../scripts/bench/timed-run.ts';
import { checkManualWithHistory } from '../../../src/qms/check/manual.ts';
import { readManualHistory } from '../../../src/qms/history/index.ts';
import { approvedVersions } from '../../../src/qms/history/versions.ts';

const AS_OF = '2026-07-01';
const folders: string[] = [];
const tempFolder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'qms-bench-test-'));
  folders.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

const frontmatterOf = (text: string) => yaml.load(text.slice(4, text.indexOf('\n---', 4))) as Record<string, unknown>;
const isoDate = (value: unknown) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value));

describe('the stages of a build, from its log', () => {
  // The landmark lines of a real `astro build` of this project, with the times they arrived.
  const log: LogLine[] = [
    { ms: 6520, text: '15:01:02 [WARN] [qms-content-guard] 100 documents checked as of 2026-07-01: 0 errors, 204 warnings; npm run check lists them' },
    { ms: 9100, text: '15:01:05 [content] Syncing content' },
    { ms: 9300, text: '15:01:05 [qms-past-versions+schema] past versions with a page: 162 checked, 162 of them rendered (the rest unchanged since the last build), 0 refused by the guard (settings: history.past_versions 10)' },
    { ms: 12640, text: '15:01:08 [content] Synced content' },
    { ms: 12700, text: '15:01:08 [build] ✓ Completed in 7.84s.' },
    { ms: 12800, text: '15:01:08 [build] Building static entrypoints...' },
    { ms: 22130, text: ' generating static routes ' },
    { ms: 22200, text: '15:01:18   ├─ /docs/FRM-0001/index.html (+55ms) ' },
    { ms: 27490, text: '15:01:23 [build] ✓ Completed in 11.95s.' },
    { ms: 27500, text: '15:01:23 [qms-content-guard] 100 document texts rendered or compiled; 0 of them parsed again by the guard (changed since the check)' },
    { ms: 28380, text: '15:01:24 [qms-pagefind] Pagefind indexed 336 pages' },
    { ms: 28390, text: '15:01:24 [build] 336 page(s) built in 20.79s' },
  ];

  it('times each stage between its landmarks, and reads the pages built and indexed', () => {
    expect(buildStages(log)).toEqual({
      startAndCheck: 6520,
      contentSync: 3540,
      bundle: 9330,
      pages: 5360,
      documentPages: 55,
      render: 14690,
      searchIndex: 890,
      pagesBuilt: 336,
      pagesIndexed: 336,
      pastVersionPages: 162,
    });
  });

  it('sums the render times Astro logs for the current documents\' pages, in ms and in s, and no other page', () => {
    const pages = [
      { ms: 22200, text: '15:01:18   ├─ /docs/FRM-0001/index.html (+55ms) ' },
      { ms: 22210, text: '15:01:18   ├─ /docs/FRM-0002/index.html (+1.25s) ' },
      { ms: 22220, text: '15:01:18   ├─ /docs/FRM-0002/v1/index.html (+40ms) ' },
      { ms: 22230, text: '15:01:18   └─ /search-vocabulary.json (+1.41s) ' },
    ];
    const routes = log.findIndex((line) => line.text.includes('generating static routes'));
    expect(buildStages([...log.slice(0, routes + 1), ...pages, ...log.slice(routes + 2)]).documentPages).toBe(1305);
  });

  it('takes the "✓ Completed" that follows the pages, not the one after collecting the build info', () => {
    expect(buildStages(log).render).toBe(27490 - 12800);
  });

  it('leaves out what a build does not log: the bare build has no check', () => {
    const bare = buildStages(log.filter((line) => !line.text.includes('qms-content-guard')));
    expect(bare.startAndCheck).toBeUndefined();
    expect(bare.searchIndex).toBe(890);
    expect(Object.keys(buildStages([{ ms: 5, text: '[build] Complete!' }]))).toEqual([]);
  });
});

describe('measuring a run', () => {
  it('stamps each line with the arrival of the chunk that ends it, without colours', () => {
    let now = 100;
    const clock = new LineClock(100, () => now);
    now = 150;
    clock.push('\u001b[32mfirst\u001b[39m line\nsecond ');
    now = 400;
    clock.push('half\r\nthird');
    now = 900;
    clock.end();
    expect(clock.lines).toEqual([
      { ms: 50, text: 'first line' },
      { ms: 300, text: 'second half' },
      { ms: 800, text: 'third' },
    ]);
  });

  it('reads GNU time\'s line, also after the line it adds for a failed command', () => {
    expect(parseTimeOutput('23.41 11.99 4.12 963756\n')).toEqual({ wallS: 23.41, userS: 11.99, sysS: 4.12, maxRssKB: 963756 });
    expect(parseTimeOutput('Command exited with non-zero status 1\n0.22 0.13 0.01 45532\n').maxRssKB).toBe(45532);
    expect(() => parseTimeOutput('Command terminated by signal 9\n')).toThrow(/unexpected output/);
  });
});

describe('the summary', () => {
  const run = (wallMs: number, cpuMs: number, maxRssMB: number, stages: BuildMeasure['stages'] = {}): BuildMeasure => ({ wallMs, cpuMs, maxRssMB, stages });
  const size = (documents: number, project: BuildMeasure[], bare: BuildMeasure[], editMs: number): SizeResult => ({
    documents,
    history: { editions: 2 * documents, commits: 3 },
    corpus: { words: 880 * documents, bytes: 6000 * documents },
    check: { wallMs: 1000, cpuMs: 900, maxRssMB: 300 },
    historyRead: { coldMs: 200, warmMs: 20, revisions: 3 * documents },
    project,
    bare,
    edit: { file: 'content/docs/forms/FRM-0006.mdx', project: run(editMs, editMs, 500), bare: run(1000, 1000, 400) },
  });

  it('takes medians, of an odd and an even number of runs, and of each stage over the runs that logged it', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const m = medianBuild([run(10, 8, 100, { contentSync: 5 }), run(30, 20, 300), run(20, 12, 200, { contentSync: 7 })]);
    expect(m).toEqual({ wallMs: 20, cpuMs: 12, maxRssMB: 200, stages: { contentSync: 6 } });
  });

  it('gives the ratios to the bare build, the cost per document and the rebuild\'s share', () => {
    const s = summarize(size(1000, [run(45_000, 31_000, 1400)], [run(22_500, 15_500, 1300)], 4500));
    expect(s.ratioWall).toBe(2);
    expect(s.ratioCpu).toBe(2);
    expect(s.perDocument).toEqual({ projectWallMs: 45, bareWallMs: 22.5, projectCpuMs: 31, bareCpuMs: 15.5 });
    expect(s.editShare).toBe(0.1);
  });

  it('prints one row a size, columns lined up', () => {
    const text = summaryTable([size(100, [run(29_400, 23_500, 1003)], [run(9290, 6200, 635)], 31_200)]);
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(lines[0]).toMatch(/^\| documents \| this project .* \| one-edit rebuild +\|$/);
    expect(lines[2].split('|').map((c) => c.trim())).toEqual(['', '100', '29.4 s (CPU 23.5 s)', '9.29 s (CPU 6.20 s)', '3.16x', '3.79x', '0.98 GB vs 0.62 GB', '294.0 vs 92.9', '31.2 s (106% of full; bare 11%)', '']);
    expect(table(['a', 'bb'], [['ccc', 'd']])).toBe('| a   | bb |\n| --- | -- |\n| ccc | d  |');
  });

  it('sets the rebuild beside the full build, stage by stage, for both sites', () => {
    const project = run(20_000, 15_000, 900, { startAndCheck: 3000, contentSync: 2000, bundle: 4000, pages: 8000, documentPages: 6000, searchIndex: 2000 });
    const edit = run(17_000, 12_000, 800, { startAndCheck: 2500, contentSync: 500, bundle: 4000, pages: 8000, documentPages: 6000, searchIndex: 2000 });
    const sized = { ...size(1000, [project], [run(16_000, 15_000, 1000)], 0), edit: { file: 'x.mdx', project: edit, bare: run(18_000, 17_000, 1100, { pages: 9000 }) } };
    const rows = rebuildTable(sized).split('\n').map((line) => line.split('|').map((c) => c.trim()).slice(1, -1));
    expect(rows[0]).toEqual(['stage', 'this project: full', 'this project: one edit', 'bare: full', 'bare: one edit']);
    expect(rows.find((r) => r[0] === 'content sync')).toEqual(['content sync', '2.00 s', '0.50 s', '–', '–']);
    expect(rows.find((r) => r[0] === 'pages')).toEqual(['pages', '8.00 s', '8.00 s', '–', '9.00 s']);
    expect(rows.find((r) => r[0] === 'whole build')).toEqual(['whole build', '20.0 s', '17.0 s (85%)', '16.0 s', '18.0 s (113%)']);
    expect(summarize(sized).bareEditShare).toBe(18_000 / 16_000);
  });

  it('judges issue 13\'s goals: ratios from 1,000 documents, memory, the rebuild, a flat cost per document', () => {
    const list = goals([
      size(100, [run(20_000, 15_000, 900)], [run(5000, 4000, 600)], 19_000),
      size(1000, [run(26_000, 20_000, 1200)], [run(22_000, 16_000, 1300)], 2000),
      size(5000, [run(140_000, 100_000, 3600)], [run(61_000, 45_000, 3900)], 30_000),
    ]);
    const met = Object.fromEntries(list.map((g) => [g.goal, g.met]));
    expect(met).toEqual({
      'peak memory no more than the bare build\'s, 100 documents': false,
      'one-document rebuild ≤ 10% of the full build, 100 documents': false,
      'whole pipeline ≤ 1.3x the bare build, 1,000 documents': true,
      'peak memory no more than the bare build\'s, 1,000 documents': true,
      'one-document rebuild ≤ 10% of the full build, 1,000 documents': true,
      'whole pipeline ≤ 1.3x the bare build, 5,000 documents': false,
      'peak memory no more than the bare build\'s, 5,000 documents': true,
      'one-document rebuild ≤ 10% of the full build, 5,000 documents': false,
      'cost per document flat from 1,000 to 5,000 (within 10%)': true,
    });
    expect(list.at(-1)!.measured).toBe('26.0 → 28.0 ms wall, 20.0 → 20.0 ms CPU');
  });
});

describe('the history of a generated corpus', () => {
  const current = [
    '---',
    'id: SOP-0007',
    'title: Hand hygiene',
    'type: procedure',
    'version: 3',
    'status: obsolete',
    'owner: Head of Quality',
    'approver: Chief Executive',
    'approved: 2025-03-10',
    'effective: 2025-03-20',
    'review_by: 2027-03-20',
    'withdrawn: 2026-01-05',
    'clauses: ["8.1"]',
    'supersedes: [SOP-0002]',
    'change_summary: Steps updated.',
    '---',
    '',
    '## Purpose',
    '',
    'Clean hands save lives.',
    '',
  ].join('\n');

  it('writes an earlier edition as approved, dated a step earlier, with valid YAML and a body of its own', () => {
    const edition = earlierEdition(current, 1, AS_OF)!;
    const fields = frontmatterOf(edition);
    expect(fields).toMatchObject({ id: 'SOP-0007', version: 2, status: 'approved', change_summary: 'Edition 2: wording brought up to date.', review_by: new Date('2027-03-20') });
    expect([isoDate(fields.approved), isoDate(fields.effective)]).toEqual(['2024-08-22', '2024-09-01']);
    expect(fields).not.toHaveProperty('withdrawn');
    expect(fields).not.toHaveProperty('supersedes');
    expect(edition).toContain('Clean hands save lives.\n\nThis edition (2) was in force before the current one.\n');
    expect(frontmatterOf(earlierEdition(current, 2, AS_OF)!)).toMatchObject({ version: 1, status: 'approved' });
    expect(frontmatterOf(earlierEdition(current, 2, AS_OF)!)).not.toHaveProperty('change_summary');
    expect(earlierEdition(current, 3, AS_OF)).toBeNull();
  });

  it('gives an earlier edition of a never-approved draft its own approval', () => {
    const draft = current.replace('status: obsolete', 'status: draft').replace(/^(approver|approved|effective|review_by|withdrawn): .*\n/gm, '');
    const fields = frontmatterOf(earlierEdition(draft, 1, AS_OF)!);
    expect(fields).toMatchObject({ status: 'approved', approver: 'Chief Executive' });
    expect([isoDate(fields.approved), isoDate(fields.effective)]).toEqual(['2025-11-13', '2025-11-27']);
  });

  it('refuses to write an approved edit of a document that is not approved', () => {
    expect(() => approvedEdit(current, AS_OF)).toThrow(/only an approved document/);
  });

  it('commits two earlier editions of each document, then the current ones, and one approval after; the checker passes it', async () => {
    const dir = tempFolder();
    generateCorpus(dir, { documents: 5, asOf: AS_OF });
    const files = documentFiles(dir);
    const texts = new Map(files.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
    const { commits, editions } = giveHistory(dir, AS_OF);
    expect(commits).toBe(3);
    expect(git(dir, ['log', '--format=%cI %s']).trim().split('\n')).toEqual([
      `${editionCommitDate(0, AS_OF).replace('Z', '+00:00')} Current editions`,
      `${editionCommitDate(1, AS_OF).replace('Z', '+00:00')} Approved editions, 1 before the current ones`,
      `${editionCommitDate(2, AS_OF).replace('Z', '+00:00')} Approved editions, 2 before the current ones`,
    ]);
    let written = 0;
    for (const file of files) {
      const version = frontmatterOf(texts.get(file)!).version as number;
      expect(git(dir, ['show', `HEAD:${file}`])).toBe(texts.get(file));
      for (const back of [1, 2]) {
        const tree = git(dir, ['ls-tree', '--name-only', `HEAD~${back}`, '--', file]).trim();
        if (version - back < 1) {
          expect(tree).toBe('');
          continue;
        }
        written++;
        const fields = frontmatterOf(git(dir, ['show', `HEAD~${back}:${file}`]));
        expect(fields).toMatchObject({ version: version - back, status: 'approved' });
        expect(isoDate(fields.approved) <= editionCommitDate(back, AS_OF).slice(0, 10)).toBe(true);
      }
    }
    expect(written).toBe(editions);
    expect(editions).toBeGreaterThan(0);

    const history = await readManualHistory({ root: dir, cacheDir: join(dir, '.cache') });
    for (const file of files) {
      const { id, version, status } = frontmatterOf(texts.get(file)!) as { id: string; version: number; status: string };
      const approved = approvedVersions(history.byId.get(id)!).map((v) => v.version);
      const earlier = [version - 2, version - 1].filter((v) => v >= 1);
      expect(approved).toEqual(status === 'approved' ? [...earlier, version] : earlier);
    }
    expect((await checkManualWithHistory({ root: dir, asOf: AS_OF, strict: false })).errors).toBe(0);

    const edited = editableDocument(dir, AS_OF);
    const before = frontmatterOf(texts.get(edited)!).version as number;
    commitApprovedEdit(dir, edited, AS_OF);
    expect(git(dir, ['show', '--name-only', '--format=%s', 'HEAD']).trim().split('\n')).toEqual([`Approve ${edited}`, '', edited]);
    expect(frontmatterOf(readFileSync(join(dir, edited), 'utf8'))).toMatchObject({ version: before + 1, status: 'approved', effective: new Date(AS_OF) });
    expect((await checkManualWithHistory({ root: dir, asOf: AS_OF, strict: false })).errors).toBe(0);
  });
});

describe('the projects and the readers\' side', () => {
  it('writes the bare project over a copy of the documents, with links to this repository\'s packages and no cache', () => {
    const docs = join(tempFolder(), 'docs');
    mkdirSync(join(docs, 'forms'), { recursive: true });
    writeFileSync(join(docs, 'forms/FRM-1.mdx'), '---\nid: FRM-1\ntitle: A form\n---\n\nText.\n');
    const bare = join(tempFolder(), 'bare');
    writeBareProject(bare, docs);
    expect(readFileSync(join(bare, 'content/docs/forms/FRM-1.mdx'), 'utf8')).toContain('Text.');
    expect(readFileSync(join(bare, 'src/pages/docs/[id].astro'), 'utf8')).toContain('<Content components={{ Callout }} />');
    expect(readlinkSync(join(bare, 'node_modules/astro'))).toBe(join(REPO_ROOT, 'node_modules/astro'));
    expect(() => readlinkSync(join(bare, 'node_modules/.cache'))).toThrow();
    mkdirSync(join(bare, 'node_modules/.astro'));
    mkdirSync(join(bare, 'dist'));
    clearCaches(bare);
    expect(() => readFileSync(join(bare, 'node_modules/.astro'))).toThrow(/ENOENT/);
    expect(() => readFileSync(join(bare, 'dist'))).toThrow(/ENOENT/);
    expect(readlinkSync(join(bare, 'node_modules/astro'))).toBe(join(REPO_ROOT, 'node_modules/astro'));
  });

  it('finds the heaviest pages a reader can open, and sums what was fetched', () => {
    const dist = tempFolder();
    const write = (file: string, bytes: number) => {
      mkdirSync(join(dist, file, '..'), { recursive: true });
      writeFileSync(join(dist, file), 'x'.repeat(bytes));
    };
    write('index.html', 300);
    write('audit/index.html', 900);
    write('admin/index.html', 5000);
    write('404.html', 100);
    write('pagefind/pagefind.js', 8000);
    expect(pagesBySize(dist)).toEqual([
      { path: '/audit/', htmlBytes: 900 },
      { path: '/', htmlBytes: 300 },
      { path: '/404.html', htmlBytes: 100 },
    ]);
    const bodies = [
      { url: 'http://127.0.0.1:1/pagefind/pagefind.js', body: Buffer.from('a'.repeat(1000)) },
      { url: 'http://127.0.0.1:1/search-vocabulary.json', body: Buffer.from('{}') },
    ];
    const all = sumDownloads(bodies);
    expect(all.requests).toBe(2);
    expect(all.bytes).toBe(1002);
    expect(all.gzipBytes).toBeLessThan(all.bytes);
    expect(sumDownloads(bodies, (url) => url.includes('/pagefind/'))).toMatchObject({ requests: 1, bytes: 1000 });
  });
});
