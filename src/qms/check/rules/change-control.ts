import type { Finding } from '../../findings/finding.ts';
import { changeControlBreaches, type ChangeControlBreach } from '../../history/change-control.ts';
import type { ManualHistory, Revision } from '../../history/types.ts';
import { LAYOUT } from '../../base/layout.ts';
import type { SourceFile } from '../../load/source.ts';
import type { Check, Found, HistoryInput, PublicationInput } from './rule.ts';

export const historyUnavailable: Check<HistoryInput> = ({ history }, found) =>
  history.available
    ? []
    : [found({ file: LAYOUT.documents }, `revision history is unavailable (${history.reason}); pages will say so and change control cannot be checked`)];

/** Change control over the history of the documents in the manual now. */
export const changeControlInHistory: Check<HistoryInput> = ({ manual, history }, found) =>
  changeControlFindings(history, new Map(manual.documents.map((d) => [d.data.id, d.source])), found);

/**
 * Change-control findings for the documents given (ID → the file as it is now).
 *
 * History cannot be rewritten, so a finding is reported while it can still be put right, and clears
 * when it is: an unversioned change while the document is still at that version (the fix is to issue
 * the next version with a change summary), a missing or repeated summary while the document is still
 * at that version with no new summary. `includeResolved` reports every breach ever, for an audit.
 * Documents no longer in the manual are not reported.
 */
export function changeControlFindings(history: ManualHistory, current: ReadonlyMap<string, SourceFile>, found: Found, options: { includeResolved?: boolean } = {}): Finding[] {
  if (!history.available) return [];
  const findings: Finding[] = [];
  for (const issue of changeControlBreaches(history)) {
    const source = current.get(issue.id);
    if (!source) continue;
    const now = currentFacts(source);
    const open =
      now.version === null ||
      (now.version === issue.revision.version && (issue.kind === 'unversioned-change' || !now.changeSummary || now.changeSummary === issue.baseline.changeSummary));
    if (!open && !options.includeResolved) continue;
    const written = typeof source.value === 'object' && source.value !== null && 'change_summary' in source.value;
    const field = issue.kind === 'unversioned-change' || !written ? 'version' : 'change_summary';
    findings.push(found({ file: source.file, line: source.hasFrontmatter ? source.positions.lineOf([field]) : 1, field, documentId: issue.id }, describe(issue)));
  }
  return findings;
}

/** The version and change summary of the file as it is now, read as history reads each version. */
function currentFacts(source: SourceFile): { version: number | null; changeSummary: string | null } {
  const fields = (typeof source.value === 'object' && source.value !== null ? source.value : {}) as Record<string, unknown>;
  const summary = typeof fields.change_summary === 'string' ? fields.change_summary.trim() : '';
  return { version: Number.isInteger(fields.version) ? (fields.version as number) : null, changeSummary: summary === '' ? null : summary };
}

/** The commit as a person finds it in `git log`: short oid, subject, day and author. */
export function describeCommit(r: Revision): string {
  const subject = r.message.split('\n')[0];
  return `commit ${r.commit.slice(0, 7)} "${subject}" (${r.date.slice(0, 10)}, ${r.author})`;
}

function describe({ id, kind, revision: r, baseline: b }: ChangeControlBreach): string {
  const commit = describeCommit(r);
  switch (kind) {
    case 'unversioned-change':
      return `${id}: ${commit} changed the body of ${r.file} but kept version ${r.version}: the change is not recorded as a new version`;
    case 'missing-change-summary':
      return `${id}: ${commit} raised the version from ${b.version} to ${r.version} without a change_summary`;
    case 'repeated-change-summary':
      return `${id}: ${commit} raised the version from ${b.version} to ${r.version} but kept the change_summary of version ${b.version} ("${r.changeSummary}")`;
  }
}

/** Publishing a changed text is approving a new version: it must say what changed, in its own words. */
export const changeControlAtPublication: Check<PublicationInput> = ({ file, previous, next, textChanged }, found) => {
  if (!textChanged) return [];
  const summary = next.changeSummary?.trim() ?? '';
  const at = { file, field: 'change_summary' };
  if (summary === '') return [found(at, 'write what changed in this version in "Changes in this version"')];
  if (previous?.released && summary === (previous.changeSummary ?? '').trim()) {
    return [found(at, `"Changes in this version" still says what changed in version ${String(previous.version)}: say what this change does`)];
  }
  return [];
};
