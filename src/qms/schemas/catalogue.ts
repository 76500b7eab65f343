import { z } from 'zod';

/**
 * How sure we are of a clause's number and title. Only `toc` and `structure` entries carry a title, and
 * only they are shown as the standard's titles; the others are provisional, named by our own `topic`.
 */
export const EVIDENCE = ['toc', 'structure', 'number-only', 'disputed'] as const;
export type Evidence = (typeof EVIDENCE)[number];
export const CONFIRMED_EVIDENCE: ReadonlySet<Evidence> = new Set(['toc', 'structure']);

const clauseNumber = z
  .string({ error: 'expected a clause number as text, quoted: "4.1"' })
  .regex(/^\d+(\.\d+)*$/, { error: 'expected a clause number such as "4.1" or "8.2.3"' });

export const clauseEntrySchema = z.strictObject({
  id: clauseNumber,
  title: z
    .string()
    .trim()
    .min(1)
    .nullable()
    .describe('The official title as published (evidence toc or structure); null while unconfirmed. It replaces the topic on every page.'),
  parent: clauseNumber.nullable().optional().describe('Derived from the number; if given it must agree.'),
  evidence: z.enum(EVIDENCE, { error: `expected one of: ${EVIDENCE.join(', ')}` }),
  provisional_title: z.string().optional().describe("A secondary source's label: never shown as the title."),
  topic: z.string().trim().min(1).optional().describe('What the clause is about, in our words: shown, marked as not the title, while the title is unconfirmed.'),
  source: z.string().optional().describe('Which listed source confirms this entry, when not the first.'),
});

/**
 * An item of documented information the standard asks an organization to keep (scope, quality
 * policy, ...). Documents declare the items they provide in their `documented_information` field.
 */
export const documentedInformationSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, { error: 'expected a lower-case id such as quality-policy' }),
  clause: clauseNumber,
  title: z.string().min(1).describe('What must exist, in our words.'),
  kind: z.enum(['document', 'record']).describe('A document to maintain, or records to retain (met by the procedure that says where they are kept).'),
  confidence: z.enum(['high', 'medium-high', 'medium', 'low-medium', 'low']).describe('How sure we are that the standard asks for it.'),
  required: z.boolean().describe('Checked by the checker; unconfirmed items are listed but not required.'),
});

export const catalogueSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]+$/, { error: 'expected a lower-case id such as iso-7101-2023' }),
    standard: z.string().min(1).describe('The designation, such as ISO 7101:2023.'),
    title: z.string().min(1),
    complete: z.boolean().describe('True once every clause of the standard is listed and confirmed.'),
    sources: z
      .array(z.strictObject({ name: z.string().min(1), url: z.string().optional(), used_for: z.string().optional() }))
      .default([]),
    clauses: z.array(clauseEntrySchema).min(1, { error: 'a catalogue needs at least one clause' }),
    documented_information: z.array(documentedInformationSchema).default([]),
  })
  .superRefine((cat, ctx) => {
    const seen = new Set<string>();
    cat.clauses.forEach((clause, i) => {
      if (seen.has(clause.id)) {
        ctx.addIssue({ code: 'custom', path: ['clauses', i, 'id'], message: `clause ${clause.id} is listed twice` });
      }
      seen.add(clause.id);
      const expectedParent = parentOf(clause.id);
      if (clause.parent !== undefined && clause.parent !== expectedParent) {
        ctx.addIssue({ code: 'custom', path: ['clauses', i, 'parent'], message: `clause ${clause.id} has parent ${expectedParent ?? 'none'}, not ${clause.parent}` });
      }
      if (clause.title === null && CONFIRMED_EVIDENCE.has(clause.evidence)) {
        ctx.addIssue({ code: 'custom', path: ['clauses', i, 'title'], message: `clause ${clause.id} has evidence "${clause.evidence}" but no title` });
      }
      // A title is shown as the standard's own, so it must say where it was read: a title typed on an
      // unconfirmed entry would otherwise be either hidden (surprising) or shown unsourced (misleading).
      // (An evidence that is not one of the marks at all is reported on its own field.)
      if (clause.title !== null && EVIDENCE.includes(clause.evidence) && !CONFIRMED_EVIDENCE.has(clause.evidence)) {
        ctx.addIssue({
          code: 'custom',
          path: ['clauses', i, 'title'],
          message: `clause ${clause.id} has a title but evidence "${clause.evidence}": if it is the official title, read in your copy of the standard, set evidence: toc and name it in source; otherwise write it as the topic`,
        });
      }
    });
    cat.clauses.forEach((clause, i) => {
      const parent = parentOf(clause.id);
      if (parent !== null && !seen.has(parent)) {
        ctx.addIssue({ code: 'custom', path: ['clauses', i, 'id'], message: `clause ${clause.id} has no parent clause ${parent} in the catalogue` });
      }
    });
  }, { when: clauseChecksCanRun });

/**
 * Zod skips refinements once any field has a wrong type, so one bad `evidence` would hide a duplicated
 * clause until the next run. Run them whenever every clause entry is an object with a sound id and parent.
 */
function clauseChecksCanRun({ issues }: { issues: readonly { path?: PropertyKey[]; continue?: boolean }[] }): boolean {
  return issues.every((issue) => {
    if (issue.continue === true) return true;
    const path = issue.path ?? [];
    if (path[0] !== 'clauses') return path.length > 0;
    return path.length === 3 && path[2] !== 'id' && path[2] !== 'parent';
  });
}

export type CatalogueData = z.output<typeof catalogueSchema>;

/** "8.2.3" → "8.2"; a top-level clause has no parent. */
export function parentOf(clauseId: string): string | null {
  const i = clauseId.lastIndexOf('.');
  return i === -1 ? null : clauseId.slice(0, i);
}
