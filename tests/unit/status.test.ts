import { describe, expect, it } from 'vitest';
import { analyseManual } from '../../src/qms/analysis.ts';
import type { DocumentFrontmatter } from '../../src/qms/schemas/document.ts';
import {
  COVERS_CLAUSES,
  EFFECTIVE_STATES,
  effectiveStatus,
  effectiveStatuses,
  IN_FORCE,
  reviewDue,
  STATE_ADVICE,
  STATE_LABEL,
  type StatusOptions,
} from '../../src/qms/status.ts';
import { makeDoc, makeIndex, makeSettings } from './helpers.ts';

const review = { due_soon_days: 60, interval_months: { policy: 36, procedure: 24 } };
const asOf = (date: string): StatusOptions => ({ asOf: date, review });

/** makeDoc's procedure is effective 2025-01-01 and due for review on 2027-01-01. */
const stateOn = (date: string, fields: Parameters<typeof makeDoc>[0] = {}) => effectiveStatus(makeDoc(fields), asOf(date)).state;

/** The effective state of every document at once, as [id, state, supersededBy]. */
function statesOf(docs: DocumentFrontmatter[], date: string) {
  return [...effectiveStatuses(docs, asOf(date))].map(([id, s]) => [id, s.state, s.supersededBy]);
}

describe('effective status of one document', () => {
  it('shows a draft as a draft, whatever its dates', () => {
    expect(effectiveStatus(makeDoc({ status: 'draft' }), asOf('2026-01-01'))).toEqual({
      state: 'draft',
      label: 'Draft, not approved',
      reviewBy: '2027-01-01',
      daysToReview: 365,
      supersededBy: [],
    });
  });

  it('shows a document in review as in review', () => {
    expect(stateOn('2026-01-01', { status: 'in-review' })).toBe('in-review');
  });

  it('shows an approved document as not yet effective until its effective date', () => {
    expect(stateOn('2026-01-31', { approved: '2026-01-15', effective: '2026-02-01', review_by: '2028-02-01' })).toBe('not-yet-effective');
  });

  it('shows an approved document as current from its effective date', () => {
    expect(stateOn('2026-02-01', { approved: '2026-01-15', effective: '2026-02-01', review_by: '2028-02-01' })).toBe('current');
  });

  it('shows a document in force with its review far off as current, with the days left', () => {
    expect(effectiveStatus(makeDoc(), asOf('2026-01-01'))).toEqual({
      state: 'current',
      label: 'Current',
      reviewBy: '2027-01-01',
      daysToReview: 365,
      supersededBy: [],
    });
  });

  it('marks the review due soon exactly due_soon_days before the review date', () => {
    expect(effectiveStatus(makeDoc(), asOf('2026-11-02'))).toMatchObject({ state: 'review-due-soon', label: 'Current, review due soon', daysToReview: 60 });
  });

  it('keeps a document current the day before the due-soon window opens', () => {
    expect(effectiveStatus(makeDoc(), asOf('2026-11-01'))).toMatchObject({ state: 'current', daysToReview: 61 });
  });

  it('uses the due-soon window from the settings', () => {
    const options = { asOf: '2026-12-01', review: { ...review, due_soon_days: 30 } };
    expect(effectiveStatus(makeDoc(), options).state).toBe('current');
    expect(effectiveStatus(makeDoc(), { ...options, asOf: '2026-12-02' }).state).toBe('review-due-soon');
  });

  it('does not mark a document overdue on its review date', () => {
    expect(effectiveStatus(makeDoc(), asOf('2027-01-01'))).toMatchObject({ state: 'review-due-soon', daysToReview: 0 });
  });

  it('marks a document overdue the day after its review date', () => {
    expect(effectiveStatus(makeDoc(), asOf('2027-01-02'))).toEqual({
      state: 'overdue',
      label: 'Overdue for review',
      reviewBy: '2027-01-01',
      daysToReview: -1,
      supersededBy: [],
    });
  });

  it('shows a withdrawn document as obsolete', () => {
    expect(effectiveStatus(makeDoc({ status: 'obsolete', withdrawn: '2026-03-01' }), asOf('2026-06-01'))).toMatchObject({ state: 'obsolete', label: 'Obsolete' });
  });

  it('does not call an obsolete document overdue', () => {
    expect(stateOn('2028-01-01', { status: 'obsolete', withdrawn: '2026-03-01' })).toBe('obsolete');
  });

  it('shows a document as superseded when an in-force document replaces it', () => {
    expect(effectiveStatus(makeDoc(), asOf('2026-01-01'), ['SOP-002'])).toMatchObject({ state: 'superseded', label: 'Superseded', supersededBy: ['SOP-002'] });
  });
});

describe('the review date', () => {
  it('is the document\u2019s own review_by when it has one', () => {
    expect(reviewDue(makeDoc({ review_by: '2026-06-30' }), review)).toBe('2026-06-30');
  });

  it('is the effective date plus the interval for its type when review_by is missing', () => {
    expect(reviewDue(makeDoc({ review_by: undefined, effective: '2025-03-15' }), review)).toBe('2027-03-15');
    expect(reviewDue(makeDoc({ id: 'POL-001', type: 'policy', review_by: undefined, effective: '2025-03-15' }), review)).toBe('2028-03-15');
  });

  it('clamps a derived review date to the end of a shorter month', () => {
    const sixMonths = { due_soon_days: 60, interval_months: { procedure: 6 } };
    expect(reviewDue(makeDoc({ review_by: undefined, approved: '2025-08-01', effective: '2025-08-31' }), sixMonths)).toBe('2026-02-28');
    expect(reviewDue(makeDoc({ review_by: undefined, approved: '2024-02-01', effective: '2024-02-29' }), { due_soon_days: 60, interval_months: { procedure: 12 } })).toBe(
      '2025-02-28',
    );
  });

  it('uses the derived date for the status', () => {
    const doc = makeDoc({ review_by: undefined, effective: '2025-03-15' });
    expect(effectiveStatus(doc, asOf('2027-03-16'))).toMatchObject({ state: 'overdue', reviewBy: '2027-03-15', daysToReview: -1 });
  });

  it('is null for a draft without an effective date', () => {
    const draft = makeDoc({ status: 'draft', approved: undefined, effective: undefined, review_by: undefined });
    expect(reviewDue(draft, review)).toBeNull();
    expect(effectiveStatus(draft, asOf('2026-01-01'))).toEqual({ state: 'draft', label: 'Draft, not approved', reviewBy: null, daysToReview: null, supersededBy: [] });
  });

  it('is null when the type has no interval and the document no review_by, so it is never due', () => {
    const form = makeDoc({ id: 'FRM-001', type: 'form', review_by: undefined });
    expect(effectiveStatus(form, asOf('2040-01-01'))).toEqual({ state: 'current', label: 'Current', reviewBy: null, daysToReview: null, supersededBy: [] });
  });
});

describe('supersession', () => {
  const old = makeDoc({ id: 'SOP-003', title: 'Old patient identification', effective: '2024-01-01', approved: '2023-12-01', review_by: '2027-06-01' });
  const replacement = (fields: Parameters<typeof makeDoc>[0] = {}) =>
    makeDoc({ id: 'SOP-007', title: 'Patient identification', supersedes: ['SOP-003'], approved: '2025-12-01', effective: '2026-01-01', review_by: '2028-01-01', ...fields });

  it('marks a document superseded once its replacement is current', () => {
    expect(statesOf([old, replacement()], '2026-01-01')).toEqual([
      ['SOP-003', 'superseded', ['SOP-007']],
      ['SOP-007', 'current', []],
    ]);
  });

  it('does not mark a document superseded by a draft', () => {
    expect(statesOf([old, replacement({ status: 'draft' })], '2026-01-01')).toEqual([
      ['SOP-003', 'current', []],
      ['SOP-007', 'draft', []],
    ]);
  });

  it('does not mark a document superseded by a replacement in review', () => {
    expect(statesOf([old, replacement({ status: 'in-review' })], '2026-01-01')[0]).toEqual(['SOP-003', 'current', []]);
  });

  it('does not mark a document superseded by a replacement that is not yet effective', () => {
    expect(statesOf([old, replacement()], '2025-12-31')).toEqual([
      ['SOP-003', 'current', []],
      ['SOP-007', 'not-yet-effective', []],
    ]);
  });

  it('marks a document superseded by a replacement that is in force but overdue for review', () => {
    expect(statesOf([old, replacement({ review_by: '2026-06-01' })], '2026-07-01')).toEqual([
      ['SOP-003', 'superseded', ['SOP-007']],
      ['SOP-007', 'overdue', []],
    ]);
  });

  it('does not mark a document superseded by a replacement that was itself withdrawn', () => {
    expect(statesOf([old, replacement({ status: 'obsolete', withdrawn: '2026-03-01' })], '2026-04-01')[0]).toEqual(['SOP-003', 'current', []]);
  });

  it('shows an obsolete document that was replaced as superseded, naming the replacement', () => {
    const withdrawn = makeDoc({ ...old, status: 'obsolete', withdrawn: '2026-01-01' });
    expect(statesOf([withdrawn, replacement()], '2026-01-01')[0]).toEqual(['SOP-003', 'superseded', ['SOP-007']]);
  });

  it('names every in-force replacement', () => {
    const wards = makeDoc({ id: 'SOP-009', title: 'Patient identification on wards', supersedes: ['SOP-003'], effective: '2025-06-01', approved: '2025-05-01' });
    expect(statesOf([old, replacement(), wards], '2026-01-01')[0]).toEqual(['SOP-003', 'superseded', ['SOP-007', 'SOP-009']]);
  });

  it('ignores a document that names itself as superseded', () => {
    const self = makeDoc({ id: 'SOP-003' });
    (self.supersedes as string[]).push('SOP-003');
    expect(statesOf([self], '2026-01-01')).toEqual([['SOP-003', 'current', []]]);
  });

  it('ignores a superseded ID that is not in the manual', () => {
    expect(statesOf([replacement({ supersedes: ['SOP-099'] })], '2026-01-01')).toEqual([['SOP-007', 'current', []]]);
  });
});

describe('what each state means', () => {
  it('has a label and advice for every state', () => {
    expect(EFFECTIVE_STATES.map((s) => STATE_LABEL[s])).toEqual([
      'Current',
      'Current, review due soon',
      'Overdue for review',
      'Approved, not yet effective',
      'In review, not approved',
      'Draft, not approved',
      'Superseded',
      'Obsolete',
    ]);
    expect(EFFECTIVE_STATES.filter((s) => !STATE_ADVICE[s])).toEqual([]);
  });

  it('treats current, due-soon and overdue documents as in force', () => {
    expect(EFFECTIVE_STATES.filter((s) => IN_FORCE.has(s))).toEqual(['current', 'review-due-soon', 'overdue']);
  });

  it('counts only documents in force and reviewed on time towards clause coverage', () => {
    expect(EFFECTIVE_STATES.filter((s) => COVERS_CLAUSES.has(s))).toEqual(['current', 'review-due-soon']);
  });
});

describe('reviews by owner', () => {
  it('groups overdue and due-soon documents by owner, soonest first, and leaves out the rest', () => {
    const docs = [
      makeDoc({ id: 'SOP-001', owner: 'Head of Quality', review_by: '2026-03-01' }),
      makeDoc({ id: 'SOP-002', owner: 'Head of Quality', review_by: '2025-12-20' }),
      makeDoc({ id: 'SOP-003', owner: 'Director of Nursing', review_by: '2026-01-10' }),
      makeDoc({ id: 'SOP-004', owner: 'Director of Nursing', review_by: '2027-01-01' }),
      makeDoc({ id: 'SOP-005', owner: 'Head of Quality', status: 'draft', review_by: '2025-12-01' }),
    ];
    const analysis = analyseManual(docs, makeIndex([['4', 'Context']]), makeSettings({ review }), '2026-01-01');
    const summary = [...analysis.reviewsByOwner].map(([owner, list]) => [owner, list.map((r) => [r.id, r.status.state, r.status.daysToReview])]);
    expect(summary).toEqual([
      [
        'Head of Quality',
        [
          ['SOP-002', 'overdue', -12],
          ['SOP-001', 'review-due-soon', 59],
        ],
      ],
      ['Director of Nursing', [['SOP-003', 'review-due-soon', 9]]],
    ]);
    expect(analysis.asOf).toBe('2026-01-01');
  });
});
