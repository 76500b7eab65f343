import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Loader } from 'astro/loaders';
import type { ClauseIndex } from '../qms/catalogue.ts';

/**
 * Astro keeps parsed documents in its content cache and re-parses only files whose text changed. A new
 * field, a changed rule of the schema or a clause removed from a catalogue changes what a document parses
 * to without changing its text, and the cache would then serve entries of the old schema (a missing
 * default, an unknown clause accepted). This wraps a loader so that the collection is parsed anew whenever
 * the schema's source or the catalogues' clauses differ from those the cache was made with.
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

/** What a document's parse depends on besides its own text: the schema modules and every clause reference. */
export function contentSchemaFingerprint(root: string, index: ClauseIndex): string {
  const hash = createHash('sha256');
  const schemas = join(root, 'src/qms/schemas');
  for (const file of readdirSync(schemas).sort()) hash.update(file).update(readFileSync(join(schemas, file)));
  for (const clause of index.all()) hash.update(`${clause.ref}\n`);
  return hash.digest('hex');
}
