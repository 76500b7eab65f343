import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bodyHtml } from '../../src/cms/preview.ts';
import { documentGuardFindings } from '../../src/qms/mdx/document-safety.ts';
import { normalizeMdxText } from '../../src/qms/mdx/normalize.ts';
import { renderMdxBody, renderWith } from '../../src/qms/mdx/render.ts';
// The build's reader (Sätteri), registered as the build registers it; the preview's is remark-mdx.
import '../../src/qms/mdx/native-parser.ts';
import { canonicalFragment, gfmReference } from '../github-rendering.ts';

/**
 * Ordinary Markdown, as people write it for GitHub, must render here as GitHub renders it. Each fixture
 * in tests/fixtures/ordinary-markdown/ is checked as an .mdx and as an .md document (no finding), and its
 * page, compiled as the build compiles it (the body normalized, then MDX), is compared with a plain
 * remark-gfm rendering of the same text, HTML comments dropped as GitHub drops them.
 */
const DIR = 'tests/fixtures/ordinary-markdown';
const FIXTURES = readdirSync(DIR).filter((f) => f.endsWith('.md')).sort();
const FRONTMATTER = '---\nid: SOP-950\ntitle: Ordinary Markdown\ntype: procedure\nversion: 1\nstatus: draft\nowner: Head of Quality\nclauses: ["8.1"]\n---\n\n';

describe('ordinary Markdown renders as GitHub renders it', () => {
  it('has fixtures', () => {
    expect(FIXTURES.length).toBeGreaterThanOrEqual(8);
  });

  for (const name of FIXTURES) {
    const markdown = readFileSync(join(DIR, name), 'utf8');

    it(`${name}: accepted as .mdx and as .md, with no finding`, () => {
      expect(documentGuardFindings('content/docs/procedures/SOP-950.mdx', FRONTMATTER + markdown)).toEqual([]);
      expect(documentGuardFindings('content/docs/procedures/SOP-950.md', FRONTMATTER + markdown)).toEqual([]);
    });

    it(`${name}: the page shows what remark-gfm shows`, () => {
      expect(canonicalFragment(renderMdxBody(markdown).html)).toBe(gfmReference(markdown));
    });

    it(`${name}: the CMS preview shows it too`, () => {
      const registered = renderWith(undefined);
      try {
        expect(canonicalFragment(bodyHtml(normalizeMdxText(markdown)))).toBe(gfmReference(markdown));
      } finally {
        renderWith(registered);
      }
    });
  }
});
