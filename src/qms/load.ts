import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildCatalogue, ClauseIndex, type Catalogue } from './catalogue.ts';
import { parseYaml, splitFrontmatter } from './frontmatter.ts';
import { LAYOUT } from './layout.ts';
import { parseDocument, type ControlledDocument } from './parse-document.ts';
import { ManualError, problemsFromZod, yamlLineFinder, type Problem } from './problems.ts';
import { catalogueSchema } from './schemas/catalogue.ts';
import { settingsSchema, type Settings } from './schemas/settings.ts';

// Pure, so the CMS uses them in the browser too; re-exported here for the callers that read from disk.
export { LAYOUT, parseDocument, type ControlledDocument };

/**
 * The project folder. Astro bundles the pages into dist/.prerender before running them, so a path
 * relative to a module would point there: the build always runs from the project root instead.
 */
export function projectRoot(): string {
  return process.env.QMS_ROOT ?? process.cwd();
}

export interface Manual {
  settings: Settings;
  index: ClauseIndex;
  documents: ControlledDocument[];
  /** Everything wrong, all at once; documents with problems are left out of `documents`. */
  problems: Problem[];
  /** The text of every file read (documents, settings, catalogues), by path: findings point into it. */
  sources: Map<string, string>;
  /** The ID each document file declares, read even when the rest of its frontmatter is invalid. */
  declaredIds: Map<string, string>;
}

function readYamlFile(root: string, file: string, problems: Problem[]): { value: unknown; text: string } | undefined {
  const text = readFileSync(join(root, file), 'utf8');
  try {
    return { value: parseYaml(text), text };
  } catch (error) {
    const mark = (error as { mark?: { line: number } }).mark;
    problems.push({ file, line: (mark?.line ?? 0) + 1, field: '', message: `not valid YAML: ${(error as Error).message.split('\n')[0]}`, rule: 'settings' });
    return undefined;
  }
}

/** Settings and catalogues are configuration: any problem in them is a configuration error. */
const asConfigProblems = (problems: Problem[]): Problem[] => problems.map((p) => ({ ...p, rule: 'settings' }));

export function loadSettings(root: string, problems: Problem[] = []): Settings {
  const file = LAYOUT.settings;
  const fallback = settingsSchema.parse({ organization: 'Unnamed organization' });
  if (!existsSync(join(root, file))) {
    problems.push({ file, line: 1, field: '', message: 'the organization settings file is missing', rule: 'settings' });
    return fallback;
  }
  const read = readYamlFile(root, file, problems);
  if (!read) return fallback;
  const parsed = settingsSchema.safeParse(read.value, { reportInput: true });
  if (parsed.success) return parsed.data;
  problems.push(...asConfigProblems(problemsFromZod(file, parsed.error, yamlLineFinder(read.text, 1))));
  return fallback;
}

/** Every `*.yaml` file in the standards folder is one standard's catalogue: adding a standard is adding a file. */
export function loadCatalogues(root: string, primaryStandard: string, problems: Problem[] = []): ClauseIndex {
  const dir = join(root, LAYOUT.standards);
  const catalogues: Catalogue[] = [];
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort() : [];
  for (const name of files) {
    const file = `${LAYOUT.standards}/${name}`;
    const read = readYamlFile(root, file, problems);
    if (!read) continue;
    const parsed = catalogueSchema.safeParse(read.value, { reportInput: true });
    if (!parsed.success) {
      problems.push(...asConfigProblems(problemsFromZod(file, parsed.error, catalogueLineFinder(read.text))));
      continue;
    }
    if (catalogues.some((c) => c.id === parsed.data.id)) {
      problems.push({ file, line: yamlLineFinder(read.text, 1)(['id']), field: 'id', message: `another catalogue already has the id ${parsed.data.id}`, rule: 'settings' });
      continue;
    }
    catalogues.push(buildCatalogue(parsed.data, primaryStandard, name));
  }
  if (!catalogues.some((c) => c.id === primaryStandard)) {
    problems.push({ file: LAYOUT.settings, line: 1, field: 'primary_standard', message: `no catalogue with id "${primaryStandard}" in ${LAYOUT.standards}/`, rule: 'settings' });
  }
  return new ClauseIndex(catalogues, primaryStandard);
}

/** Clause entries are a long list: point at the entry's own `- id:` line. */
function catalogueLineFinder(text: string): (path: PropertyKey[]) => number {
  const lines = text.split('\n');
  const top = yamlLineFinder(text, 1);
  return (path) => {
    if (path[0] !== 'clauses' || typeof path[1] !== 'number') return top(path);
    let seen = -1;
    for (let i = 0; i < lines.length; i++) {
      if (/^\s*-\s+id:/.test(lines[i]) && ++seen === path[1]) {
        const field = path[2];
        if (typeof field !== 'string') return i + 1;
        for (let j = i; j < lines.length && (j === i || !/^\s*-\s/.test(lines[j])); j++) {
          if (new RegExp(`^\\s*(-\\s+)?${field}:`).test(lines[j])) return j + 1;
        }
        return i + 1;
      }
    }
    return top(path);
  };
}

export function listDocumentFiles(root: string): string[] {
  const dir = join(root, LAYOUT.documents);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.mdx') || f.endsWith('.md'))
    .map((f) => relative(root, join(dir, f)).split('\\').join('/'))
    .sort();
}

/** Loads the whole manual from disk, collecting every problem rather than stopping at the first. */
export function loadManual(root: string): Manual {
  const problems: Problem[] = [];
  const settings = loadSettings(root, problems);
  const index = loadCatalogues(root, settings.primary_standard, problems);
  const settingsLineOf = settings.exclusions.length > 0 ? yamlLineFinder(readFileSync(join(root, LAYOUT.settings), 'utf8'), 1) : () => 1;
  settings.exclusions.forEach((exclusion, i) => {
    if (!index.has(exclusion.clause)) {
      problems.push({ file: LAYOUT.settings, line: settingsLineOf(['exclusions', i]), field: `exclusions.${i}.clause`, message: `unknown clause "${exclusion.clause}": it is not in the clause catalogue`, rule: 'settings' });
    }
  });
  const sources = new Map<string, string>();
  for (const file of [LAYOUT.settings, ...index.catalogues.map((c) => `${LAYOUT.standards}/${c.file}`)]) {
    if (existsSync(join(root, file))) sources.set(file, readFileSync(join(root, file), 'utf8'));
  }
  const declaredIds = new Map<string, string>();
  const documents: ControlledDocument[] = [];
  // Duplicates are found from the declared IDs, so an invalid first file cannot hide a second one.
  const firstFileOf = new Map<string, string>();
  for (const file of listDocumentFiles(root)) {
    const source = readFileSync(join(root, file), 'utf8');
    sources.set(file, source);
    const split = splitFrontmatter(source);
    const declared = /^id:\s*['"]?([A-Za-z]+-\d+)['"]?\s*(#.*)?$/m.exec(split.frontmatter)?.[1];
    const doc = parseDocument(file, source, index, problems);
    const id = doc?.data.id ?? declared;
    if (id) declaredIds.set(file, id);
    const first = id ? firstFileOf.get(id) : undefined;
    if (id && first) {
      const line = yamlLineFinder(split.frontmatter, split.frontmatterLine)(['id']);
      problems.push({ file, line, field: 'id', message: `duplicate ID ${id}: ${first} already uses it`, rule: 'duplicate-id' });
      continue;
    }
    if (id) firstFileOf.set(id, file);
    if (doc) documents.push(doc);
  }
  return { settings, index, documents, problems, sources, declaredIds };
}

/** Like `loadManual`, but throws one error listing every problem: for the site build. */
export function loadManualOrThrow(root: string): Manual {
  const manual = loadManual(root);
  if (manual.problems.length > 0) throw new ManualError(manual.problems);
  return manual;
}
