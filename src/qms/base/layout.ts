/** Where things live, relative to the project root. */
export const LAYOUT = {
  documents: 'content/docs',
  standards: 'content/standards',
  settings: 'content/settings/organization.yaml',
  /** Files attached to documents: public/attachments/<document>/<file>, served at /attachments/... */
  attachments: 'public/attachments',
  /** Where /admin finds the Git host in production (absent: /admin says how to set one up). */
  cmsSettings: 'content/settings/cms.yaml',
} as const;

/** The path a file under public/ is served at (public/attachments/x/y.pdf → /attachments/x/y.pdf), and back. */
export const hrefOfPublicFile = (file: string) => `/${file.replace(/^\/?public\//, '')}`;
export const publicFileOfHref = (href: string) => `public${href}`;
