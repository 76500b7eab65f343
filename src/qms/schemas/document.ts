import { z } from 'zod';
import { isoDate } from './fields.ts';

/**
 * The frontmatter of a controlled document: written once here, and handed to the Astro content
 * collection, the checker and the CMS config. A field's `describe()` text is its CMS hint.
 */
export const DOCUMENT_TYPES = ['policy', 'procedure', 'work-instruction', 'form'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** The ID prefix each document type must carry (SOP-007 is a procedure). */
export const ID_PREFIX: Record<DocumentType, string> = {
  policy: 'POL',
  procedure: 'SOP',
  'work-instruction': 'WI',
  form: 'FRM',
};

export const TYPE_LABEL: Record<DocumentType, string> = {
  policy: 'Policy',
  procedure: 'Procedure',
  'work-instruction': 'Work instruction',
  form: 'Form',
};

/** Workflow state as typed by the document controller; the effective status is derived from it. */
export const DOCUMENT_STATES = ['draft', 'in-review', 'approved', 'obsolete'] as const;
export type DocumentState = (typeof DOCUMENT_STATES)[number];

export const DOCUMENT_ID = /^(POL|SOP|WI|FRM)-\d{3,}$/;

/** Where a document's attached files are served: /attachments/<folder>/<file name>, from public/attachments/. */
export const ATTACHMENT_PATH = /^\/attachments\/[^/\\]+\/[^/\\]+$/;

/**
 * A file that is part of a controlled document (a printable form, a spreadsheet, a poster): it changes
 * only with the document's approval, which records its SHA-256 so that any other change is found.
 */
export const attachmentSchema = z.strictObject({
  file: z
    .string({ error: 'expected the path of the attached file, such as /attachments/FRM-011/form.pdf' })
    .regex(ATTACHMENT_PATH, { error: 'expected a path such as /attachments/FRM-011/form.pdf: attached files live in public/attachments/' })
    .describe('The attached file, served from /attachments/.'),
  title: z.string().trim().min(1).optional().describe('What the file is, as staff will see it (the file name when empty).'),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, { error: 'expected the SHA-256 of the file, 64 hexadecimal digits' })
    .optional()
    .describe('Fingerprint of the file as approved; filled in when the document is saved in the CMS.'),
});

/** The fields an approved or obsolete document must have (rule approval-incomplete). */
export const APPROVAL_FIELDS = ['owner', 'approver', 'approved', 'effective'] as const;

const documentId = z
  .string({ error: 'expected a document ID such as SOP-007' })
  .regex(DOCUMENT_ID, { error: 'expected a document ID of a type prefix and at least three digits, such as SOP-007 (POL, SOP, WI or FRM)' });

const person = (what: string) =>
  z.string({ error: `expected the ${what}'s role or name as text` }).trim().min(2, { error: `the ${what} cannot be empty` });

export interface ClauseLookup {
  /** True when `ref` names a clause of a known standard ("8.4" or "iso-9001-2015:8.4"). */
  has(ref: string): boolean;
}

/**
 * Builds the schema. Clause references are checked against the catalogues, which are data,
 * so the schema is made from them rather than hard-coding a clause list.
 */
export function documentSchema(clauses?: ClauseLookup) {
  const clauseRef = z
    .string({ error: 'expected a clause number as text, such as "8.4.2"' })
    .regex(/^([a-z0-9-]+:)?\d+(\.\d+)*$/, { error: 'expected a clause number such as "8.4.2", or "standard-id:8.4" for another standard' })
    .refine((ref) => !clauses || clauses.has(ref), {
      error: (issue) => `unknown clause "${String(issue.input)}": it is not in the clause catalogue`,
      params: { rule: 'unknown-clause' },
    });

  return z
    .strictObject({
      id: documentId.describe('Unique document ID: POL- for policies, SOP- for procedures, WI- for work instructions, FRM- for forms, then a number (SOP-007).'),
      title: z.string({ error: 'expected a title' }).trim().min(3, { error: 'the title must be at least 3 characters' }).describe('Title as staff will search for it.'),
      type: z.enum(DOCUMENT_TYPES, { error: `expected one of: ${DOCUMENT_TYPES.join(', ')}` }).describe('Kind of controlled document.'),
      version: z
        .number({ error: 'expected a whole version number such as 3' })
        .int({ error: 'expected a whole version number such as 3' })
        .min(1, { error: 'the first version is 1' })
        .describe('Bumped by one on every approved change to the body.'),
      status: z.enum(DOCUMENT_STATES, { error: `expected one of: ${DOCUMENT_STATES.join(', ')}` }).describe('Workflow state: draft, in-review, approved or obsolete (withdrawn).'),
      summary: z.string().trim().min(1).optional().describe('One or two sentences on what the document is for; shown in search results and the register.'),
      owner: person('owner').optional().describe('Role accountable for the content and its review (required once approved).'),
      approver: person('approver').optional().describe('Role that approved this version (required once approved).'),
      approved: isoDate.optional().describe('Date this version was approved.'),
      effective: isoDate.optional().describe('Date this version takes effect (required once approved).'),
      review_by: isoDate.optional().describe('Date by which the document must be reviewed; if empty, the review interval for its type in the settings applies.'),
      withdrawn: isoDate.optional().describe('Date the document was made obsolete.'),
      clauses: z.array(clauseRef, { error: 'expected a list of clause numbers' }).default([]).describe('ISO 7101 clauses this document helps to meet.'),
      departments: z.array(z.string().trim().min(1), { error: 'expected a list of department names' }).default([]).describe('Departments the document applies to; empty means organization-wide.'),
      related: z.array(documentId, { error: 'expected a list of document IDs' }).default([]).describe('Other documents a reader should know about.'),
      supersedes: z.array(documentId, { error: 'expected a list of document IDs' }).default([]).describe('Documents this one replaces; they become superseded when it is current.'),
      change_summary: z.string().trim().min(1).optional().describe('What changed in this version, in a sentence.'),
      documented_information: z
        .array(z.string().regex(/^[a-z0-9-]+$/, { error: 'expected an item id such as quality-policy' }), { error: 'expected a list of documented-information ids' })
        .default([])
        .describe('Documented information the standard requires that this document is (scope, quality-policy, ...); see the catalogue.'),
      attachments: z
        .array(attachmentSchema, { error: 'expected a list of attached files' })
        .default([])
        .describe('Files that are part of this document (PDF, Word, Excel, images). They change only when the document is approved.'),
    })
    .superRefine((doc, ctx) => {
      const prefix = ID_PREFIX[doc.type];
      if (!doc.id.startsWith(`${prefix}-`)) {
        ctx.addIssue({ code: 'custom', path: ['id'], message: `a ${doc.type} must have an ID starting with ${prefix}- (found ${doc.id})`, params: { rule: 'id-prefix' } });
      }
      if (doc.status === 'approved' || doc.status === 'obsolete') {
        for (const field of APPROVAL_FIELDS) {
          if (doc[field] === undefined) {
            ctx.addIssue({ code: 'custom', path: [field], message: `${field} is required once a document is ${doc.status}`, params: { rule: 'approval-incomplete' } });
          }
        }
      }
      if (doc.approved && doc.effective && doc.effective < doc.approved) {
        ctx.addIssue({ code: 'custom', path: ['effective'], message: `effective date ${doc.effective} is before the approval date ${doc.approved}`, params: { rule: 'date-order' } });
      }
      if (doc.effective && doc.review_by && doc.review_by <= doc.effective) {
        ctx.addIssue({ code: 'custom', path: ['review_by'], message: `review date ${doc.review_by} must be after the effective date ${doc.effective}`, params: { rule: 'date-order' } });
      }
      if (doc.withdrawn !== undefined && doc.status !== 'obsolete') {
        ctx.addIssue({ code: 'custom', path: ['withdrawn'], message: `withdrawn is the date an obsolete document was withdrawn, but the status is ${doc.status}: remove withdrawn, or set status: obsolete` });
      }
      doc.related.forEach((id, i) => {
        if (id === doc.id) ctx.addIssue({ code: 'custom', path: ['related', i], message: `${doc.id} cannot be related to itself`, params: { rule: 'unknown-reference' } });
      });
      if (doc.status === 'obsolete' && doc.withdrawn === undefined) {
        ctx.addIssue({ code: 'custom', path: ['withdrawn'], message: 'withdrawn (the date it was made obsolete) is required for an obsolete document', params: { rule: 'approval-incomplete' } });
      }
      if ((doc.status === 'approved' || doc.status === 'obsolete') && doc.attachments.some((a) => a.sha256 === undefined)) {
        doc.attachments.forEach((a, i) => {
          if (a.sha256 === undefined) ctx.addIssue({ code: 'custom', path: ['attachments', i, 'sha256'], message: `the approved document lists ${a.file} without the SHA-256 it was approved with`, params: { rule: 'attachment-changed' } });
        });
      }
      if (doc.supersedes.includes(doc.id)) {
        ctx.addIssue({ code: 'custom', path: ['supersedes'], message: `${doc.id} cannot supersede itself`, params: { rule: 'supersedes-cycle' } });
      }
    }, { when: crossChecksCanRun });
}

/** The fields the cross-field checks above read. */
const CROSS_CHECKED: ReadonlySet<PropertyKey> = new Set(['id', 'type', 'status', 'owner', 'approver', 'approved', 'effective', 'review_by', 'withdrawn', 'supersedes', 'related', 'attachments']);

/**
 * Zod skips refinements once any field has a wrong type, so `version: "3"` would hide an effective date
 * before the approval date until the next run. Run them whenever the fields they read are sound.
 */
function crossChecksCanRun({ issues }: { issues: readonly { path?: PropertyKey[]; continue?: boolean }[] }): boolean {
  return issues.every((issue) => issue.continue === true || (issue.path !== undefined && issue.path.length > 0 && !CROSS_CHECKED.has(issue.path[0])));
}

export type DocumentSchema = ReturnType<typeof documentSchema>;
export type DocumentFrontmatter = z.output<DocumentSchema>;
export type DocumentFrontmatterInput = z.input<DocumentSchema>;
