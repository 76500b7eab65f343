import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Loader } from 'astro/loaders';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { setGuardCommand } from '../../src/site/build-guard.ts';
import { renderedDocuments } from '../../src/site/rendered-documents.ts';

/*
 * Astro's glob loader hands each .mdx entry to the MDX compiler ("deferred render"): a module per document.
 * The wrapper stores each one rendered instead, guarded first, and never asks for its module.
 */

const root = mkdtempSync(join(tmpdir(), 'qms-rendered-'));
const docs = join(root, 'content/docs/procedures');
mkdirSync(docs, { recursive: true });
const SAFE = 'content/docs/procedures/SOP-004.mdx';
const HOSTILE = 'content/docs/procedures/SOP-666.mdx';
writeFileSync(join(root, SAFE), readFileSync('tests/fixtures/render/every-construct.mdx'));
writeFileSync(join(root, HOSTILE), readFileSync('tests/fixtures/hostile/script-tag.mdx'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Stored = { id: string; filePath?: string; deferredRender?: boolean; rendered?: { html: string; metadata?: { headings?: unknown[] } } };

/** A glob loader's calls, on a store that records what reaches it. */
async function load(files: string[]) {
  const entries = new Map<string, Stored>();
  const store = {
    set: vi.fn((entry: Stored) => {
      entries.set(entry.id, entry);
      return true;
    }),
    get: (id: string) => entries.get(id),
    addModuleImport: vi.fn(),
  };
  const glob: Loader = {
    name: 'glob',
    load: async ({ store: given }) => {
      for (const file of files) {
        given.set({ id: file, data: {}, body: 'ignored', filePath: file, digest: file, deferredRender: true });
        given.addModuleImport(file);
      }
      given.set({ id: 'plain', data: {}, filePath: 'content/docs/procedures/SOP-005.md', digest: 'md', rendered: { html: '<p>Markdown</p>' } });
      given.addModuleImport('content/docs/procedures/SOP-005.md');
      // A method the wrapper does not replace still reaches the real store, bound to it.
      expect(given.get(files[0] ?? 'plain')).toBeDefined();
    },
  };
  await renderedDocuments(glob).load({ store, config: { root: pathToFileURL(`${root}/`) } } as never);
  return { entries, store };
}

describe('documents stored rendered, not compiled', () => {
  it('stores an .mdx entry as HTML, with its headings, and no module for the bundler', async () => {
    const { entries, store } = await load([SAFE]);
    const entry = entries.get(SAFE)!;
    expect(entry.deferredRender).toBeUndefined();
    expect(entry.rendered!.html).toContain('<aside class="callout callout--warning" role="note">');
    expect(entry.rendered!.html).toContain('<h2 id="scope--and-quotes--single">');
    expect(entry.rendered!.metadata!.headings).toContainEqual({ depth: 4, slug: 'ünïcode-überschrift--more', text: 'Ünïcode Überschrift & more' });
    expect(store.addModuleImport.mock.calls).toEqual([['content/docs/procedures/SOP-005.md']]);
    expect(entries.get('plain')!.rendered!.html).toBe('<p>Markdown</p>');
  });

  it('refuses, in a build, to render a text the guard refuses, naming the file, line and rule', async () => {
    await expect(load([HOSTILE])).rejects.toThrow(/1 unsafe construct in 1 document: content\/docs\/procedures\/SOP-666\.mdx is not published until they are removed\.\ncontent\/docs\/procedures\/SOP-666\.mdx:12:1 QMS022 <script>/);
  });

  it('shows why on the page instead, in the dev server, and never the text', async () => {
    setGuardCommand('dev');
    try {
      const { entries } = await load([HOSTILE]);
      const { html } = entries.get(HOSTILE)!.rendered!;
      expect(html).toMatch(/^<aside class="callout callout--danger" role="alert">/);
      expect(html).toContain('QMS022 &#60;script&#62; can run script');
      expect(html).not.toContain('<script');
    } finally {
      setGuardCommand('build');
    }
  });
});
