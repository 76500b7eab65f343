import { describe, expect, it } from 'vitest';
import type { DocumentFrontmatterInput } from '../../src/qms/schemas/document.ts';
import { parseVersion, verdictMessage, verifyCopy, verifyData, type VerifyData } from '../../src/qms/views/verify.ts';
import { makeDoc, makeSettings } from './helpers.ts';

const BUILT = '2026-06-01';

/** A manual as a build writes it for /verify/; `previous` gives the last approved version before each ID's. */
function manual(docs: Partial<DocumentFrontmatterInput>[], previous: Record<string, number> = {}): VerifyData {
  return verifyData(
    docs.map((d) => makeDoc(d)),
    (doc) => previous[doc.id] ?? null,
    { builtOn: BUILT, build: 'Built 1 Jun 2026, commit 1a2b3c4', review: makeSettings().review },
  );
}

const HAND_HYGIENE = { id: 'SOP-004', title: 'Hand hygiene', version: 4, effective: '2026-01-10', review_by: '2028-01-10' };

describe('checking a paper copy against the manual', () => {
  it('says the version in force is current, however the ID is typed', () => {
    const data = manual([HAND_HYGIENE]);
    for (const typed of ['SOP-004', 'sop-004', ' SOP 4 ', 'SOP-0004']) {
      expect(verifyCopy(data, typed, 4, BUILT)).toMatchObject({ kind: 'current', doc: { id: 'SOP-004' }, version: 4, status: { state: 'current' } });
    }
    expect(verdictMessage(verifyCopy(data, 'SOP-004', 4, BUILT))).toMatchObject({ tone: 'use', headline: 'Current: version 4 is in force.', links: [{ href: '/docs/SOP-004/' }] });
  });

  it('says an older version is superseded by the version in force', () => {
    const verdict = verifyCopy(manual([HAND_HYGIENE]), 'SOP-004', 3, BUILT);
    expect(verdict).toEqual({ kind: 'newer-version', doc: { id: 'SOP-004', title: 'Hand hygiene' }, version: 3, inForce: 4 });
    expect(verdictMessage(verdict)).toMatchObject({ tone: 'stop', headline: 'Superseded by version 4: do not use this copy.' });
  });

  it('names the document that replaced a superseded one, whatever version the copy is', () => {
    const data = manual([
      { id: 'SOP-009', title: 'Complaints handling', version: 4, status: 'obsolete', withdrawn: '2026-05-31' },
      { id: 'SOP-026', title: 'Complaints, concerns and compliments', supersedes: ['SOP-009'], effective: '2026-06-01', review_by: '2028-06-01' },
    ]);
    for (const version of [3, 4]) {
      expect(verifyCopy(data, 'SOP-009', version, BUILT)).toMatchObject({ kind: 'replaced', by: [{ id: 'SOP-026', title: 'Complaints, concerns and compliments' }] });
    }
    expect(verdictMessage(verifyCopy(data, 'SOP-009', 3, BUILT))).toMatchObject({
      tone: 'stop',
      headline: 'Replaced by SOP-026: do not use this copy.',
      links: [{ href: '/docs/SOP-026/', text: 'SOP-026 Complaints, concerns and compliments' }],
    });
  });

  it('says a withdrawn document with no replacement is withdrawn, and when', () => {
    const data = manual([{ id: 'SOP-019', title: 'Fax referrals', version: 2, status: 'obsolete', withdrawn: '2025-05-30' }]);
    const verdict = verifyCopy(data, 'SOP-019', 2, BUILT);
    expect(verdict).toMatchObject({ kind: 'withdrawn', withdrawn: '2025-05-30' });
    expect(verdictMessage(verdict).headline).toBe('Withdrawn on 30 May 2025: do not use this copy.');
  });

  it('does not know an ID the manual does not hold, nor a version it never had', () => {
    const data = manual([HAND_HYGIENE]);
    expect(verifyCopy(data, 'sop-999', 1, BUILT)).toEqual({ kind: 'unknown-document', id: 'SOP-999' });
    expect(verdictMessage(verifyCopy(data, 'sop-999', 1, BUILT))).toMatchObject({ tone: 'unknown', headline: 'Unknown: the manual has no document SOP-999.' });
    expect(verifyCopy(data, 'SOP-004', 5, BUILT)).toMatchObject({ kind: 'unknown-version', version: 5, latest: 4 });
  });

  it('says a printed draft is not approved, and which version is in force instead', () => {
    const data = manual([{ ...HAND_HYGIENE, version: 5, status: 'draft' }], { 'SOP-004': 4 });
    expect(verifyCopy(data, 'SOP-004', 5, BUILT)).toMatchObject({ kind: 'not-approved', inForce: 4 });
    expect(verdictMessage(verifyCopy(data, 'SOP-004', 5, BUILT))).toMatchObject({ tone: 'stop', details: [expect.any(String), 'Version 4 is the version in force: use that one.'] });
    // The last approved version stays the approved text while the next is drafted; older ones are superseded.
    expect(verifyCopy(data, 'SOP-004', 4, BUILT)).toMatchObject({ kind: 'current', next: { version: 5, status: { state: 'draft' } } });
    expect(verifyCopy(data, 'SOP-004', 3, BUILT)).toMatchObject({ kind: 'newer-version', inForce: 4 });
  });

  it('says an approved version takes effect later, and the current one stays in force until then', () => {
    const data = manual([{ ...HAND_HYGIENE, version: 5, approved: '2026-05-20', effective: '2026-07-01', review_by: '2028-07-01' }], { 'SOP-004': 4 });
    expect(verdictMessage(verifyCopy(data, 'SOP-004', 5, BUILT))).toMatchObject({ tone: 'check', headline: 'Not in force yet: version 5 takes effect on 1 Jul 2026.' });
    expect(verdictMessage(verifyCopy(data, 'SOP-004', 4, BUILT)).details).toContain('Version 5 is approved and takes effect on 1 Jul 2026: from that day, use version 5 instead.');
  });

  it('answers for the reader’s date, not the build’s: a copy checked after the effective date is superseded', () => {
    const data = manual([{ ...HAND_HYGIENE, version: 5, approved: '2026-05-20', effective: '2026-07-01', review_by: '2028-07-01' }], { 'SOP-004': 4 });
    expect(verifyCopy(data, 'SOP-004', 4, '2026-07-01')).toMatchObject({ kind: 'newer-version', inForce: 5 });
    expect(verifyCopy(data, 'SOP-004', 5, '2026-07-01')).toMatchObject({ kind: 'current' });
    // A reader's clock behind the build does not take the manual back in time.
    expect(verifyCopy(manual([HAND_HYGIENE]), 'SOP-004', 4, '2020-01-01')).toMatchObject({ kind: 'current' });
  });

  it('warns when the version in force is overdue for review', () => {
    const verdict = verifyCopy(manual([HAND_HYGIENE]), 'SOP-004', 4, '2028-02-01');
    expect(verdictMessage(verdict)).toMatchObject({ tone: 'check', details: [expect.any(String), expect.stringMatching(/^Overdue for review: /)] });
  });
});

describe('reading the version typed from a copy', () => {
  it('takes "4", "v4" and "Version 4", and nothing else', () => {
    expect(['4', ' v4', 'V 4', 'Version 4', 'version. 12'].map(parseVersion)).toEqual([4, 4, 4, 4, 12]);
    expect(['', '0', 'four', '4.1', '-1', '4a'].map(parseVersion)).toEqual([null, null, null, null, null, null]);
  });
});
