import { describe, expect, it } from 'vitest';
import { clauseCoverage, COVERAGE_LABEL, COVERAGE_STATES, coverageRole, coverageSummary, provisionalSummary, subclauseSummary } from '../../src/qms/coverage.ts';
import type { Settings } from '../../src/qms/schemas/settings.ts';
import { STATE_LABEL, type EffectiveState, type EffectiveStatus } from '../../src/qms/status.ts';
import { makeIndex } from './helpers.ts';

const index = makeIndex([
  ['4', 'Context of the organization'],
  ['4.1', 'Understanding the organization and its context'],
  ['4.2', 'Understanding the needs and expectations of stakeholders'],
  ['5', 'Leadership'],
  ['5.1', 'Leadership and commitment'],
  ['5.2', 'Healthcare quality policy'],
  ['7', 'Support', 'structure'],
  ['7.1', null, 'number-only'],
  ['8', 'Operation', 'structure'],
  ['8.1', 'Operational planning and control'],
  ['8.4', null, 'number-only'],
  ['9', 'Performance evaluation', 'structure'],
]);

type Mapping = [id: string, state: EffectiveState, clauses: string[]];

/** Coverage of the test catalogue when the given documents, in the given states, map to it. */
function coverageOf(mappings: Mapping[], exclusions: Settings['exclusions'] = []) {
  const docs = mappings.map(([id, , clauses]) => ({ id, clauses }));
  const statuses = new Map<string, EffectiveStatus>(
    mappings.map(([id, state]) => [id, { state, label: STATE_LABEL[state], reviewBy: null, daysToReview: null, supersededBy: [] }]),
  );
  return clauseCoverage(index, docs, statuses, exclusions);
}

const stateOf = (mappings: Mapping[], ref: string, exclusions: Settings['exclusions'] = []) => coverageOf(mappings, exclusions).get(ref)!.state;

describe('coverage of a clause without subclauses', () => {
  it('is covered when a current document maps to it', () => {
    const coverage = coverageOf([['SOP-001', 'current', ['9']]]).get('9')!;
    expect(coverage).toEqual({ clause: index.get('9'), state: 'covered', required: true, documents: [{ id: 'SOP-001', covers: true }] });
  });

  it('is covered when a document due for review soon maps to it', () => {
    expect(stateOf([['SOP-001', 'review-due-soon', ['9']]], '9')).toBe('covered');
  });

  it('is at risk when only an overdue document maps to it', () => {
    expect(coverageOf([['SOP-001', 'overdue', ['9']]]).get('9')).toMatchObject({ state: 'at-risk', documents: [{ id: 'SOP-001', covers: false }] });
  });

  it('is at risk when only a draft maps to it', () => {
    expect(stateOf([['SOP-001', 'draft', ['9']]], '9')).toBe('at-risk');
  });

  it('is at risk when only a superseded document maps to it', () => {
    expect(stateOf([['SOP-001', 'superseded', ['9']]], '9')).toBe('at-risk');
  });

  it('is at risk when only documents in review, not yet effective or obsolete map to it', () => {
    expect(stateOf([['SOP-001', 'in-review', ['9']]], '9')).toBe('at-risk');
    expect(stateOf([['SOP-001', 'not-yet-effective', ['9']]], '9')).toBe('at-risk');
    expect(stateOf([['SOP-001', 'obsolete', ['9']]], '9')).toBe('at-risk');
  });

  it('is a gap when no document maps to it', () => {
    expect(coverageOf([['SOP-001', 'current', ['4.1']]]).get('9')).toEqual({ clause: index.get('9'), state: 'gap', required: true, documents: [] });
  });

  it('is covered when one current document maps to it among drafts, listing covering documents first', () => {
    const coverage = coverageOf([
      ['SOP-003', 'draft', ['9']],
      ['SOP-002', 'current', ['9']],
      ['SOP-001', 'overdue', ['9']],
    ]).get('9')!;
    expect(coverage.state).toBe('covered');
    expect(coverage.documents).toEqual([
      { id: 'SOP-002', covers: true },
      { id: 'SOP-001', covers: false },
      { id: 'SOP-003', covers: false },
    ]);
  });

  it('does not count a document whose status is unknown', () => {
    const coverage = clauseCoverage(index, [{ id: 'SOP-001', clauses: ['9'] }], new Map(), []);
    expect(coverage.get('9')).toMatchObject({ state: 'at-risk', documents: [{ id: 'SOP-001', covers: false }] });
  });

  it('lists a document once when it names the same clause twice, even written out in full', () => {
    expect(coverageOf([['SOP-001', 'current', ['9', '9', 'iso-7101-2023:9']]]).get('9')!.documents).toEqual([{ id: 'SOP-001', covers: true }]);
  });

  it('ignores a clause reference that is not in the catalogue', () => {
    const coverage = coverageOf([['SOP-001', 'current', ['9.9']]]);
    expect(coverage.has('9.9')).toBe(false);
    expect(coverage.get('9')!.state).toBe('gap');
  });
});

describe('excluded clauses', () => {
  const scope = 'The hospital does not design services: it delivers those commissioned by the health authority.';

  it('marks a clause excluded in the settings as excluded, with its justification', () => {
    expect(coverageOf([], [{ clause: '9', justification: scope }]).get('9')).toEqual({
      clause: index.get('9'),
      state: 'excluded',
      required: true,
      documents: [],
      justification: scope,
    });
  });

  it('excludes every subclause of an excluded clause, with the same justification', () => {
    const coverage = coverageOf([], [{ clause: '5', justification: scope }]);
    expect(['5', '5.1', '5.2'].map((ref) => [coverage.get(ref)!.state, coverage.get(ref)!.justification])).toEqual([
      ['excluded', scope],
      ['excluded', scope],
      ['excluded', scope],
    ]);
    expect(coverage.get('4')!.justification).toBeUndefined();
  });

  it('keeps the exclusion but still lists documents that map to an excluded clause', () => {
    expect(coverageOf([['SOP-001', 'current', ['9']]], [{ clause: '9', justification: scope }]).get('9')).toMatchObject({
      state: 'excluded',
      documents: [{ id: 'SOP-001', covers: true }],
    });
  });

  it('records an exclusion without a justification as an empty justification', () => {
    expect(coverageOf([], [{ clause: '9', justification: '' }]).get('9')).toMatchObject({ state: 'excluded', justification: '' });
  });

  it('accepts the primary standard written out in full in an exclusion', () => {
    expect(stateOf([], '9', [{ clause: 'iso-7101-2023:9', justification: scope }])).toBe('excluded');
  });

  it('ignores an exclusion of a clause that is not in the catalogue', () => {
    expect(stateOf([], '9', [{ clause: '9.9', justification: scope }])).toBe('gap');
  });
});

describe('coverage of a clause with subclauses', () => {
  it('is covered when every confirmed subclause is covered', () => {
    expect(stateOf([['SOP-001', 'current', ['4.1', '4.2']]], '4')).toBe('covered');
  });

  it('is at risk when one subclause is at risk and the others are covered', () => {
    expect(stateOf([['SOP-001', 'current', ['4.1']], ['SOP-002', 'draft', ['4.2']]], '4')).toBe('at-risk');
  });

  it('is a gap when one subclause is a gap and another at risk', () => {
    expect(stateOf([['SOP-002', 'draft', ['4.1']]], '4')).toBe('gap');
  });

  it('is a gap when any subclause is a gap, however well the others are covered', () => {
    expect(stateOf([['SOP-001', 'current', ['4.1']], ['SOP-002', 'draft', ['4.1']]], '4')).toBe('gap');
    expect(stateOf([['SOP-001', 'current', ['4.1']]], '4')).toBe('gap');
  });

  it('is covered when its subclauses are covered or excluded', () => {
    expect(stateOf([['SOP-001', 'current', ['4.1']]], '4', [{ clause: '4.2', justification: 'Not applicable.' }])).toBe('covered');
  });

  it('is excluded when every subclause is excluded', () => {
    const exclusions = [
      { clause: '4.1', justification: 'Not applicable.' },
      { clause: '4.2', justification: 'Not applicable.' },
    ];
    expect(coverageOf([], exclusions).get('4')).toMatchObject({ state: 'excluded', required: true });
    expect(coverageOf([], exclusions).get('4')!.justification).toBeUndefined();
  });

  it('is not covered by a document mapped to the clause itself, which is still listed', () => {
    expect(coverageOf([['POL-001', 'current', ['4']]]).get('4')).toMatchObject({ state: 'gap', documents: [{ id: 'POL-001', covers: true }] });
  });

  it('ignores provisional subclauses when rolling up', () => {
    expect(stateOf([['SOP-001', 'current', ['8.1']]], '8')).toBe('covered');
  });

  it('takes its own documents when every subclause is provisional', () => {
    expect(stateOf([['SOP-001', 'current', ['7']]], '7')).toBe('covered');
    expect(stateOf([], '7')).toBe('gap');
  });
});

describe('provisional clauses', () => {
  it('are shown with a state but not required', () => {
    const coverage = coverageOf([['SOP-001', 'draft', ['8.4']]]);
    expect(coverage.get('8.4')).toMatchObject({ state: 'at-risk', required: false });
    expect(coverage.get('7.1')).toMatchObject({ state: 'gap', required: false });
  });
});

describe('the coverage summary', () => {
  it('counts only required clauses without required subclauses', () => {
    const coverage = coverageOf(
      [
        ['SOP-001', 'current', ['4.1', '8.1', '7']],
        ['SOP-002', 'draft', ['4.2', '8.4']],
      ],
      [{ clause: '5', justification: 'Leadership is provided by the health authority.' }],
    );
    // Leaves: 4.1 covered, 4.2 at risk, 5.1 and 5.2 excluded, 7 covered, 8.1 covered, 9 gap.
    // Not counted: 4, 5, 8 (they have required subclauses) and 7.1, 8.4 (provisional).
    expect(coverageSummary(coverage)).toEqual({ covered: 3, 'at-risk': 1, gap: 1, excluded: 2 });
  });

  it('counts every required leaf as a gap when nothing maps', () => {
    expect(coverageSummary(coverageOf([]))).toEqual({ covered: 0, 'at-risk': 0, gap: 7, excluded: 0 });
  });

  it('has an entry for every clause of the catalogue', () => {
    expect([...coverageOf([]).keys()].sort()).toEqual(['4', '4.1', '4.2', '5', '5.1', '5.2', '7', '7.1', '8', '8.1', '8.4', '9']);
  });

  it('names every state', () => {
    expect(COVERAGE_STATES.map((s) => COVERAGE_LABEL[s])).toEqual(['Covered', 'At risk', 'Gap', 'Excluded']);
  });
});

describe('provisional clauses, counted apart from the summary', () => {
  it('counts every provisional clause by state, and never a required one', () => {
    const coverage = coverageOf([['SOP-001', 'current', ['8.4', '4.1']]]);
    expect(provisionalSummary(coverage)).toEqual({ covered: 1, 'at-risk': 0, gap: 1, excluded: 0 });
    expect(provisionalSummary(coverageOf([['SOP-001', 'draft', ['7.1']]]))).toEqual({ covered: 0, 'at-risk': 1, gap: 1, excluded: 0 });
  });

  it('leaves the summary of required clauses unchanged whatever the provisional clauses hold', () => {
    const without = coverageSummary(coverageOf([['SOP-001', 'current', ['4.1']]]));
    expect(coverageSummary(coverageOf([['SOP-001', 'current', ['4.1', '8.4', '7.1']]]))).toEqual(without);
  });
});

describe('the role of a clause in the summary', () => {
  const coverage = coverageOf([['SOP-001', 'current', ['4.1', '8.1', '8.4']], ['SOP-002', 'draft', ['5.1']]]);
  const role = (ref: string) => coverageRole(coverage.get(ref)!, coverage);

  it('assesses a required clause without required subclauses on its own documents', () => {
    expect(['4.1', '4.2', '5.1', '8.1', '9'].map(role)).toEqual(['assessed', 'assessed', 'assessed', 'assessed', 'assessed']);
  });

  it('rolls up a required clause with required subclauses, and treats one with only provisional subclauses as assessed', () => {
    expect(['4', '5', '8'].map(role)).toEqual(['rollup', 'rollup', 'rollup']);
    expect(role('7')).toBe('assessed');
  });

  it('sets provisional clauses apart', () => {
    expect(['7.1', '8.4'].map(role)).toEqual(['provisional', 'provisional']);
  });

  it('counts exactly the assessed clauses in the summary', () => {
    const assessed = [...coverage.values()].filter((c) => coverageRole(c, coverage) === 'assessed');
    const counts = Object.fromEntries(COVERAGE_STATES.map((state) => [state, assessed.filter((c) => c.state === state).length]));
    expect(coverageSummary(coverage)).toEqual(counts);
  });

  it('tells a rollup how its assessed subclauses stand, provisional ones left out', () => {
    expect(subclauseSummary(coverage.get('4')!, coverage)).toEqual({ covered: 1, 'at-risk': 0, gap: 1, excluded: 0 });
    expect(subclauseSummary(coverage.get('5')!, coverage)).toEqual({ covered: 0, 'at-risk': 1, gap: 1, excluded: 0 });
    expect(subclauseSummary(coverage.get('8')!, coverage)).toEqual({ covered: 1, 'at-risk': 0, gap: 0, excluded: 0 });
  });
});
