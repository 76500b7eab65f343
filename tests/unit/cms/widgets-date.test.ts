import { describe, expect, it } from 'vitest';
import { dateProblem } from '../../../src/cms/widgets/date-widget.ts';

describe('the qms-date widget', () => {
  it('accepts a calendar day as the browser gives it, and an empty field', () => {
    expect(dateProblem('2026-11-30')).toBeUndefined();
    expect(dateProblem('')).toBeUndefined();
    expect(dateProblem(undefined)).toBeUndefined();
  });

  it('says so when the year was typed short, as a field shows it while the year is being typed', () => {
    expect(dateProblem('0202-11-30')).toMatch(/^The year 0202 looks mistyped: type all four digits of the year/);
    expect(dateProblem('0002-11-30')).toMatch(/^The year 0002 looks mistyped/);
    expect(dateProblem('1906-11-30')).toBeUndefined();
  });

  it('says so when a file holds something that is not a date', () => {
    expect(dateProblem('30/11/2026')).toBe('"30/11/2026" is not a date: pick the day from the calendar, or type it in full.');
    expect(dateProblem('2026-02-30')).toMatch(/is not a date/);
  });
});
