import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYaml } from '../base/frontmatter.ts';
import { LAYOUT } from '../base/layout.ts';
import { cmsSettingsSchema, type CmsSettings } from '../schemas/cms.ts';

/**
 * The CMS backend: `QMS_CMS_PROXY_URL` (set by `npm run cms`) means decap-server on this machine; otherwise
 * content/settings/cms.yaml; without it, decap-server at its default local address.
 */
export function loadCmsSettings(root: string, env: Record<string, string | undefined> = process.env): CmsSettings {
  if (env.QMS_CMS_PROXY_URL) {
    return cmsSettingsSchema.parse({ backend: { name: 'local', proxy_url: env.QMS_CMS_PROXY_URL, branch: env.QMS_CMS_BRANCH || 'main' } });
  }
  const file = join(root, LAYOUT.cmsSettings);
  if (!existsSync(file)) return cmsSettingsSchema.parse({ backend: { name: 'local' } });
  const parsed = cmsSettingsSchema.safeParse(parseYaml(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${LAYOUT.cmsSettings} is invalid:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return parsed.data;
}
