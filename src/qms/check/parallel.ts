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
 * before it reads the manual (startSafetyWorker), so that import overlaps the loading.
 */

export const PARALLEL_FROM = 400;

/**
 * What the worker is started with: it waits on `port` for `{ texts, next }`, reads the text at each index
 * it takes from `next` (Atomics.add) until none is left, answers there with `[index, findings]` pairs, then
 * sets `done`.
 */
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
 * Starts the reading: hands the worker every text, and returns at once, the worker reading meanwhile; the
 * returned function reads, on this thread, the texts the worker has not taken yet, waits for the worker's
 * answer (or reads what it took, should it fail) and says how many the worker read. Between the two, this
 * thread can do work that needs no verdict (checkLoadedManual runs the manual's rules). Its `taken` says how
 * many texts have been taken so far, by either thread.
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
  const helper = started ?? startSafetyWorker(workerFile);
  const next = new Int32Array(new SharedArrayBuffer(4));
  const begun = performance.now();
  try {
    helper.port.postMessage({ texts: unread.map(({ file, text }) => ({ file, text })), next });
  } catch (error) {
    stopSafetyWorker(helper);
    throw error;
  }
  const finish = (): number => {
    try {
      for (let i = Atomics.add(next, 0, 1); i < unread.length; i = Atomics.add(next, 0, 1)) {
        knowSafety(unread[i], documentGuardFindings(unread[i].file, unread[i].text));
      }
      // The worker sets `done` once it has posted its answer (1), or could not (2: its error is in the answer).
      // Should it fail, or never start at all (setting nothing), this thread reads what it took, after
      // waiting as long again as it took so far and `patienceMs` more.
      const answered = Atomics.wait(helper.done, 0, 0, performance.now() - begun + patienceMs) !== 'timed-out';
      const answer = answered ? (receiveMessageOnPort(helper.port)?.message as { findings: [number, Finding[]][] } | { error: string } | undefined) : undefined;
      if (!answer || 'error' in answer) {
        for (const source of unreadSources(unread)) knowSafety(source, documentGuardFindings(source.file, source.text));
        return 0;
      }
      for (const [i, findings] of answer.findings) knowSafety(unread[i], findings);
      return answer.findings.length;
    } finally {
      stopSafetyWorker(helper);
    }
  };
  return Object.assign(finish, { taken: () => Math.min(Atomics.load(next, 0), unread.length) });
}
