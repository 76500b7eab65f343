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
  // No inline <style> or <script> in any page: the web server's Content-Security-Policy allows styles and
  // scripts from the site's own files only (scripts/serve/qms-manual.nginx.conf). Astro would otherwise
  // inline a stylesheet or a processed <script> smaller than 4 KB (assetsInlineLimit, below, for scripts).
  // Astro's security.csp is not used: it hashes inline code into a <meta> policy, which the server's header
  // would have to repeat, hashes and all, after every build; with nothing inline, one fixed header is enough.
  build: { format: 'directory', inlineStylesheets: 'never' },
  // Code blocks in .md documents plain, as src/qms/mdx/render.ts writes them for .mdx: Shiki colours them
  // with inline styles, which the Content-Security-Policy blocks.
  markdown: { syntaxHighlight: false },
  // No telemetry, fonts or anything else that would reach the internet at build or read time.
  devToolbar: { enabled: false },
  prefetch: false,
  // The content guard comes first: it refuses documents that would run code before MDX compiles any.
  integrations: [contentGuard(), mdx(), pagefindIndex()],
  vite: {
    // `npm run cms` sets QMS_NO_LIVE_RELOAD: saving or publishing in the CMS must not reload open /admin tabs.
    ...(process.env.QMS_NO_LIVE_RELOAD ? { server: { hmr: false } } : {}),
    build: {
      // 0: every processed <script> is a file under /_astro/, never inlined into the page (and no asset
      // becomes a data: URL), so the CSP needs no 'unsafe-inline' and no hash that changes with each build.
      assetsInlineLimit: 0,
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
