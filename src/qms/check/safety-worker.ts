import { workerData } from 'node:worker_threads';
import type { SafetyJob } from './parallel.ts';

/**
 * The worker of parallel.ts: reads the safety of the texts it is given, posts the findings, then says so.
 * Its modules are imported here, inside the try, so a worker that cannot load them says so too.
 */
const { texts, port, done } = workerData as SafetyJob;
try {
  await import('../mdx/native-parser.ts');
  const { documentGuardFindings } = await import('../mdx/document-safety.ts');
  port.postMessage({ findings: texts.map(({ file, text }) => documentGuardFindings(file, text)) });
  Atomics.store(done, 0, 1);
} catch (error) {
  port.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  Atomics.store(done, 0, 2);
}
Atomics.notify(done, 0);
