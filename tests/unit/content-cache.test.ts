import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { contentSchemaFingerprint, schemaAwareLoader } from '../../src/site/content-cache.ts';
import { makeIndex } from './helpers.ts';

/** Enough of Astro's loader context for the wrapper: a meta store and a data store that can be cleared. */
function context() {
  const meta = new Map<string, string>();
  return { meta: { get: (k: string) => meta.get(k), set: (k: string, v: string) => void meta.set(k, v) }, store: { clear: vi.fn() } };
}

describe('the content cache, keyed by what documents are parsed with', () => {
  const index = makeIndex([['4', 'Context'], ['4.1', 'Understanding the organization']]);

  it('parses the collection anew the first time, and keeps the cache while schema and catalogues are unchanged', async () => {
    const inner = { name: 'glob', load: vi.fn(async () => undefined) };
    const ctx = context();
    const loader = schemaAwareLoader(inner, process.cwd(), index);
    await loader.load(ctx as never);
    await loader.load(ctx as never);
    expect(ctx.store.clear).toHaveBeenCalledTimes(1);
    expect(inner.load).toHaveBeenCalledTimes(2);
  });

  it('drops the cache when a clause leaves the catalogue: a document mapped to it must be checked again', async () => {
    const ctx = context();
    await schemaAwareLoader({ name: 'glob', load: async () => undefined }, process.cwd(), index).load(ctx as never);
    const smaller = makeIndex([['4', 'Context']]);
    expect(contentSchemaFingerprint(process.cwd(), smaller)).not.toBe(contentSchemaFingerprint(process.cwd(), index));
    await schemaAwareLoader({ name: 'glob', load: async () => undefined }, process.cwd(), smaller).load(ctx as never);
    expect(ctx.store.clear).toHaveBeenCalledTimes(2);
  });

  it('drops the cache when the code that renders a text changes: its stored HTML would be stale', () => {
    const root = mkdtempSync(join(tmpdir(), 'qms-fingerprint-'));
    try {
      for (const path of ['src/qms/schemas', 'src/qms/mdx', 'src/qms/content-components.ts', 'package-lock.json']) cpSync(path, join(root, path), { recursive: true });
      const before = contentSchemaFingerprint(root, index);
      expect(contentSchemaFingerprint(root, index)).toBe(before);
      writeFileSync(join(root, 'src/qms/mdx/render.ts'), '// a changed renderer\n', { flag: 'a' });
      const renderer = contentSchemaFingerprint(root, index);
      expect(renderer).not.toBe(before);
      writeFileSync(join(root, 'package-lock.json'), '\n', { flag: 'a' });
      expect(contentSchemaFingerprint(root, index)).not.toBe(renderer);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
