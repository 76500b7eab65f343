import { z } from 'zod';
import { isIsoDate, toIsoDate } from '../base/dates.ts';

/** A calendar date, written 2027-03-15 (quoted or not); stored as that string. */
export const isoDate = z
  .union([z.date(), z.string()], { error: 'expected a date written YYYY-MM-DD, for example 2027-03-15' })
  .transform((value, ctx) => {
    const date = toIsoDate(value);
    if (!isIsoDate(date)) {
      ctx.addIssue({ code: 'custom', message: `expected a real date written YYYY-MM-DD, found "${String(value)}"` });
      return z.NEVER;
    }
    return date;
  });
