import { describe, expect, it } from 'vitest';
import { manualOnDate, type DocumentVersions, type VersionRecord } from '../../src/qms/versions.ts';
import { onDateCsv, onDateRows } from '../../src/qms/views/on-date.ts';

function version(fields: Partial<VersionRecord> & Pick<VersionRecord, 'version'>): VersionRecord {
  return { approved: null, approver: 'Medical Director', effective: null, changeSummary: null, supersedes: [], withdrawn: null, href: null, ...fields };
}

// SOP-004: version 1 in force from 10 Mar 2025, version 2 from 5 Mar 2026 (approved 20 Feb), version 3
// approved on 1 Sep 2026 to take effect on 15 Sep 2026.
const sop004: DocumentVersions = {
  id: 'SOP-004',
  title: 'Hand hygiene',
  versions: [
    version({ version: 1, approved: '2025-03-01', effective: '2025-03-10', href: '/docs/SOP-004/v1/' }),
    version({ version: 2, approved: '2026-02-20', effective: '2026-03-05', href: '/docs/SOP-004/v2/' }),
    version({ version: 3, approved: '2026-09-01', effective: '2026-09-15', href: '/docs/SOP-004/' }),
  ],
};

const on = (docs: DocumentVersions[], date: string) => manualOnDate(docs, date).map((e) => [e.id, e.state, e.record?.version ?? null]);

describe('the version in force on a date', () => {
  it('is the latest approved version whose effective date has come', () => {
    expect(on([sop004], '2026-03-03')).toEqual([['SOP-004', 'in-force', 1]]);
    expect(on([sop004], '2026-09-14')).toEqual([['SOP-004', 'in-force', 2]]);
    expect(on([sop004], '2027-01-01')).toEqual([['SOP-004', 'in-force', 3]]);
  });

  it('counts the day as the unit: a version applies all of the day it takes effect, and its predecessor none of it', () => {
    expect(on([sop004], '2026-03-04')).toEqual([['SOP-004', 'in-force', 1]]);
    expect(on([sop004], '2026-03-05')).toEqual([['SOP-004', 'in-force', 2]]);
  });

  it('says when a version applied: from its effective date until the next one took effect', () => {
    const [entry] = manualOnDate([sop004], '2026-03-03');
    expect([entry.from, entry.until]).toEqual(['2025-03-10', '2026-03-05']);
    expect(onDateRows([sop004], '2026-03-03')[0]).toMatchObject({ from: '2025-03-10', lastDay: '2026-03-04', versionHref: '/docs/SOP-004/v1/', note: 'The next version took effect on 5 Mar 2026.' });
  });

  it('tells a document not yet issued from one approved but not yet effective', () => {
    expect(on([sop004], '2025-02-01')).toEqual([['SOP-004', 'not-issued', null]]);
    expect(on([sop004], '2025-03-05')).toEqual([['SOP-004', 'not-yet-effective', 1]]);
    expect(on([{ id: 'SOP-031', title: 'Draft', versions: [] }], '2026-01-01')).toEqual([['SOP-031', 'not-issued', null]]);
  });

  it('does not claim to know what was in force before the recorded history began', () => {
    const late: DocumentVersions = { id: 'FRM-007', title: 'Change request', versions: [version({ version: 2, approved: '2026-04-14', effective: '2026-05-01' })] };
    expect(on([late], '2026-03-03')).toEqual([['FRM-007', 'before-history', 2]]);
    expect(onDateRows([late], '2026-03-03')[0]).toMatchObject({ version: null, versionHref: null, note: expect.stringContaining('The earliest recorded version, 2, takes effect on 1 May 2026') });
  });

  it('ends a version on the day the document was withdrawn', () => {
    const withdrawn: DocumentVersions = { ...sop004, versions: [version({ version: 1, approved: '2025-03-01', effective: '2025-03-10', withdrawn: '2026-06-30' })] };
    expect(on([withdrawn], '2026-06-29')).toEqual([['SOP-004', 'in-force', 1]]);
    expect(on([withdrawn], '2026-06-30')).toEqual([['SOP-004', 'withdrawn', 1]]);
  });

  it('treats a document as replaced on the days a version in force lists it in supersedes', () => {
    const sop026: DocumentVersions = { id: 'SOP-026', title: 'Complaints, concerns and compliments', versions: [version({ version: 1, approved: '2026-06-01', effective: '2026-07-01', supersedes: ['SOP-009'] })] };
    const sop009: DocumentVersions = { id: 'SOP-009', title: 'Complaints handling', versions: [version({ version: 4, approved: '2024-04-01', effective: '2024-04-12' })] };
    expect(on([sop009, sop026], '2026-06-30')).toEqual([['SOP-009', 'in-force', 4], ['SOP-026', 'not-yet-effective', 1]]);
    const [replaced] = manualOnDate([sop009, sop026], '2026-07-01');
    expect(replaced).toMatchObject({ state: 'superseded', supersededBy: [{ id: 'SOP-026', version: 1 }] });
    expect(onDateRows([sop009, sop026], '2026-07-01')[0].note).toBe('Replaced by SOP-026 version 1.');
  });
});

describe('the manual on a date as CSV', () => {
  it('writes one row a document, as the page lists them, with the day in every row', () => {
    const csv = onDateCsv(onDateRows([sop004], '2026-03-03'), '2026-03-03');
    const [header, row] = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(header).toBe('Date,ID,Title,On that date,Version,Approved,Approver,Effective from,Last day in force,Notes,Page,Commit');
    expect(row).toBe('2026-03-03,SOP-004,Hand hygiene,In force,1,2025-03-01,Medical Director,2025-03-10,2026-03-04,The next version took effect on 5 Mar 2026.,/docs/SOP-004/v1/,');
  });

  it('keeps a title a spreadsheet would run as a formula from running', () => {
    const csv = onDateCsv(onDateRows([{ ...sop004, title: '=HYPERLINK("x")' }], '2026-03-03'), '2026-03-03');
    expect(csv).toContain(`,"'=HYPERLINK(""x"")",`);
  });
});
