import type { AstroIntegration } from 'astro';
import type { Plugin as VitePlugin } from 'vite';
import { realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { asOfFromEnvironment } from '../qms/base/dates.ts';
import { checkManualWithHistory } from '../qms/check/manual.ts';
import { formatResult } from '../qms/check/format.ts';
import { compiledSource } from '../qms/mdx/document-safety.ts';
import { formatGuardFindings, guardCounts, guardText, markClean, setGuardCommand } from '../site/build-guard.ts';

/**
 * The build's gate: the build runs the whole checker itself, so `astro build`, `npm run build` with scripts
 * disabled and the dev server refuse what `npm run check` refuses (duplicate IDs, missing references,
 * impossible dates, unsafe text), with the checker's own report. Besides, each text is guarded again just
 * before it is published (src/site/build-guard.ts): the content layer renders every document's text to HTML
 * itself (src/site/rendered-documents.ts), and should any .mdx of the manual still reach Astro's MDX
 * compiler as a module, a Vite transform ahead of the compiler checks it first and hands it the body
 * normalized (ordinary Markdown as its author meant it, src/qms/mdx/normalize.ts), as the checker checked it.
 */
export function contentGuard(): AstroIntegration {
  return {
    name: 'qms-content-guard',
    hooks: {
      'astro:config:setup': async ({ command, config, logger, updateConfig }) => {
        if (command !== 'build' && command !== 'dev') return;
        setGuardCommand(command);
        // The content collection's glob reads content/docs under Astro's root: guard the files it compiles.
        const root = fileURLToPath(config.root);
        // Added before mdx() adds its own `pre` plugin, so this transform runs first.
        updateConfig({ vite: { plugins: [mdxTransformGuard(root)] } });
        // Each document is parsed once: what the checker found clean, the guard does not read again.
        // Incremental: a document whose text is unchanged since the last build is not read again (every rule
        // that reads more than one file still runs in full); a clean clone, as in CI, reads every one.
        const result = await checkManualWithHistory({ root, asOf: asOfFromEnvironment(), strict: process.env.QMS_STRICT === '1', onTextClean: markClean, incremental: true });
        const texts = result.texts ? ` (${result.texts.read} texts read, ${result.texts.remembered} unchanged since the last check)` : '';
        const summary = `${result.documents} documents checked as of ${result.asOf}${texts}: ${result.errors} errors, ${result.warnings} warnings`;
        if (result.errors === 0 && !result.configurationError) {
          if (result.warnings > 0) logger.warn(`${summary}; npm run check lists them`);
          else logger.info(summary);
          return;
        }
        const report = formatResult(result, 'human');
        if (command === 'dev') {
          logger.error(`${report}\nThe manual has errors: pages of documents with unsafe text show an error instead of their content until they are fixed.`);
          return;
        }
        // The checker's report is the whole message: no stack trace, and no hint Astro would add for a word in it.
        process.stderr.write(`\n${report}\nThe manual was not built: npm run check shows the same report.\n`);
        process.exit(1);
      },
      'astro:build:done': ({ logger }) => {
        const { handed, parsed } = guardCounts();
        logger.info(`${handed} document texts rendered or compiled; ${parsed} of them parsed again by the guard (changed since the check)`);
      },
    },
  };
}

/**
 * Refuses to hand a document to the MDX compiler while it has findings. Every .mdx module is content
 * except pages the developers write in src/; Vite may name a module by its real path, so both count.
 */
export function mdxTransformGuard(root: string): VitePlugin {
  const roots = [...new Set([root, realpathOr(root)])];
  const developerCode = roots.map((r) => join(r, 'src') + sep);
  return {
    name: 'qms-content-guard:mdx',
    enforce: 'pre',
    transform: {
      filter: { id: /\.mdx$/ },
      handler(code, id) {
        const path = id.split('?')[0];
        if (developerCode.some((dir) => path.startsWith(dir))) return undefined;
        const inProject = roots.map((r) => relative(r, path)).find((p) => !p.startsWith('..'));
        const file = (inProject ?? path).split(sep).join('/');
        const findings = guardText(file, code);
        if (findings.length > 0) throw new Error(formatGuardFindings(findings, `${file} is not compiled until they are removed`));
        return { code: compiledSource(file, code), map: null };
      },
    },
  };
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
