import type { ApprovedChange } from './changes.ts';

const escape = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&apos;');

/**
 * An Atom feed (RFC 4287) of approved changes. Links are relative to `base`, so the feed works
 * wherever the intranet serves the manual; entry IDs are permanent tag URIs per document version.
 */
export function atomFeed(changes: readonly ApprovedChange[], options: { title: string; base: string; updated: string; authority: string }): string {
  const updated = changes[0]?.date ?? options.updated;
  const entries = changes.map(
    (c) => `  <entry>
    <id>tag:${escape(options.authority)},2026:${escape(c.id)}:v${c.version}</id>
    <title>${escape(`${c.id} ${c.title}, version ${c.version}`)}</title>
    <updated>${escape(c.date)}</updated>
    <link rel="alternate" type="text/html" href="docs/${escape(c.id)}/"/>
    <author><name>${escape(c.author ?? 'Document control')}</name></author>
    <summary>${escape(c.summary || `Version ${c.version} approved.`)}</summary>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="${escape(options.base)}">
  <id>tag:${escape(options.authority)},2026:changes</id>
  <title>${escape(options.title)}</title>
  <updated>${escape(updated)}</updated>
  <link rel="self" type="application/atom+xml" href="changes.xml"/>
  <link rel="alternate" type="text/html" href="changes/"/>
${entries.join('\n')}
</feed>
`;
}
