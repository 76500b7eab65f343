/**
 * The two projects the pipeline benchmark (scripts/bench/pipeline.ts) builds from one generated corpus:
 * - the project copy: this repository's code and configuration beside the corpus's content and Git history;
 * - the bare project: Astro, @astrojs/mdx and Pagefind only, one collection and one page route over the same
 *   document files, the least any site of these documents has to do.
 * Both use this repository's installed packages through a node_modules folder of links to them, so each
 * project keeps its own caches (node_modules/.astro, .vite, .cache) and the repository's are never touched.
 */
import { cpSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** What the project copy takes from the repository besides the corpus: the code, the public files, the configuration. */
const PROJECT_FILES = ['src', 'public', 'scripts', 'astro.config.mjs', 'package.json', 'package-lock.json', 'tsconfig.json'];

/** Caches an `astro build` of either project writes: removed before every full build, kept for the one-edit rebuild. */
const CACHES = ['node_modules/.astro', 'node_modules/.vite', 'node_modules/.cache', '.astro', 'dist'];

/** A real node_modules folder of links to each installed package of `repo` (and its .bin), but not to its caches. */
export function linkPackages(dir: string, repo = REPO_ROOT): void {
  const modules = join(dir, 'node_modules');
  rmSync(modules, { recursive: true, force: true });
  mkdirSync(modules);
  for (const entry of readdirSync(join(repo, 'node_modules'))) {
    if (entry.startsWith('.') && entry !== '.bin' && entry !== '.package-lock.json') continue;
    symlinkSync(join(repo, 'node_modules', entry), join(modules, entry));
  }
}

/**
 * Turns the generated corpus in `dir` (a Git repository of content/) into a buildable copy of this
 * project. The code is left out of Git, so the history holds the documents only, as the checker expects.
 */
export function makeProjectCopy(dir: string, repo = REPO_ROOT): void {
  for (const file of PROJECT_FILES) {
    rmSync(join(dir, file), { recursive: true, force: true });
    cpSync(join(repo, file), join(dir, file), { recursive: true });
  }
  linkPackages(dir, repo);
  writeFileSync(join(dir, '.git/info/exclude'), `${[...PROJECT_FILES, 'node_modules', '.astro', 'dist'].map((f) => `/${f}`).join('\n')}\n`);
}

/** Removes what a previous build left, so the next build starts as a first build does. */
export function clearCaches(dir: string): void {
  for (const cache of CACHES) rmSync(join(dir, cache), { recursive: true, force: true });
}

/**
 * The bare project's files, by path: a trivial schema, one page per document, the one component the
 * documents use (Callout) in its simplest form, Pagefind as the last step.
 */
export const BARE_FILES: Readonly<Record<string, string>> = {
  'package.json': `${JSON.stringify({ name: 'bare-astro-bench', private: true, type: 'module' }, null, 2)}\n`,
  'astro.config.mjs': `import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import * as pagefind from 'pagefind';

// Pagefind through its Node API at the end of the build, with the options this project uses.
const pagefindIndex = {
  name: 'bare-pagefind',
  hooks: {
    'astro:build:done': async ({ dir, logger }) => {
      const outDir = fileURLToPath(dir);
      const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
      if (!index) throw new Error(errors.join('; '));
      const added = await index.addDirectory({ path: outDir });
      await index.writeFiles({ outputPath: outDir + '/pagefind' });
      await pagefind.close();
      logger.info('Pagefind indexed ' + added.page_count + ' pages');
    },
  },
};

export default defineConfig({
  output: 'static',
  build: { format: 'directory' },
  integrations: [mdx(), pagefindIndex],
  // As in this project's configuration: the bundler's warning about each MDX page's directive, silenced.
  vite: {
    build: {
      rollupOptions: {
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('astro:head-inject')) return;
          warn(warning);
        },
      },
    },
  },
});
`,
  'src/content.config.ts': `import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

const docs = defineCollection({
  loader: glob({ pattern: '**/*.{md,mdx}', base: './content/docs' }),
  schema: z.object({ id: z.string(), title: z.string() }),
});

export const collections = { docs };
`,
  'src/pages/docs/[id].astro': `---
import { getCollection, render } from 'astro:content';
import Callout from '../../components/Callout.astro';

export async function getStaticPaths() {
  const docs = await getCollection('docs');
  return docs.map((entry) => ({ params: { id: entry.data.id }, props: { entry } }));
}

const { entry } = Astro.props;
const { Content } = await render(entry);
---
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>{entry.data.id} {entry.data.title}</title>
  </head>
  <body>
    <main>
      <h1>{entry.data.title}</h1>
      <Content components={{ Callout }} />
    </main>
  </body>
</html>
`,
  'src/components/Callout.astro': `<aside class={\`callout callout--\${Astro.props.type}\`}>
  <p>{Astro.props.title}</p>
  <slot />
</aside>
`,
};

/** Writes the bare project into `dir`, with a copy of the document files of `documentsDir`. */
export function writeBareProject(dir: string, documentsDir: string, repo = REPO_ROOT): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [file, text] of Object.entries(BARE_FILES)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  cpSync(documentsDir, join(dir, 'content/docs'), { recursive: true });
  linkPackages(dir, repo);
}
