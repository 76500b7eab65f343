import type { Finding } from '../../findings/finding.ts';
import type { SourceFile } from '../../load/source.ts';
import { documentGuardFindings } from '../../mdx/document-safety.ts';
import type { Check, DocumentInput } from './rule.ts';
import type { Configuration } from '../../load/configuration.ts';

/*
 * Rules whose findings come from one shared reading of a file: the schema's parse of a document's
 * frontmatter reports several rules at once (each zod refinement names its rule), and so does the MDX
 * safety reading of its body. Each such rule picks its own findings from the reading, which is made once.
 */

/** The findings of the rule being run, from the document's parse (YAML, frontmatter, schema). */
export const fromParse: Check<DocumentInput> = ({ parsed }, found) => parsed.findings.filter((f) => f.rule === found.rule);

/** The findings of the rule being run, from reading the settings and catalogues. */
export const fromConfiguration: Check<Configuration> = (configuration, found) => configuration.findings.filter((f) => f.rule === found.rule);

const safety = new WeakMap<SourceFile, Finding[]>();

/**
 * Verdicts of earlier runs on the same file path and text (check/text-cache.ts, on Node): the safety
 * reading depends on nothing else, so a text already read is not read again.
 */
export interface SafetyStore {
  get(file: string, text: string): Finding[] | undefined;
  set(file: string, text: string, findings: Finding[]): void;
}
let store: SafetyStore | undefined;
export function rememberSafetyIn(next: SafetyStore | undefined): void {
  store = next;
}

/**
 * The sources whose safety is not known yet, neither read this run nor remembered from an earlier one:
 * what a parallel reading (check/parallel.ts) may take on and hand back with `knowSafety`.
 */
export function unreadSources(sources: readonly SourceFile[]): SourceFile[] {
  return sources.filter((source) => {
    if (safety.has(source)) return false;
    const remembered = store?.get(source.file, source.text);
    if (remembered) safety.set(source, remembered);
    return !remembered;
  });
}

export function knowSafety(source: SourceFile, findings: Finding[]): void {
  safety.set(source, findings);
  store?.set(source.file, source.text, findings);
}

/** The safety of the file as Astro's MDX integration will compile it, read once per source record. */
export function safetyOf(source: SourceFile): Finding[] {
  let findings = safety.get(source);
  if (findings) return findings;
  findings = store?.get(source.file, source.text);
  if (findings) safety.set(source, findings);
  else knowSafety(source, (findings = documentGuardFindings(source.file, source.text)));
  return findings;
}

/** The findings of the rule being run, from the safety reading of the body. */
export const fromSafety: Check<SourceFile> = (source, found) => safetyOf(source).filter((f) => f.rule === found.rule);
