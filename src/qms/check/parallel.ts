import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { Finding } from '../findings/finding.ts';
import type { SourceFile } from '../load/source.ts';
import { documentGuardFindings } from '../mdx/document-safety.ts';
import { knowSafety, unreadSources } from './rules/reading.ts';

/*
 * The safety reading of every document (parsing its body: most of a check's time) on both of a small
 * server's cores: a worker thread reads part of the texts not yet read while this thread reads the rest
 * (OUR_SHARE). The check stays synchronous: the worker's answer is waited for with Atomics.wait and taken with
 * receiveMessageOnPort. Below PARALLEL_FROM texts, starting a worker (it imports the parsers, about half a
 * second) costs more than it saves, and the reading stays on this thread. A full check starts the worker
 * before it reads the manual (startSafetyWorker), so that import overlaps the loading.
 */

export const PARALLEL_FROM = 400;

/** What the worker is started with: it waits on `port` for `{ texts }`, answers there, then sets `done`. */
export interface SafetyJob {
  port: MessagePort;
  done: Int32Array;
}

/** A worker thread started ahead of the reading, so that it imports the parsers while this thread loads the manual. */
export interface SafetyWorker {
  worker: Worker;
  port: MessagePort;
  done: Int32Array;
}

const WORKER_FILE = new URL('./safety-worker.ts', import.meta.url);

export function startSafetyWorker(workerFile: URL = WORKER_FILE): SafetyWorker {
  const { port1, port2 } = new MessageChannel();
  const done = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(workerFile, { workerData: { port: port2, done } satisfies SafetyJob, transferList: [port2] });
  // A worker that fails says so in its answer; its error event, delivered later, needs no handling.
  worker.on('error', () => undefined);
  return { worker, port: port1, done };
}

export function stopSafetyWorker(started: SafetyWorker | undefined): void {
  if (!started) return;
  started.port.close();
  void started.worker.terminate();
}

/** How much of the reading this thread keeps: less than half, since it has the manual's rules to run meanwhile. */
const OUR_SHARE = 0.4;

export interface ParallelOptions {
  /** Fewer unread texts than this are read on this thread alone. */
  from?: number;
  workerFile?: URL;
  /** How long to wait for the worker beyond the time this thread took, before reading its texts itself. */
  patienceMs?: number;
  /** A worker started ahead (startSafetyWorker), used and then stopped. */
  started?: SafetyWorker;
  /** The part of the texts this thread reads, 0 to 1 (default OUR_SHARE). */
  ourShare?: number;
}

/**
 * Starts the reading: hands the worker its part and reads this thread's, then returns; the returned function
 * waits for the worker's answer (or reads its part here, should it fail) and says how many it read. Between
 * the two, this thread can do work that needs no verdict (checkLoadedManual runs the manual's rules).
 */
export function beginSafetyReading(
  sources: readonly SourceFile[],
  { from = PARALLEL_FROM, workerFile = WORKER_FILE, patienceMs = 60_000, started, ourShare = OUR_SHARE }: ParallelOptions = {},
): () => number {
  const unread = unreadSources(sources);
  if (unread.length < from) {
    stopSafetyWorker(started);
    return () => 0;
  }
  // Interleaved, so that long and short texts are shared alike.
  const step = 1 / ourShare;
  const oursAt = new Set<number>();
  for (let i = 0; i < unread.length; i += step) oursAt.add(Math.floor(i));
  const theirs = unread.filter((_, i) => !oursAt.has(i));
  const ours = unread.filter((_, i) => oursAt.has(i));
  const helper = started ?? startSafetyWorker(workerFile);
  const begun = performance.now();
  try {
    helper.port.postMessage({ texts: theirs.map(({ file, text }) => ({ file, text })) });
    for (const source of ours) knowSafety(source, documentGuardFindings(source.file, source.text));
  } catch (error) {
    stopSafetyWorker(helper);
    throw error;
  }
  const finish = (): number => {
    try {
      // The worker sets `done` once it has posted its answer (1), or could not (2: its error is in the answer).
      // Should it fail, or never start at all (setting nothing), this thread reads the worker's part itself,
      // after waiting as long again as it took so far and `patienceMs` more.
      const answered = Atomics.wait(helper.done, 0, 0, performance.now() - begun + patienceMs) !== 'timed-out';
      const answer = answered ? (receiveMessageOnPort(helper.port)?.message as { findings: Finding[][] } | { error: string } | undefined) : undefined;
      if (!answer || 'error' in answer) {
        for (const source of theirs) knowSafety(source, documentGuardFindings(source.file, source.text));
        return 0;
      }
      theirs.forEach((source, i) => knowSafety(source, answer.findings[i]));
      return theirs.length;
    } finally {
      stopSafetyWorker(helper);
    }
  };
  return finish;
}
