import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { beginSafetyReading, startSafetyWorker, type ParallelOptions } from '../../../src/qms/check/parallel.ts';
import { safetyOf } from '../../../src/qms/check/rules/reading.ts';
import { listDocumentFiles, loadManual } from '../../../src/qms/load/manual.ts';
import '../../../src/qms/mdx/native-parser.ts';
import { documentGuardFindings } from '../../../src/qms/mdx/document-safety.ts';
import { makeProject, removeProjects } from './helpers.ts';

/** A large manual's documents are read on two threads; each must get exactly the verdict one thread gives. */

/** The whole reading: begun, then waited for at once. */
const readSafetyInParallel = (sources: Parameters<typeof beginSafetyReading>[0], options: ParallelOptions) => beginSafetyReading(sources, options)();

/**
 * The whole reading, this thread joining in only once the worker has taken a text (polled, for up to a
 * minute: the worker may still be importing its parsers on a busy machine), so that both threads read.
 */
function readSafetyWithWorker(sources: Parameters<typeof beginSafetyReading>[0], options: ParallelOptions): number {
  const reading = beginSafetyReading(sources, options);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const until = performance.now() + 60_000;
  while (reading.taken() === 0 && performance.now() < until) Atomics.wait(pause, 0, 0, 10);
  return reading();
}
afterAll(removeProjects);

// A worker imports its parsers before it reads (half a second, far longer on a machine busy with the browser tests).
describe('the safety reading on a worker thread as well', { timeout: 60_000 }, () => {
  it('gives every document the findings a reading on this thread gives, unsafe ones included', () => {
    const root = makeProject('many-problems');
    writeFileSync(join(root, 'content/docs/procedures/SOP-090-unsafe.mdx'), '---\nid: SOP-090\ntitle: Unsafe\n---\n\n<script>alert(1)</script> {1 + 1}\n');
    const sources = [...loadManual(root).parsed.values()].map((p) => p.source);
    const expected = sources.map((s) => documentGuardFindings(s.file, s.text));
    expect(expected.some((findings) => findings.length > 0)).toBe(true);
    const byWorker = readSafetyWithWorker(sources, { from: 2 });
    expect(byWorker).toBeGreaterThan(0);
    expect(byWorker).toBeLessThanOrEqual(sources.length);
    expect(sources.map((s) => safetyOf(s))).toEqual(expected);
  });

  it('uses a worker started ahead (it imports its parsers while the manual loads), with the same findings', () => {
    const started = startSafetyWorker();
    const root = makeProject('many-problems');
    writeFileSync(join(root, 'content/docs/procedures/SOP-092-unsafe.mdx'), '---\nid: SOP-092\ntitle: Unsafe\n---\n\n<object data="x"></object>\n');
    const sources = [...loadManual(root).parsed.values()].map((p) => p.source);
    const expected = sources.map((s) => documentGuardFindings(s.file, s.text));
    expect(readSafetyWithWorker(sources, { from: 2, started })).toBeGreaterThan(0);
    expect(sources.map((s) => safetyOf(s))).toEqual(expected);
  });

  it('uses a worker started ahead with the files: it reads them from disk while the manual loads, with the same findings', () => {
    const root = makeProject('many-problems');
    writeFileSync(join(root, 'content/docs/procedures/SOP-093-unsafe.mdx'), '---\nid: SOP-093\ntitle: Unsafe\n---\n\n<script>alert(1)</script>\n');
    const files = listDocumentFiles(root);
    const started = startSafetyWorker(undefined, { root, files });
    const sources = [...loadManual(root, files).parsed.values()].map((p) => p.source);
    const expected = sources.map((s) => documentGuardFindings(s.file, s.text));
    expect(readSafetyWithWorker(sources, { from: 2, started })).toBeGreaterThan(0);
    expect(sources.map((s) => safetyOf(s))).toEqual(expected);
  });

  it('takes no verdict of the worker for a file that changed after the worker read it: this thread reads its own text', () => {
    const root = makeProject('many-problems');
    const file = 'content/docs/procedures/SOP-094-changed.mdx';
    writeFileSync(join(root, file), '---\nid: SOP-094\ntitle: Changed\n---\n\nA safe text.\n');
    const files = listDocumentFiles(root);
    const started = startSafetyWorker(undefined, { root, files });
    // The worker reads every file (the safe text) and answers before this thread loads the manual.
    expect(Atomics.wait(started.done, 0, 0, 60_000)).not.toBe('timed-out');
    writeFileSync(join(root, file), '---\nid: SOP-094\ntitle: Changed\n---\n\n<script>alert(1)</script>\n');
    const sources = [...loadManual(root, files).parsed.values()].map((p) => p.source);
    const reading = beginSafetyReading(sources, { from: 2, started });
    expect(reading.taken()).toBe(files.length);
    expect(reading()).toBe(sources.length - 1);
    const changed = sources.find((s) => s.file === file)!;
    expect(safetyOf(changed)!.map((f) => f.code)).toContain('QMS022');
    expect(sources.map((s) => safetyOf(s))).toEqual(sources.map((s) => documentGuardFindings(s.file, s.text)));
  });

  it('stops a worker started ahead when there are too few texts to share', async () => {
    const started = startSafetyWorker();
    const exited = new Promise<number>((resolve) => started.worker.once('exit', resolve));
    const sources = [...loadManual(makeProject('many-problems')).parsed.values()].map((p) => p.source);
    expect(readSafetyInParallel(sources, { from: sources.length + 1, started })).toBe(0);
    await expect(exited).resolves.toBeTypeOf('number');
  });

  it('shares the texts as each thread is free: this thread reads what the worker has not taken', () => {
    const root = makeProject('many-problems');
    const sources = [...loadManual(root).parsed.values()].map((p) => p.source);
    const expected = sources.map((s) => documentGuardFindings(s.file, s.text));
    // Waited for at once: this thread takes texts from the first moment, the worker once it has its message.
    const reading = beginSafetyReading(sources, { from: 2 });
    const byWorker = reading();
    expect(reading.taken()).toBe(sources.length);
    expect(byWorker).toBeLessThan(sources.length);
    expect(sources.map((s) => safetyOf(s))).toEqual(expected);
  });

  it('stays on this thread for fewer texts than it is worth starting a worker for', () => {
    const sources = [...loadManual(makeProject('many-problems')).parsed.values()].map((p) => p.source);
    expect(readSafetyInParallel(sources, { from: sources.length + 1 })).toBe(0);
  });
});

describe('a worker that fails', { timeout: 60_000 }, () => {
  it.each([
    ['cannot load its modules, and says so', "import { workerData } from 'node:worker_threads';\nconst { port, done } = workerData;\nport.postMessage({ error: 'no parser' });\nAtomics.store(done, 0, 2);\nAtomics.notify(done, 0);\n"],
    ['never answers at all', "import './no-such-module.mjs';\n"],
  ])('%s: this thread reads every text itself, with the same findings', (_, code) => {
    const root = makeProject('many-problems');
    writeFileSync(join(root, 'content/docs/procedures/SOP-091-unsafe.mdx'), '---\nid: SOP-091\ntitle: Unsafe\n---\n\n<iframe src="x"></iframe>\n');
    const broken = join(root, 'broken-worker.mjs');
    writeFileSync(broken, code);
    const sources = [...loadManual(root).parsed.values()].map((p) => p.source);
    const expected = sources.map((s) => documentGuardFindings(s.file, s.text));
    expect(readSafetyInParallel(sources, { from: 2, workerFile: pathToFileURL(broken), patienceMs: 500 })).toBe(0);
    expect(sources.map((s) => safetyOf(s))).toEqual(expected);
  });
});
