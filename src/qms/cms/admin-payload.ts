import { LAYOUT } from '../base/layout.ts';
import { buildCatalogue, ClauseIndex } from '../catalogue.ts';
import type { CmsSettings } from '../schemas/cms.ts';
import type { CatalogueData } from '../schemas/catalogue.ts';
import type { DocumentFrontmatter } from '../schemas/document.ts';
import type { Settings } from '../schemas/settings.ts';
import { cmsConfig, type CmsConfig } from './config.ts';
import { compareIds } from '../base/ids.ts';

/*
 * Pure, so /admin's script can import it: the payload is made at build, and read back in the browser.
 */

/** What /admin needs besides Decap CMS itself: its configuration, and what the browser checks and previews against. */
export interface AdminPayload {
  config: CmsConfig;
  /** The clause catalogues as validated at build, from which the browser builds the same clause index. */
  catalogues: { file: string; data: CatalogueData }[];
  primaryStandard: string;
  /** ID → file of every document, as built. */
  knownIds: [string, string][];
  /**
   * The documents that replace others, with what their status depends on: the preview works out, as of
   * the day it is shown, whether the document being edited has been superseded.
   */
  replacements: Pick<DocumentFrontmatter, 'id' | 'type' | 'status' | 'effective' | 'review_by' | 'supersedes'>[];
  review: Settings['review'];
  departments: string[];
  organization: string;
  documentsFolder: string;
  settingsFile: string;
}

export interface AdminPayloadInput {
  index: ClauseIndex;
  settings: Settings;
  /** Every document of the manual, with the file it is in. */
  documents: readonly { file: string; data: DocumentFrontmatter }[];
}

export function adminPayload({ index, settings, documents }: AdminPayloadInput, cms: CmsSettings): AdminPayload {
  const knownIds = documents.map((d) => [d.data.id, d.file] as [string, string]).sort((a, b) => compareIds(a[0], b[0]));
  return {
    config: cmsConfig({ index, documentIds: knownIds.map(([id]) => id), cms, departments: settings.departments }),
    catalogues: index.catalogues.map((c) => ({ file: c.file, data: c.data })),
    primaryStandard: settings.primary_standard,
    knownIds,
    replacements: documents
      .filter((d) => d.data.supersedes.length > 0)
      .map(({ data: { id, type, status, effective, review_by, supersedes } }) => ({ id, type, status, supersedes, ...(effective ? { effective } : {}), ...(review_by ? { review_by } : {}) })),
    review: settings.review,
    departments: settings.departments,
    organization: settings.organization,
    documentsFolder: LAYOUT.documents,
    settingsFile: LAYOUT.settings,
  };
}

/** The clause index the payload describes: the same as the build's, built in the browser. */
export function payloadIndex(payload: Pick<AdminPayload, 'catalogues' | 'primaryStandard'>): ClauseIndex {
  return new ClauseIndex(payload.catalogues.map((c) => buildCatalogue(c.data, payload.primaryStandard, c.file)), payload.primaryStandard);
}
