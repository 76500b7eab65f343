import { workerData } from 'node:worker_threads';
import type { SafetyJob } from './parallel.ts';

/**
 * The worker of parallel.ts: imports the parsers, then reads the safety of the texts it is sent, posts the
 * findings, and says so. Its modules are imported here, inside the try, so a worker that cannot load them
 * says so too, at once: the thread that sends the texts then reads them itself.
 */
const { port, done } = workerData as SafetyJob;
const answer = (message: unknown, state: 1 | 2) => {
  port.postMessage(message);
  Atomics.store(done, 0, state);
  Atomics.notify(done, 0);
};
const failure = (error: unknown) => ({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
try {
  await import('../mdx/native-parser.ts');
  const { documentGuardFindings } = await import('../mdx/document-safety.ts');
  port.once('message', ({ texts }: { texts: { file: string; text: string }[] }) => {
    try {
      answer({ findings: texts.map(({ file, text }) => documentGuardFindings(file, text)) }, 1);
    } catch (error) {
      answer(failure(error), 2);
    }
  });
} catch (error) {
  answer(failure(error), 2);
}
