import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { loadCatalogues, loadSettings, LAYOUT, projectRoot } from './qms/load.ts';
import { documentSchema } from './qms/schemas/document.ts';

// The checker (npm run check) reports every problem with its line; the build is the last guard and
// uses the very same schema, made from the same clause catalogue.
const root = projectRoot();
const settings = loadSettings(root);
const clauses = loadCatalogues(root, settings.primary_standard);

const docs = defineCollection({
  loader: glob({
    pattern: '**/*.{md,mdx}',
    base: `./${LAYOUT.documents}`,
    // The document ID is the permanent name: a file can be moved or renamed without changing its URL.
    generateId: ({ data, entry }) => (typeof data.id === 'string' ? data.id : entry),
  }),
  schema: documentSchema(clauses),
});

export const collections = { docs };
