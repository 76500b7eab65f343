import { describe, expect, it } from 'vitest';
import { checkManual } from '../../../src/qms/check/manual.ts';
import { AS_OF, located } from './helpers.ts';

/** The sample manual in content/ is what `npm run check` checks before every build: it must publish. */
describe('the sample manual (Riverside General Hospital)', () => {
  const result = checkManual({ root: process.cwd(), asOf: AS_OF });

  it('has no errors, and is checked as configured', () => {
    expect(result.errors).toBe(0);
    expect(result.configurationError).toBe(false);
  });

  it('shows exactly one overdue review (WI-004) and one review due soon (WI-005)', () => {
    expect(located(result.findings)).toEqual([
      { rule: 'review-overdue', code: 'QMS017', severity: 'warning', file: 'content/docs/work-instructions/WI-004-daily-defibrillator-check.mdx', line: 12, field: 'review_by' },
      { rule: 'review-due-soon', code: 'QMS018', severity: 'info', file: 'content/docs/work-instructions/WI-005-segregating-clinical-waste-on-wards.mdx', line: 12, field: 'review_by' },
    ]);
    expect(result.findings.map((f) => f.documentId)).toEqual(['WI-004', 'WI-005']);
  });
});
