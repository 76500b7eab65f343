import { analyseManual } from '../analysis.ts';
import type { IsoDate } from '../base/dates.ts';
import { LAYOUT } from '../base/layout.ts';
import { applySeverities, type Finding } from '../findings/finding.ts';
import { readManualHistory, type ManualHistory } from '../history/index.ts';
import { loadManual, type Manual } from '../load/manual.ts';
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
}

/** Runs every rule of the registry over the manual and reports every finding at once. */
export function checkManual(options: CheckOptions): CheckResult {
  return checkLoadedManual(loadManual(options.root), options);
}

/** Runs every rule of the registry over a manual already read (`loadManual`). */
export function checkLoadedManual(manual: Manual, options: Omit<CheckOptions, 'root'>): CheckResult {
  const { timings, onDocument } = options;
  const raw: Finding[] = [...checkConfiguration(manual.configuration, timings)];
  const context = documentContext(manual);
  for (const parsed of manual.parsed.values()) {
    const start = onDocument ? performance.now() : 0;
    raw.push(...checkDocument({ source: parsed.source, parsed, context }, timings));
    onDocument?.(parsed.source.file, performance.now() - start);
  }
  const analysis = analyseManual(manual.documents.map((d) => d.data), manual.index, manual.settings, options.asOf);
  raw.push(...checkManualRules({ manual, analysis }, timings));
  if (options.history) raw.push(...checkHistory({ manual, history: options.history }, timings));

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
