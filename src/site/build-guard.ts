import { createHash } from 'node:crypto';
import { stripByteOrderMark } from '../qms/base/encoding.ts';
import { checkText } from '../qms/check/run.ts';
import type { Finding } from '../qms/findings/finding.ts';
import { readDocumentSource } from '../qms/load/source.ts';

/*
 * The build's guard on each text it publishes: the registry's rules that read a file's text alone (what
 * `npm run check` reports as unsafe content), run on every text just before it is rendered, so no document
 * reaches a page unchecked, whatever loaded it. A text the build has already found clean is not parsed a
 * second time: the checker marks the documents of content/docs at config setup, the past-versions loader
 * the versions it checked. Astro loads the configuration's modules and the content layer's in separate
 * module graphs, so the set lives on the process, under a registered symbol. The key is the file and a hash
 * of the text as the rules read it (without a byte-order mark): a text changed since is read again.
 */
interface BuildGuard {
  clean: Set<string>;
  /** How many texts the guard was handed, and how many of them it had to parse itself: the build log says. */
  counts: { handed: number; parsed: number };
  /** `dev` shows a refused document's findings on its page; anything else (the build) refuses to go on. */
  command?: string;
}
const SHARED = Symbol.for('qms-manual.build-guard');
const shared: BuildGuard = ((globalThis as Record<symbol, BuildGuard | undefined>)[SHARED] ??= { clean: new Set(), counts: { handed: 0, parsed: 0 } });

const keyOf = (file: string, text: string) => `${file}\0${createHash('sha1').update(stripByteOrderMark(text)).digest('hex')}`;

export function markClean(file: string, text: string): void {
  shared.clean.add(keyOf(file, text));
}

export function isClean(file: string, text: string): boolean {
  return shared.clean.has(keyOf(file, text));
}

/** The text rules' findings on a file about to be rendered or compiled: none for a text found clean in this build. */
export function guardText(file: string, text: string): Finding[] {
  shared.counts.handed++;
  if (isClean(file, text)) return [];
  shared.counts.parsed++;
  const findings = checkText(readDocumentSource(file, text));
  if (findings.length === 0) markClean(file, text);
  return findings;
}

export const guardCounts = (): Readonly<BuildGuard['counts']> => shared.counts;

export function setGuardCommand(command: string): void {
  shared.command = command;
}

/** In the dev server a refused document's page shows why; a build stops. */
export const refusalsShownOnPage = () => shared.command === 'dev';

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
