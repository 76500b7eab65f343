import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { LAYOUT } from './qms/base/layout.ts';
import { loadConfiguration, projectRoot } from './qms/load/manual.ts';
import { documentSchema } from './qms/schemas/document.ts';
import { schemaAwareLoader } from './site/content-cache.ts';
import { renderedDocuments } from './site/rendered-documents.ts';
import { pastVersionsLoader } from './site/past-versions.ts';

// The checker (npm run check) reports every problem with its line; the build is the last guard and
// uses the very same schema, made from the same clause catalogue (read once per build: see loadConfiguration).
const root = projectRoot();
const { index } = loadConfiguration(root);

const docs = defineCollection({
  // Each .mdx text is stored rendered to HTML, guarded first (src/site/rendered-documents.ts).
  loader: schemaAwareLoader(
    renderedDocuments(
      glob({
        pattern: '**/*.{md,mdx}',
        base: `./${LAYOUT.documents}`,
        // The document ID is the permanent name: a file can be moved or renamed without changing its URL.
        generateId: ({ data, entry }) => (typeof data.id === 'string' ? data.id : entry),
      }),
    ),
    root,
    index,
  ),
  schema: documentSchema(index),
});

// Past approved versions, read from Git and checked by the same guard before they are rendered
// (src/site/past-versions.ts); /docs/<ID>/v<N>/ shows them.
const versions = defineCollection({ loader: schemaAwareLoader(pastVersionsLoader(root), root, index) });

export const collections = { docs, versions };
