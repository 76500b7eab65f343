import { analyseManual } from '../analysis.ts';
import type { IsoDate } from '../base/dates.ts';
import { LAYOUT } from '../base/layout.ts';
import { applySeverities, type Finding } from '../findings/finding.ts';
import { readManualHistory, type ManualHistory } from '../history/index.ts';
import { listDocumentFiles, loadManual, type Manual } from '../load/manual.ts';
// On Node, bodies are read with the parser Astro compiles them with (remark-mdx where it must): see parse.ts.
import '../mdx/native-parser.ts';
import { beginSafetyReading, PARALLEL_FROM, startSafetyWorker, stopSafetyWorker, type SafetyWorker } from './parallel.ts';
import { rulesReading } from './registry.ts';
import { rememberSafetyIn } from './rules/reading.ts';
import { openTextCache } from './text-cache.ts';
import { checkConfiguration, checkDocument, checkHistory, checkManualRules, documentContext, type Timings } from './run.ts';

/** `npm run check`: the whole manual, read from disk, through every rule of the registry. */

export interface CheckOptions {
  root: string;
  asOf: IsoDate;
  /** Warnings become errors (for example an overdue review). */
  strict?: boolean;
  /** Git history, for the change-control and history-unavailable rules; without it those rules do not run. */
  history?: ManualHistory;
  /** When given, the time each rule took is added to it. */
  timings?: Timings;
  /** When given, called with each document file and the milliseconds its text and document rules took. */
  onDocument?: (file: string, ms: number) => void;
  /**
   * When given, called with each document file whose text the text rules (what the build's guard runs before
   * compiling) found nothing in, and that text: the build's guard need not parse it a second time.
   */
  onTextClean?: (file: string, text: string) => void;
  /**
   * The incremental check: keep the text rules' verdicts between runs (node_modules/.cache/qms-check, see
   * text-cache.ts), so only the documents whose text changed are read again. Every other rule runs in full.
   */
  incremental?: boolean;
  /** A worker thread already started for the safety reading (checkManual starts it before loading). */
  safetyWorker?: SafetyWorker;
}

export interface CheckResult {
  asOf: IsoDate;
  strict: boolean;
  documents: number;
  findings: Finding[];
  errors: number;
  warnings: number;
  infos: number;
  /** True when settings or catalogues are invalid: the manual could not be checked as configured. */
  configurationError: boolean;
  /** With `incremental`: how many document texts were read, and how many verdicts came from an earlier run. */
  texts?: { read: number; remembered: number };
}

const TEXT_RULES = new Set(rulesReading('text').map((r) => r.id));

/** Runs every rule of the registry over the manual and reports every finding at once. */
export function checkManual(options: CheckOptions): CheckResult {
  const cache = options.incremental ? openTextCache(options.root) : undefined;
  // A large manual with nothing remembered: the worker thread imports its parsers and reads the document
  // files while this thread loads the manual.
  const files = listDocumentFiles(options.root);
  const safetyWorker = (cache?.remembering ?? 0) === 0 && files.length >= PARALLEL_FROM ? startSafetyWorker(undefined, { root: options.root, files }) : undefined;
  rememberSafetyIn(cache);
  try {
    const result = checkLoadedManual(loadManual(options.root, files), { ...options, safetyWorker });
    cache?.save();
    return cache ? { ...result, texts: { ...cache.counts } } : result;
  } finally {
    rememberSafetyIn(undefined);
    stopSafetyWorker(safetyWorker);
  }
}

/** Runs every rule of the registry over a manual already read (`loadManual`). */
export function checkLoadedManual(manual: Manual, options: Omit<CheckOptions, 'root'>): CheckResult {
  const { timings, onDocument, onTextClean } = options;
  const raw: Finding[] = [...checkConfiguration(manual.configuration, timings)];
  const context = documentContext(manual);
  // The texts are read on both cores; the manual's rules, which need no verdict on a text, run on this
  // thread while the worker reads its part.
  const safetyRead = beginSafetyReading(
    [...manual.parsed.values()].map((parsed) => parsed.source),
    { started: options.safetyWorker },
  );
  const analysis = analyseManual(manual.documents.map((d) => d.data), manual.index, manual.settings, options.asOf);
  const manualFindings = checkManualRules({ manual, analysis }, timings);
  const historyFindings = options.history ? checkHistory({ manual, history: options.history }, timings) : [];
  safetyRead();
  for (const parsed of manual.parsed.values()) {
    const start = onDocument ? performance.now() : 0;
    const found = checkDocument({ source: parsed.source, parsed, context }, timings);
    raw.push(...found);
    onDocument?.(parsed.source.file, performance.now() - start);
    if (onTextClean && !found.some((f) => TEXT_RULES.has(f.rule))) onTextClean(parsed.source.file, parsed.source.text);
  }
  raw.push(...manualFindings, ...historyFindings);

  const findings = applySeverities(raw, manual.settings.checks.severity, options.strict ?? false);
  const count = (severity: Finding['severity']) => findings.filter((f) => f.severity === severity).length;
  return {
    asOf: options.asOf,
    strict: options.strict ?? false,
    documents: [...manual.parsed.keys()].filter((file) => file.startsWith(`${LAYOUT.documents}/`)).length,
    findings,
    errors: count('error'),
    warnings: count('warning'),
    infos: count('info'),
    configurationError: raw.some((f) => f.rule === 'settings'),
  };
}

/** Reads the Git history, then runs every rule, change control included. */
export async function checkManualWithHistory(options: Omit<CheckOptions, 'history'>): Promise<CheckResult> {
  return checkManual({ ...options, history: await readManualHistory({ root: options.root }) });
}
