import { describe, expect, it } from 'vitest';
import { approvalKinds, approvedChanges, commitTrailers, previousApprovedRevision } from '../../src/qms/views/changes.ts';
import { atomFeed, reviewCalendar } from '../../src/qms/views/feeds.ts';
import type { ManualHistory, Revision } from '../../src/qms/history/index.ts';
import type { DocumentFrontmatter } from '../../src/qms/schemas/document.ts';

function revision(fields: Partial<Revision>): Revision {
  return {
    commit: 'a'.repeat(40), date: '2026-01-01T09:00:00Z', author: 'Ana Silva', email: 'ana@hospital.example', message: 'Edit',
    file: 'content/docs/procedures/SOP-004-hand-hygiene.mdx', blob: 'b'.repeat(40), version: 1, status: 'approved', changeSummary: null,
    approved: null, approver: null, effective: null, withdrawn: null, reviewBy: null, supersedes: [], title: null, change: 'modified', bodyChanged: true, versionBumped: false, bodyHash: 'c'.repeat(40), ...fields,
  };
}

const doc = (fields: Partial<DocumentFrontmatter>): DocumentFrontmatter => ({
  id: 'SOP-004', title: 'Hand hygiene', type: 'procedure', version: 2, status: 'approved', clauses: [], departments: [], related: [], supersedes: [],
  documented_information: [], attachments: [], ...fields,
});

// SOP-004: created as a draft, approved as version 1, edited in draft, approved as version 2 (newest first).
// Each approval was committed days after the approval its frontmatter records.
const sop004: Revision[] = [
  revision({ commit: '4'.repeat(40), date: '2026-06-01T09:00:00Z', version: 2, status: 'approved', versionBumped: true, changeSummary: 'Raised the audit threshold.', author: 'Ben Okafor', approved: '2026-05-20', approver: 'Medical Director', effective: '2026-06-15' }),
  revision({ commit: '3'.repeat(40), date: '2026-05-01T09:00:00Z', version: 2, status: 'draft', versionBumped: true, changeSummary: 'Raised the audit threshold.', approved: '2026-01-25', effective: '2026-02-01' }),
  revision({ commit: '2'.repeat(40), date: '2026-02-01T09:00:00Z', version: 1, status: 'approved', versionBumped: false, bodyChanged: false, message: 'Approve SOP-004', approved: '2026-01-25', approver: 'Medical Director', effective: '2026-02-01' }),
  revision({ commit: '1'.repeat(40), date: '2026-01-01T09:00:00Z', version: 1, status: 'draft', change: 'added', versionBumped: true }),
];
const history: ManualHistory = { available: true, head: '4'.repeat(40), byId: new Map([['SOP-004', sop004]]) };

describe('approved changes', () => {
  it('lists every approved version once, dated by its own approval record, with the commit beside it', () => {
    expect(approvedChanges(history, [doc({})], { pastVersions: 10 })).toEqual([
      {
        id: 'SOP-004', title: 'Hand hygiene', version: 2, kind: 'new-version', date: '2026-05-20', dateIs: 'approved', effective: '2026-06-15', summary: 'Raised the audit threshold.',
        approver: 'Medical Director', commit: '4'.repeat(40), author: 'Ben Okafor', committed: '2026-06-01T09:00:00Z', href: '/docs/SOP-004/',
      },
      {
        id: 'SOP-004', title: 'Hand hygiene', version: 1, kind: 'first-issue', date: '2026-01-25', dateIs: 'approved', effective: '2026-02-01', summary: 'First issue.',
        approver: 'Medical Director', commit: '2'.repeat(40), author: 'Ana Silva', committed: '2026-02-01T09:00:00Z', href: '/docs/SOP-004/v1/',
      },
    ]);
  });

  it('counts a document first committed as approved as its first issue', () => {
    const created = revision({ change: 'added', versionBumped: true, status: 'approved', version: 1 });
    expect(approvalKinds([created])).toEqual(['first-issue']);
    expect(approvedChanges({ ...history, byId: new Map([['SOP-004', [created]]]) }, [doc({ version: 1 })])[0].summary).toBe('First issue.');
  });

  it('orders by approval date, then effective date, never by when the commit was made', () => {
    // FRM-004 was approved in April 2025 but committed with the rest of the manual in November 2026.
    const frm004 = revision({ commit: 'f'.repeat(40), date: '2026-11-25T17:12:00Z', change: 'added', version: 1, approved: '2025-04-15', effective: '2025-05-01', file: 'content/docs/forms/FRM-004.mdx' });
    const sop010 = revision({ commit: 'e'.repeat(40), date: '2026-11-25T17:12:00Z', change: 'added', version: 1, approved: '2026-11-20', effective: '2026-11-24' });
    const sop011 = revision({ commit: 'e'.repeat(40), date: '2026-11-25T17:12:00Z', change: 'added', version: 1, approved: '2026-11-20', effective: '2026-12-01' });
    const changes = approvedChanges({ ...history, byId: new Map([['FRM-004', [frm004]], ['SOP-010', [sop010]], ['SOP-011', [sop011]]]) }, []);
    expect(changes.map((c) => [c.id, c.date])).toEqual([['SOP-011', '2026-11-20'], ['SOP-010', '2026-11-20'], ['FRM-004', '2025-04-15']]);
  });

  it('counts a version raised by hand on an approved document, and a withdrawal, but not a new review date nor a version approved again', () => {
    const revisions = [
      revision({ commit: '8'.repeat(40), date: '2026-10-01T09:00:00Z', version: 3, status: 'approved', changeSummary: 'Hand-raised.', approved: '2026-09-30' }),
      revision({ commit: '7'.repeat(40), date: '2026-09-01T09:00:00Z', version: 3, status: 'obsolete', withdrawn: '2026-09-01' }),
      revision({ commit: '6'.repeat(40), date: '2026-08-01T09:00:00Z', version: 3, status: 'approved', changeSummary: 'Review date moved.' }),
      revision({ commit: '5'.repeat(40), date: '2026-07-01T09:00:00Z', version: 3, status: 'approved', changeSummary: 'Hand-raised.', versionBumped: true }),
      revision({ commit: '4'.repeat(40), date: '2026-06-01T09:00:00Z', version: 2, status: 'approved', change: 'added', changeSummary: 'Entered the manual at version 2.' }),
    ];
    expect(approvalKinds(revisions)).toEqual(['approved-again', 'withdrawn', undefined, 'new-version', 'first-issue']);
    const changes = approvedChanges({ ...history, byId: new Map([['SOP-004', revisions]]) }, [doc({ version: 3, status: 'approved' })]);
    // A document that enters the manual at version 2 is a new version of it, not its first issue.
    expect(changes.map((c) => [c.kind, c.version, c.date, c.summary])).toEqual([
      ['withdrawn', 3, '2026-09-01', expect.stringMatching(/^Withdrawn on 1 Sept? 2026: no longer in force\.$/)],
      ['new-version', 3, '2026-07-01', 'Hand-raised.'],
      ['new-version', 2, '2026-06-01', 'Entered the manual at version 2.'],
    ]);
    expect(changes.filter((c) => c.kind !== 'withdrawn').every((c) => c.dateIs === 'committed')).toBe(true);
  });

  it('names who approved from the approval commit\'s trailer, besides the frontmatter\'s approver', () => {
    const approval = revision({ change: 'added', version: 1, approver: 'Chief Nursing Officer', message: 'Approve SOP-004 version 1: Hand hygiene\n\nApproved-by: Ana Silva <ana@hospital.example>\nReview-requested-by: Ben Okafor <ben@hospital.example>' });
    expect(commitTrailers(approval.message).get('Approved-by')).toEqual(['Ana Silva <ana@hospital.example>']);
    expect(approvedChanges({ ...history, byId: new Map([['SOP-004', [approval]]]) }, [doc({ version: 1 })])[0]).toMatchObject({ approvedBy: 'Ana Silva', approver: 'Chief Nursing Officer' });
  });

  it('falls back to the current approved versions, dated by approval, when history is unavailable', () => {
    const docs = [doc({ approved: '2026-03-01', effective: '2026-03-15', change_summary: 'Raised the audit threshold.' }), doc({ id: 'SOP-009', status: 'draft', title: 'Draft' })];
    expect(approvedChanges({ available: false, reason: 'no .git folder', byId: new Map() }, docs)).toEqual([
      { id: 'SOP-004', title: 'Hand hygiene', version: 2, kind: 'new-version', date: '2026-03-01', dateIs: 'approved', effective: '2026-03-15', summary: 'Raised the audit threshold.', href: '/docs/SOP-004/' },
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
      [{ id: 'SOP-004', title: 'Hand hygiene & <gloves>', version: 2, kind: 'new-version', date: '2026-06-01', dateIs: 'approved', effective: '2026-06-15', summary: 'Threshold "95%"', author: 'Ben Okafor', approver: 'Medical Director', committed: '2026-06-09T10:00:00Z' }],
      { title: 'Riverside: changes', base: '/', updated: '2026-11-25T00:00:00Z', authority: 'riverside.qms-manual.invalid' },
    );
    expect(xml).toContain('<id>tag:riverside.qms-manual.invalid,2026:SOP-004:v2</id>');
    expect(xml).toContain('<title>SOP-004 Hand hygiene &amp; &lt;gloves&gt;, version 2</title>');
    expect(xml).toContain('<summary>Threshold &quot;95%&quot;</summary>');
    expect(xml).toContain('<link rel="alternate" type="text/html" href="docs/SOP-004/"/>');
    // Dated by the approval record, not by the commit.
    expect(xml).toContain('<updated>2026-06-01T00:00:00Z</updated>');
    expect(xml).not.toContain('2026-06-09');
    expect(xml).toContain('<content type="text">Approved on 1 Jun 2026 by Medical Director; effective from 15 Jun 2026.</content>');
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

  it('folds text in two-, three- and four-byte characters at 75 octets, never inside a character', () => {
    const title = 'Prévention des infections – gants 🧤 et hygiène des mains, révisée pour les unités de soins intensifs ✓ 🧼';
    const ics = reviewCalendar([{ id: 'SOP-004', title, owner: 'Équipe opérationnelle d’hygiène', reviewBy: '2028-11-24', version: 4 }], {
      name: 'Riverside: reviews',
      authority: 'riverside.qms-manual.invalid',
      stamp: '2026-11-25T00:00:00Z',
    });
    const lines = ics.split('\r\n');
    const summary = lines.findIndex((line) => line.startsWith('SUMMARY:'));
    expect(lines[summary + 1].startsWith(' ')).toBe(true);
    // Each line as long as it may be: a further character would have passed 75 octets (74 after the fold's space).
    expect(lines.every((line) => new TextEncoder().encode(line).length <= 75)).toBe(true);
    expect(new TextEncoder().encode(lines[summary]).length).toBeGreaterThan(71);
    expect(lines.every((line) => !line.includes('\uFFFD'))).toBe(true);
    expect(ics.replace(/\r\n /g, '')).toContain(`SUMMARY:Review due: SOP-004 ${title.replaceAll(',', '\\,')}`);
  });
});
