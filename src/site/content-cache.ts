import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Loader } from 'astro/loaders';
import type { ClauseIndex } from '../qms/catalogue.ts';

/**
 * Astro keeps parsed documents in its content cache and re-parses only files whose text changed. A new
 * field, a changed rule of the schema or a clause removed from a catalogue changes what a document parses
 * to without changing its text, and the cache would then serve entries of the old schema (a missing
 * default, an unknown clause accepted); and the HTML a document's text is rendered to (rendered-documents.ts)
 * depends on the renderer and the parser. This wraps a loader so that the collection is read anew whenever
 * the schema's source, the renderer's, the locked dependencies or the catalogues' clauses differ from those
 * the cache was made with.
 */
export function schemaAwareLoader(loader: Loader, root: string, index: ClauseIndex): Loader {
  const fingerprint = contentSchemaFingerprint(root, index);
  return {
    ...loader,
    name: `${loader.name}+schema`,
    load: async (context) => {
      if (context.meta.get('schema-fingerprint') !== fingerprint) {
        context.store.clear();
        context.meta.set('schema-fingerprint', fingerprint);
      }
      await loader.load(context);
    },
  };
}

/** The code an entry's data and HTML are made by, besides the document's own text. */
const ENTRY_CODE = ['src/qms/schemas', 'src/qms/mdx', 'src/qms/content-components.ts', 'src/site/rendered-documents.ts', 'package-lock.json'];

/** What a document's entry depends on besides its own text: the code above and every clause reference. */
export function contentSchemaFingerprint(root: string, index: ClauseIndex): string {
  const hash = createHash('sha256');
  for (const path of ENTRY_CODE) {
    const at = join(root, path);
    const files = statSync(at, { throwIfNoEntry: false })?.isDirectory() ? readdirSync(at).sort().map((f) => join(at, f)) : [at];
    for (const file of files) hash.update(`${file.slice(root.length)}\n`).update(readIfFile(file));
  }
  for (const clause of index.all()) hash.update(`${clause.ref}\n`);
  return hash.digest('hex');
}

function readIfFile(path: string): Buffer | string {
  try {
    return readFileSync(path);
  } catch {
    return '';
  }
}
