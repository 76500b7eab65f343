import { clauseLabel } from '../../catalogue.ts';
import { requiredLeaves, type ClauseCoverage } from '../../coverage.ts';
import type { Configuration } from '../../load/configuration.ts';
import type { Manual } from '../../load/manual.ts';
import type { Check, ManualInput } from './rule.ts';

/** Where a clause is listed: its entry in its catalogue file. */
function clausePlace(manual: Manual, { clause }: ClauseCoverage) {
  const file = `${manual.index.catalogues.find((c) => c.id === clause.standardId)!.file}`;
  const source = manual.configuration.catalogueSources.find((s) => s.file.endsWith(`/${file}`));
  return { file: source?.file ?? file, line: source?.positions.lineOfEntry(['clauses'], 'id', clause.id) ?? 1, field: `clauses.${clause.id}` };
}

/** Only required clauses without required subclauses are assessed: their parents roll them up. */
export const clauseGaps: Check<ManualInput> = ({ manual, analysis }, found) =>
  requiredLeaves(analysis.coverage)
    .filter((c) => c.state === 'gap')
    .map((c) => found(clausePlace(manual, c), `clause ${c.clause.ref} ${clauseLabel(c.clause)} has no document mapped to it`));

export const clausesAtRisk: Check<ManualInput> = ({ manual, analysis }, found) =>
  requiredLeaves(analysis.coverage)
    .filter((c) => c.state === 'at-risk')
    .map((c) =>
      found(
        clausePlace(manual, c),
        `clause ${c.clause.ref} ${clauseLabel(c.clause)} is met only by ${c.documents.map((d) => `${d.id} (${analysis.statuses.get(d.id)!.label.toLowerCase()})`).join(', ')}`,
      ),
    );

/** A clause may be excluded as not applicable only with the reason why. */
export const unjustifiedExclusions: Check<Configuration> = ({ settings, settingsSource }, found) =>
  settings.exclusions.flatMap((exclusion, i) =>
    exclusion.justification.trim() !== '' || !settingsSource
      ? []
      : [found({ file: settingsSource.file, line: settingsSource.positions.lineOf(['exclusions', i]), field: `exclusions.${i}.justification` }, `clause ${exclusion.clause} is excluded without a justification`)],
  );
