import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween, isIsoDate, toIsoDate, today } from '../../src/qms/base/dates.ts';

describe('isIsoDate', () => {
  it('accepts a real calendar day written YYYY-MM-DD', () => {
    expect(isIsoDate('2027-03-15')).toBe(true);
    expect(isIsoDate('2026-12-31')).toBe(true);
  });

  it('accepts 29 February in a leap year only', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
  });

  it('rejects days that do not exist', () => {
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-04-31')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-00-10')).toBe(false);
    expect(isIsoDate('2026-01-00')).toBe(false);
  });

  it('rejects other ways of writing a date', () => {
    expect(isIsoDate('2026-1-5')).toBe(false);
    expect(isIsoDate('15/03/2027')).toBe(false);
    expect(isIsoDate('2027-03-15T00:00:00Z')).toBe(false);
    expect(isIsoDate(' 2027-03-15')).toBe(false);
    expect(isIsoDate('')).toBe(false);
  });
});

describe('toIsoDate', () => {
  it('turns the UTC-midnight Date js-yaml makes of an unquoted date into the same day', () => {
    expect(toIsoDate(new Date(Date.UTC(2027, 0, 1)))).toBe('2027-01-01');
  });

  it('leaves a quoted date string as written', () => {
    expect(toIsoDate('2027-01-01')).toBe('2027-01-01');
  });
});

describe('addDays', () => {
  it('moves across month and year ends', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});

describe('addMonths', () => {
  it('keeps the day of the month when the target month has it', () => {
    expect(addMonths('2025-03-15', 24)).toBe('2027-03-15');
    expect(addMonths('2026-01-10', 1)).toBe('2026-02-10');
  });

  it('clamps to the last day of a shorter month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-03-31', 1)).toBe('2026-04-30');
    expect(addMonths('2025-08-31', 6)).toBe('2026-02-28');
  });

  it('clamps to 29 February in a leap year', () => {
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2024-02-29', 48)).toBe('2028-02-29');
  });

  it('rolls over into the next year', () => {
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
  });

  it('goes back with a negative number of months', () => {
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
  });
});

describe('daysBetween', () => {
  it('counts whole days forward', () => {
    expect(daysBetween('2026-01-01', '2026-01-31')).toBe(30);
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
  });

  it('is zero on the same day', () => {
    expect(daysBetween('2026-05-05', '2026-05-05')).toBe(0);
  });

  it('is negative when the second date is earlier', () => {
    expect(daysBetween('2026-03-01', '2026-02-28')).toBe(-1);
  });

  it('is not moved by a daylight-saving change', () => {
    // Europe and North America change their clocks in late March; calendar days are unaffected.
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
  });
});

describe('today', () => {
  it('is the UTC calendar day of the given instant', () => {
    expect(today(new Date('2026-06-30T23:59:59Z'))).toBe('2026-06-30');
    expect(today(new Date('2026-07-01T00:00:00Z'))).toBe('2026-07-01');
  });
});
