import { fileURLToPath } from 'node:url';
import { buildCatalogue, ClauseIndex, type Catalogue } from '../../src/qms/catalogue.ts';
import { catalogueSchema, type Evidence } from '../../src/qms/schemas/catalogue.ts';
import { documentSchema, type DocumentFrontmatter, type DocumentFrontmatterInput } from '../../src/qms/schemas/document.ts';
import { settingsSchema, type Settings, type SettingsInput } from '../../src/qms/schemas/settings.ts';

export const PRIMARY = 'iso-7101-2023';

/** Absolute path of a fixture project under tests/fixtures/. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/${name}/`, import.meta.url));
}

/**
 * A current, approved procedure (effective 2025-01-01, review by 2027-01-01), with the fields given.
 * Parsed through the real schema, so defaults apply and an invalid helper call fails loudly.
 */
export function makeDoc(fields: Partial<DocumentFrontmatterInput> = {}): DocumentFrontmatter {
  return documentSchema().parse({
    id: 'SOP-001',
    title: 'Document control',
    type: 'procedure',
    version: 1,
    status: 'approved',
    owner: 'Head of Quality',
    approver: 'Medical Director',
    approved: '2024-12-01',
    effective: '2025-01-01',
    review_by: '2027-01-01',
    ...fields,
  });
}

/** Frontmatter fields of a valid approved procedure, before parsing (for schema tests). */
export function validInput(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'SOP-007',
    title: 'Patient identification',
    type: 'procedure',
    version: 3,
    status: 'approved',
    owner: 'Director of Nursing',
    approver: 'Chief Medical Officer',
    approved: '2025-03-01',
    effective: '2025-03-15',
    review_by: '2027-03-15',
    ...fields,
  };
}

export function makeSettings(fields: Partial<SettingsInput> = {}): Settings {
  return settingsSchema.parse({ organization: 'Test Hospital', ...fields });
}

/** [number, title or null, evidence]: evidence defaults to toc for a title, number-only without one. */
export type ClauseRow = [id: string, title: string | null, evidence?: Evidence];

export function makeCatalogue(rows: ClauseRow[], id = PRIMARY, primary = PRIMARY): Catalogue {
  const data = catalogueSchema.parse({
    id,
    standard: id.toUpperCase(),
    title: `Catalogue ${id}`,
    complete: false,
    clauses: rows.map(([clause, title, evidence]) => ({ id: clause, title, evidence: evidence ?? (title === null ? 'number-only' : 'toc') })),
  });
  return buildCatalogue(data, primary);
}

export function makeIndex(rows: ClauseRow[], ...others: Catalogue[]): ClauseIndex {
  return new ClauseIndex([makeCatalogue(rows), ...others], PRIMARY);
}

/** The parts of a problem a person reads: file, line, field and message. */
export function located(problems: readonly { file: string; line: number; field: string; message: string }[]) {
  return problems.map(({ file, line, field, message }) => ({ file, line, field, message }));
}
