import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/qms/base/frontmatter.ts';
import { finding, formatFinding, ManualError } from '../../src/qms/findings/finding.ts';
import { yamlPositions } from '../../src/qms/findings/yaml-positions.ts';
import { findingsFromZod } from '../../src/qms/findings/zod.ts';
import { documentSchema, type ClauseLookup } from '../../src/qms/schemas/document.ts';
import { settingsSchema } from '../../src/qms/schemas/settings.ts';
import { located, validInput } from './helpers.ts';

const CATALOGUE: ClauseLookup = { has: (ref) => ['4.1', '4.2', '8.4', '8.4.2', 'iso-9001-2015:8.4'].includes(ref) };

/** The issues of one parse, as [dotted path, message], in the order zod reports them. */
function issuesOf(input: unknown, clauses?: ClauseLookup): [string, string][] {
  const result = documentSchema(clauses).safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => [issue.path.join('.'), issue.message]);
}

const ID_FORMAT = 'expected a document ID of a type prefix and at least three digits, such as SOP-007 (POL, SOP, WI or FRM)';
const WHOLE_VERSION = 'expected a whole version number such as 3';

describe('a valid document', () => {
  it('parses frontmatter as js-yaml reads it, unquoted dates arriving as Dates and leaving as YYYY-MM-DD', () => {
    const value = parseYaml(
      [
        'id: SOP-007',
        'title: Patient identification',
        'type: procedure',
        'version: 3',
        'status: approved',
        'owner: Director of Nursing',
        'approver: Chief Medical Officer',
        'approved: 2025-03-01',
        'effective: 2025-03-15',
        'review_by: 2027-03-15',
        'clauses: ["8.4.2", "4.1"]',
        'departments: [Nursing, Surgery]',
        'related: [POL-002, WI-014]',
        'supersedes: [SOP-003]',
        'change_summary: Added a two-identifier check before transfusion.',
      ].join('\n'),
    ) as Record<string, unknown>;
    expect(value.approved).toBeInstanceOf(Date);

    expect(documentSchema(CATALOGUE).parse(value)).toEqual({
      id: 'SOP-007',
      title: 'Patient identification',
      type: 'procedure',
      version: 3,
      status: 'approved',
      owner: 'Director of Nursing',
      approver: 'Chief Medical Officer',
      approved: '2025-03-01',
      effective: '2025-03-15',
      review_by: '2027-03-15',
      clauses: ['8.4.2', '4.1'],
      departments: ['Nursing', 'Surgery'],
      related: ['POL-002', 'WI-014'],
      supersedes: ['SOP-003'],
      change_summary: 'Added a two-identifier check before transfusion.',
      documented_information: [],
      attachments: [],
    });
  });

  it('reads a quoted date the same as an unquoted one', () => {
    const value = parseYaml('approved: "2025-03-01"\neffective: 2025-03-15');
    const doc = documentSchema().parse(validInput(value as Record<string, unknown>));
    expect([doc.approved, doc.effective]).toEqual(['2025-03-01', '2025-03-15']);
  });

  it('gives empty lists for clauses, departments, related and supersedes when they are left out', () => {
    const doc = documentSchema().parse({ id: 'WI-014', title: 'Cleaning a commode', type: 'work-instruction', version: 1, status: 'draft' });
    expect(doc).toEqual({
      id: 'WI-014',
      title: 'Cleaning a commode',
      type: 'work-instruction',
      version: 1,
      status: 'draft',
      clauses: [],
      departments: [],
      related: [],
      supersedes: [],
      documented_information: [],
      attachments: [],
    });
  });

  it('trims the title', () => {
    expect(documentSchema().parse(validInput({ title: '  Patient identification  ' })).title).toBe('Patient identification');
  });

  it('lets a draft or a document in review go without owner, approver or dates', () => {
    const base = { id: 'POL-004', title: 'Patient safety policy', type: 'policy', version: 1 };
    expect(issuesOf({ ...base, status: 'draft' })).toEqual([]);
    expect(issuesOf({ ...base, status: 'in-review' })).toEqual([]);
  });

  it('accepts the approval and effective dates on the same day', () => {
    expect(issuesOf(validInput({ approved: '2025-03-15', effective: '2025-03-15' }))).toEqual([]);
  });

  it('accepts a clause of another standard written standard-id:number', () => {
    expect(issuesOf(validInput({ clauses: ['iso-9001-2015:8.4', '8.4'] }), CATALOGUE)).toEqual([]);
  });

  it('accepts any well-formed clause number when no catalogue is given', () => {
    expect(issuesOf(validInput({ clauses: ['99.1', 'any-standard:7'] }))).toEqual([]);
  });

  it('accepts IDs with more than three digits', () => {
    expect(issuesOf(validInput({ id: 'SOP-1007' }))).toEqual([]);
  });
});

describe('an invalid document', () => {
  it('rejects an ID that is not a type prefix and at least three digits', () => {
    expect(issuesOf(validInput({ id: 'SOP-7' }))).toEqual([['id', ID_FORMAT]]);
    expect(issuesOf(validInput({ id: 'sop-007' }))).toEqual([['id', ID_FORMAT], ['id', 'a procedure must have an ID starting with SOP- (found sop-007)']]);
    expect(issuesOf(validInput({ id: 'DOC-007' }))).toEqual([['id', ID_FORMAT], ['id', 'a procedure must have an ID starting with SOP- (found DOC-007)']]);
  });

  it('rejects an ID whose prefix does not match the type (WI-001 typed as a procedure)', () => {
    expect(issuesOf(validInput({ id: 'WI-001', type: 'procedure' }))).toEqual([['id', 'a procedure must have an ID starting with SOP- (found WI-001)']]);
  });

  it('requires each type to carry its own prefix', () => {
    expect(issuesOf(validInput({ id: 'POL-001', type: 'policy' }))).toEqual([]);
    expect(issuesOf(validInput({ id: 'WI-001', type: 'work-instruction' }))).toEqual([]);
    expect(issuesOf(validInput({ id: 'FRM-001', type: 'form' }))).toEqual([]);
    expect(issuesOf(validInput({ id: 'SOP-001', type: 'form' }))).toEqual([['id', 'a form must have an ID starting with FRM- (found SOP-001)']]);
  });

  it('rejects an unknown field, so a misspelt reviewby is not silently ignored', () => {
    const result = documentSchema().safeParse(validInput({ reviewby: '2027-01-01' }));
    expect(result.success).toBe(false);
    expect(result.error!.issues).toHaveLength(1);
    expect(result.error!.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['reviewby'], path: [] });
  });

  it('rejects an impossible date such as 2026-02-30', () => {
    expect(issuesOf(validInput({ review_by: '2026-02-30' }))).toEqual([['review_by', 'expected a real date written YYYY-MM-DD, found "2026-02-30"']]);
  });

  it('rejects an impossible date written unquoted, which js-yaml would otherwise roll over to 2 March', () => {
    const value = parseYaml('review_by: 2026-02-30') as Record<string, unknown>;
    expect(value.review_by).toBe('2026-02-30');
    expect(issuesOf(validInput(value))).toEqual([['review_by', 'expected a real date written YYYY-MM-DD, found "2026-02-30"']]);
  });

  it('rejects a date written another way', () => {
    expect(issuesOf(validInput({ review_by: '15/03/2027' }))).toEqual([['review_by', 'expected a real date written YYYY-MM-DD, found "15/03/2027"']]);
    expect(issuesOf(validInput({ review_by: 20270315 }))).toEqual([['review_by', 'expected a date written YYYY-MM-DD, for example 2027-03-15']]);
  });

  it('rejects a date with a time or time zone, which would move the day, saying how to write it', () => {
    const value = parseYaml('review_by: 2028-11-24T00:30:00+02:00') as Record<string, unknown>;
    // Read as an instant this is 23 November in UTC: it stays the text written.
    expect(value.review_by).toBe('2028-11-24T00:30:00+02:00');
    expect(issuesOf(validInput(value))).toEqual([
      ['review_by', 'expected a calendar day without a time, found "2028-11-24T00:30:00+02:00": a time or time zone can move the day; write it as 2028-11-24'],
    ]);
    expect(issuesOf(validInput({ effective: new Date('2025-03-15T09:00:00Z') }))).toEqual([
      ['effective', 'expected a calendar day without a time, found "2025-03-15T09:00:00.000Z": a time or time zone can move the day; write it as 2025-03-15'],
    ]);
  });

  it('rejects withdrawn on a document that is not obsolete', () => {
    expect(issuesOf(validInput({ withdrawn: '2026-01-01' }))).toEqual([
      ['withdrawn', 'withdrawn is the date an obsolete document was withdrawn, but the status is approved: remove withdrawn, or set status: obsolete'],
    ]);
  });

  it('rejects a document related to itself', () => {
    expect(issuesOf(validInput({ related: ['POL-002', 'SOP-007'] }))).toEqual([['related.1', 'SOP-007 cannot be related to itself']]);
  });

  it('rejects an effective date before the approval date', () => {
    expect(issuesOf(validInput({ approved: '2025-03-01', effective: '2025-02-28' }))).toEqual([
      ['effective', 'effective date 2025-02-28 is before the approval date 2025-03-01'],
    ]);
  });

  it('rejects a review date on or before the effective date', () => {
    expect(issuesOf(validInput({ effective: '2025-03-15', review_by: '2025-03-15' }))).toEqual([
      ['review_by', 'review date 2025-03-15 must be after the effective date 2025-03-15'],
    ]);
    expect(issuesOf(validInput({ effective: '2025-03-15', review_by: '2025-01-01' }))).toEqual([
      ['review_by', 'review date 2025-01-01 must be after the effective date 2025-03-15'],
    ]);
  });

  it('requires owner, approver, approved and effective once a document is approved', () => {
    expect(issuesOf({ id: 'SOP-001', title: 'Document control', type: 'procedure', version: 1, status: 'approved' })).toEqual([
      ['owner', 'owner is required once a document is approved'],
      ['approver', 'approver is required once a document is approved'],
      ['approved', 'approved is required once a document is approved'],
      ['effective', 'effective is required once a document is approved'],
    ]);
  });

  it('requires the same fields, and the withdrawal date, for an obsolete document', () => {
    expect(issuesOf({ id: 'SOP-001', title: 'Document control', type: 'procedure', version: 1, status: 'obsolete' })).toEqual([
      ['owner', 'owner is required once a document is obsolete'],
      ['approver', 'approver is required once a document is obsolete'],
      ['approved', 'approved is required once a document is obsolete'],
      ['effective', 'effective is required once a document is obsolete'],
      ['withdrawn', 'withdrawn (the date it was made obsolete) is required for an obsolete document'],
    ]);
  });

  it('requires the withdrawal date of an obsolete document', () => {
    expect(issuesOf(validInput({ status: 'obsolete' }))).toEqual([
      ['withdrawn', 'withdrawn (the date it was made obsolete) is required for an obsolete document'],
    ]);
    expect(issuesOf(validInput({ status: 'obsolete', withdrawn: '2026-01-01' }))).toEqual([]);
  });

  it('rejects an empty owner', () => {
    expect(issuesOf(validInput({ owner: '  ' }))).toEqual([['owner', 'the owner cannot be empty']]);
  });

  it('rejects a clause that is not in the catalogue, pointing at the list item', () => {
    expect(issuesOf(validInput({ clauses: ['4.1', '4.9'] }), CATALOGUE)).toEqual([['clauses.1', 'unknown clause "4.9": it is not in the clause catalogue']]);
  });

  it('rejects a clause of another standard that is not in that standard', () => {
    expect(issuesOf(validInput({ clauses: ['iso-9001-2015:8.5'] }), CATALOGUE)).toEqual([
      ['clauses.0', 'unknown clause "iso-9001-2015:8.5": it is not in the clause catalogue'],
    ]);
  });

  it('rejects a clause written as a number or in words', () => {
    expect(issuesOf(validInput({ clauses: [4.1] }))).toEqual([['clauses.0', 'expected a clause number as text, such as "8.4.2"']]);
    expect(issuesOf(validInput({ clauses: ['Clause 4.1'] }))).toEqual([
      ['clauses.0', 'expected a clause number such as "8.4.2", or "standard-id:8.4" for another standard'],
    ]);
    expect(issuesOf(validInput({ clauses: '4.1' }))).toEqual([['clauses', 'expected a list of clause numbers']]);
  });

  it('rejects a document that supersedes itself', () => {
    expect(issuesOf(validInput({ supersedes: ['SOP-003', 'SOP-007'] }))).toEqual([['supersedes', 'SOP-007 cannot supersede itself']]);
  });

  it('rejects related and superseded documents that are not document IDs', () => {
    expect(issuesOf(validInput({ related: ['POL-2'], supersedes: ['the old one'] }))).toEqual([
      ['related.0', ID_FORMAT],
      ['supersedes.0', ID_FORMAT],
    ]);
  });

  it('rejects version 0: the first version is 1', () => {
    expect(issuesOf(validInput({ version: 0 }))).toEqual([['version', 'the first version is 1']]);
  });

  it('rejects a fractional version such as 1.5', () => {
    expect(issuesOf(validInput({ version: 1.5 }))).toEqual([['version', WHOLE_VERSION]]);
  });

  it('rejects a version written as text, such as "3"', () => {
    expect(issuesOf(validInput({ version: '3' }))).toEqual([['version', WHOLE_VERSION]]);
  });

  it('rejects an unknown type or status, listing the allowed values', () => {
    expect(issuesOf(validInput({ type: 'guideline' }))).toEqual([['type', 'expected one of: policy, procedure, work-instruction, form']]);
    expect(issuesOf(validInput({ status: 'current' }))).toEqual([['status', 'expected one of: draft, in-review, approved, obsolete']]);
  });

  it('rejects a title shorter than three characters', () => {
    expect(issuesOf(validInput({ title: ' X ' }))).toEqual([['title', 'the title must be at least 3 characters']]);
  });

  it('reports every issue of one document in one parse', () => {
    const input = {
      id: 'SOP-7',
      title: 'X',
      type: 'procedure',
      version: '3',
      status: 'approved',
      approved: '2025-03-01',
      effective: '2025-02-01',
      clauses: ['4.1', '4.9'],
      departments: 'Nursing',
      reviewby: '2027-01-01',
    };
    const result = documentSchema(CATALOGUE).safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => (i.code === 'unrecognized_keys' ? `unknown: ${i.keys.join()}` : i.path.join('.')))).toEqual([
      'id',
      'title',
      'version',
      'clauses.1',
      'departments',
      'unknown: reviewby',
      'owner',
      'approver',
      'effective',
    ]);
  });

  it('still checks the dates when another field has the wrong type', () => {
    expect(issuesOf(validInput({ version: '3', approved: '2025-03-01', effective: '2025-02-01' }))).toEqual([
      ['version', WHOLE_VERSION],
      ['effective', 'effective date 2025-02-01 is before the approval date 2025-03-01'],
    ]);
  });

  it('does not fail while cross-checking a document whose own dates are unreadable', () => {
    expect(issuesOf(validInput({ approved: 'soon', review_by: '2026-02-30' }))).toEqual([
      ['approved', 'expected a real date written YYYY-MM-DD, found "soon"'],
      ['review_by', 'expected a real date written YYYY-MM-DD, found "2026-02-30"'],
    ]);
  });

  it('rejects frontmatter that is not a set of fields', () => {
    expect(issuesOf(null)).toEqual([['', 'Invalid input: expected object, received null']]);
    expect(issuesOf(['id', 'SOP-001'])).toEqual([['', 'Invalid input: expected object, received array']]);
  });
});

describe('organization settings', () => {
  it('fills in the defaults: primary standard ISO 7101, a 60-day window, no intervals, exclusions or notices, a copy stale after 7 days, 10 past versions with a page', () => {
    expect(settingsSchema.parse({ organization: 'Riverside General Hospital' })).toEqual({
      organization: 'Riverside General Hospital',
      primary_standard: 'iso-7101-2023',
      review: { due_soon_days: 60, interval_months: {} },
      departments: [],
      exclusions: [],
      notify: [],
      checks: { severity: {} },
      search: { ask: 'the quality team', synonyms: [] },
      build: { stale_after_days: 7 },
      history: { past_versions: 10 },
      git_host: { accounts: [] },
    });
  });

  it('keeps review intervals per document type', () => {
    const settings = settingsSchema.parse({ organization: 'Riverside', review: { interval_months: { policy: 36, form: 12 } } });
    expect(settings.review).toEqual({ due_soon_days: 60, interval_months: { policy: 36, form: 12 } });
  });

  it('rejects a review interval for a type that does not exist', () => {
    const result = settingsSchema.safeParse({ organization: 'Riverside', review: { interval_months: { guideline: 12 } } });
    expect(result.error!.issues).toMatchObject([{ code: 'unrecognized_keys', keys: ['guideline'], path: ['review', 'interval_months'] }]);
  });

  it('rejects a due-soon window outside 1 to 365 days', () => {
    expect(settingsSchema.safeParse({ organization: 'Riverside', review: { due_soon_days: 0 } }).error!.issues[0].path).toEqual(['review', 'due_soon_days']);
    expect(settingsSchema.safeParse({ organization: 'Riverside', review: { due_soon_days: 366 } }).error!.issues[0].path).toEqual(['review', 'due_soon_days']);
  });

  it('accepts an exclusion of a clause of another standard and defaults a missing justification to empty', () => {
    expect(settingsSchema.parse({ organization: 'Riverside', exclusions: [{ clause: 'iso-9001-2015:8.3' }] }).exclusions).toEqual([
      { clause: 'iso-9001-2015:8.3', justification: '' },
    ]);
  });

  it('rejects an exclusion that is not a clause number', () => {
    expect(settingsSchema.safeParse({ organization: 'Riverside', exclusions: [{ clause: 'design' }] }).error!.issues[0].path).toEqual(['exclusions', 0, 'clause']);
  });
});

describe('turning issues into problems', () => {
  const yamlText = ['id: SOP-7', 'title: Patient identification', 'version: "3"', 'reviewby: 2027-01-01', 'clauses:', '  - "4.1"', '  - "4.9"'].join('\n');
  const positions = yamlPositions(yamlText, 2);

  it('names the file, the line of the field, the field and the message', () => {
    const result = documentSchema(CATALOGUE).safeParse(parseYaml(yamlText), { reportInput: true });
    expect(located(findingsFromZod('content/docs/sop-007.mdx', result.error!, positions))).toEqual([
      { file: 'content/docs/sop-007.mdx', line: 2, field: 'id', message: ID_FORMAT },
      { file: 'content/docs/sop-007.mdx', line: 2, field: 'type', message: 'expected one of: policy, procedure, work-instruction, form' },
      { file: 'content/docs/sop-007.mdx', line: 4, field: 'version', message: WHOLE_VERSION },
      { file: 'content/docs/sop-007.mdx', line: 2, field: 'status', message: 'expected one of: draft, in-review, approved, obsolete' },
      { file: 'content/docs/sop-007.mdx', line: 8, field: 'clauses.1', message: 'unknown clause "4.9": it is not in the clause catalogue' },
      {
        file: 'content/docs/sop-007.mdx',
        line: 5,
        field: 'reviewby',
        message: 'unknown field "reviewby": check the spelling against the document schema',
      },
    ]);
  });

  it('calls a field required only when it is missing, not when it has the wrong type', () => {
    const result = documentSchema().safeParse({ ...validInput({ version: '3' }), title: undefined }, { reportInput: true });
    expect(findingsFromZod('x.mdx', result.error!, { lineOf: () => 1 }).map((p) => [p.field, p.message])).toEqual([
      ['title', 'this field is required'],
      ['version', WHOLE_VERSION],
    ]);
  });

  it('keeps the schema message when parsed without the input', () => {
    const result = documentSchema().safeParse({ ...validInput(), title: undefined });
    expect(findingsFromZod('x.mdx', result.error!, { lineOf: () => 1 }).map((p) => [p.field, p.message])).toEqual([['title', 'expected a title']]);
  });

  it('names an unknown field inside a section by its full path, on its own line', () => {
    const text = ['organization: Riverside', 'review:', '  due_soon_day: 30'].join('\n');
    const result = settingsSchema.safeParse(parseYaml(text), { reportInput: true });
    expect(located(findingsFromZod('content/settings/organization.yaml', result.error!, yamlPositions(text, 1)))).toEqual([
      {
        file: 'content/settings/organization.yaml',
        line: 3,
        field: 'review.due_soon_day',
        message: 'unknown field "due_soon_day": check the spelling against the document schema',
      },
    ]);
  });

  it('names several unknown fields in one problem', () => {
    const result = documentSchema().safeParse(validInput({ reviewby: '2027-01-01', owners: 'x' }));
    expect(located(findingsFromZod('x.mdx', result.error!, { lineOf: (path) => (path[0] === 'reviewby' ? 7 : 1) }))).toEqual([
      { file: 'x.mdx', line: 7, field: 'reviewby, owners', message: 'unknown fields "reviewby", "owners": check the spelling against the document schema' },
    ]);
  });

  it('formats a problem as file:line: field: message', () => {
    expect(formatFinding(finding('schema', { file: 'content/docs/a.mdx', line: 5, field: 'version' }, 'the first version is 1'))).toBe(
      'content/docs/a.mdx:5: version: the first version is 1',
    );
    expect(formatFinding(finding('frontmatter-missing', { file: 'content/docs/a.mdx', line: 1 }, 'no frontmatter'))).toBe('content/docs/a.mdx:1: no frontmatter');
  });

  it('lists every problem in one error', () => {
    const error = new ManualError([finding('schema', { file: 'a.mdx', line: 2, field: 'id' }, 'bad'), finding('yaml-syntax', { file: 'b.mdx', line: 1 }, 'worse')]);
    expect(error.name).toBe('ManualError');
    expect(error.message).toBe('2 problems in the manual:\na.mdx:2: id: bad\nb.mdx:1: worse');
    expect(new ManualError([finding('schema', { file: 'a.mdx', line: 2, field: 'id' }, 'bad')]).message).toBe('1 problem in the manual:\na.mdx:2: id: bad');
  });
});

describe('finding the line of a field', () => {
  const text = ['id: SOP-001', 'title: Hand hygiene', 'clauses:', '  - "4.1"', '', '  # a comment', '  - "4.2"', 'departments: [Nursing, Surgery]', 'identifier_note: x'].join('\n');
  const { lineOf } = yamlPositions(text, 2);

  it('finds a top-level field, counting from where the YAML starts in the file', () => {
    expect(lineOf(['id'])).toBe(2);
    expect(lineOf(['title'])).toBe(3);
  });

  it('does not mistake a longer field name for a shorter one', () => {
    expect(lineOf(['identifier_note'])).toBe(10);
  });

  it('finds the n-th item of a block list, skipping blank and comment lines', () => {
    expect(lineOf(['clauses', 0])).toBe(5);
    expect(lineOf(['clauses', 1])).toBe(8);
  });

  it('falls back to the field line for an item of a flow list', () => {
    expect(lineOf(['departments', 1])).toBe(9);
  });

  it('falls back to where the YAML starts for a field that is not written', () => {
    expect(lineOf(['owner'])).toBe(2);
    expect(lineOf([])).toBe(2);
  });
});
