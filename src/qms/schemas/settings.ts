import { z } from 'zod';
import { RULE_IDS, SEVERITIES } from '../findings/rules.ts';
import { DOCUMENT_TYPES } from './document.ts';

/** An account or team as CODEOWNERS names it on GitHub, GitLab, Gitea and Forgejo, or an account's e-mail address. */
const HOST_ACCOUNT = /^(@[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)*|[^@\s]+@[^@\s]+\.[^@\s]+)$/;

/** Organization settings: data in content/settings/, editable through the CMS like any document. */
export const settingsSchema = z.strictObject({
  organization: z.string().trim().min(2).describe('Name shown on every page and printout.'),
  site_url: z
    .url({ protocol: /^https?$/, error: 'expected the full address of the manual, starting with https:// (or http://)' })
    .optional()
    .describe('The full address of the published manual, such as https://qms.example.org/. Printed on every page of a paper copy, with its page for checking that a copy is still current.'),
  primary_standard: z.string().regex(/^[a-z0-9-]+$/).default('iso-7101-2023').describe('Catalogue id that plain clause numbers refer to.'),
  review: z
    .strictObject({
      due_soon_days: z.number().int().min(1).max(365).default(60).describe('A document is "review due soon" this many days before its review date.'),
      interval_months: z
        .strictObject(Object.fromEntries(DOCUMENT_TYPES.map((t) => [t, z.number().int().min(1).max(120)])) as Record<(typeof DOCUMENT_TYPES)[number], z.ZodNumber>)
        .partial()
        .default({})
        .describe('Review interval per document type, used when a document has no review_by date.'),
    })
    .default({ due_soon_days: 60, interval_months: {} }),
  departments: z
    .array(z.string().trim().min(1), { error: 'expected a list of department names' })
    .default([])
    .describe('The departments and services of the organization. Documents pick theirs from this list; empty means any name is accepted.'),
  exclusions: z
    .array(
      z.strictObject({
        clause: z.string().regex(/^([a-z0-9-]+:)?\d+(\.\d+)*$/),
        justification: z.string().trim().default('').describe('Why the clause does not apply (required; an exclusion without one is an error).'),
      }),
    )
    .default([])
    .describe('Clauses declared not applicable to the organization, each with its justification.'),
  checks: z
    .strictObject({
      severity: z
        .partialRecord(z.enum(RULE_IDS as [string, ...string[]]), z.enum([...SEVERITIES, 'off']))
        .default({})
        .describe('Severity per checker rule (error, warning, info or off), for example review-overdue: error.'),
    })
    .default({ severity: {} }),
  notify: z
    .array(z.strictObject({ role: z.string().min(1), email: z.string().email().optional() }))
    .default([])
    .describe('Who is told about overdue reviews.'),
  build: z
    .strictObject({
      stale_after_days: z
        .number()
        .int()
        .min(1)
        .max(365)
        .default(7)
        .describe('A published copy of the manual older than this many days tells its readers, on every page, that it may be out of date.'),
    })
    .default({ stale_after_days: 7 }),
  history: z
    .strictObject({
      past_versions: z
        .number()
        .int()
        .min(0)
        .max(1000)
        .default(10)
        .describe('How many earlier approved versions of each document get a page of their own (/docs/<ID>/v<N>/), newest first; 0 for none. Older versions stay in the revision history and the manual on a date, read from Git.'),
    })
    .default({ past_versions: 10 }),
  search: z
    .strictObject({
      ask: z
        .string()
        .trim()
        .min(2)
        .default('the quality team')
        .describe('Whom staff should ask when search finds no current document, as it reads after "ask": the Quality and Patient Safety team, extension 4321.'),
      synonyms: z
        .array(z.strictObject({ terms: z.array(z.string().trim().min(1)).min(2).describe('Words or phrases that mean the same to whoever searches, for example medication, medicine, drug.') }))
        .default([])
        .describe('Groups of words search treats as the same: a search for one also finds documents that use another.'),
    })
    .default({ ask: 'the quality team', synonyms: [] }),
  git_host: z
    .strictObject({
      quality_lead: z
        .string()
        .trim()
        .min(1)
        .optional()
        .describe('The role whose account approves changes to the settings, the clause catalogues and the CODEOWNERS file, and to a document CODEOWNERS does not list yet (a new one). Give its account below.'),
      accounts: z
        .array(
          z.strictObject({
            role: z.string().trim().min(1).describe('A role as documents name their approver, such as Chief Nursing Officer.'),
            account: z
              .string()
              .trim()
              .regex(HOST_ACCOUNT, { error: 'expected @user, @organization/team or the e-mail address of an account' })
              .describe('Its user or team on the Git host: @user or @organization/team (GitLab also @group/subgroup; GitHub and GitLab also the e-mail address of an account).'),
          }),
        )
        .superRefine((accounts, context) => {
          accounts.forEach(({ role }, i) => {
            if (accounts.findIndex((other) => other.role === role) < i) context.addIssue({ code: 'custom', message: `the role "${role}" is listed twice`, path: [i, 'role'] });
          });
        })
        .default([])
        .describe("Who approves on the Git host: npm run codeowners writes the CODEOWNERS file from these roles' accounts, so the host asks each document's approver to approve its changes."),
    })
    .default({ accounts: [] })
    .describe('The accounts on the Git host (GitHub, GitLab, Gitea, Forgejo) that approve changes, by role.'),
});

export type Settings = z.output<typeof settingsSchema>;
export type SettingsInput = z.input<typeof settingsSchema>;
