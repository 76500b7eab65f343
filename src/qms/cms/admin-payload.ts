import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clauseLabel } from '../catalogue.ts';
import { parseYaml } from '../frontmatter.ts';
import { LAYOUT, type Manual } from '../load.ts';
import { cmsSettingsSchema, type CmsSettings } from '../schemas/cms.ts';
import type { Settings } from '../schemas/settings.ts';
import { cmsConfig, type CmsConfig } from './config.ts';

/** What /admin needs besides Decap CMS itself: its configuration and what the browser checks against. */
export interface AdminPayload {
  config: CmsConfig;
  /** Every way a clause may be written ("8.4" and "iso-7101-2023:8.4"), for the checker's clause rule. */
  clauseRefs: string[];
  /** Clause reference → title as the site shows it, for the preview's controlled header. */
  clauseTitles: Record<string, string>;
  /** ID → file of every document, as built. */
  knownIds: [string, string][];
  review: Settings['review'];
  organization: string;
  documentsFolder: string;
  settingsFile: string;
}

export const CMS_SETTINGS_FILE = 'content/settings/cms.yaml';

/**
 * The CMS backend: `QMS_CMS_PROXY_URL` (set by `npm run cms`) means decap-server on this machine; otherwise
 * content/settings/cms.yaml; without it, decap-server at its default local address.
 */
export function loadCmsSettings(root: string, env: Record<string, string | undefined> = process.env): CmsSettings {
  if (env.QMS_CMS_PROXY_URL) {
    return cmsSettingsSchema.parse({ backend: { name: 'local', proxy_url: env.QMS_CMS_PROXY_URL, branch: env.QMS_CMS_BRANCH || 'main' } });
  }
  const file = join(root, CMS_SETTINGS_FILE);
  if (!existsSync(file)) return cmsSettingsSchema.parse({ backend: { name: 'local' } });
  const parsed = cmsSettingsSchema.safeParse(parseYaml(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${CMS_SETTINGS_FILE} is invalid:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return parsed.data;
}

export function adminPayload(manual: Pick<Manual, 'index' | 'settings' | 'declaredIds'>, cms: CmsSettings): AdminPayload {
  const knownIds = [...manual.declaredIds].map(([file, id]) => [id, file] as [string, string]).sort((a, b) => a[0].localeCompare(b[0], 'en', { numeric: true }));
  const clauseRefs = new Set<string>();
  const clauseTitles: Record<string, string> = {};
  for (const catalogue of manual.index.catalogues) {
    for (const clause of catalogue.clauses) {
      clauseRefs.add(clause.ref).add(`${catalogue.id}:${clause.id}`);
      clauseTitles[clause.ref] = clauseLabel(clause);
    }
  }
  return {
    config: cmsConfig({ index: manual.index, documentIds: knownIds.map(([id]) => id), cms }),
    clauseRefs: [...clauseRefs],
    clauseTitles,
    knownIds,
    review: manual.settings.review,
    organization: manual.settings.organization,
    documentsFolder: LAYOUT.documents,
    settingsFile: LAYOUT.settings,
  };
}
