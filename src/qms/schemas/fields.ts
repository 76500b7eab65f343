import { z } from 'zod';
import { isIsoDate, toIsoDate } from '../base/dates.ts';

/** A calendar date, written 2027-03-15 (quoted or not); stored as that string. */
export const isoDate = z
  .union([z.date(), z.string()], { error: 'expected a date written YYYY-MM-DD, for example 2027-03-15' })
  .transform((value, ctx) => {
    // Astro reads `2028-11-24T00:30:00+02:00` as an instant (23 Nov in UTC): only a midnight-UTC Date is a day.
    const withTime = value instanceof Date ? value.getUTCHours() + value.getUTCMinutes() + value.getUTCSeconds() + value.getUTCMilliseconds() !== 0 : /^\d{4}-\d{2}-\d{2}[T ]\d/.test(value);
    if (withTime) {
      const written = value instanceof Date ? value.toISOString() : value;
      ctx.addIssue({ code: 'custom', message: `expected a calendar day without a time, found "${written}": a time or time zone can move the day; write it as ${written.slice(0, 10)}` });
      return z.NEVER;
    }
    const date = toIsoDate(value);
    if (!isIsoDate(date)) {
      ctx.addIssue({ code: 'custom', message: `expected a real date written YYYY-MM-DD, found "${String(value)}"` });
      return z.NEVER;
    }
    return date;
  });
