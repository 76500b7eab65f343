import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSafetyInParallel } from '../../../src/qms/check/parallel.ts';
import { safetyOf } from '../../../src/qms/check/rules/reading.ts';
import { loadManual } from '../../../src/qms/load/manual.ts';
import '../../../src/qms/mdx/native-parser.ts';
import { documentGuardFindings } from '../../../src/qms/mdx/document-safety.ts';
import { makeProject, removeProjects } from './helpers.ts';

/** A large manual's documents are read on two threads; each must get exactly the verdict one thread gives. */
afterAll(removeProjects);

describe('the safety reading on a worker thread as well', () => {
  it('gives every document the findings a reading on this thread gives, unsafe ones included', () => {
    const root = makeProject('many-problems');
    writeFileSync(join(root, 'content/docs/procedures/SOP-090-unsafe.mdx'), '---\nid: SOP-090\ntitle: Unsafe\n---\n\n<script>alert(1)</script> {1 + 1}\n');
    const sources = [...loadManual(root).parsed.values()].map((p) => p.source);
    const expected = sources.map((s) => documentGuardFindings(s.file, s.text));
    expect(expected.some((findings) => findings.length > 0)).toBe(true);
    const byWorker = readSafetyInParallel(sources, 2);
    expect(byWorker).toBe(Math.floor(sources.length / 2));
    expect(sources.map((s) => safetyOf(s))).toEqual(expected);
  });

  it('stays on this thread for fewer texts than it is worth starting a worker for', () => {
    const sources = [...loadManual(makeProject('many-problems')).parsed.values()].map((p) => p.source);
    expect(readSafetyInParallel(sources, sources.length + 1)).toBe(0);
  });
});
