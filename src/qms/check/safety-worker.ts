import { workerData } from 'node:worker_threads';
import type { SafetyJob } from './parallel.ts';

/**
 * The worker of parallel.ts: imports the parsers, then reads the safety of the texts it is sent, one at a
 * time as it takes them from the counter it shares with the sending thread, posts the findings of those it
 * read, and says so. Started with files to read ahead, it reads those from disk instead, without waiting
 * for a message, and posts each text with its findings. Its modules are imported here, inside the try, so a
 * worker that cannot load them says so too, at once: the other thread then reads every text itself.
 */
const { port, done, next, ahead } = workerData as SafetyJob;
const answer = (message: unknown, state: 1 | 2) => {
  port.postMessage(message);
  Atomics.store(done, 0, state);
  Atomics.notify(done, 0);
};
const failure = (error: unknown) => ({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
try {
  await import('../mdx/native-parser.ts');
  const { documentGuardFindings } = await import('../mdx/document-safety.ts');
  /** Reads the text at each index taken from the shared counter; with `sendText`, sends each text back with its findings. */
  const readTaken = (files: readonly string[], textAt: (i: number) => string, sendText: boolean) => {
    try {
      const findings: [number, unknown[], string?][] = [];
      for (let i = Atomics.add(next, 0, 1); i < files.length; i = Atomics.add(next, 0, 1)) {
        const text = textAt(i);
        findings.push(sendText ? [i, documentGuardFindings(files[i], text), text] : [i, documentGuardFindings(files[i], text)]);
      }
      answer({ findings }, 1);
    } catch (error) {
      answer(failure(error), 2);
    }
  };
  if (ahead) {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { decodeText, stripByteOrderMark } = await import('../base/encoding.ts');
    // The text as loadManual reads it (decoded, and as readDocumentSource keeps it); the other thread compares.
    readTaken(ahead.files, (i) => stripByteOrderMark(decodeText(readFileSync(join(ahead.root, ahead.files[i]))).text), true);
  } else {
    port.once('message', ({ texts }: { texts: { file: string; text: string }[] }) => readTaken(texts.map((t) => t.file), (i) => texts[i].text, false));
  }
} catch (error) {
  answer(failure(error), 2);
}
