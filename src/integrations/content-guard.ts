import type { AstroIntegration } from 'astro';
import type { Plugin as VitePlugin } from 'vite';
import { realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { asOfFromEnvironment } from '../qms/base/dates.ts';
import { checkManualWithHistory } from '../qms/check/manual.ts';
import { formatResult } from '../qms/check/format.ts';
import { checkText } from '../qms/check/run.ts';
import { compiledSource } from '../qms/mdx/document-safety.ts';
import type { Finding } from '../qms/findings/finding.ts';
import { readDocumentSource } from '../qms/load/source.ts';
import { isClean, markClean } from '../site/clean-texts.ts';

/**
 * The build's gate: the build runs the whole checker itself, so `astro build`, `npm run build` with scripts
 * disabled and the dev server refuse what `npm run check` refuses (duplicate IDs, missing references,
 * impossible dates, unsafe text), with the checker's own report. Astro 7 compiles .mdx with its Rust
 * processor, which runs no remark plugins, so besides:
 * - a Vite transform ahead of the MDX compiler checks each .mdx module again as it is compiled (in dev a
 *   hostile document then shows an error instead of running, and no document is ever compiled unchecked,
 *   whatever loaded it), and hands the compiler the body normalized (ordinary Markdown as its author meant
 *   it, src/qms/mdx/normalize.ts), which is what the checker checked.
 */
export function contentGuard(): AstroIntegration {
  return {
    name: 'qms-content-guard',
    hooks: {
      'astro:config:setup': async ({ command, config, logger, updateConfig }) => {
        if (command !== 'build' && command !== 'dev') return;
        // The content collection's glob reads content/docs under Astro's root: guard the files it compiles.
        const root = fileURLToPath(config.root);
        // Added before mdx() adds its own `pre` plugin, so this transform runs first.
        updateConfig({ vite: { plugins: [mdxTransformGuard(root)] } });
        // Each document is parsed once: what the checker found clean, the transform below does not read again.
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
        const { compiled, parsed } = guardCounts;
        logger.info(`${compiled} documents compiled; ${parsed} of them parsed again by the guard (changed since the check)`);
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
        const findings = guard(file, code);
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

/**
 * The registry's rules that read a file's text alone. A text already found clean in this build (by the
 * checker at config setup, the past-versions loader or this guard: see src/site/clean-texts.ts) is not
 * parsed again when Vite hands the same text to the compiler: the same rules on the same text give the
 * same verdict.
 */
/** How many texts the guard was handed, and how many of them it had to parse itself: the build log says. */
const guardCounts = { compiled: 0, parsed: 0 };
function guard(file: string, text: string): Finding[] {
  guardCounts.compiled++;
  if (isClean(file, text)) return [];
  guardCounts.parsed++;
  const findings = checkText(readDocumentSource(file, text));
  if (findings.length === 0) markClean(file, text);
  return findings;
}

/** One finding a line, `file:line:col CODE message`, as the checker prints them, after a headline. */
export function formatGuardFindings(findings: readonly Finding[], consequence: string): string {
  const lines = findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.code} ${f.message}`);
  const files = new Set(findings.map((f) => f.file)).size;
  return [
    `${findings.length} unsafe construct${findings.length === 1 ? '' : 's'} in ${files} document${files === 1 ? '' : 's'}: ${consequence}.`,
    ...lines,
    'Run `npm run check` for the hint to each code.',
  ].join('\n');
}
