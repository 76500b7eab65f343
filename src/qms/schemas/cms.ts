import { z } from 'zod';

/**
 * How /admin reaches the repository in production (content/settings/cms.yaml). `npm run cms` ignores it and
 * edits the local repository instead. Field names are Decap CMS's own backend options.
 */
export const CMS_BACKENDS = ['github', 'gitlab', 'gitea', 'forgejo', 'local'] as const;
export type CmsBackendName = (typeof CMS_BACKENDS)[number];

export const cmsSettingsSchema = z.strictObject({
  backend: z
    .strictObject({
      name: z.enum(CMS_BACKENDS).describe('Where the manual is hosted: github, gitlab, gitea, forgejo, or local (the Git server `npm run cms` runs on this machine).'),
      repo: z.string().regex(/^[^/\s]+(\/[^/\s]+)+$/, { error: 'expected owner/repository, such as quality/manual' }).optional().describe('owner/repository on the Git host.'),
      branch: z.string().trim().min(1).default('main').describe('The branch the site is built from: publishing merges into it.'),
      base_url: z.url().optional().describe('GitHub: the OAuth helper that signs controllers in. GitLab, Gitea: the server, such as https://git.hospital.example.'),
      api_root: z.url().optional().describe('The host\'s API, for a self-hosted server; required for Gitea and Forgejo (https://git.hospital.example/api/v1).'),
      auth_endpoint: z.string().optional().describe('Path of the sign-in endpoint on base_url, when not the default.'),
      app_id: z.string().optional().describe('GitLab or Gitea: the OAuth application id that /admin signs in with.'),
      auth_type: z.enum(['pkce', 'implicit']).optional().describe('GitLab: pkce (recommended) or implicit.'),
      proxy_url: z.url().optional().describe('local: where the local Git server listens (default http://127.0.0.1:8081/api/v1).'),
    })
    .refine((backend) => backend.name === 'local' || backend.repo !== undefined, { error: 'repo is required for a Git host', path: ['repo'] })
    .refine((backend) => !(backend.name === 'gitea' || backend.name === 'forgejo') || backend.api_root !== undefined, { error: 'api_root is required for Gitea and Forgejo, such as https://git.hospital.example/api/v1', path: ['api_root'] }),
  site_url: z.url().optional().describe('Address of the published manual, for "view live" links.'),
});

export type CmsSettings = z.output<typeof cmsSettingsSchema>;
export type CmsBackendSettings = CmsSettings['backend'];

/** The local Git server's default address (`npm run cms`), on the loopback interface only. */
export const LOCAL_PROXY_URL = 'http://127.0.0.1:8081/api/v1';
