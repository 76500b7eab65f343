import { describe, expect, it } from 'vitest';
import { readDocumentFile, writeDocumentFile, type DocumentEntry } from '../../../src/qms/cms/document-file.ts';
import { approveForPublication, documentProblems, draftEntry, settingsProblems, type WorkflowContext } from '../../../src/qms/cms/workflow.ts';
import { loadManual } from '../../../src/qms/load/manual.ts';

const manual = loadManual(process.cwd());
const context: WorkflowContext = { clauses: manual.index, knownIds: new Map([...manual.declaredIds].map(([file, id]) => [id, file])) };
const FILE = 'content/docs/procedures/SOP-004-hand-hygiene.mdx';
const published = manual.sources.get(FILE)!.text;
const TODAY = '2026-12-01';

const draft = (changes: Partial<DocumentEntry>) => writeDocumentFile(draftEntry({ ...readDocumentFile(published), ...changes }));
const approve = (text: string, before: string | null = published, file = FILE) => {
  const outcome = approveForPublication({ draft: text, published: before, file, today: TODAY }, context);
  return { ...outcome, entry: readDocumentFile(outcome.text) };
};

describe('saving a change', () => {
  it('keeps it a draft until it is published, and a withdrawal obsolete', () => {
    expect(draftEntry({ status: 'approved', body: '' }).status).toBe('draft');
    expect(draftEntry({ status: 'obsolete', body: '' }).status).toBe('obsolete');
  });

  it('escapes braces typed as text, so the file passes the checker', () => {
    const text = draft({ body: 'Keep it {below 3%}.\n' });
    expect(readDocumentFile(text).body).toBe('Keep it \\{below 3%\\}.\n');
    expect(documentProblems(FILE, text, context)).toEqual([]);
  });

  it('is refused with the checker\'s words for what cannot be escaped', () => {
    const problems = documentProblems(FILE, draft({ body: 'Intro.\n\n<script>alert(1)</script>\n' }), context);
    expect(problems).toEqual([expect.objectContaining({ field: 'body', code: 'QMS022', message: expect.stringMatching(/^line 3: .*script/) })]);
  });

  it('is refused for an ID another document has, a reference to no document, or a changed ID', () => {
    const codes = (text: string, file = FILE) => documentProblems(file, text, context).map((p) => `${p.field} ${p.code}`);
    expect(codes(draft({ id: 'SOP-001' }), 'content/docs/procedures/sop-099-new.mdx')).toContain('id QMS005');
    expect(codes(draft({ related: ['SOP-999'] }))).toEqual(['related.0 QMS010']);
    expect(documentProblems(FILE, draft({ body: 'Intro.\n\nSee SOP-998 for the old method.\n' }), context)).toEqual([
      expect.objectContaining({ field: 'body', code: 'QMS010', message: 'line 3: the text refers to SOP-998, which is not a document in the manual' }),
    ]);
    expect(codes(draft({ id: 'SOP-098' }))).toEqual(['id QMS030']);
    expect(codes(draft({ clauses: ['8.99'] }))).toEqual(['clauses.0 QMS006']);
  });
});

describe('publishing a change: the approval', () => {
  it('approves a changed text as the next version, approved and effective today', () => {
    const { entry, problems } = approve(draft({ body: 'New text.\n', change_summary: 'Rewritten.' }));
    expect(problems).toEqual([]);
    expect(entry).toMatchObject({ status: 'approved', version: 5, approved: TODAY, effective: TODAY, change_summary: 'Rewritten.' });
  });

  it('keeps a later effective date the controller chose, and a version already raised', () => {
    const { entry } = approve(draft({ body: 'New text.\n', change_summary: 'Rewritten.', effective: '2027-01-01', version: 6, review_by: '2029-01-01' }));
    expect(entry).toMatchObject({ version: 6, approved: TODAY, effective: '2027-01-01' });
  });

  it('refuses a changed text whose summary is the previous version\'s, or missing', () => {
    expect(approve(draft({ body: 'New text.\n' })).problems.map((p) => p.code)).toEqual(['QMS029']);
    expect(approve(draft({ body: 'New text.\n', change_summary: '' })).problems.map((p) => p.field)).toEqual(['change_summary']);
  });

  it('keeps the version and approval date when only the details change (a new review date)', () => {
    const { entry, problems } = approve(draft({ review_by: '2029-06-01' }));
    expect(problems).toEqual([]);
    expect(entry).toMatchObject({ status: 'approved', version: 4, approved: '2026-11-20', effective: '2026-11-24', review_by: '2029-06-01' });
  });

  it('approves a new document as it was drafted, dated today', () => {
    const text = writeDocumentFile(draftEntry({ id: 'SOP-090', title: 'Blood cultures', type: 'procedure', version: 1, status: 'draft', owner: 'Laboratory Manager', approver: 'Medical Director', change_summary: 'First issue.', body: 'Text.\n' }));
    const { entry, problems } = approve(text, null, 'content/docs/procedures/sop-090-blood-cultures.mdx');
    expect(problems).toEqual([]);
    expect(entry).toMatchObject({ id: 'SOP-090', status: 'approved', version: 1, approved: TODAY, effective: TODAY });
  });

  it('withdraws an obsolete document, dated today, and refuses an approval that misses its approver', () => {
    expect(approve(draft({ status: 'obsolete' })).entry).toMatchObject({ status: 'obsolete', withdrawn: TODAY });
    expect(approve(draft({ approver: '' })).problems.map((p) => `${p.field} ${p.code}`)).toEqual(['approver QMS009']);
  });

  it('refuses a review date that the new effective date has overtaken', () => {
    expect(approve(draft({ body: 'New.\n', change_summary: 'New.', review_by: '2026-11-30' })).problems.map((p) => `${p.field} ${p.code}`)).toEqual(['review_by QMS008']);
  });
});

describe('the settings', () => {
  it('are refused when invalid, or when a clause is excluded without a reason', () => {
    expect(settingsProblems('organization: Riverside\nexclusions:\n  - clause: "8.1"\n', manual.index).map((p) => p.code)).toEqual(['QMS015']);
    expect(settingsProblems('organization: R\n', manual.index).map((p) => p.field)).toEqual(['organization']);
    expect(settingsProblems('organization: Riverside\n', manual.index)).toEqual([]);
  });
});
