import { describe, expect, it } from 'vitest';
import { escapeMdxText, normalizeMdxText } from '../../../src/qms/mdx/normalize.ts';
import { mdxSafetyFindings } from '../../../src/qms/mdx/safety.ts';
import { bodyHtml } from '../../../src/cms/preview.ts';

/** What the checker finds in a saved text: it reads the body as the build compiles it, normalized. */
const rules = (body: string) => mdxSafetyFindings('x.mdx', normalizeMdxText(body), 1).map((f) => f.rule);

/** What controllers type or paste, meaning the characters, and what the page must then show. */
const PLAIN_TEXT: [string, string[]][] = [
  ['Keep contamination {below 3%} of sets.', ['{below 3%}']],
  ['Unmatched { brace, and } the other way.', ['Unmatched { brace, and } the other way.']],
  ['Dose < 5 mg, a<b, and x<y>z.', ['Dose < 5 mg, a<b, and x<y>z.']],
  ['<insert ward name> on the <Date> of admission.', ['<insert ward name> on the <Date> of admission.']],
  ['“Smart quotes”, an en dash – and an em dash —, tab\tseparated values, • bullets, ½ and non\u2011breaking spaces.', ['“Smart quotes”, an en dash – and an em dash —, tab\tseparated values, • bullets, ½']],
  ['| Step | Who |\n| --- | --- |\n| {draw} | <Nurse> |', ['<td>{draw}</td>', '<td><Nurse></td>']],
  ['3 * 4 * 5 = 60\n\n* list\n- list', ['3 * 4 * 5 = 60', '<li>list</li>']],
  ['Line ending with a backslash\\\nand an escaped \\{ brace.', ['backslash<br>', 'an escaped { brace.']],
  ['A JSX-looking <Component prop={value} /> typed as text.', ['<Component prop={value} />']],
];

/** The preview's HTML with character references read back, tags kept: what a reader sees, and where. */
const shownAs = (body: string) => bodyHtml(body).replace(/&#x3C;/g, '<').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x26;|&amp;/g, '&').replace(/<(\/?)(p|td|li|br)>/g, '[$1$2]');

describe('braces and angle brackets typed as text', () => {
  for (const [text, shown] of PLAIN_TEXT) {
    it(`save safely and show as typed: ${JSON.stringify(text).slice(0, 60)}`, () => {
      const escaped = escapeMdxText(text);
      expect(rules(escaped)).toEqual([]);
      expect(escapeMdxText(escaped)).toBe(escaped);
      const html = shownAs(escaped);
      for (const part of shown) expect(html).toContain(part.replace(/<(\/?)(p|td|li|br)>/g, '[$1$2]'));
    });
  }

  it('read HTML the way GitHub does: allowed elements render, comments are dropped, other tags are text', () => {
    const escaped = escapeMdxText('Press <b>bold</b>, line<br>break, <font color="red">red</font> and <!-- a note to editors -->.');
    expect(rules(escaped)).toEqual([]);
    const html = bodyHtml(escaped);
    expect(html).toContain('<b>bold</b>');
    expect(html).toMatch(/line<br\s*\/?>break/);
    expect(shownAs(escaped)).toContain('<font color="red">red</font>');
    expect(html).not.toContain('a note to editors');
    // The comment is the editors': it stays in the saved file.
    expect(escaped).toContain('<!-- a note to editors -->');
  });

  it('leave code, comments, the Callout and the allowed elements as they are', () => {
    const text = 'Use `{x}` and\n\n```\n<script>{y}</script>\n```\n\n{/* note */}\n\n<Callout type="note" title="A {title}">\n\nPress <kbd>Ctrl</kbd>, H<sub>2</sub>O.\n\n</Callout>\n';
    expect(escapeMdxText(text)).toBe(text);
    expect(rules(text)).toEqual([]);
  });
});

describe('what escaping must not let through', () => {
  it.each([
    ['a script', '<script>alert(1)</script>', 'mdx-unsafe-element'],
    ['an event handler', '<img src=x onerror=alert(1)>', 'mdx-event-handler'],
    ['a javascript: link', '[click](javascript:alert(1))', 'mdx-unsafe-url'],
    ['an import', 'import x from "y"', 'mdx-esm'],
  ])('%s is still refused after escaping', (_, text, rule) => {
    expect(rules(escapeMdxText(text))).toContain(rule);
  });

  it('an expression in an attribute of an allowed component is still refused', () => {
    expect(rules(escapeMdxText('<Callout type="note" title={x}>\n\nHi\n\n</Callout>'))).toContain('mdx-expression');
  });
});
