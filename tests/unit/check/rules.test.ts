import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { RULE_IDS } from '../../../src/qms/findings/rules.ts';
import { checkFixture, located, removeProjects } from './helpers.ts';

/**
 * One fixture per rule under tests/fixtures/check/<rule-id>/: the base project with only the files that
 * differ, so each test shows exactly which change breaks which rule, and where it is reported.
 */
afterAll(removeProjects);

const CATALOGUE = 'content/standards/iso-7101-2023.yaml';
const SETTINGS = 'content/settings/organization.yaml';
const POL_001 = 'content/docs/policies/POL-001-quality-policy.mdx';
const SOP_001 = 'content/docs/procedures/SOP-001-context-and-stakeholders.mdx';
const SOP_002 = 'content/docs/procedures/SOP-002-sharps-disposal.mdx';
const WI_001 = 'content/docs/work-instructions/WI-001-stakeholder-feedback.mdx';

const messages = (overlay: string) => checkFixture(overlay).findings.map((f) => f.message);

describe('the base project (fixtures/check/base)', () => {
  it('passes every rule: no findings at all', () => {
    const result = checkFixture([]);
    expect(result.findings).toEqual([]);
    expect(result).toMatchObject({ documents: 3, errors: 0, warnings: 0, infos: 0, configurationError: false });
  });
});

describe('every rule has a fixture', () => {
  // The mdx-* rules have their own hostile fixtures (tests/unit/mdx-safety.test.ts); change control and
  // history availability are tested on real repositories (tests/unit/history/, tests/unit/check/history.test.ts);
  // a changed ID needs the published version, which the CMS has (tests/unit/cms/workflow.test.ts).
  const elsewhere = (id: string) => id.startsWith('mdx-') || id === 'history-unavailable' || id === 'change-control' || id === 'id-changed';

  const folders = readdirSync(fileURLToPath(new URL('../../fixtures/check/', import.meta.url)));

  it.each(RULE_IDS.filter((id) => !elsewhere(id)))('%s has tests/fixtures/check/<rule-id>/ or <rule-id>-<case>/', (id) => {
    expect(folders.some((name) => name === id || name.startsWith(`${id}-`))).toBe(true);
  });
});

describe('frontmatter that cannot be read', () => {
  it('reports YAML that does not parse on the offending line (QMS001)', () => {
    expect(located(checkFixture('yaml-syntax').findings)).toEqual([
      { rule: 'yaml-syntax', code: 'QMS001', severity: 'error', file: SOP_002, line: 4, field: '' },
    ]);
    expect(messages('yaml-syntax')).toEqual(['frontmatter is not valid YAML: bad indentation of a mapping entry']);
  });

  it('refuses a closing fence with text after it, which Astro would publish as body (QMS028)', () => {
    expect(located(checkFixture('frontmatter-fence').findings)).toEqual([
      { rule: 'frontmatter-fence', code: 'QMS028', severity: 'error', file: SOP_002, line: 7, field: '' },
    ]);
  });

  it('reports a document without frontmatter on line 1 (QMS002)', () => {
    expect(located(checkFixture('frontmatter-missing').findings)).toEqual([
      { rule: 'frontmatter-missing', code: 'QMS002', severity: 'error', file: SOP_002, line: 1, field: '' },
    ]);
  });
});

describe('frontmatter fields', () => {
  it('reports each invalid field on its own line, and an unknown documented-information id (QMS003)', () => {
    expect(located(checkFixture('schema').findings)).toEqual([
      { rule: 'schema', code: 'QMS003', severity: 'error', file: SOP_002, line: 5, field: 'version' },
      { rule: 'schema', code: 'QMS003', severity: 'error', file: SOP_002, line: 6, field: 'status' },
      { rule: 'schema', code: 'QMS003', severity: 'error', file: 'content/docs/work-instructions/WI-002-sharps-bins.mdx', line: 8, field: 'documented_information.0' },
    ]);
    expect(messages('schema')).toEqual([
      'expected a whole version number such as 3',
      'expected one of: draft, in-review, approved, obsolete',
      'unknown documented information "qualty-policy": expected one of quality-policy, risks-and-opportunities',
    ]);
  });

  it('refuses a misspelt field name rather than ignoring it (QMS004)', () => {
    expect(located(checkFixture('unknown-field').findings)).toEqual([
      { rule: 'unknown-field', code: 'QMS004', severity: 'error', file: SOP_002, line: 7, field: 'reviewby' },
    ]);
  });

  it('reports every file that uses an ID, each on its id line and naming the other (QMS005)', () => {
    const copy = 'content/docs/procedures/SOP-001-copy.mdx';
    expect(located(checkFixture('duplicate-id').findings)).toEqual([
      { rule: 'duplicate-id', code: 'QMS005', severity: 'error', file: SOP_001, line: 2, field: 'id' },
      { rule: 'duplicate-id', code: 'QMS005', severity: 'error', file: copy, line: 3, field: 'id' },
    ]);
    expect(messages('duplicate-id')).toEqual([
      `duplicate ID SOP-001: ${copy} also uses it; give one document another ID`,
      `duplicate ID SOP-001: ${SOP_001} also uses it; give one document another ID`,
    ]);
  });

  it('reports IDs that differ only by leading zeros as the same ID, on both files (QMS005)', () => {
    const newcomer = 'content/docs/procedures/SOP-0001-context-review.mdx';
    const found = checkFixture('duplicate-id-leading-zeros').findings.filter((f) => f.rule === 'duplicate-id');
    expect(located(found).map((f) => [f.file, f.line])).toEqual([[newcomer, 2], [SOP_001, 2]]);
    expect(found.map((f) => f.message)).toEqual([
      `ID SOP-0001 is also used by ${SOP_001} (as SOP-001): IDs that differ only by leading zeros read as the same document; give one document another ID`,
      `ID SOP-001 is also used by ${newcomer} (as SOP-0001): IDs that differ only by leading zeros read as the same document; give one document another ID`,
    ]);
  });

  it('reports a clause number that is not in the catalogue on its list item (QMS006)', () => {
    expect(located(checkFixture('unknown-clause').findings)).toEqual([
      { rule: 'unknown-clause', code: 'QMS006', severity: 'error', file: SOP_002, line: 9, field: 'clauses.1' },
    ]);
  });

  it('reports an ID whose prefix does not match the type (QMS007)', () => {
    expect(located(checkFixture('id-prefix').findings)).toEqual([
      { rule: 'id-prefix', code: 'QMS007', severity: 'error', file: SOP_002, line: 2, field: 'id' },
    ]);
    expect(messages('id-prefix')).toEqual(['a procedure must have an ID starting with SOP- (found WI-002)']);
  });

  it('reports an effective date before approval and a review date before the effective date (QMS008)', () => {
    expect(located(checkFixture('date-order').findings)).toEqual([
      { rule: 'date-order', code: 'QMS008', severity: 'error', file: SOP_002, line: 10, field: 'effective' },
      { rule: 'date-order', code: 'QMS008', severity: 'error', file: SOP_002, line: 11, field: 'review_by' },
    ]);
  });

  it('reports an approved document without an approver and an obsolete one without a withdrawal date (QMS009)', () => {
    // A missing field has no line of its own: the finding points at the start of the frontmatter.
    expect(located(checkFixture('approval-incomplete').findings)).toEqual([
      { rule: 'approval-incomplete', code: 'QMS009', severity: 'error', file: SOP_002, line: 2, field: 'approver' },
      { rule: 'approval-incomplete', code: 'QMS009', severity: 'error', file: 'content/docs/procedures/SOP-003-old-waste-procedure.mdx', line: 2, field: 'withdrawn' },
    ]);
  });
});

describe('dates that cannot be true', () => {
  it('refuses an approval dated after today, on the approved line (QMS037)', () => {
    expect(located(checkFixture('approved-in-future').findings)).toEqual([
      { rule: 'approved-in-future', code: 'QMS037', severity: 'error', file: SOP_002, line: 9, field: 'approved' },
    ]);
    expect(messages('approved-in-future')).toEqual(['SOP-002 says it was approved on 2026-12-10, after today (2026-11-25)']);
  });
});

describe('files that are not plain UTF-8 text (QMS038)', () => {
  it('places bytes of another encoding and control characters, with how many more and where', () => {
    expect(located(checkFixture('encoding').findings).map((f) => [f.code, f.line])).toEqual([['QMS038', 13], ['QMS038', 13], ['QMS038', 15]]);
    expect(messages('encoding')).toEqual([
      'the file is not valid UTF-8 here: a character saved in another encoding (such as Windows-1252 or Latin-1, where é is a single byte); save the file as UTF-8',
      'and 1 more byte that is not UTF-8, on line 13',
      'a control character (U+0000), invisible in an editor and written raw into the page; delete it',
    ]);
  });

  it('says a UTF-16 file is UTF-16, and a CR-only file has CR line endings, instead of "no frontmatter"', () => {
    expect(located(checkFixture('encoding-utf16').findings).map((f) => [f.rule, f.line])).toEqual([['encoding', 1]]);
    expect(messages('encoding-utf16')).toEqual(['the file is saved as UTF-16 (little-endian, as Windows Notepad may save it); documents must be UTF-8: save it again choosing UTF-8']);
    expect(located(checkFixture('encoding-cr-only').findings).map((f) => [f.rule, f.line])).toEqual([['encoding', 1]]);
    expect(messages('encoding-cr-only')[0]).toMatch(/^the lines end in CR alone/);
  });

  it('accepts a UTF-8 byte-order mark, as Astro does', () => {
    expect(checkFixture('encoding-bom-accepted').findings).toEqual([]);
  });
});

describe('documents too large or deep to build safely (QMS036)', () => {
  it('refuses a list nested past the limit and a line of 500 quote marks, at their lines', () => {
    expect(located(checkFixture('document-limits').findings).map((f) => [f.file.split('/').pop(), f.line])).toEqual([
      ['SOP-002-sharps-disposal.mdx', 53],
      ['SOP-002-sharps-disposal.mdx', 54],
      ['SOP-003-quotes.mdx', 11],
    ]);
    expect(messages('document-limits')).toEqual([
      'line 53 is nested 41 levels deep in quotes and lists; at most 40 are allowed: flatten the structure',
      'and 4 more lines nested over 40 levels',
      'line 11 is nested 500 levels deep in quotes and lists; at most 40 are allowed: flatten the structure',
    ]);
  });
});

describe('references between documents', () => {
  const WI_002 = 'content/docs/work-instructions/WI-002-escalating-feedback.mdx';

  it('reports unknown IDs in related, in supersedes and in the text, once per link, ignoring code (QMS010)', () => {
    const result = checkFixture('unknown-reference');
    expect(located(result.findings)).toEqual([
      { rule: 'unknown-reference', code: 'QMS010', severity: 'error', file: WI_002, line: 14, field: 'related.1' },
      { rule: 'unknown-reference', code: 'QMS010', severity: 'error', file: WI_002, line: 15, field: 'supersedes.0' },
      { rule: 'unknown-reference', code: 'QMS010', severity: 'error', file: WI_002, line: 21, field: 'body' },
    ]);
    expect(result.findings[2]).toMatchObject({ column: 40, documentId: 'WI-002', message: 'the text refers to SOP-098, which is not a document in the manual' });
  });

  it('knows a document whose id line carries a comment', () => {
    expect(checkFixture('id-with-comment').findings).toEqual([]);
  });

  it('reports two documents that supersede each other once, on the supersedes line of the lower ID (QMS011)', () => {
    const result = checkFixture('supersedes-cycle-pair');
    expect(located(result.findings)).toEqual([
      { rule: 'supersedes-cycle', code: 'QMS011', severity: 'error', file: 'content/docs/procedures/SOP-010-hand-hygiene.mdx', line: 7, field: 'supersedes' },
    ]);
    expect(result.findings[0].message).toBe('supersession runs in a circle: SOP-010 supersedes SOP-011 supersedes SOP-010');
  });

  it('reports a cycle of three documents once (QMS011)', () => {
    const result = checkFixture('supersedes-cycle-three');
    expect(located(result.findings)).toEqual([
      { rule: 'supersedes-cycle', code: 'QMS011', severity: 'error', file: 'content/docs/procedures/SOP-020-falls-prevention.mdx', line: 8, field: 'supersedes' },
    ]);
    expect(result.findings[0].message).toBe('supersession runs in a circle: SOP-020 supersedes SOP-021 supersedes SOP-022 supersedes SOP-020');
  });

  it('reports a document that supersedes itself (QMS011)', () => {
    expect(located(checkFixture('supersedes-cycle-self').findings)).toEqual([
      { rule: 'supersedes-cycle', code: 'QMS011', severity: 'error', file: 'content/docs/procedures/SOP-030-pressure-care.mdx', line: 7, field: 'supersedes' },
    ]);
  });

  it('warns on the status line of a replaced document still marked approved (QMS012)', () => {
    expect(located(checkFixture('superseded-still-approved').findings)).toEqual([
      { rule: 'superseded-still-approved', code: 'QMS012', severity: 'warning', file: SOP_001, line: 6, field: 'status' },
    ]);
    expect(messages('superseded-still-approved')).toEqual(['SOP-001 is superseded by SOP-002 but is still marked approved']);
  });
});

describe('references to documents no longer in force', () => {
  it('warns where a document in force sends staff to a superseded one, naming both and the replacement (QMS031)', () => {
    // The base's quality policy names SOP-001 in its text too: every reference is reported, where it is.
    expect(located(checkFixture('reference-to-withdrawn').findings)).toEqual([
      { rule: 'reference-to-withdrawn', code: 'QMS031', severity: 'warning', file: POL_001, line: 19, field: 'body' },
      { rule: 'reference-to-withdrawn', code: 'QMS031', severity: 'warning', file: WI_001, line: 18, field: 'body' },
    ]);
    expect(messages('reference-to-withdrawn')).toEqual([
      'POL-001, in force, sends staff to SOP-001 Context and stakeholders, but it is superseded by SOP-002: refer to that instead',
      'WI-001, in force, sends staff to SOP-001 Context and stakeholders, but it is superseded by SOP-002: refer to that instead',
    ]);
  });
});

describe('departments', () => {
  it('refuses a department that is not in the organization\'s list, on its list item (QMS032)', () => {
    expect(located(checkFixture('unknown-department').findings)).toEqual([
      { rule: 'unknown-department', code: 'QMS032', severity: 'error', file: WI_001, line: 12, field: 'departments.1' },
    ]);
    expect(messages('unknown-department')[0]).toMatch(/^"Patient Experience" is not one of the organization's departments \(Nursing, Quality and Patient Safety\)/);
  });
});

describe('attachments, parts of their documents', () => {
  it('refuses a listed file that differs from the SHA-256 it was approved with, on the sha256 line (QMS033)', () => {
    expect(located(checkFixture('attachment-changed').findings)).toEqual([
      { rule: 'attachment-changed', code: 'QMS033', severity: 'error', file: WI_001, line: 15, field: 'attachments.0.sha256' },
    ]);
    expect(messages('attachment-changed')[0]).toMatch(/^public\/attachments\/WI-001\/feedback-log\.txt is not the file WI-001 version 1 was approved with .*changed outside an approval$/);
  });

  it('refuses a file in public/attachments that no document lists (QMS034)', () => {
    expect(located(checkFixture('attachment-unlisted').findings)).toEqual([
      { rule: 'attachment-unlisted', code: 'QMS034', severity: 'error', file: 'public/attachments/WI-001/old-feedback-form.pdf', line: 1, field: '' },
    ]);
  });

  it('refuses a listed attachment or a link in the text to a file the site does not have (QMS035)', () => {
    expect(located(checkFixture('attachment-missing').findings)).toEqual([
      { rule: 'attachment-missing', code: 'QMS035', severity: 'error', file: WI_001, line: 13, field: 'attachments.0.file' },
      { rule: 'attachment-missing', code: 'QMS035', severity: 'error', file: WI_001, line: 20, field: 'body' },
    ]);
    expect(messages('attachment-missing')).toEqual([
      'WI-001 lists /attachments/WI-001/feedback-log.txt, but public/attachments/WI-001/feedback-log.txt does not exist',
      'the text links to /attachments/WI-001/feedback-log-v2.pdf, which is not a file of the manual',
    ]);
  });

  it('refuses an approved document that lists a file without the SHA-256 it was approved with (QMS033)', () => {
    // An invalid document is left out of the manual, so the clause it alone meets becomes a gap too.
    const result = checkFixture('attachment-changed-unhashed');
    expect(located(result.findings)).toEqual([
      { rule: 'attachment-changed', code: 'QMS033', severity: 'error', file: WI_001, line: 13, field: 'attachments.0.sha256' },
      { rule: 'clause-gap', code: 'QMS013', severity: 'error', file: CATALOGUE, line: 16, field: 'clauses.4.2' },
    ]);
  });
});

describe('clause coverage', () => {
  it('reports a clause with no document on its catalogue entry, and not its parent (QMS013)', () => {
    // The overlay deletes WI-001, the only document mapped to 4.2 (see _delete.txt).
    expect(located(checkFixture('clause-gap').findings)).toEqual([
      { rule: 'clause-gap', code: 'QMS013', severity: 'error', file: CATALOGUE, line: 16, field: 'clauses.4.2' },
    ]);
  });

  it('warns when the only document for a clause is overdue, with the overdue review itself (QMS014, QMS017)', () => {
    expect(located(checkFixture('clause-at-risk').findings)).toEqual([
      { rule: 'review-overdue', code: 'QMS017', severity: 'warning', file: WI_001, line: 11, field: 'review_by' },
      { rule: 'clause-at-risk', code: 'QMS014', severity: 'warning', file: CATALOGUE, line: 16, field: 'clauses.4.2' },
    ]);
    expect(messages('clause-at-risk')[1]).toBe('clause 4.2 Understanding the needs and expectations of stakeholders is met only by WI-001 (overdue for review)');
  });

  it('reports the exclusion without a justification on its own list item, not the justified one (QMS015)', () => {
    expect(located(checkFixture('exclusion-unjustified').findings)).toEqual([
      { rule: 'exclusion-unjustified', code: 'QMS015', severity: 'error', file: SETTINGS, line: 12, field: 'exclusions.1.justification' },
    ]);
  });
});

describe('documented information', () => {
  const missing = { rule: 'documented-information-missing', code: 'QMS016', severity: 'error', file: CATALOGUE, line: 29, field: 'documented_information.quality-policy' };

  it('reports a required item that no document declares, on its catalogue entry (QMS016)', () => {
    expect(located(checkFixture('documented-information-missing').findings)).toEqual([missing]);
    expect(messages('documented-information-missing')).toEqual(['Healthcare quality policy (clause 5.2) must exist as a current document: no document declares it']);
  });

  it('reports a required item declared only by a draft (QMS016)', () => {
    expect(located(checkFixture('documented-information-missing-draft').findings)).toEqual([missing]);
    expect(messages('documented-information-missing-draft')).toEqual(['Healthcare quality policy (clause 5.2) must exist as a current document: declared only by POL-002 (draft, not approved)']);
  });
});

describe('reviews', () => {
  it('warns the day after the review date, on review_by or, without one, on the effective date the interval runs from (QMS017)', () => {
    expect(located(checkFixture('review-overdue').findings)).toEqual([
      { rule: 'review-overdue', code: 'QMS017', severity: 'warning', file: 'content/docs/policies/POL-002-visiting-policy.mdx', line: 10, field: 'effective' },
      { rule: 'review-overdue', code: 'QMS017', severity: 'warning', file: 'content/docs/work-instructions/WI-002-feedback-survey.mdx', line: 11, field: 'review_by' },
    ]);
    expect(messages('review-overdue')).toEqual([
      'review was due on 2026-06-01 (177 days ago); owner: Director of Nursing',
      'review was due on 2026-11-24 (1 day ago); owner: Patient Experience Lead',
    ]);
  });

  it('gives notice from the review date itself back to due_soon_days before it, and not a day earlier (QMS018)', () => {
    // WI-002 is due today, WI-003 in 60 days (the window), WI-004 in 61 days (not reported).
    expect(located(checkFixture('review-due-soon').findings)).toEqual([
      { rule: 'review-due-soon', code: 'QMS018', severity: 'info', file: 'content/docs/work-instructions/WI-002-feedback-survey.mdx', line: 11, field: 'review_by' },
      { rule: 'review-due-soon', code: 'QMS018', severity: 'info', file: 'content/docs/work-instructions/WI-003-feedback-display.mdx', line: 11, field: 'review_by' },
    ]);
    expect(messages('review-due-soon')).toEqual([
      'review is due on 2026-11-25, today; owner: Patient Experience Lead',
      'review is due on 2027-01-24, in 60 days; owner: Ward Manager',
    ]);
  });
});

describe('settings', () => {
  it('reports invalid settings as a configuration error (QMS027)', () => {
    const result = checkFixture('settings');
    // Settings are nested: a problem inside `review:` or `checks:` points at the nested field's own line.
    expect(located(result.findings)).toEqual([
      { rule: 'settings', code: 'QMS027', severity: 'error', file: SETTINGS, line: 4, field: 'review.due_soon_days' },
      { rule: 'settings', code: 'QMS027', severity: 'error', file: SETTINGS, line: 7, field: 'checks.severity.review-overdue' },
    ]);
    expect(result.configurationError).toBe(true);
  });
});

describe('a project with many problems (fixtures/check/many-problems)', () => {
  it('reports every problem in every file at once, sorted by file and line', () => {
    const result = checkFixture('many-problems');
    expect(result.findings.map((f) => [f.code, f.file, f.line])).toEqual([
      ['QMS007', 'content/docs/forms/FRM-001-feedback-form.mdx', 2],
      ['QMS008', 'content/docs/forms/FRM-001-feedback-form.mdx', 10],
      ['QMS010', 'content/docs/policies/POL-001-quality-policy.mdx', 20],
      ['QMS002', 'content/docs/procedures/meeting-notes.mdx', 1],
      ['QMS017', SOP_001, 11],
      ['QMS010', SOP_001, 13],
      ['QMS001', SOP_002, 4],
      ['QMS003', WI_001, 5],
      ['QMS004', WI_001, 11],
      ['QMS006', WI_001, 14],
      ['QMS015', SETTINGS, 10],
      ['QMS014', CATALOGUE, 13],
      ['QMS013', CATALOGUE, 16],
      ['QMS016', CATALOGUE, 29],
    ]);
    expect(result).toMatchObject({ documents: 6, errors: 12, warnings: 2, infos: 0, configurationError: false });
  });
});
