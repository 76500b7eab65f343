import { idKey } from '../base/ids.ts';
import { documentedInformationIds } from '../documented-information.ts';
import { finding, type Finding } from '../findings/finding.ts';
import type { RuleId } from '../findings/rules.ts';
import type { Configuration } from '../load/configuration.ts';
import type { Manual } from '../load/manual.ts';
import type { SourceFile } from '../load/source.ts';
import { rulesReading, SHARED_READINGS } from './registry.ts';
import type { DocumentContext, DocumentInput, Found, HistoryInput, ManualInput, PublicationInput, Scope } from './rules/rule.ts';

/*
 * The runners, pure so /admin runs them in the browser: every caller checks by running the rules of the registry that read what it has. The
 * checker runs them all; the build's guard runs those that read a file's text; the CMS runs the text and
 * document rules on a save, the settings rules on a settings save, and the publication rules on a publish.
 */

/** Where a run's time went, per rule and what it read: for the benchmark. */
export type Timings = Map<string, number>;

const finders = new Map<RuleId, Found>();
/** Makes findings of one rule: what the registry hands each rule's function. */
export function foundBy(rule: RuleId): Found {
  let found = finders.get(rule);
  if (!found) {
    found = Object.assign((at: Parameters<Found>[0], message: string) => finding(rule, at, message), { rule });
    finders.set(rule, found);
  }
  return found;
}

/** Runs the rules of the registry that read `scope` on `input`. */
export function runRules<Input>(scope: Scope, input: Input, timings?: Timings): Finding[] {
  const reading = SHARED_READINGS[scope] as { name: string; read(input: Input): unknown } | undefined;
  if (reading) {
    const start = timings ? performance.now() : 0;
    reading.read(input);
    if (timings) timings.set(`${reading.name} (${scope})`, (timings.get(`${reading.name} (${scope})`) ?? 0) + performance.now() - start);
  }
  const findings: Finding[] = [];
  for (const rule of rulesReading(scope)) {
    const start = timings ? performance.now() : 0;
    const found = (rule.checks[scope] as (input: Input, found: Found) => readonly Finding[])(input, foundBy(rule.id));
    for (const f of found) {
      // A rule reports only its own findings: the registry is where every rule is named.
      if (f.rule !== rule.id) throw new Error(`rule ${rule.id} (${scope}) reported a finding of rule ${f.rule}`);
      findings.push(f);
    }
    if (timings) {
      const key = `${rule.code} ${rule.id} (${scope})`;
      timings.set(key, (timings.get(key) ?? 0) + performance.now() - start);
    }
  }
  return findings;
}

/** The rules that read a document file's text alone: what the build's guard refuses before compiling anything. */
export function checkText(source: SourceFile, timings?: Timings): Finding[] {
  return runRules('text', source, timings);
}

/** Every rule that reads one document: its text, and its fields against the catalogues and the other IDs. */
export function checkDocument(input: DocumentInput, timings?: Timings): Finding[] {
  return [...runRules('text', input.source, timings), ...runRules('document', input, timings)];
}

export function checkConfiguration(configuration: Configuration, timings?: Timings): Finding[] {
  return runRules('configuration', configuration, timings);
}

export function checkManualRules(input: ManualInput, timings?: Timings): Finding[] {
  return runRules('manual', input, timings);
}

export function checkHistory(input: HistoryInput, timings?: Timings): Finding[] {
  return runRules('history', input, timings);
}

export function checkPublication(input: PublicationInput): Finding[] {
  return runRules('publication', input);
}

/**
 * The context a document of `manual` is checked in: its catalogues, and every ID with the files that
 * declare it (or an ID that differs from it only by leading zeros, which readers take for the same).
 */
export function documentContext(manual: Manual): DocumentContext {
  const files = new Map<string, string[]>();
  const ids = new Map<string, string>();
  const add = (id: string, file: string) => {
    const key = idKey(id);
    const list = files.get(key) ?? files.set(key, []).get(key)!;
    if (!list.includes(file)) list.push(file);
    ids.set(file, id);
  };
  for (const [file, id] of manual.declaredIds) add(id, file);
  // The declared ID is read with a line pattern, which misses `id: SOP-001  # note`: every valid document counts too.
  for (const doc of manual.documents) add(doc.data.id, doc.file);
  for (const list of files.values()) list.sort();
  return {
    clauses: manual.index,
    documentedInformation: documentedInformationIds(manual.index),
    departments: new Set(manual.settings.departments),
    knownIds: new Set(ids.values()),
    filesWithId: (id) => files.get(idKey(id)) ?? [],
    idOfFile: (file) => ids.get(file),
  };
}
