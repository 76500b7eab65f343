import { describe, expect, it } from 'vitest';
import { effectiveStatus, type EffectiveStatus, type StatusOptions } from '../../src/qms/status.ts';
import { dueSoonHeading, overdueHeading, reviewAlerts } from '../../src/qms/views/review-alerts.ts';
import { changedSinceBuild, statusBanner, todayText } from '../../src/qms/views/status.ts';
import { makeDoc } from './helpers.ts';

const review = { due_soon_days: 60, interval_months: {} };
const on = (date: string): StatusOptions => ({ asOf: date, review });

/** makeDoc's procedure: in force from 2025-01-01, review due on 2027-01-01. */
const doc = makeDoc();

describe('the status banner', () => {
  it('says the date its status was worked out for', () => {
    expect(statusBanner(effectiveStatus(doc, on('2026-11-25')), doc, '2026-11-25').asOfNote).toBe('Status as of 25 Nov 2026.');
  });

  it('says nothing of today on the day the copy was built', () => {
    const status = effectiveStatus(doc, on('2026-11-25'));
    expect(statusBanner(status, doc, '2026-11-25', { asOf: '2026-11-25', state: status.state }).asOfNote).toBe('Status as of 25 Nov 2026.');
  });

  it('says when and how the status changed since the build', () => {
    const built = { asOf: '2026-11-25', state: effectiveStatus(doc, on('2026-11-25')).state };
    const banner = statusBanner(effectiveStatus(doc, on('2027-01-05')), doc, '2027-01-05', built);
    expect(banner).toMatchObject({ state: 'overdue', label: 'Overdue for review', notes: [[{ text: 'Review was due on 1 Jan 2027, 4 days ago.' }]] });
    expect(banner.asOfNote).toBe('Built on 25 Nov 2026; as of today, 5 Jan 2027, this document is overdue for review.');
  });

  it('says the status is for today when it is the same as the build\'s, with the days counted to today', () => {
    const built = { asOf: '2026-11-25', state: 'review-due-soon' as const };
    const banner = statusBanner(effectiveStatus(doc, on('2026-12-01')), doc, '2026-12-01', built);
    expect(banner.notes).toEqual([[{ text: 'Review due on 1 Jan 2027, in 31 days.' }]]);
    expect(banner.asOfNote).toBe('Status as of today, 1 Dec 2026; this copy was built on 25 Nov 2026.');
  });

  it('links to the replacement of a document superseded since the build', () => {
    const banner = statusBanner(effectiveStatus(doc, on('2026-12-01'), ['SOP-002']), doc, '2026-12-01', { asOf: '2026-11-25', state: 'current' });
    expect(banner.notes).toEqual([[{ text: 'Replaced by ' }, { text: 'SOP-002', href: '/docs/SOP-002/' }, { text: ': follow that document instead.' }]]);
    expect(banner.asOfNote).toBe('Built on 25 Nov 2026; as of today, 1 Dec 2026, this document is superseded.');
  });
});

describe('a badge or a date worked out in the reader\'s browser', () => {
  it('says what the badge said when the copy was built', () => {
    expect(changedSinceBuild({ asOf: '2026-11-25', state: 'review-due-soon' }, '2027-01-11')).toBe(
      'as of today, 11 Jan 2027; "Current, review due soon" when this copy was built on 25 Nov 2026',
    );
  });

  it('names today with its date', () => {
    expect(todayText('2027-01-11')).toBe('today, 11 Jan 2027');
  });
});

describe('the home page\'s review alerts', () => {
  const docs = [
    { id: 'SOP-001', title: 'Document control', owner: 'Head of Quality' },
    { id: 'SOP-002', title: 'Internal audit', owner: 'Lead Auditor' },
  ];
  const statuses = (date: string): Map<string, EffectiveStatus> =>
    new Map([
      ['SOP-001', effectiveStatus(makeDoc(), on(date))],
      ['SOP-002', effectiveStatus(makeDoc({ id: 'SOP-002', review_by: '2027-03-01' }), on(date))],
    ]);

  it('list the documents overdue with their owner and those due soon with their date', () => {
    const today = statuses('2027-01-05');
    expect(reviewAlerts(docs, (id) => today.get(id)!)).toEqual({
      overdue: [{ id: 'SOP-001', href: '/docs/SOP-001/', label: 'SOP-001 Document control', note: '(Head of Quality)' }],
      dueSoon: [{ id: 'SOP-002', href: '/docs/SOP-002/', label: 'SOP-002 Internal audit', note: 'by 1 Mar 2027' }],
    });
  });

  it('are empty while every review is far off', () => {
    const today = statuses('2026-01-01');
    expect(reviewAlerts(docs, (id) => today.get(id)!)).toEqual({ overdue: [], dueSoon: [] });
  });

  it('count in words', () => {
    expect(overdueHeading(1)).toBe('1 document is overdue for review');
    expect(overdueHeading(2)).toBe('2 documents are overdue for review');
    expect(dueSoonHeading(1, 60)).toBe('1 review due within 60 days');
    expect(dueSoonHeading(3, 30)).toBe('3 reviews due within 30 days');
  });
});
