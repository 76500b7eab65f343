import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ruleTable } from '../../../src/qms/check/format.ts';
import { RULES, RULE_IDS } from '../../../src/qms/findings/rules.ts';

describe('the rule catalogue', () => {
  it('is documented in the README exactly as --list-rules prints it', () => {
    expect(readFileSync('README.md', 'utf8')).toContain(ruleTable());
  });

  it('gives every rule its own permanent code', () => {
    const codes = RULE_IDS.map((id) => RULES[id].code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((code) => /^QMS\d{3}$/.test(code))).toBe(true);
  });
});
