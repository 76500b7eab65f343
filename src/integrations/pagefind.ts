import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import * as pagefind from 'pagefind';

/**
 * Builds the Pagefind index as the last step of `astro build`, through Pagefind's Node API, so search
 * works offline from `dist/` with no separate command. Only the summary and text of document pages are
 * indexed (their `data-pagefind-body` elements; the status banner and controlled header are not, so excerpts
 * quote the document); pages for drafts carry no such attribute and so are never found. English stemming
 * comes from `forceLanguage` ("medication" also finds "medicines"); synonyms and spelling are the browser's
 * (src/site/search.ts, with /search-vocabulary.json).
 *
 * Only document pages are read (INDEXED_PAGES): no other page has a text to index, and Pagefind would
 * otherwise parse every page to find that out, past versions' pages included (8,040 of them at 5,000
 * documents with the default settings: 21.6 s of indexing instead of 12.3 s, for the same index).
 * tests/e2e/site-html.test.ts checks that no other page carries data-pagefind-body.
 */
const INDEXED_PAGES = 'docs/*/index.html';

export function pagefindIndex(): AstroIntegration {
  return {
    name: 'qms-pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
        if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
        const added = await index.addDirectory({ path: outDir, glob: INDEXED_PAGES });
        if (added.errors.length > 0) throw new Error(`Pagefind indexing failed: ${added.errors.join('; ')}`);
        const written = await index.writeFiles({ outputPath: `${outDir}/pagefind` });
        if (written.errors.length > 0) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
        await pagefind.close();
        logger.info(`Pagefind indexed ${added.page_count} pages`);
      },
    },
  };
}
