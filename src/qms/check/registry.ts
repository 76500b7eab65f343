import { RULES, type RuleId } from '../findings/rules.ts';
import type { Checks, Rule, Scope } from './rules/rule.ts';
import { attachmentsChanged, attachmentsMissing, attachmentsUnlisted } from './rules/attachments.ts';
import { changeControlAtPublication, changeControlInHistory, historyUnavailable } from './rules/change-control.ts';
import { clauseGaps, clausesAtRisk, unjustifiedExclusions } from './rules/coverage.ts';
import { documentedInformationMissing, unknownDocumentedInformation } from './rules/documented-information.ts';
import { duplicateId, idChanged } from './rules/identity.ts';
import { brokenLinks, ignoredFiles, remoteMedia } from './rules/links.ts';
import { fromConfiguration, fromParse, fromSafety, safetyOf } from './rules/reading.ts';
import { unknownDepartments } from './rules/departments.ts';
import { referencesToWithdrawn, supersessionCycles, unknownReferences } from './rules/references.ts';
import { approvedInFuture, reviewDueSoon, reviewOverdue, supersededStillApproved } from './rules/reviews.ts';

/** A rule of the table with what it reads and its function for each. */
function rule(id: RuleId, checks: Checks): Rule {
  return { id, ...RULES[id], checks, reads: Object.keys(checks) as Scope[] };
}

/**
 * The rule registry: every rule of the checker, one object each, in the order of their codes. `npm run
 * check`, the build's guard, the CMS at save and publish, and the benchmark run rules from this list and
 * nothing else (src/qms/check/run.ts); a test holds it to the rule table one for one.
 */
export const RULE_REGISTRY: readonly Rule[] = [
  rule('yaml-syntax', { document: fromParse }),
  rule('frontmatter-missing', { text: fromSafety, document: fromParse }),
  rule('schema', { document: (input, found) => [...fromParse(input, found), ...unknownDocumentedInformation(input, found)] }),
  rule('unknown-field', { document: fromParse }),
  rule('duplicate-id', { document: duplicateId }),
  rule('unknown-clause', { document: fromParse }),
  rule('id-prefix', { document: fromParse }),
  rule('date-order', { document: fromParse }),
  rule('approval-incomplete', { document: fromParse }),
  rule('unknown-reference', { document: unknownReferences }),
  rule('supersedes-cycle', { document: fromParse, manual: supersessionCycles }),
  rule('superseded-still-approved', { manual: supersededStillApproved }),
  rule('clause-gap', { manual: clauseGaps }),
  rule('clause-at-risk', { manual: clausesAtRisk }),
  rule('exclusion-unjustified', { configuration: unjustifiedExclusions }),
  rule('documented-information-missing', { manual: documentedInformationMissing }),
  rule('review-overdue', { manual: reviewOverdue }),
  rule('review-due-soon', { manual: reviewDueSoon }),
  rule('mdx-syntax', { text: fromSafety }),
  rule('mdx-esm', { text: fromSafety }),
  rule('mdx-expression', { text: fromSafety }),
  rule('mdx-unsafe-element', { text: fromSafety }),
  rule('mdx-event-handler', { text: fromSafety }),
  rule('mdx-unsafe-url', { text: fromSafety }),
  rule('mdx-unknown-component', { text: fromSafety }),
  rule('history-unavailable', { history: historyUnavailable }),
  rule('settings', { configuration: fromConfiguration }),
  rule('frontmatter-fence', { text: fromSafety }),
  rule('change-control', { history: changeControlInHistory, publication: changeControlAtPublication }),
  rule('id-changed', { document: idChanged }),
  rule('reference-to-withdrawn', { manual: referencesToWithdrawn }),
  rule('unknown-department', { document: unknownDepartments }),
  rule('attachment-changed', { document: fromParse, manual: attachmentsChanged }),
  rule('attachment-unlisted', { manual: attachmentsUnlisted }),
  rule('attachment-missing', { manual: attachmentsMissing }),
  rule('document-limits', { text: fromSafety }),
  rule('approved-in-future', { manual: approvedInFuture }),
  rule('encoding', { document: fromParse }),
  rule('broken-link', { manual: brokenLinks }),
  rule('remote-media', { manual: remoteMedia }),
  rule('ignored-file', { manual: ignoredFiles }),
];

/** The rules that read `scope`. */
export function rulesReading(scope: Scope): Rule[] {
  return RULE_REGISTRY.filter((r) => r.checks[scope] !== undefined);
}

/**
 * Readings that several rules of a scope share, made once before those rules run: the runner times them
 * on their own, so a benchmark does not charge the MDX parse to whichever rule happens to run first.
 */
export const SHARED_READINGS: { [S in Scope]?: { name: string; read(input: Parameters<NonNullable<Checks[S]>>[0]): unknown } } = {
  text: { name: 'reading: MDX safety of the body as compiled', read: safetyOf },
};
