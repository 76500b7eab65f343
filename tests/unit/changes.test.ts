import { describe, expect, it } from 'vitest';
import { approvalKinds, approvedChanges, commitTrailers, previousApprovedRevision } from '../../src/qms/views/changes.ts';
import { atomFeed, reviewCalendar } from '../../src/qms/views/feeds.ts';
import type { ManualHistory, Revision } from '../../src/qms/history/index.ts';
import type { DocumentFrontmatter } from '../../src/qms/schemas/document.ts';

function revision(fields: Partial<Revision>): Revision {
  return {
    commit: 'a'.repeat(40), date: '2026-01-01T09:00:00Z', author: 'Ana Silva', email: 'ana@hospital.example', message: 'Edit',
    file: 'content/docs/procedures/SOP-004-hand-hygiene.mdx', blob: 'b'.repeat(40), version: 1, status: 'approved', changeSummary: null,
    approved: null, approver: null, withdrawn: null, change: 'modified', bodyChanged: true, versionBumped: false, bodyHash: 'c'.repeat(40), ...fields,
  };
}

const doc = (fields: Partial<DocumentFrontmatter>): DocumentFrontmatter => ({
  id: 'SOP-004', title: 'Hand hygiene', type: 'procedure', version: 2, status: 'approved', clauses: [], departments: [], related: [], supersedes: [],
  documented_information: [], attachments: [], ...fields,
});

// SOP-004: created as a draft, approved as version 1, edited in draft, approved as version 2 (newest first).
const sop004: Revision[] = [
  revision({ commit: '4'.repeat(40), date: '2026-06-01T09:00:00Z', version: 2, status: 'approved', versionBumped: true, changeSummary: 'Raised the audit threshold.', author: 'Ben Okafor' }),
  revision({ commit: '3'.repeat(40), date: '2026-05-01T09:00:00Z', version: 2, status: 'draft', versionBumped: true, changeSummary: 'Raised the audit threshold.' }),
  revision({ commit: '2'.repeat(40), date: '2026-02-01T09:00:00Z', version: 1, status: 'approved', versionBumped: false, bodyChanged: false, message: 'Approve SOP-004' }),
  revision({ commit: '1'.repeat(40), date: '2026-01-01T09:00:00Z', version: 1, status: 'draft', change: 'added', versionBumped: true }),
];
const history: ManualHistory = { available: true, head: '4'.repeat(40), byId: new Map([['SOP-004', sop004]]) };

describe('approved changes', () => {
  it('lists every approval once, newest first, with its summary and who committed it: a document drafted then approved is issued', () => {
    expect(approvedChanges(history, [doc({})])).toEqual([
      { id: 'SOP-004', title: 'Hand hygiene', version: 2, kind: 'new-version', date: '2026-06-01T09:00:00Z', summary: 'Raised the audit threshold.', author: 'Ben Okafor', commit: '4'.repeat(40) },
      { id: 'SOP-004', title: 'Hand hygiene', version: 1, kind: 'first-issue', date: '2026-02-01T09:00:00Z', summary: 'First issue.', author: 'Ana Silva', commit: '2'.repeat(40) },
    ]);
  });

  it('counts a document first committed as approved as its first issue', () => {
    const created = revision({ change: 'added', versionBumped: true, status: 'approved', version: 1 });
    expect(approvalKinds([created])).toEqual(['first-issue']);
    expect(approvedChanges({ ...history, byId: new Map([['SOP-004', [created]]]) }, [doc({ version: 1 })])[0].summary).toBe('First issue.');
  });

  it('counts a version raised by hand on an approved document, and a withdrawal, but not a new review date', () => {
    const revisions = [
      revision({ commit: '7'.repeat(40), date: '2026-09-01T09:00:00Z', version: 3, status: 'obsolete', withdrawn: '2026-09-01' }),
      revision({ commit: '6'.repeat(40), date: '2026-08-01T09:00:00Z', version: 3, status: 'approved', changeSummary: 'Review date moved.' }),
      revision({ commit: '5'.repeat(40), date: '2026-07-01T09:00:00Z', version: 3, status: 'approved', changeSummary: 'Hand-raised.', versionBumped: true }),
      revision({ commit: '4'.repeat(40), date: '2026-06-01T09:00:00Z', version: 2, status: 'approved', change: 'added' }),
    ];
    expect(approvalKinds(revisions)).toEqual(['withdrawn', undefined, 'new-version', 'first-issue']);
    const changes = approvedChanges({ ...history, byId: new Map([['SOP-004', revisions]]) }, [doc({ version: 3, status: 'obsolete' })]);
    expect(changes.map((c) => [c.kind, c.version, c.summary])).toEqual([
      ['withdrawn', 3, expect.stringMatching(/^Withdrawn on 1 Sept? 2026: no longer in force\.$/)],
      ['new-version', 3, 'Hand-raised.'],
      ['first-issue', 2, 'First issue.'],
    ]);
  });

  it('names who approved from the approval commit\'s trailer, besides the frontmatter\'s approver', () => {
    const approval = revision({ change: 'added', version: 1, approver: 'Chief Nursing Officer', message: 'Approve SOP-004 version 1: Hand hygiene\n\nApproved-by: Ana Silva <ana@hospital.example>\nReview-requested-by: Ben Okafor <ben@hospital.example>' });
    expect(commitTrailers(approval.message).get('Approved-by')).toEqual(['Ana Silva <ana@hospital.example>']);
    expect(approvedChanges({ ...history, byId: new Map([['SOP-004', [approval]]]) }, [doc({ version: 1 })])[0]).toMatchObject({ approvedBy: 'Ana Silva', approver: 'Chief Nursing Officer' });
  });

  it('falls back to the current approved versions, dated by approval, when history is unavailable', () => {
    const docs = [doc({ approved: '2026-03-01', change_summary: 'Raised the audit threshold.' }), doc({ id: 'SOP-009', status: 'draft', title: 'Draft' })];
    expect(approvedChanges({ available: false, reason: 'no .git folder', byId: new Map() }, docs)).toEqual([
      { id: 'SOP-004', title: 'Hand hygiene', version: 2, kind: 'new-version', date: '2026-03-01T00:00:00Z', summary: 'Raised the audit threshold.' },
    ]);
  });

  it('compares the current version with the newest approved revision of an older version', () => {
    expect(previousApprovedRevision(sop004, 2)?.commit).toBe('2'.repeat(40));
    expect(previousApprovedRevision(sop004, 1)).toBeUndefined();
  });
});

describe('the Atom feed', () => {
  it('has one entry per approved change with a permanent id, escaped text and a relative link', () => {
    const xml = atomFeed(
      [{ id: 'SOP-004', title: 'Hand hygiene & <gloves>', version: 2, kind: 'new-version', date: '2026-06-01T09:00:00Z', summary: 'Threshold "95%"', author: 'Ben Okafor' }],
      { title: 'Riverside: changes', base: '/', updated: '2026-11-25T00:00:00Z', authority: 'riverside.qms-manual.invalid' },
    );
    expect(xml).toContain('<id>tag:riverside.qms-manual.invalid,2026:SOP-004:v2</id>');
    expect(xml).toContain('<title>SOP-004 Hand hygiene &amp; &lt;gloves&gt;, version 2</title>');
    expect(xml).toContain('<summary>Threshold &quot;95%&quot;</summary>');
    expect(xml).toContain('<link rel="alternate" type="text/html" href="docs/SOP-004/"/>');
    expect(xml).toContain('<updated>2026-06-01T09:00:00Z</updated>');
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:base="/">')).toBe(true);
  });
});

describe('the review calendar', () => {
  it('has one all-day event per review, with a stable UID and escaped, folded text', () => {
    const ics = reviewCalendar(
      [{ id: 'SOP-004', title: 'Hand hygiene; gloves, and rub', owner: 'Infection Prevention and Control Lead', reviewBy: '2028-11-24', version: 4 }],
      { name: 'Riverside: reviews', authority: 'riverside.qms-manual.invalid', stamp: '2026-11-25T00:00:00Z' },
    );
    const lines = ics.split('\r\n');
    expect(lines.slice(0, 2)).toEqual(['BEGIN:VCALENDAR', 'VERSION:2.0']);
    expect(lines).toContain('UID:SOP-004-v4-review@riverside.qms-manual.invalid');
    expect(lines).toContain('DTSTART;VALUE=DATE:20281124');
    expect(lines).toContain('DTSTAMP:20261125T000000Z');
    expect(lines).toContain('SUMMARY:Review due: SOP-004 Hand hygiene\\; gloves\\, and rub');
    expect(lines.every((line) => new TextEncoder().encode(line).length <= 75)).toBe(true);
    expect(ics.replace(/\r\n /g, '')).toContain('DESCRIPTION:Owner: Infection Prevention and Control Lead. Review version 4');
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });
});
