import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { finishElements } from './render.ts';

/**
 * The HTML Astro's Markdown made of a plain .md document, finished as an .mdx document's is
 * (render.ts, finishElements): a table in a box that scrolls on a phone, a column's alignment as the
 * cells' `align` (Astro writes an inline `style`, which the site's Content-Security-Policy blocks, so the
 * alignment was lost), a code block reachable by keyboard, and no link or image address that runs code.
 * Node only (it parses HTML): the CMS preview renders .mdx alone.
 */
export function finishMarkdownHtml(html: string): string {
  const tree = fromHtml(html, { fragment: true });
  finishElements(tree);
  return toHtml(tree);
}
