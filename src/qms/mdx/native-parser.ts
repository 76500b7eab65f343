import type { Root as HastRoot } from 'hast';
import type { Root } from 'mdast';
import { markdownToMdast, mdxToHast, mdxToMdast } from 'satteri';
import { readFirstWith } from './parse.ts';
import { renderWith } from './render.ts';

/*
 * Node only: the checker, the build's guard and every command read document bodies with the parser Astro
 * 7 compiles them with (see readFirstWith in parse.ts), with the features @astrojs/mdx gives it (GFM on),
 * and the build renders them with it (render.ts), smart punctuation on as Astro's Markdown has it.
 * Imported for this effect by the checker (check/manual.ts, which the build's guard runs), the site's
 * manual and past versions (src/site/); the CMS in the browser reads with remark-mdx alone.
 */
const features = { gfm: true, frontmatter: false };
readFirstWith({
  mdx: (body) => mdxToMdast(body, { features }) as unknown as Root,
  markdown: (body) => markdownToMdast(body, { features }) as unknown as Root,
});
renderWith((body) => mdxToHast(body, { features: { ...features, smartPunctuation: true }, position: false }) as unknown as HastRoot);
