import { analyseManual } from '../analysis.ts';
import { changeControlFindings, readManualHistory, type ManualHistory } from '../history/index.ts';
import { clauseLabel } from '../catalogue.ts';
import { requiredLeaves } from '../coverage.ts';
import type { IsoDate } from '../dates.ts';
import { splitFrontmatter } from '../frontmatter.ts';
import { loadManual, LAYOUT, type Manual } from '../load.ts';
import { listEntryLine, yamlLineFinder } from '../problems.ts';
import { documentedInformationFindings } from './documented-information.ts';
import { finalizeFindings, type Finding, type RawFinding } from './findings.ts';
import { documentGuardFindings } from './document-safety.ts';
import { referenceFindings, supersessionCycleFindings } from './references.ts';

export interface CheckOptions {
  root: string;
  asOf: IsoDate;
  /** Warnings become errors (for example an overdue review). */
  strict?: boolean;
  /** Git history, for the change-control and history-unavailable rules; without it those rules do not run. */
  history?: ManualHistory;
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

/** Runs every rule over the manual and reports every finding at once. */
export function checkManual(options: CheckOptions): CheckResult {
  const manual = loadManual(options.root);
  const raw: RawFinding[] = manual.problems.map((p) => ({ ...p, documentId: undefined }));

  const documentFiles = [...manual.sources.keys()].filter((file) => file.startsWith(`${LAYOUT.documents}/`));
  for (const file of documentFiles) {
    const id = manual.declaredIds.get(file);
    raw.push(...documentGuardFindings(file, manual.sources.get(file)!).map((f) => ({ ...f, documentId: id })));
  }
  // declaredIds is read with a line pattern, which misses `id: SOP-001  # note`: every valid document counts too.
  const knownIds = new Set([...manual.declaredIds.values(), ...manual.documents.map((d) => d.data.id)]);
  for (const doc of manual.documents) raw.push(...referenceFindings(doc, manual.sources.get(doc.file)!, knownIds));
  raw.push(...supersessionCycleFindings(manual.documents, manual.sources));
  raw.push(...stateFindings(manual, options.asOf));
  if (options.history) raw.push(...historyFindings(manual, options.history));

  const findings = finalizeFindings(raw, manual.settings.checks.severity, options.strict ?? false);
  const count = (severity: Finding['severity']) => findings.filter((f) => f.severity === severity).length;
  return {
    asOf: options.asOf,
    strict: options.strict ?? false,
    documents: documentFiles.length,
    findings,
    errors: count('error'),
    warnings: count('warning'),
    infos: count('info'),
    configurationError: manual.problems.some((p) => p.rule === 'settings'),
  };
}

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

/** Reads the Git history, then runs every rule, change control included. */
export async function checkManualWithHistory(options: Omit<CheckOptions, 'history'>): Promise<CheckResult> {
  return checkManual({ ...options, history: await readManualHistory({ root: options.root }) });
}

function historyFindings(manual: Manual, history: ManualHistory): RawFinding[] {
  if (!history.available) {
    return [{ rule: 'history-unavailable', file: LAYOUT.documents, line: 1, field: '', message: `revision history is unavailable (${history.reason}); pages will say so and change control cannot be checked` }];
  }
  const current = new Map(manual.documents.map((d) => [d.data.id, { file: d.file, source: manual.sources.get(d.file)! }]));
  return changeControlFindings(history, current);
}

/** Findings that depend on the as-of date: supersession, coverage, documented information, reviews. */
function stateFindings(manual: Manual, asOf: IsoDate): RawFinding[] {
  const findings: RawFinding[] = [];
  const analysis = analyseManual(manual.documents.map((d) => d.data), manual.index, manual.settings, asOf);
  const lineFinders = new Map<string, (path: PropertyKey[]) => number>();
  const lineOf = (file: string, path: PropertyKey[]) => {
    if (!lineFinders.has(file)) {
      const { frontmatter, frontmatterLine } = splitFrontmatter(manual.sources.get(file) ?? '');
      lineFinders.set(file, yamlLineFinder(frontmatter, frontmatterLine));
    }
    return lineFinders.get(file)!(path);
  };

  for (const doc of manual.documents) {
    const status = analysis.statuses.get(doc.data.id)!;
    const at = (field: string): Pick<RawFinding, 'file' | 'line' | 'field' | 'documentId'> => ({ file: doc.file, line: lineOf(doc.file, [field]), field, documentId: doc.data.id });
    if (status.state === 'superseded' && doc.data.status === 'approved') {
      findings.push({ rule: 'superseded-still-approved', ...at('status'), message: `${doc.data.id} is superseded by ${status.supersededBy.join(', ')} but is still marked approved` });
    }
    if (status.state === 'overdue') {
      findings.push({ rule: 'review-overdue', ...at(doc.data.review_by ? 'review_by' : 'effective'), message: `review was due on ${status.reviewBy} (${days(-status.daysToReview!)} ago); owner: ${doc.data.owner}` });
    }
    if (status.state === 'review-due-soon') {
      findings.push({ rule: 'review-due-soon', ...at(doc.data.review_by ? 'review_by' : 'effective'), message: `review is due on ${status.reviewBy}, ${status.daysToReview === 0 ? 'today' : `in ${days(status.daysToReview!)}`}; owner: ${doc.data.owner}` });
    }
  }

  const catalogueLines = new Map<string, string[]>();
  for (const coverage of requiredLeaves(analysis.coverage)) {
    const { clause } = coverage;
    const file = `${LAYOUT.standards}/${manual.index.catalogues.find((c) => c.id === clause.standardId)!.file}`;
    if (!catalogueLines.has(file)) catalogueLines.set(file, (manual.sources.get(file) ?? '').split('\n'));
    const line = listEntryLine(catalogueLines.get(file)!, 'id', clause.id);
    const label = `${clause.ref} ${clauseLabel(clause)}`;
    if (coverage.state === 'gap') {
      findings.push({ rule: 'clause-gap', file, line, field: `clauses.${clause.id}`, message: `clause ${label} has no document mapped to it` });
    } else if (coverage.state === 'at-risk') {
      findings.push({ rule: 'clause-at-risk', file, line, field: `clauses.${clause.id}`, message: `clause ${label} is met only by ${coverage.documents.map((d) => `${d.id} (${analysis.statuses.get(d.id)!.label.toLowerCase()})`).join(', ')}` });
    }
  }
  const settingsLines = (manual.sources.get(LAYOUT.settings) ?? '').split('\n');
  manual.settings.exclusions.forEach((exclusion, i) => {
    if (exclusion.justification.trim() !== '') return;
    let seen = -1;
    const line = settingsLines.findIndex((l) => /^\s*-\s+clause:/.test(l) && ++seen === i) + 1 || 1;
    findings.push({ rule: 'exclusion-unjustified', file: LAYOUT.settings, line, field: `exclusions.${i}.justification`, message: `clause ${exclusion.clause} is excluded without a justification` });
  });
  findings.push(...documentedInformationFindings(manual, analysis));
  return findings;
}
