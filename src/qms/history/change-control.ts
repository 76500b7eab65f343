import type { RawFinding } from '../check/findings.ts';
import { splitFrontmatter } from '../frontmatter.ts';
import { yamlLineFinder } from '../problems.ts';
import { documentFacts } from './document-facts.ts';
import type { ManualHistory, Revision } from './types.ts';

/**
 * - `unversioned-change`: the body changed but the version did not.
 * - `missing-change-summary`: the version changed with no change_summary.
 * - `repeated-change-summary`: the version changed but the change_summary is the previous version's.
 */
export type ChangeControlKind = 'unversioned-change' | 'missing-change-summary' | 'repeated-change-summary';

export interface ChangeControlIssue {
  id: string;
  kind: ChangeControlKind;
  /** The revision that broke change control. */
  revision: Revision;
  /** The revision it was compared with: the previous one, or the last released one after a draft. */
  baseline: Revision;
}

const isDraft = (r: Revision) => r.status === 'draft' || r.status === 'in-review';

/**
 * Every change that broke change control, oldest first per document, read from history alone.
 *
 * Each revision is compared with the one before it. Drafts are free: a revision in draft or in review
 * whose previous revision was not approved is the document being written, not changed. When a draft
 * ends (approved or withdrawn), the result is compared with the last released revision before the
 * draft, so the version raised at the start of a draft is not required to rise again at approval, and
 * a first approval is never a finding. Neither is the first revision, nor a deletion.
 */
export function changeControlIssues(history: ManualHistory): ChangeControlIssue[] {
  const issues: ChangeControlIssue[] = [];
  for (const [id, newestFirst] of history.byId) {
    const revisions = [...newestFirst].reverse();
    let released: Revision | undefined;
    revisions.forEach((revision, i) => {
      const previous = revisions[i - 1];
      if (previous && revision.change !== 'deleted' && !(isDraft(revision) && previous.status !== 'approved')) {
        const baseline = isDraft(previous) ? released : previous;
        const kind = baseline && breach(revision, baseline);
        if (kind) issues.push({ id, kind, revision, baseline: baseline! });
      }
      if (revision.change !== 'deleted' && !isDraft(revision)) released = revision;
    });
  }
  return issues;
}

function breach(revision: Revision, baseline: Revision): ChangeControlKind | undefined {
  if (revision.version === null || baseline.version === null) return undefined;
  if (revision.version === baseline.version) return revision.bodyHash !== baseline.bodyHash ? 'unversioned-change' : undefined;
  if (!revision.changeSummary) return 'missing-change-summary';
  if (revision.changeSummary === baseline.changeSummary) return 'repeated-change-summary';
  return undefined;
}

/**
 * Change-control findings (rule `change-control`) for the documents in the manual now.
 *
 * History cannot be rewritten, so a finding is reported while it can still be put right, and clears
 * when it is: an unversioned change while the document is still at that version (the fix is to issue
 * the next version with a change summary), a missing or repeated summary while the document is still
 * at that version with no new summary. `includeResolved` reports every breach ever, for an audit.
 * Documents no longer in the manual are not reported.
 */
export function changeControlFindings(
  history: ManualHistory,
  currentFiles: Map<string, { file: string; source: string }>,
  options: { includeResolved?: boolean } = {},
): RawFinding[] {
  if (!history.available) return [];
  const findings: RawFinding[] = [];
  for (const issue of changeControlIssues(history)) {
    const current = currentFiles.get(issue.id);
    if (!current) continue;
    const now = documentFacts(current.source);
    const open =
      now.version === null ||
      (now.version === issue.revision.version && (issue.kind === 'unversioned-change' || !now.changeSummary || now.changeSummary === issue.baseline.changeSummary));
    if (!open && !options.includeResolved) continue;
    const split = splitFrontmatter(current.source);
    const lineOf = split.hasFrontmatter ? yamlLineFinder(split.frontmatter, split.frontmatterLine) : () => 1;
    const field = issue.kind === 'unversioned-change' || !/^change_summary:/m.test(split.frontmatter) ? 'version' : 'change_summary';
    findings.push({ rule: 'change-control', file: current.file, line: lineOf([field]), field, message: describe(issue), documentId: issue.id });
  }
  return findings;
}

/** The commit as a person finds it in `git log`: short oid, subject, day and author. */
export function describeCommit(r: Revision): string {
  const subject = r.message.split('\n')[0];
  return `commit ${r.commit.slice(0, 7)} "${subject}" (${r.date.slice(0, 10)}, ${r.author})`;
}

function describe({ id, kind, revision: r, baseline: b }: ChangeControlIssue): string {
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
