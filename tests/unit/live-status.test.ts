import { afterEach, describe, expect, it } from 'vitest';
import { addDays, localToday, today } from '../../src/qms/base/dates.ts';
import { isStaleBuild, statusFacts, statusOnDate } from '../../src/qms/live-status.ts';
import { loadManual } from '../../src/qms/load/manual.ts';
import type { DocumentFrontmatter } from '../../src/qms/schemas/document.ts';
import { settingsSchema } from '../../src/qms/schemas/settings.ts';
import { effectiveStatuses, type StatusOptions } from '../../src/qms/status.ts';
import { makeDoc } from './helpers.ts';

const review = { due_soon_days: 60, interval_months: { policy: 36, procedure: 24 } };
const on = (date: string): StatusOptions => ({ asOf: date, review });

/** What the page carries for `id` → its status on `date`, next to the build's answer over the whole manual. */
function bothWays(docs: DocumentFrontmatter[], id: string, date: string, options: StatusOptions = on(date)) {
  return { fromFacts: statusOnDate(statusFacts(docs).get(id)!, options), fromManual: effectiveStatuses(docs, options).get(id) };
}

describe('the facts a page carries for a status', () => {
  it('hold only what the status reads, and the documents that name it in supersedes', () => {
    const old = makeDoc({ id: 'SOP-003', status: 'obsolete', withdrawn: '2026-02-01', related: ['SOP-009'], summary: 'Old way.' });
    const replacement = makeDoc({ id: 'SOP-007', supersedes: ['SOP-003'], review_by: undefined, clauses: ['8.4'] });
    expect(statusFacts([old, replacement]).get('SOP-003')).toEqual({
      id: 'SOP-003',
      type: 'procedure',
      status: 'obsolete',
      effective: '2025-01-01',
      review_by: '2027-01-01',
      withdrawn: '2026-02-01',
      replacements: [{ id: 'SOP-007', type: 'procedure', status: 'approved', effective: '2025-01-01' }],
    });
    expect(statusFacts([old, replacement]).get('SOP-007')).toEqual({ id: 'SOP-007', type: 'procedure', status: 'approved', effective: '2025-01-01' });
  });

  it('never list a document as its own replacement (the schema refuses it; the status ignores it)', () => {
    expect(statusFacts([{ ...makeDoc(), supersedes: ['SOP-001'] }]).get('SOP-001')!.replacements).toBeUndefined();
  });

  it('survive the page: read back from JSON they give the same status', () => {
    const docs = [makeDoc(), makeDoc({ id: 'SOP-002', supersedes: ['SOP-001'], approved: '2026-05-01', effective: '2026-06-01', review_by: '2028-06-01' })];
    const carried = JSON.parse(JSON.stringify(statusFacts(docs).get('SOP-001')));
    expect(statusOnDate(carried, on('2026-06-01'))).toEqual(effectiveStatuses(docs, on('2026-06-01')).get('SOP-001'));
  });
});

describe('a status worked out again from the facts', () => {
  it('marks a document overdue the day after its review date, as the build would', () => {
    const docs = [makeDoc()];
    expect(bothWays(docs, 'SOP-001', '2027-01-01').fromFacts.state).toBe('review-due-soon');
    const { fromFacts, fromManual } = bothWays(docs, 'SOP-001', '2027-01-02');
    expect(fromFacts).toEqual(fromManual);
    expect(fromFacts).toMatchObject({ state: 'overdue', daysToReview: -1 });
  });

  it('reads the review interval from the settings when the document has no review_by', () => {
    const docs = [makeDoc({ review_by: undefined, effective: '2025-03-15' })];
    expect(bothWays(docs, 'SOP-001', '2027-03-16').fromFacts).toMatchObject({ state: 'overdue', reviewBy: '2027-03-15' });
    expect(bothWays(docs, 'SOP-001', '2027-03-16', { asOf: '2027-03-16', review: { ...review, interval_months: { procedure: 36 } } }).fromFacts.state).toBe('current');
  });

  it('supersedes a document from the day its replacement takes effect, not before', () => {
    const docs = [makeDoc(), makeDoc({ id: 'SOP-002', title: 'New', supersedes: ['SOP-001'], approved: '2026-05-01', effective: '2026-06-01', review_by: '2028-06-01' })];
    expect(bothWays(docs, 'SOP-001', '2026-05-31').fromFacts.state).toBe('current');
    const { fromFacts, fromManual } = bothWays(docs, 'SOP-001', '2026-06-01');
    expect(fromFacts).toEqual(fromManual);
    expect(fromFacts).toMatchObject({ state: 'superseded', supersededBy: ['SOP-002'] });
  });

  it('is never superseded by a replacement that is only a draft', () => {
    const docs = [makeDoc(), makeDoc({ id: 'SOP-002', status: 'draft', supersedes: ['SOP-001'] })];
    expect(bothWays(docs, 'SOP-001', '2026-06-01').fromFacts.state).toBe('current');
  });

  it('gives the build\'s answer for every sample document on every day its status can change', () => {
    const docs = loadManual(process.cwd()).documents.map((d) => d.data);
    const turningPoints = docs.flatMap((d) => [d.effective, d.review_by].filter((x): x is string => Boolean(x)));
    const dates = [...new Set(turningPoints.flatMap((d) => [addDays(d, -61), addDays(d, -60), addDays(d, -1), d, addDays(d, 1)]))].sort();
    expect(docs.length).toBeGreaterThan(50);
    const facts = statusFacts(docs);
    for (const date of dates) {
      const statuses = effectiveStatuses(docs, on(date));
      for (const doc of docs) expect(statusOnDate(facts.get(doc.id)!, on(date)), `${doc.id} on ${date}`).toEqual(statuses.get(doc.id));
    }
  });
});

describe('the reader\'s day', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it('is the calendar day where the reader is, not in UTC', () => {
    const evening = new Date('2027-01-10T20:00:00Z');
    process.env.TZ = 'Pacific/Auckland';
    expect(localToday(evening)).toBe('2027-01-11');
    process.env.TZ = 'America/New_York';
    expect(localToday(evening)).toBe('2027-01-10');
    expect(today(evening)).toBe('2027-01-10');
  });
});

describe('an old copy of the manual', () => {
  const settings = { asOf: '2026-11-25', staleAfterDays: 7 };

  it('is not stale up to the number of days the settings allow', () => {
    expect(isStaleBuild(settings, '2026-11-25')).toBe(false);
    expect(isStaleBuild(settings, '2026-12-02')).toBe(false);
  });

  it('is stale the day after', () => {
    expect(isStaleBuild(settings, '2026-12-03')).toBe(true);
  });

  it('is not stale when the reader\'s clock is behind the build', () => {
    expect(isStaleBuild(settings, '2026-11-20')).toBe(false);
  });

  it('counts in whole days from 1 to 365, 7 unless the settings say otherwise (build.stale_after_days)', () => {
    const parse = (build?: unknown) => settingsSchema.safeParse({ organization: 'Riverside', ...(build ? { build } : {}) });
    expect(parse().data?.build.stale_after_days).toBe(7);
    expect(parse({ stale_after_days: 14 }).data?.build.stale_after_days).toBe(14);
    for (const wrong of [0, 1.5, 366]) expect(parse({ stale_after_days: wrong }).success).toBe(false);
  });
});
