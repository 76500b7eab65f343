// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { contentGuard } from './src/integrations/content-guard.ts';
import { pagefindIndex } from './src/integrations/pagefind.ts';

export default defineConfig({
  // Static output only: the manual is served from a plain file server on the intranet.
  output: 'static',
  trailingSlash: 'always',
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
