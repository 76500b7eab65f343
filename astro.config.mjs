// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { contentGuard } from './src/integrations/content-guard.ts';
import { pagefindIndex } from './src/integrations/pagefind.ts';

export default defineConfig({
  // Static output only: the manual is served from a plain file server on the intranet.
  output: 'static',
  // Every link the site writes ends with a slash (/docs/SOP-004/), but a reader may type or paste one without:
  // 'ignore' lets `astro preview` (npm start) and `astro dev` serve /docs/SOP-004 too, where 'always' answers
  // with a developer 404. A production web server redirects such a directory itself (README, Serving the site).
  trailingSlash: 'ignore',
  build: { format: 'directory' },
  // No telemetry, fonts or anything else that would reach the internet at build or read time.
  devToolbar: { enabled: false },
  prefetch: false,
  // The content guard comes first: it refuses documents that would run code before MDX compiles any.
  integrations: [contentGuard(), mdx(), pagefindIndex()],
  vite: {
    // `npm run cms` sets QMS_NO_LIVE_RELOAD: saving or publishing in the CMS must not reload open /admin tabs.
    ...(process.env.QMS_NO_LIVE_RELOAD ? { server: { hmr: false } } : {}),
    build: {
      rollupOptions: {
        // Every MDX page carries Astro's own "use astro:head-inject" directive, and the bundler warns
        // about each one: hundreds of lines that would bury real warnings in a 5,000-document build.
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('astro:head-inject')) return;
          warn(warning);
        },
      },
    },
  },
});
