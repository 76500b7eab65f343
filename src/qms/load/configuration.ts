import { buildCatalogue, ClauseIndex, type Catalogue } from '../catalogue.ts';
import { finding, type Finding } from '../findings/finding.ts';
import { findingsFromZod } from '../findings/zod.ts';
import { LAYOUT } from '../base/layout.ts';
import { catalogueSchema, type CatalogueData } from '../schemas/catalogue.ts';
import { settingsSchema, type Settings } from '../schemas/settings.ts';
import type { SourceFile } from './source.ts';

/**
 * The manual's configuration: the organization settings and the clause catalogues, read from their
 * source records with every problem found. Pure: the loader reads the files from disk, the CMS reads
 * the settings from the editor and the catalogues from the page.
 */
export interface Configuration {
  settings: Settings;
  /** The settings file as read; undefined when it is missing. */
  settingsSource: SourceFile | undefined;
  index: ClauseIndex;
  /** The catalogue files as read, in file-name order. */
  catalogueSources: SourceFile[];
  /** Every problem of the settings and the catalogues: all are configuration problems (rule settings). */
  findings: Finding[];
}

/** A configuration problem: whatever the reading called it, the manual cannot be checked as configured. */
const asSetting = (f: Finding): Finding => (f.rule === 'settings' ? f : finding('settings', f, f.message));

const DEFAULT_SETTINGS = (): Settings => settingsSchema.parse({ organization: 'Unnamed organization' });

/** The organization settings; the defaults when the file is missing or invalid, with the findings that say so. */
export function readSettings(source: SourceFile | undefined): { settings: Settings; findings: Finding[] } {
  if (!source) return { settings: DEFAULT_SETTINGS(), findings: [finding('settings', { file: LAYOUT.settings }, 'the organization settings file is missing')] };
  if (source.readingFindings.length > 0) return { settings: DEFAULT_SETTINGS(), findings: source.readingFindings };
  const parsed = settingsSchema.safeParse(source.value ?? {}, { reportInput: true });
  if (parsed.success) return { settings: parsed.data, findings: [] };
  return { settings: DEFAULT_SETTINGS(), findings: findingsFromZod(source.file, parsed.error, source.positions).map(asSetting) };
}

/** Excluded clauses must be clauses of a catalogue. */
export function exclusionFindings(settings: Settings, source: SourceFile | undefined, index: Pick<ClauseIndex, 'has'>): Finding[] {
  return settings.exclusions.flatMap((exclusion, i) =>
    index.has(exclusion.clause)
      ? []
      : [finding('settings', { file: source?.file ?? LAYOUT.settings, line: source?.positions.lineOf(['exclusions', i, 'clause']), field: `exclusions.${i}.clause` }, `unknown clause "${exclusion.clause}": it is not in the clause catalogue`)],
  );
}

/** One catalogue file, validated: the catalogue data, or the findings that stop it. */
export function readCatalogueData(source: SourceFile): { data?: CatalogueData; findings: Finding[] } {
  if (source.readingFindings.length > 0) return { findings: source.readingFindings };
  const parsed = catalogueSchema.safeParse(source.value, { reportInput: true });
  if (!parsed.success) return { findings: findingsFromZod(source.file, parsed.error, source.positions).map(asSetting) };
  return { data: parsed.data, findings: [] };
}

/** Every catalogue file is one standard: adding a standard is adding a file. */
export function readCatalogues(sources: readonly SourceFile[], primaryStandard: string): { index: ClauseIndex; findings: Finding[] } {
  const findings: Finding[] = [];
  const catalogues: Catalogue[] = [];
  for (const source of sources) {
    const { data, findings: found } = readCatalogueData(source);
    findings.push(...found);
    if (!data) continue;
    if (catalogues.some((c) => c.id === data.id)) {
      findings.push(finding('settings', { file: source.file, line: source.positions.lineOf(['id']), field: 'id' }, `another catalogue already has the id ${data.id}`));
      continue;
    }
    catalogues.push(buildCatalogue(data, primaryStandard, source.file.slice(source.file.lastIndexOf('/') + 1)));
  }
  if (!catalogues.some((c) => c.id === primaryStandard)) {
    findings.push(finding('settings', { file: LAYOUT.settings, field: 'primary_standard' }, `no catalogue with id "${primaryStandard}" in ${LAYOUT.standards}/`));
  }
  return { index: new ClauseIndex(catalogues, primaryStandard), findings };
}

/** The whole configuration from its sources. */
export function readConfiguration(settingsSource: SourceFile | undefined, catalogueSources: readonly SourceFile[]): Configuration {
  const { settings, findings } = readSettings(settingsSource);
  const { index, findings: catalogueFindings } = readCatalogues(catalogueSources, settings.primary_standard);
  return {
    settings,
    settingsSource,
    index,
    catalogueSources: [...catalogueSources],
    findings: [...findings, ...catalogueFindings, ...exclusionFindings(settings, settingsSource, index)],
  };
}

/** The configuration with a settings file as it would be written and the catalogues already read (the CMS). */
export function configurationOfSettings(settingsSource: SourceFile, index: ClauseIndex): Configuration {
  const { settings, findings } = readSettings(settingsSource);
  return { settings, settingsSource, index, catalogueSources: [], findings: [...findings, ...exclusionFindings(settings, settingsSource, index)] };
}
