import type { AstroIntegration } from 'astro';
import type { Plugin as VitePlugin } from 'vite';
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkText } from '../qms/check/run.ts';
import type { Finding } from '../qms/findings/finding.ts';
import { listDocumentFiles } from '../qms/load/manual.ts';
import { readDocumentSource } from '../qms/load/source.ts';

/**
 * The build's last guard against documents that run code (`npm run check` is the first, and reports
 * everything else). Astro 7 compiles .mdx with its Rust processor, which runs no remark plugins, so:
 * - when the build is configured, before any content is compiled, the guard reads every document and
 *   `astro build` refuses to start (`astro dev` logs the findings instead);
 * - a Vite transform ahead of the MDX compiler checks each .mdx module again as it is compiled, so in
 *   dev a hostile document shows an error instead of running, and no document is ever compiled
 *   unchecked, whatever loaded it.
 */
export function contentGuard(): AstroIntegration {
  return {
    name: 'qms-content-guard',
    hooks: {
      'astro:config:setup': ({ command, config, logger, updateConfig }) => {
        if (command !== 'build' && command !== 'dev') return;
        // The content collection's glob reads content/docs under Astro's root: guard the files it compiles.
        const root = fileURLToPath(config.root);
        // Added before mdx() adds its own `pre` plugin, so this transform runs first.
        updateConfig({ vite: { plugins: [mdxTransformGuard(root)] } });
        const files = listDocumentFiles(root);
        const findings = files.flatMap((file) => guard(file, readFileSync(join(root, file), 'utf8')));
        if (findings.length === 0) {
          logger.info(`${files.length} documents checked: no code, scripts or unsafe links`);
          return;
        }
        if (command === 'build') throw new Error(formatGuardFindings(findings, 'the manual is not built until they are removed'));
        logger.error(formatGuardFindings(findings, 'these documents show an error instead of their content until they are fixed'));
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
        return undefined;
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
 * The registry's rules that read a file's text alone. A text already found clean in this process (at
 * config setup) is not parsed again when Vite hands the same text to the compiler.
 */
const clean = new Set<string>();
function guard(file: string, text: string): Finding[] {
  const key = `${file}\0${createHash('sha1').update(text).digest('hex')}`;
  if (clean.has(key)) return [];
  const findings = checkText(readDocumentSource(file, text));
  if (findings.length === 0) clean.add(key);
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
