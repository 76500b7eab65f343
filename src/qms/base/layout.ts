/** Where things live, relative to the project root. */
export const LAYOUT = {
  documents: 'content/docs',
  standards: 'content/standards',
  settings: 'content/settings/organization.yaml',
  /** Where /admin finds the Git host in production (absent: decap-server on this machine). */
  cmsSettings: 'content/settings/cms.yaml',
} as const;
