import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { Finding } from '../findings/finding.ts';
import type { SourceFile } from '../load/source.ts';
import { documentGuardFindings } from '../mdx/document-safety.ts';
import { knowSafety, unreadSources } from './rules/reading.ts';

/*
 * The safety reading of every document (parsing its body: most of a check's time) on both of a small
 * server's cores: a worker thread and this one take the texts one at a time from a shared counter, so
 * neither waits for the other whatever else it has to do (this thread first runs the manual's rules). The
 * check stays synchronous: the worker's answer is waited for with Atomics.wait and taken with
 * receiveMessageOnPort. Below PARALLEL_FROM texts, starting a worker (it imports the parsers, about half a
 * second) costs more than it saves, and the reading stays on this thread. A full check starts the worker
 * before it reads the manual (startSafetyWorker with the files to read ahead): the worker reads the files
 * from disk itself while this thread loads the manual, and each verdict it gives is taken only for a text
 * identical to the one this thread loaded.
 */

export const PARALLEL_FROM = 400;

/**
 * What the worker is started with. It takes indices from `next` (Atomics.add), as the other thread does,
 * until none is left, reads the text at each, answers on `port` with `[index, findings]` pairs, then sets
 * `done`. The texts come in a message `{ texts }` it waits for; with `ahead`, it reads `ahead.files` from disk
 * under `ahead.root` at once, as loadManual does, and answers `[index, findings, text]`.
 */
export interface SafetyJob {
  port: MessagePort;
  done: Int32Array;
  next: Int32Array;
  ahead?: { root: string; files: readonly string[] };
}

/** The answer of a worker: a verdict per text it read (with the text, when it read the file itself), or why it could not. */
export type SafetyAnswer = { findings: [number, Finding[], string?][] } | { error: string };

/** A worker thread started ahead of the reading, so that it imports the parsers (and reads files) while this thread loads the manual. */
export interface SafetyWorker {
  worker: Worker;
  port: MessagePort;
  done: Int32Array;
  /** The counter both threads take indices from. */
  next: Int32Array;
  /** The document files it reads from disk, when started with them. */
  files?: readonly string[];
}

const WORKER_FILE = new URL('./safety-worker.ts', import.meta.url);

/** Starts a worker; with `ahead`, it starts reading those document files (paths under `root`) at once. */
export function startSafetyWorker(workerFile: URL = WORKER_FILE, ahead?: { root: string; files: readonly string[] }): SafetyWorker {
  const { port1, port2 } = new MessageChannel();
  const done = new Int32Array(new SharedArrayBuffer(4));
  const next = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(workerFile, { workerData: { port: port2, done, next, ahead } satisfies SafetyJob, transferList: [port2] });
  // A worker that fails says so in its answer; its error event, delivered later, needs no handling.
  worker.on('error', () => undefined);
  return { worker, port: port1, done, next, files: ahead?.files };
}

export function stopSafetyWorker(started: SafetyWorker | undefined): void {
  if (!started) return;
  started.port.close();
  void started.worker.terminate();
}

export interface ParallelOptions {
  /** Fewer unread texts than this are read on this thread alone. */
  from?: number;
  workerFile?: URL;
  /** How long to wait for the worker beyond the time this thread took, before reading its texts itself. */
  patienceMs?: number;
  /** A worker started ahead (startSafetyWorker), used and then stopped. */
  started?: SafetyWorker;
}

/** Waits for the reading to end (reading on this thread meanwhile), and says how many texts the worker read. */
export type SafetyReading = (() => number) & { taken(): number };

/**
 * Starts the reading: hands the worker every text (unless it reads the files itself), and returns at once,
 * the worker reading meanwhile; the returned function reads, on this thread, the texts the worker has not
 * taken yet, waits for the worker's answer (or reads what it took, should it fail) and says how many the
 * worker read. Between the two, this thread can do work that needs no verdict (checkLoadedManual runs the
 * manual's rules). Its `taken` says how many texts have been taken so far, by either thread.
 */
export function beginSafetyReading(
  sources: readonly SourceFile[],
  { from = PARALLEL_FROM, workerFile = WORKER_FILE, patienceMs = 60_000, started }: ParallelOptions = {},
): SafetyReading {
  const unread = unreadSources(sources);
  if (unread.length < from) {
    stopSafetyWorker(started);
    return Object.assign(() => 0, { taken: () => 0 });
  }
  if (started?.files) {
    const byFile = new Map(sources.map((source) => [source.file, source]));
    return sharedReading(sources, started.files.map((file) => byFile.get(file)), started, patienceMs);
  }
  const helper = started ?? startSafetyWorker(workerFile);
  try {
    helper.port.postMessage({ texts: unread.map(({ file, text }) => ({ file, text })) });
  } catch (error) {
    stopSafetyWorker(helper);
    throw error;
  }
  return sharedReading(sources, unread, helper, patienceMs);
}

/**
 * The reading both threads share: `byIndex` holds this thread's text at each index the counter gives (none
 * for a file it did not load). A verdict the worker gave on a text it read from disk counts only for the
 * very text this thread loaded: should a file have changed between the two readings, or differ in any way,
 * this thread reads its own text.
 */
function sharedReading(sources: readonly SourceFile[], byIndex: readonly (SourceFile | undefined)[], helper: SafetyWorker, patienceMs: number): SafetyReading {
  const { next } = helper;
  const begun = performance.now();
  const finish = (): number => {
    try {
      for (let i = Atomics.add(next, 0, 1); i < byIndex.length; i = Atomics.add(next, 0, 1)) {
        const source = byIndex[i];
        if (source && unreadSources([source]).length > 0) read(source);
      }
      const answer = answerOf(helper, begun, patienceMs);
      let byWorker = 0;
      for (const [i, findings, text] of answer && !('error' in answer) ? answer.findings : []) {
        const source = byIndex[i];
        if (source && (text === undefined || source.text === text)) {
          knowSafety(source, findings);
          byWorker++;
        }
      }
      // Every text still without a verdict (all of the worker's, should it have failed) is read here.
      for (const source of unreadSources(sources)) read(source);
      return byWorker;
    } finally {
      stopSafetyWorker(helper);
    }
  };
  return Object.assign(finish, { taken: () => Math.min(Atomics.load(next, 0), byIndex.length) });
}

const read = (source: SourceFile) => knowSafety(source, documentGuardFindings(source.file, source.text));

/**
 * The worker's answer: once it has posted it, it sets `done` (1), or 2 when it could not (its error is in
 * the answer). Should it fail, or never start at all (setting nothing), none, after waiting as long again as
 * this thread took so far and `patienceMs` more.
 */
function answerOf(helper: SafetyWorker, begun: number, patienceMs: number): SafetyAnswer | undefined {
  const answered = Atomics.wait(helper.done, 0, 0, performance.now() - begun + patienceMs) !== 'timed-out';
  return answered ? (receiveMessageOnPort(helper.port)?.message as SafetyAnswer | undefined) : undefined;
}
