import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { listDocumentFiles } from '../../src/qms/load/manual.ts';
import { splitAtBody } from '../../src/qms/mdx/document-safety.ts';
import { headingIds } from '../../src/qms/mdx/heading-ids.ts';
import { normalizeMdxText } from '../../src/qms/mdx/normalize.ts';
import { parseMdx } from '../../src/qms/mdx/parse.ts';
import { renderMdxBody, renderWith } from '../../src/qms/mdx/render.ts';
// Registers Sätteri, as the build does; the preview's path (remark-mdx) is tested by unregistering it.
import '../../src/qms/mdx/native-parser.ts';

const FIXTURE = 'tests/fixtures/render/every-construct.mdx';
/** The document body of FIXTURE's page as Astro 7.3.5's MDX compiler (Sätteri, Shiki on) rendered it, before the build rendered bodies itself. */
const ASTRO_RENDERED = 'tests/fixtures/render/every-construct.astro-7.3.5.html';

const canonical = (html: string) => toHtml(fromHtml(html, { fragment: true })).replace(/>\s+</g, '><').trim();
const bodyOf = (file: string) => splitAtBody(readFileSync(file, 'utf8')).body;

/** Runs `test` with the CMS preview's reader (remark-mdx's tree), then puts Sätteri back. */
function withRemark<T>(test: () => T): T {
  const registered = renderWith(undefined);
  expect(registered).toBeDefined();
  try {
    return test();
  } finally {
    renderWith(registered);
  }
}

describe("a document's text rendered for its page", () => {
  it('is the markup Astro 7 compiled from the same text, but for the two changes the Content-Security-Policy asks for', () => {
    const astro = readFileSync(ASTRO_RENDERED, 'utf8')
      // Alignment by attribute, not by an inline style the policy blocks.
      .replace(/ style="text-align:(left|center|right)"/g, ' align="$1"')
      // Code blocks plain, not coloured by inline styles (Shiki).
      .replace(/<pre class="astro-code[^"]*" style="[^"]*" tabindex="0" data-language="(\w+)"><code>([\s\S]*?)<\/code><\/pre>/g, (_, language: string, code: string) =>
        `<pre tabindex="0"><code class="language-${language}">${code.replace(/<\/?span[^>]*>/g, '').replace(/\n$/, '')}\n</code></pre>`,
      )
      // Astro's JSX writes a true boolean attribute as ="true"; HTML reads it as present either way.
      .replace(/(data-footnote-ref|data-footnotes|data-footnote-backref)="true"/g, '$1=""');
    expect(canonical(renderMdxBody(bodyOf(FIXTURE)).html)).toBe(canonical(astro));
  });

  it('renders every document of the sample manual, each Callout a note and no JSX left', () => {
    const files = listDocumentFiles('.').filter((f) => f.endsWith('.mdx'));
    expect(files.length).toBeGreaterThanOrEqual(50);
    for (const file of files) {
      const body = bodyOf(file);
      const { html } = renderMdxBody(body);
      expect(html.length, file).toBeGreaterThan(body.length / 2);
      expect(html.match(/<aside class="callout /g)?.length ?? 0, file).toBe(body.match(/<Callout /g)?.length ?? 0);
      expect(html, file).not.toMatch(/<Callout|mdxJsx/);
    }
  });

  it("gives each Markdown heading the id the checker's link rule expects, so a #link to a section is never broken on the page", () => {
    const bodies = [FIXTURE, ...listDocumentFiles('.').filter((f) => f.endsWith('.mdx'))].map(bodyOf);
    bodies.push('## Before -- after\n\n## Before \\-- after\n\n## Scope\n\n## Scope\n\n## Note[^a]\n\n[^a]: x\n');
    for (const body of bodies) {
      const normalized = normalizeMdxText(body);
      const expected = headingIds(parseMdx(normalized).tree!, normalized);
      const rendered = renderMdxBody(body);
      expect(rendered.headings.map((h) => h.slug).filter((slug) => slug !== 'footnote-label')).toEqual(expected);
      expect([...rendered.html.matchAll(/<h[1-6] id="([^"]*)"/g)].map((m) => m[1]).filter((id) => id !== 'footnote-label')).toEqual(expected);
    }
  });

  it('gives no id to a heading written as a tag, as Astro does', () => {
    expect(renderMdxBody('<h2>Written</h2>\n\n## Markdown\n').html).toBe('<h2>Written</h2>\n<h2 id="markdown">Markdown</h2>');
  });

  it('writes a Callout as a labelled note, its type in words', () => {
    expect(canonical(renderMdxBody('<Callout type="danger" title="Stop">\nDo **not** reuse.\n</Callout>\n').html)).toBe(
      '<aside class="callout callout--danger" role="note"><p class="callout__label"><span class="callout__symbol" aria-hidden="true">!</span><span>Danger: Stop</span></p><div class="callout__body"><p>Do <strong>not</strong> reuse.</p></div></aside>',
    );
  });

  it('puts every table, written in Markdown or as tags, in a box that scrolls by keyboard, and makes code blocks reachable too', () => {
    const html = renderMdxBody('| A |\n|---|\n| 1 |\n\n<table><tbody><tr><td>x</td></tr></tbody></table>\n\n```\ncode\n```\n').html;
    expect(html.match(/<div class="table-scroll" tabindex="0" role="region" aria-label="Table"><table>/g)).toHaveLength(2);
    expect(html).toContain('<pre tabindex="0"><code>code\n</code></pre>');
  });

  it('drops what the guard refuses, should a text reach it unguarded: no script, handler, style or code-running address', () => {
    const dir = 'tests/fixtures/hostile';
    const fixtures = readdirSync(dir).filter((f) => f.endsWith('.mdx'));
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
    for (const name of fixtures) {
      let html: string;
      try {
        html = renderMdxBody(bodyOf(join(dir, name))).html;
      } catch {
        // A text that does not even parse as MDX renders nothing: the guard reports its syntax error.
        continue;
      }
      const elements = [...html.matchAll(/<([a-z][a-z0-9-]*)([^>]*)>/gi)];
      for (const [, tag, attributes] of elements) {
        // A GFM task list's box, which cannot be ticked: Markdown's own.
        if (tag === 'input' && / disabled/.test(attributes) && /type="checkbox"/.test(attributes)) continue;
        expect(['script', 'iframe', 'object', 'embed', 'svg', 'form', 'input', 'meta', 'style', 'link', 'base'], `${name}: <${tag}>`).not.toContain(tag.toLowerCase());
        expect(attributes, name).not.toMatch(/\s(on[a-z]+|style|set:html)\s*=/i);
        expect(attributes, name).not.toMatch(/(href|src)="\s*(javascript|vbscript|data):/i);
      }
    }
  });

  it('renders the same tree in the CMS preview, where remark-mdx reads the text (smart punctuation aside)', () => {
    // remark-mdx reads a block tag written on one line (<Callout …>text</Callout>) as text in a paragraph,
    // which the browser closes before the block: an empty paragraph the reader does not see.
    const plain = (html: string) =>
      canonical(html).replace(/<p><\/p>/g, '').replace(/[“”]/g, '"').replace(/[‘’]/g, "'").replace(/…/g, '...').replace(/[–—]/g, '-').replace(/-+/g, '-');
    for (const file of [FIXTURE, ...listDocumentFiles('.').filter((f) => f.endsWith('.mdx')).slice(0, 20)]) {
      const body = bodyOf(file);
      const native = renderMdxBody(body).html;
      const preview = withRemark(() => renderMdxBody(body).html);
      expect(plain(preview).replace(/ id="[^"]*"/g, ''), file).toBe(plain(native).replace(/ id="[^"]*"/g, ''));
    }
  });

  it('renders with remark-mdx a text the compiler\'s parser refuses, so a text the guard let through always renders', () => {
    const body = '## Steps\n\n<Callout type="note">\nCheck **twice**.\n</Callout>\n';
    const expected = renderMdxBody(body).html;
    const registered = renderWith(() => {
      throw new Error('the compiler refuses this text');
    });
    try {
      expect(renderMdxBody(body).html).toBe(expected);
    } finally {
      renderWith(registered);
    }
  });
});
