import type { Nodes, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { toHast } from 'mdast-util-to-hast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

/*
 * What GitHub shows for a Markdown text, to compare a page with: a plain remark-gfm rendering, raw HTML
 * kept as HTML, then both sides read into a tree and written back the same way.
 */

const gfm = unified().use(remarkParse).use(remarkGfm);

/** The Markdown as remark-gfm renders it, canonical. */
export function gfmReference(markdown: string): string {
  return canonicalHtml(fromHtml(toHtml(toHast(gfm.parse(markdown), { allowDangerousHtml: true }), { allowDangerousHtml: true }), { fragment: true }));
}

/** An HTML fragment, canonical. */
export const canonicalFragment = (html: string) => canonicalHtml(fromHtml(html, { fragment: true }));

/**
 * Without comments (GitHub drops them), whitespace between elements, what the site adds (heading ids, the
 * scrolling box around a table) or its typographic quotes (Astro's smartypants, as in print), so equal
 * pages compare equal.
 */
export function canonicalHtml(tree: Root): string {
  const clean = (node: Nodes): Nodes[] => {
    if (node.type === 'comment') return [];
    if (node.type === 'text') return node.value.trim() === '' ? [] : [{ ...node, value: node.value.replace(/\s+/g, ' ').replace(/[“”]/g, '"').replace(/[‘’]/g, "'") }];
    // The box a wide table scrolls in on a phone (src/qms/mdx/render.ts) is the site's.
    if (node.type === 'element' && String(node.properties.className ?? '').split(' ').includes('table-scroll')) return node.children.flatMap(clean);
    if (node.type === 'element') return [{ ...node, properties: { ...node.properties, id: undefined }, children: node.children.flatMap(clean) } as Nodes];
    if ('children' in node) return [{ ...node, children: node.children.flatMap(clean) } as Nodes];
    return [node];
  };
  return toHtml(clean(tree)[0] as Root);
}
