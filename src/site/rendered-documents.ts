import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader, LoaderContext } from 'astro/loaders';
import { decodeText } from '../qms/base/encoding.ts';
import { splitAtBody } from '../qms/mdx/document-safety.ts';
import { finishMarkdownHtml } from '../qms/mdx/markdown-html.ts';
import { renderMdxBody, type RenderedBody } from '../qms/mdx/render.ts';
import { formatGuardFindings, guardText, refusalsShownOnPage } from './build-guard.ts';
// The compiler's parser renders where Node has it: see native-parser.ts.
import '../qms/mdx/native-parser.ts';

/*
 * Documents reach their pages as HTML the content layer renders (src/qms/mdx/render.ts), not as modules
 * for Astro's MDX compiler. Astro's glob loader hands each .mdx entry to the compiler ("deferred render"):
 * every document then becomes a JavaScript module the bundler compiles on every build, 5,000 of them for a
 * large manual (40 s of a 116 s build). Here the loader's entries are stored rendered instead, in Astro's
 * content cache, which keeps them until a file's text changes: a rebuild renders only the documents that
 * changed. Each text passes the build's guard just before it is rendered (build-guard.ts).
 */

/** The glob loader of content/docs, storing each .mdx entry as HTML rendered here. */
export function renderedDocuments(loader: Loader): Loader {
  return {
    ...loader,
    name: `${loader.name}+rendered`,
    // The glob loader's file paths are relative to Astro's root: the file rendered is the one it read.
    load: (context) => loader.load({ ...context, store: renderingStore(context.store, fileURLToPath(context.config.root)) }),
  };
}

type Store = LoaderContext['store'];
type Entry = Parameters<Store['set']>[0];

function renderingStore(store: Store, root: string): Store {
  const isMdx = (file: string | undefined): file is string => file !== undefined && file.endsWith('.mdx');
  const set = (entry: Entry): boolean => {
    // A .md document, rendered by Astro's Markdown: finished as an .mdx one is (markdown-html.ts).
    if (entry.rendered && !isMdx(entry.filePath)) return store.set({ ...entry, rendered: finishedMarkdown(entry.rendered) });
    if (!entry.deferredRender || !isMdx(entry.filePath)) return store.set(entry);
    const { deferredRender: _compiled, ...rest } = entry;
    return store.set({ ...rest, rendered: renderDocument(entry.filePath, decodeText(readFileSync(join(root, entry.filePath))).text) });
  };
  // The glob loader asks for an unchanged .mdx entry's module to be bundled: rendered entries have none.
  const addModuleImport = (file: string) => {
    if (!isMdx(file)) store.addModuleImport(file);
  };
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'set') return set;
      if (property === 'addModuleImport') return addModuleImport;
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** An entry's `rendered` field, as Astro's render() reads it. */
export interface RenderedEntry {
  html: string;
  metadata: { headings: RenderedBody['headings'] };
}

/** A .md body's `rendered` field, as Astro's Markdown made it, with its HTML finished as an .mdx body's. */
export function finishedMarkdown<Rendered extends { html: string }>(rendered: Rendered): Rendered {
  return { ...rendered, html: finishMarkdownHtml(rendered.html) };
}

/** An .mdx body, guarded already, as an entry's `rendered` field. */
export function renderedMdx(body: string): RenderedEntry {
  const { html, headings } = renderMdxBody(body);
  return { html, metadata: { headings } };
}

/** What Astro's render() shows for a document: its text as HTML, once the build's guard let it through. */
export function renderDocument(file: string, source: string): RenderedEntry {
  const findings = guardText(file, source);
  if (findings.length > 0) {
    const report = formatGuardFindings(findings, `${file} is not published until they are removed`);
    if (!refusalsShownOnPage()) throw new Error(report);
    return { html: refusalHtml(report), metadata: { headings: [] } };
  }
  return renderedMdx(splitAtBody(source).body);
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** In the dev server, the page of a refused document says why, instead of its text. */
function refusalHtml(report: string): string {
  return `<aside class="callout callout--danger" role="alert"><p class="callout__label"><span class="callout__symbol" aria-hidden="true">!</span> <span>This text is not shown: it has unsafe content</span></p><div class="callout__body"><pre>${escapeHtml(report)}</pre></div></aside>`;
}
