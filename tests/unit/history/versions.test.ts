import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBodyAt, type ManualHistory } from '../../../src/qms/history/index.ts';
import { approvedVersions, manualVersions, versionHrefs, versionsWithPages } from '../../../src/qms/history/versions.ts';
import { earlierVersionName, revisionRows, whatChanged } from '../../../src/qms/views/document.ts';
import { onDateRows } from '../../../src/qms/views/on-date.ts';
import { versionPageView } from '../../../src/qms/views/version.ts';
import { statusOnDate } from '../../../src/qms/live-status.ts';
import { ANA, BEN, procedure, removeRepos, TestRepo } from './helpers.ts';

/*
 * SOP-004 approved three times, on known dates, each approval committed on another day: the approval record
 * is the frontmatter's, and the commit only the technical record. Between versions 1 and 2 a draft and a
 * change of review date are committed too.
 */
const SOP = 'content/docs/procedures/SOP-004-hand-hygiene.mdx';
const V1 = 'Rub hands for 20 seconds.';
const V2 = 'Rub hands for 30 seconds, and dry them.';
const V3 = 'Rub hands for 30 seconds, dry them, and use emollient.';
const v1 = procedure('SOP-004', { version: 1, approved: '2025-03-01', effective: '2025-03-10', change_summary: 'First issue.' }, V1);
const v1Reviewed = procedure('SOP-004', { version: 1, approved: '2025-03-01', effective: '2025-03-10', review_by: '2027-01-01', change_summary: 'First issue.' }, V1);
const v2Draft = procedure('SOP-004', { version: 2, status: 'draft', approved: '2025-03-01', effective: '2025-03-10', change_summary: 'Thirty seconds, and drying.' }, V2);
const v2 = procedure('SOP-004', { version: 2, approved: '2026-02-20', approver: 'Chief Nursing Officer', effective: '2026-03-05', change_summary: 'Thirty seconds, and drying.' }, V2);
const v3 = procedure('SOP-004', { version: 3, approved: '2026-09-01', approver: 'Chief Nursing Officer', effective: '2026-09-15', change_summary: 'Emollient added.' }, V3);

let repo: TestRepo;
let history: ManualHistory;
const commitDays = ['2025-06-15', '2025-09-01', '2026-01-12', '2026-02-27', '2026-10-02'];

beforeAll(async () => {
  repo = await TestRepo.create();
  await repo.commit({ files: { [SOP]: v1 }, message: 'Add SOP-004', date: `${commitDays[0]}T10:00:00Z` });
  await repo.commit({ files: { [SOP]: v1Reviewed }, message: 'SOP-004: review date', date: `${commitDays[1]}T10:00:00Z` });
  await repo.commit({ files: { [SOP]: v2Draft }, message: 'Draft SOP-004 version 2', date: `${commitDays[2]}T10:00:00Z`, author: BEN });
  await repo.commit({ files: { [SOP]: v2 }, message: 'Approve SOP-004 version 2', date: `${commitDays[3]}T10:00:00Z` });
  await repo.commit({
    files: { [SOP]: v3 },
    message: 'Approve SOP-004 version 3: Emollient added.\n\nReview-requested-by: Ben Okafor <ben.okafor@hospital.example>\nApproved-by: Ana Silva <ana.silva@hospital.example>',
    date: `${commitDays[4]}T10:00:00Z`,
    author: ANA,
  });
  history = await repo.history();
});

afterAll(removeRepos);

const current = { id: 'SOP-004', version: 3, status: 'approved' };

describe('the approved versions of a document approved three times', () => {
  it('lists each approved version once, with the approval record of its own frontmatter', () => {
    const versions = approvedVersions(history.byId.get('SOP-004')!);
    expect(versions.map((v) => [v.version, v.approval.approved, v.approval.approver, v.approval.effective, v.approval.date.slice(0, 10)])).toEqual([
      [1, '2025-03-01', 'Medical Director', '2025-03-10', '2025-06-15'],
      [2, '2026-02-20', 'Chief Nursing Officer', '2026-03-05', '2026-02-27'],
      [3, '2026-09-01', 'Chief Nursing Officer', '2026-09-15', '2026-10-02'],
    ]);
    expect(versions[2]).toMatchObject({ reviewRequestedBy: 'Ben Okafor', approvedBy: 'Ana Silva' });
  });

  it('keeps the text each version was approved with', async () => {
    const versions = approvedVersions(history.byId.get('SOP-004')!);
    expect((await readBodyAt(repo.dir, versions[0].approval.blob)).trim()).toBe(V1);
    expect((await readBodyAt(repo.dir, versions[1].approval.blob)).trim()).toBe(V2);
  });

  it('shows in each revision row the approval date and approver of the frontmatter, and the commit date only as the commit', () => {
    const revisions = history.byId.get('SOP-004')!;
    const rows = revisionRows(revisions, versionHrefs(approvedVersions(revisions), current, 10));
    expect(rows.map((r) => [r.version, r.event ?? null, r.approval?.approved ?? null, r.approval?.approver ?? null, r.commit.time.slice(0, 10)])).toEqual([
      [3, 'New version', '2026-09-01', 'Chief Nursing Officer', '2026-10-02'],
      [2, 'New version', '2026-02-20', 'Chief Nursing Officer', '2026-02-27'],
      // A draft has no approval record: its frontmatter's dates are the previous version's.
      [2, null, null, null, '2026-01-12'],
      [1, null, '2025-03-01', 'Medical Director', '2025-09-01'],
      [1, 'First issue', '2025-03-01', 'Medical Director', '2025-06-15'],
    ]);
    // No commit day is ever given as an approval date.
    for (const row of rows) expect(commitDays).not.toContain(row.approval?.approved);
    expect(rows[0].commit).toMatchObject({ author: 'Ana Silva', reviewRequestedBy: 'Ben Okafor', approvedBy: 'Ana Silva' });
    expect(rows.map((r) => r.versionHref)).toEqual(['/docs/SOP-004/', '/docs/SOP-004/v2/', null, '/docs/SOP-004/v1/', '/docs/SOP-004/v1/']);
  });

  it('names the earlier version of the redline by its approval date, and compares with the text it was approved with', async () => {
    const changed = await whatChanged({ id: 'SOP-004', version: 3, status: 'approved' }, `\n${V3}\n`, history, (blob) => readBodyAt(repo.dir, blob), 10);
    if (changed.kind !== 'redline') throw new Error(`expected a redline, got ${changed.kind}`);
    expect(changed.previous).toEqual({ version: 2, approved: '2026-02-20', href: '/docs/SOP-004/v2/' });
    expect(earlierVersionName(changed.previous)).toBe('version 2, approved 20 Feb 2026');
    expect(changed.redline.wordsAdded).toBeGreaterThan(0);
  });

  it('gives a page to the newest past versions up to the limit, and none with 0', () => {
    const versions = approvedVersions(history.byId.get('SOP-004')!);
    expect(versionsWithPages(versions, current, 10).map((v) => v.version)).toEqual([1, 2]);
    expect(versionsWithPages(versions, current, 1).map((v) => v.version)).toEqual([2]);
    expect(versionsWithPages(versions, current, 0)).toEqual([]);
    // While the document is a draft of version 4, the page of version 3 is a past version's too.
    expect(versionsWithPages(versions, { ...current, version: 4, status: 'draft' }, 10).map((v) => v.version)).toEqual([1, 2, 3]);
  });

  it('answers which version applied on a day between two versions', () => {
    const documents = manualVersions(history, [{ ...current, title: 'Hand hygiene', supersedes: [] }], 10);
    expect(onDateRows(documents, '2026-03-03')[0]).toMatchObject({ state: 'in-force', version: 1, versionHref: '/docs/SOP-004/v1/', approved: '2025-03-01' });
    expect(onDateRows(documents, '2026-03-05')[0]).toMatchObject({ state: 'in-force', version: 2 });
    expect(onDateRows(documents, '2026-09-14')[0]).toMatchObject({ state: 'in-force', version: 2, lastDay: '2026-09-14' });
  });
});

describe('the banner of a version page, in the reader\u2019s browser', () => {
  const review = { due_soon_days: 60, interval_months: { policy: 36, procedure: 24 } };
  const pageOf = (version: number, asOf: string) => {
    const [doc] = manualVersions(history, [{ ...current, title: 'Hand hygiene', supersedes: [] }], 10);
    const approved = approvedVersions(history.byId.get('SOP-004')!).find((v) => v.version === version)!;
    return versionPageView({ doc, version: approved, type: 'procedure', typeLabel: 'Procedure', asOf, replacedBy: [], currentIsDraft: false });
  };

  it('says version 2 is in force before version 3 takes effect, and carries what moves it to superseded on that day', () => {
    const view = pageOf(2, '2026-09-10');
    expect(view.banner.state).toBe('current');
    expect(view.facts).toEqual({ id: 'SOP-004', type: 'procedure', status: 'approved', effective: '2026-03-05', replacements: [{ id: 'SOP-004', type: 'procedure', status: 'approved', effective: '2026-09-15' }] });
    expect(statusOnDate(view.facts, { asOf: '2026-09-14', review }).state).toBe('current');
    expect(statusOnDate(view.facts, { asOf: '2026-09-15', review }).state).toBe('superseded');
  });

  it('carries the review date the version was approved with, so it falls overdue in the browser too', () => {
    const view = pageOf(1, '2025-12-01');
    expect(view.facts.review_by).toBe('2027-01-01');
    expect(statusOnDate({ ...view.facts, replacements: [] }, { asOf: '2027-01-02', review }).state).toBe('overdue');
  });

  it('says a superseded version stays superseded, whatever the reader\u2019s day', () => {
    const view = pageOf(1, '2026-11-25');
    expect(view.banner.state).toBe('superseded');
    for (const day of ['2026-11-25', '2030-01-01']) expect(statusOnDate(view.facts, { asOf: day, review }).state).toBe('superseded');
  });
});
