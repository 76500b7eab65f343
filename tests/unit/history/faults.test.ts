import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { readManualHistory } from '../../../src/qms/history/index.ts';
import { procedure, removeRepos, TestRepo } from './helpers.ts';

// A fault in the code that builds the revisions, switched on by the test that needs it.
const fault = vi.hoisted(() => ({ on: false }));
vi.mock('../../../src/qms/history/revisions.ts', async (original) => {
  const real = await original<typeof import('../../../src/qms/history/revisions.ts')>();
  return {
    ...real,
    buildRevisions: (...args: Parameters<typeof real.buildRevisions>) => {
      if (fault.on) throw new TypeError("Cannot read properties of undefined (reading 'version')");
      return real.buildRevisions(...args);
    },
  };
});

afterAll(removeRepos);
afterEach(() => {
  fault.on = false;
});

describe('a fault in reading history', () => {
  it('fails loudly with its own error and stack, never passing for "history unavailable"', async () => {
    const repo = await TestRepo.create();
    await repo.commit({ files: { 'content/docs/procedures/SOP-001.mdx': procedure('SOP-001', {}, 'Body.') }, message: 'Add SOP-001', date: '2026-01-01T00:00:00Z' });
    expect(await readManualHistory({ root: repo.dir, cacheDir: `${repo.dir}/.cache` })).toMatchObject({ available: true });
    fault.on = true;
    const reading = readManualHistory({ root: repo.dir, cacheDir: `${repo.dir}/.cache` });
    await expect(reading).rejects.toThrow(TypeError);
    await expect(reading).rejects.toThrow(/reading 'version'/);
  });
});
