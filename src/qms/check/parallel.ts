import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { Finding } from '../findings/finding.ts';
import type { SourceFile } from '../load/source.ts';
import { documentGuardFindings } from '../mdx/document-safety.ts';
import { knowSafety, unreadSources } from './rules/reading.ts';

/*
 * The safety reading of every document (parsing its body: most of a check's time) on both of a small
 * server's cores: a worker thread reads half of the texts not yet read while this thread reads the other
 * half. The check stays synchronous: the worker's answer is waited for with Atomics.wait and taken with
 * receiveMessageOnPort. Below PARALLEL_FROM texts, starting a worker (it imports the parsers, about half a
 * second) costs more than it saves, and the reading stays on this thread.
 */

export const PARALLEL_FROM = 400;

export interface SafetyJob {
  texts: { file: string; text: string }[];
  port: MessagePort;
  done: Int32Array;
}

/**
 * Reads the safety of the sources not yet known, in parallel when there are `from` or more; returns how many
 * the worker read (0 when it gave no answer and this thread read them all).
 */
export function readSafetyInParallel(
  sources: readonly SourceFile[],
  { from = PARALLEL_FROM, workerFile = new URL('./safety-worker.ts', import.meta.url), patienceMs = 60_000 }: { from?: number; workerFile?: URL; patienceMs?: number } = {},
): number {
  const unread = unreadSources(sources);
  if (unread.length < from) return 0;
  const theirs = unread.filter((_, i) => i % 2 === 1);
  const ours = unread.filter((_, i) => i % 2 === 0);
  const { port1, port2 } = new MessageChannel();
  const done = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(workerFile, {
    workerData: { texts: theirs.map(({ file, text }) => ({ file, text })), port: port2, done },
    transferList: [port2],
  });
  // A worker that fails says so in its answer; its error event, delivered later, needs no handling.
  worker.on('error', () => undefined);
  try {
    const started = performance.now();
    for (const source of ours) knowSafety(source, documentGuardFindings(source.file, source.text));
    // The worker sets `done` once it has posted its answer (1), or could not (2: its error is in the answer).
    // Should it fail, or never start at all (setting nothing), this thread reads the worker's half itself,
    // after waiting as long again as it took for its own half and `patienceMs` more.
    const answered = Atomics.wait(done, 0, 0, performance.now() - started + patienceMs) !== 'timed-out';
    const answer = answered ? (receiveMessageOnPort(port1)?.message as { findings: Finding[][] } | { error: string } | undefined) : undefined;
    if (!answer || 'error' in answer) {
      for (const source of theirs) knowSafety(source, documentGuardFindings(source.file, source.text));
      return 0;
    }
    theirs.forEach((source, i) => knowSafety(source, answer.findings[i]));
    return theirs.length;
  } finally {
    port1.close();
    void worker.terminate();
  }
}
