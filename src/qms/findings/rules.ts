/**
 * The rule table: one permanent code per rule, with its title, default severity and hint. The README's
 * rule table is generated from it (`npm run check -- --list-rules`). Codes are retired, never reused.
 *
 * Only the facts about each rule live here, at the bottom of src/qms, so that the finding type, the
 * settings schema and every reader can name a rule. What each rule reads and the function that
 * finds it are in the rule registry, src/qms/check/registry.ts.
 */
export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface RuleInfo {
  /** Permanent code, shown beside every finding. */
  code: string;
  title: string;
  /** Severity unless the settings say otherwise; `--strict` turns warnings into errors. */
  severity: Severity;
  hint: string;
}

export const RULES = {
  'yaml-syntax': { code: 'QMS001', title: 'Frontmatter or settings file is not valid YAML', severity: 'error', hint: 'Check indentation and quoting near the line shown; quote text that contains a colon.' },
  'frontmatter-missing': { code: 'QMS002', title: 'Document has no frontmatter', severity: 'error', hint: 'Start the file with --- then the fields (id, title, type, version, status, ...) then ---.' },
  'schema': { code: 'QMS003', title: 'Frontmatter field is invalid', severity: 'error', hint: 'Correct the field as the message says; the README lists every field.' },
  'unknown-field': { code: 'QMS004', title: 'Unknown frontmatter field', severity: 'error', hint: 'Check the spelling against the document fields in the README; unknown fields are refused so a typo is never ignored.' },
  'duplicate-id': { code: 'QMS005', title: 'Two documents share an ID', severity: 'error', hint: 'Give one of them the next free number of its type.' },
  'unknown-clause': { code: 'QMS006', title: 'Clause number is not in the catalogue', severity: 'error', hint: 'Use a clause number from content/standards/ (see the cross-reference page), such as "8.2.3".' },
  'id-prefix': { code: 'QMS007', title: 'ID prefix does not match the document type', severity: 'error', hint: 'Policies are POL-, procedures SOP-, work instructions WI-, forms FRM-.' },
  'date-order': { code: 'QMS008', title: 'Dates are in an impossible order', severity: 'error', hint: 'A document is approved, then takes effect, then is reviewed: approved <= effective < review_by.' },
  'approval-incomplete': { code: 'QMS009', title: 'Approved document lacks owner, approver or dates', severity: 'error', hint: 'An approved or obsolete document needs owner, approver, approved and effective (and withdrawn when obsolete).' },
  'unknown-reference': { code: 'QMS010', title: 'Reference to a document that does not exist', severity: 'error', hint: 'Correct the ID, or remove the reference if the document was never created.' },
  'supersedes-cycle': { code: 'QMS011', title: 'Documents supersede each other in a cycle', severity: 'error', hint: 'Supersession runs one way: the newer document lists the older one, never both.' },
  'superseded-still-approved': { code: 'QMS012', title: 'Superseded document is still marked approved', severity: 'warning', hint: 'Set status: obsolete and withdrawn: <date> on the replaced document.' },
  'clause-gap': { code: 'QMS013', title: 'Clause has no document', severity: 'error', hint: 'Map a current approved document to the clause, or exclude the clause in the settings with a justification.' },
  'clause-at-risk': { code: 'QMS014', title: 'Clause is met only by drafts, overdue or withdrawn documents', severity: 'warning', hint: 'Approve, review or replace a document that maps to the clause.' },
  'exclusion-unjustified': { code: 'QMS015', title: 'Excluded clause has no justification', severity: 'error', hint: 'Write why the clause does not apply to the organization in exclusions[].justification.' },
  'documented-information-missing': { code: 'QMS016', title: 'Required documented information is missing', severity: 'error', hint: 'Create or approve a document that declares it in documented_information, mapped to the clause.' },
  'review-overdue': { code: 'QMS017', title: 'Document is overdue for review', severity: 'warning', hint: 'The owner reviews it: approve a new version, or confirm it unchanged with a new review_by date.' },
  'review-due-soon': { code: 'QMS018', title: 'Document review is due soon', severity: 'info', hint: 'Plan the review with the owner before the review date.' },
  'mdx-syntax': { code: 'QMS019', title: 'Document body is not valid MDX', severity: 'error', hint: 'Braces and angle brackets have a meaning in MDX: write them as \\{ \\} and &lt; or put them in `code`.' },
  'mdx-esm': { code: 'QMS020', title: 'import or export in a document', severity: 'error', hint: 'Documents cannot import or export code; remove the line.' },
  'mdx-expression': { code: 'QMS021', title: 'JavaScript expression in a document', severity: 'error', hint: 'Braces run code in MDX: write \\{ and \\} for literal braces, or put the text in `code`.' },
  'mdx-unsafe-element': { code: 'QMS022', title: 'Script, frame or other unsafe HTML element', severity: 'error', hint: 'Remove the element: documents may contain text, tables, links and the allowed components only.' },
  'mdx-event-handler': { code: 'QMS023', title: 'Event-handler or unsafe attribute', severity: 'error', hint: 'Remove on* attributes, style and expression attributes.' },
  'mdx-unsafe-url': { code: 'QMS024', title: 'Link to a javascript:, data: or other unsafe URL', severity: 'error', hint: 'Link only to http(s), mailto, tel or pages of the manual.' },
  'mdx-unknown-component': { code: 'QMS025', title: 'Component or HTML element outside the allow-list', severity: 'error', hint: 'Use Markdown, or one of the allowed components listed in the README.' },
  'history-unavailable': { code: 'QMS026', title: 'Git history is not available', severity: 'warning', hint: 'Build from a full clone (git fetch --unshallow) so revision history can be shown.' },
  'frontmatter-fence': { code: 'QMS028', title: 'Frontmatter fence is ambiguous', severity: 'error', hint: 'Put the closing --- alone on its line: text after it would be published as part of the body.' },
  'settings': { code: 'QMS027', title: 'Settings or catalogue file is invalid', severity: 'error', hint: 'Correct the field; the manual cannot be checked until its settings and catalogues are valid.' },
  'change-control': { code: 'QMS029', title: 'Body changed without a new version or change summary', severity: 'warning', hint: 'Raise version by one and say what changed in change_summary. History cannot be rewritten: the warning clears once the document carries a newer version (or, for a missing summary, once the summary is written).' },
  'id-changed': { code: 'QMS030', title: 'The ID of a published document was changed', severity: 'error', hint: 'An ID is permanent: keep it. To replace the document, create a new one that lists the old ID in supersedes.' },
  'reference-to-withdrawn': { code: 'QMS031', title: 'A document in force refers to a withdrawn or superseded one', severity: 'warning', hint: 'Point the reference to the document that replaced it, or remove it, and publish the referring document as a new version.' },
  'unknown-department': { code: 'QMS032', title: 'Department is not in the organization\'s list', severity: 'error', hint: 'Pick the department from the list in the settings (departments), or add the department there first.' },
  'attachment-changed': { code: 'QMS033', title: 'Attached file differs from the one approved', severity: 'error', hint: 'Attach the new file through the document in the CMS, so it is approved with a new version; or restore the approved file.' },
  'attachment-unlisted': { code: 'QMS034', title: 'File in public/attachments belongs to no document', severity: 'error', hint: 'List the file in the attachments of its document (through the CMS), or remove it: every file staff can open must be part of a controlled document.' },
  'attachment-missing': { code: 'QMS035', title: 'Attached or linked file does not exist', severity: 'error', hint: 'Attach the file through the CMS, or correct the path; attached files are served from /attachments/<document>/<file>.' },
  'document-limits': { code: 'QMS036', title: 'Document is too large, too deeply nested or has too long a line', severity: 'error', hint: 'Split the document, or flatten the lists and quotes: the limits are far above any real procedure and keep checking and building quick and safe.' },
  'approved-in-future': { code: 'QMS037', title: 'Approval date is in the future', severity: 'error', hint: 'Write the day the version was approved; a version approved later is a draft until then.' },
  'encoding': { code: 'QMS038', title: 'File is not plain UTF-8 text', severity: 'error', hint: 'Save the file as UTF-8 with LF or CRLF line endings and no control characters (most editors: "Save with encoding" → UTF-8).' },
  'broken-link': { code: 'QMS039', title: 'Link to a page, document, clause, heading or file that does not exist', severity: 'error', hint: 'Link documents as /docs/<ID>/, clauses as /clauses/<number>/, and headings by their #anchor; `npm run check -- --fix` rewrites links to document files as /docs/<ID>/.' },
  'remote-media': { code: 'QMS040', title: 'Image or embedded media from another site', severity: 'error', hint: 'Attach the image to the document and show it from /attachments/<id>/: an image from another site can change after approval, and a closed network cannot reach it.' },
  'ignored-file': { code: 'QMS041', title: 'File in content/docs that the manual ignores', severity: 'error', hint: 'Documents are .md or .mdx files (lower-case extension); attach other files to their document instead.' },
} as const satisfies Record<string, RuleInfo>;

export type RuleId = keyof typeof RULES;
export const RULE_IDS = Object.keys(RULES) as RuleId[];
