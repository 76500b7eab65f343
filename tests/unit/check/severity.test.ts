import { afterAll, describe, expect, it } from 'vitest';
import { checkFixture, removeProjects } from './helpers.ts';

/**
 * How serious a finding is comes from the rule table, then the settings (`checks.severity`), then
 * `--strict`. The fixtures: clause-at-risk (WI-001 overdue, so clause 4.2 at risk), review-due-soon (two
 * reviews due soon) and severity-overrides (settings only: review-overdue error, clause-at-risk off,
 * review-due-soon warning).
 */
afterAll(removeProjects);

const severities = (findings: readonly { rule: string; severity: string }[]) => findings.map((f) => [f.rule, f.severity]);

describe('severity', () => {
  it('is the rule table’s default when the settings say nothing', () => {
    const result = checkFixture(['clause-at-risk', 'review-due-soon']);
    expect(severities(result.findings)).toEqual([
      ['review-overdue', 'warning'],
      ['review-due-soon', 'info'],
      ['review-due-soon', 'info'],
      ['clause-at-risk', 'warning'],
    ]);
    expect(result).toMatchObject({ strict: false, errors: 0, warnings: 2, infos: 2 });
  });

  it('follows checks.severity in the settings; a rule turned off reports nothing', () => {
    const result = checkFixture(['clause-at-risk', 'review-due-soon', 'severity-overrides']);
    expect(severities(result.findings)).toEqual([
      ['review-overdue', 'error'],
      ['review-due-soon', 'warning'],
      ['review-due-soon', 'warning'],
    ]);
    expect(result).toMatchObject({ errors: 1, warnings: 2, infos: 0 });
  });

  it('turns warnings into errors under strict, and leaves notices alone', () => {
    const result = checkFixture(['clause-at-risk', 'review-due-soon'], { strict: true });
    expect(severities(result.findings)).toEqual([
      ['review-overdue', 'error'],
      ['review-due-soon', 'info'],
      ['review-due-soon', 'info'],
      ['clause-at-risk', 'error'],
    ]);
    expect(result).toMatchObject({ strict: true, errors: 2, warnings: 0, infos: 2 });
  });

  it('applies strict after the settings: a rule the settings make a warning becomes an error', () => {
    const result = checkFixture(['clause-at-risk', 'review-due-soon', 'severity-overrides'], { strict: true });
    expect(severities(result.findings)).toEqual([
      ['review-overdue', 'error'],
      ['review-due-soon', 'error'],
      ['review-due-soon', 'error'],
    ]);
  });

  it('keeps the permanent code and the hint whatever the severity', () => {
    const [overdue] = checkFixture(['clause-at-risk', 'severity-overrides']).findings;
    expect(overdue).toMatchObject({ rule: 'review-overdue', code: 'QMS017', severity: 'error', hint: expect.stringContaining('The owner reviews it') });
  });
});
