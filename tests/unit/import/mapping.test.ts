import { describe, expect, it } from 'vitest';
import { parseMapping, ruleFor, type MappingRule } from '../../../src/qms/import/mapping.ts';

const rules = (text: string): MappingRule[] => {
  const result = parseMapping(text);
  if ('error' in result) throw new Error(result.error);
  return result.rules;
};

describe('the mapping file', () => {
  it('reads patterns to a type, or to a type with an owner, departments and clauses, in the order written', () => {
    expect(rules('"Policies/**": policy\n"*checklist*":\n  type: FRM\n  owner: Theatre Manager\n  departments: [Surgery]\n  clauses: ["8.12"]\n"Nursing/**": { owner: Chief Nurse }\n')).toEqual([
      { pattern: 'Policies/**', type: 'policy' },
      { pattern: '*checklist*', type: 'form', owner: 'Theatre Manager', departments: ['Surgery'], clauses: ['8.12'] },
      { pattern: 'Nursing/**', owner: 'Chief Nurse' },
    ]);
  });

  it('names the pattern and field at fault', () => {
    expect(parseMapping('"Policies/**": guideline\n')).toEqual({ error: '"Policies/**", type: unknown document type "guideline": expected policy, procedure, work-instruction, form (or SOP, WI, FRM, POL)' });
    expect(parseMapping('"*":\n  type: policy\n  approver: Board\n')).toEqual({ error: expect.stringMatching(/^"\*": .*approver/) });
    expect(parseMapping('"*":\n  clauses: [8.a]\n')).toEqual({ error: expect.stringMatching(/^"\*", clauses\.0: expected a clause number/) });
    expect(parseMapping('"*": [policy\n')).toEqual({ error: expect.stringMatching(/^not valid YAML: /) });
  });
});

describe('which rule applies to a file', () => {
  const mapping = rules('"Infection control/**": procedure\n"*checklist*": form\n"**/*audit*": form\n"*": policy\n');

  it('matches a pattern with a / against the path inside the folder, one without against the file name, in any case', () => {
    expect(ruleFor(mapping, 'Infection Control/Hand hygiene.docx')).toMatchObject({ index: 0 });
    expect(ruleFor(mapping, 'Theatres/Safety CHECKLIST.docx')).toMatchObject({ index: 1 });
    expect(ruleFor(mapping, 'Quality/2025/Audit programme.md')).toMatchObject({ index: 2 });
  });

  it('takes the first that matches', () => {
    expect(ruleFor(mapping, 'Infection control/Hand hygiene checklist.docx')?.rule.type).toBe('procedure');
    expect(ruleFor(mapping, 'Consent.md')?.rule.type).toBe('policy');
    expect(ruleFor(rules('"Forms/*": form\n'), 'Forms/2024/Old.md')).toBeUndefined();
  });
});
