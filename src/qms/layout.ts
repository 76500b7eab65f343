/** Where things live, relative to the project root. */
export const LAYOUT = {
  documents: 'content/docs',
  standards: 'content/standards',
  settings: 'content/settings/organization.yaml',
} as const;
