import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYaml } from '../base/frontmatter.ts';
import { LAYOUT } from '../base/layout.ts';
import { cmsSettingsSchema, type CmsSettings } from '../schemas/cms.ts';

/**
 * The CMS backend: `QMS_CMS_PROXY_URL` (set by `npm run cms`) means the local Git server on this machine;
 * otherwise content/settings/cms.yaml; without it, none: /admin then says how to set one up, rather than
 * ship a CMS that fails on every screen.
 */
export function loadCmsSettings(root: string, env: Record<string, string | undefined> = process.env): CmsSettings | undefined {
  if (env.QMS_CMS_PROXY_URL) {
    return cmsSettingsSchema.parse({ backend: { name: 'local', proxy_url: env.QMS_CMS_PROXY_URL, branch: env.QMS_CMS_BRANCH || 'main' } });
  }
  const file = join(root, LAYOUT.cmsSettings);
  if (!existsSync(file)) return undefined;
  const parsed = cmsSettingsSchema.safeParse(parseYaml(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${LAYOUT.cmsSettings} is invalid:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return parsed.data;
}
