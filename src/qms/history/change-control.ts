import type { ManualHistory, Revision } from './types.ts';

/**
 * - `unversioned-change`: the body changed but the version did not.
 * - `missing-change-summary`: the version changed with no change_summary.
 * - `repeated-change-summary`: the version changed but the change_summary is the previous version's.
 */
export type ChangeControlKind = 'unversioned-change' | 'missing-change-summary' | 'repeated-change-summary';

export interface ChangeControlBreach {
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
export function changeControlBreaches(history: ManualHistory): ChangeControlBreach[] {
  const issues: ChangeControlBreach[] = [];
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
