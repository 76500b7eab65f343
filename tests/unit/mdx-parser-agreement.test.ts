import { readdirSync, readFileSync } from 'node:fs';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
// The Rust MDX parser that Astro 7 compiles documents with (through @astrojs/mdx).
import { markdownToMdast, mdxToMdast } from 'satteri';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import type { Root } from 'mdast';
import { bodyFormatOf, outlineBody } from '../../src/qms/mdx/body-links.ts';
import { bodyAsCompiled, documentGuardFindings } from '../../src/qms/mdx/document-safety.ts';
import { normalizeMdxText } from '../../src/qms/mdx/normalize.ts';
import { readFirstWith } from '../../src/qms/mdx/parse.ts';
import { listDocumentFiles } from '../../src/qms/load/manual.ts';

/**
 * The checker reads documents with remark-mdx; Astro compiles them with satteri. If the two ever read a
 * document differently, the checker could pass what the compiler turns into code. These tests compare,
 * for every fixture and sample document, every node that can carry code or a URL, and code, which the
 * checker lets through as text. A failure after an Astro upgrade means: re-check the safety rules.
 */
interface Node {
  type: string;
  name?: string | null;
  url?: string;
  value?: string;
  attributes?: { type: string; name?: string; value?: unknown }[];
  position?: { start: { line: number; column: number } };
  children?: Node[];
}

const JSX = new Set(['mdxJsxFlowElement', 'mdxJsxTextElement']);
const EXPRESSION = new Set(['mdxFlowExpression', 'mdxTextExpression']);
const WATCHED = new Set([...JSX, ...EXPRESSION, 'mdxjsEsm', 'link', 'image', 'definition', 'code', 'inlineCode', 'html']);

/** The nodes that matter for safety, as comparable text. Flow or text placement does not matter. */
function watched(tree: Node): string[] {
  const out: string[] = [];
  const visit = (node: Node) => {
    if (WATCHED.has(node.type)) {
      const type = JSX.has(node.type) ? 'jsx' : EXPRESSION.has(node.type) ? 'expression' : node.type;
      const at = `${node.position?.start.line}:${node.position?.start.column}`;
      const attributes = node.attributes?.map((a) => (a.type === 'mdxJsxAttribute' ? `${a.name}=${typeof a.value === 'object' && a.value ? '{}' : JSON.stringify(a.value)}` : '{...}'));
      out.push([at, type, node.name, node.url, type === 'code' || type === 'inlineCode' ? node.value : undefined, attributes?.length ? attributes.join(' ') : undefined].filter((x) => x !== undefined).join(' '));
    }
    node.children?.forEach(visit);
  };
  visit(tree);
  return out;
}

const remark = unified().use(remarkParse).use(remarkMdx).use(remarkGfm);

function readBoth(body: string): { remark: string[] | 'error'; satteri: string[] | 'error' } {
  let ours: string[] | 'error';
  let theirs: string[] | 'error';
  try {
    ours = watched(remark.parse(body) as unknown as Node);
  } catch {
    ours = 'error';
  }
  try {
    theirs = watched(mdxToMdast(body, { features: { gfm: true } }) as unknown as Node);
  } catch {
    theirs = 'error';
  }
  return { remark: ours, satteri: theirs };
}

const FIXTURE_DIRS = ['tests/fixtures/hostile', 'tests/fixtures/hostile-frontmatter'];
const fixtures = FIXTURE_DIRS.flatMap((dir) => readdirSync(dir).map((name) => `${dir}/${name}`));

describe('remark-mdx and Astro\'s MDX compiler read documents alike', () => {
  it('compares the nodes that can carry code or URLs', () => {
    expect(readBoth('import x from "y"\n\n<script>a</script> {b} [c](javascript:d) `e`\n')).toEqual({
      remark: ['1:1 mdxjsEsm', '3:1 jsx script', '3:20 expression', '3:24 link javascript:d', '3:42 inlineCode e'],
      satteri: ['1:1 mdxjsEsm', '3:1 jsx script', '3:20 expression', '3:24 link javascript:d', '3:42 inlineCode e'],
    });
    expect(readBoth('a { b\n')).toEqual({ remark: 'error', satteri: 'error' });
  });

  it.each(fixtures)('%s', (file) => {
    const { remark: ours, satteri: theirs } = readBoth(bodyAsCompiled(readFileSync(file, 'utf8')).body);
    expect(ours).toEqual(theirs);
  });

  it('every document of the sample manual', () => {
    for (const file of listDocumentFiles('.')) {
      const { remark: ours, satteri: theirs } = readBoth(bodyAsCompiled(readFileSync(file, 'utf8')).body);
      expect(ours, file).toEqual(theirs);
    }
  });

  it.each([
    '    <script>indented, not code in MDX</script>\n',
    '- [ ] <b>task</b>\n',
    '<https://example.org>\n',
    '[x](<java\tscript:alert(1)>)\n',
    '[x](java\tscript:alert(1))\n',
    '\\<script>escaped\\</script>\n',
    '&lt;script&gt;\n',
    '`` `<script>` ``\n',
    '<abbr title="a&#x20;b" data-x=\'y\'>z</abbr>\n',
    '[^1]\n\n[^1]: <script>x</script>\n',
    '| a |\n| - |\n| <b>x</b> {y} |\n',
    '<!-- comment -->\n',
    '{/* comment */}\n',
    '$x$ and $$y$$\n',
  ])('the construct %j', (body) => {
    const { remark: ours, satteri: theirs } = readBoth(body);
    expect(ours).toEqual(theirs);
  });
});

/**
 * On Node the checker reads with the compiler's parser first (parse.ts, readFirstWith), completing its tree
 * where it lacks what remark-mdx gives (attribute positions) or reading again with remark-mdx. Both ways must
 * give every finding alike, at the same place, and every address a body holds.
 */
describe('the checker reads a document alike with either parser', () => {
  const both = <T>(read: () => T): { remark: T; compiler: T } => {
    readFirstWith(undefined);
    const remarkOnly = read();
    readFirstWith({
      mdx: (body) => mdxToMdast(body, { features: { gfm: true, frontmatter: false } }) as unknown as Root,
      markdown: (body) => markdownToMdast(body, { features: { gfm: true, frontmatter: false } }) as unknown as Root,
    });
    try {
      return { remark: remarkOnly, compiler: read() };
    } finally {
      readFirstWith(undefined);
    }
  };
  const ordinary = readdirSync('tests/fixtures/ordinary-markdown').filter((f) => f.endsWith('.md')).map((f) => `tests/fixtures/ordinary-markdown/${f}`);
  const files = [...fixtures, ...ordinary, ...listDocumentFiles('.'), ...readdirSync('tests/fixtures/check', { recursive: true, encoding: 'utf8' }).filter((f) => /\.mdx?$/.test(f)).map((f) => `tests/fixtures/check/${f}`)];

  it.each(files)('%s', (file) => {
    const source = readFileSync(file, 'utf8');
    const findings = both(() => documentGuardFindings(file, source));
    expect(findings.compiler).toEqual(findings.remark);
    const normalized = both(() => normalizeMdxText(bodyAsCompiled(source).body));
    expect(normalized.compiler).toEqual(normalized.remark);
    // A file whose lines end in CR alone is refused for its encoding before its links are read.
    if (/\r(?!\n)/.test(source)) return;
    const { body } = bodyAsCompiled(source);
    const outline = both(() => outlineBody(body, bodyFormatOf(file)));
    expect(outline.compiler).toEqual(outline.remark);
  });

  it.each(ordinary)('%s, written into an .mdx document', (file) => {
    const findings = both(() => documentGuardFindings('content/docs/procedures/SOP-950-ordinary.mdx', readFileSync(file, 'utf8')));
    expect(findings.compiler).toEqual(findings.remark);
    expect(findings.compiler).toEqual([]);
  });

  it('places attributes as remark-mdx does, and reads again a tag it cannot place', () => {
    for (const body of [
      'x <abbr title="a &amp; b" data-x=\'y\' hidden>z</abbr> <img src="/a.png" alt="" />\n',
      '<Callout type="note" title="T">\n\n[l](/docs/SOP-004/)\n\n</Callout>\n',
      '<a\nhref="/x">a tag over two lines</a>\n',
      '<a href = "/x">spaced</a> <a href={"/y"}>expression</a> <b {...x}>spread</b>\n',
      '- <a href="https://example.org" onClick="x()">x</a>\n',
    ]) {
      expect(both(() => documentGuardFindings('x.mdx', body)).compiler, body).toEqual(both(() => documentGuardFindings('x.mdx', body)).remark);
      expect(both(() => outlineBody(body, 'mdx')).compiler, body).toEqual(both(() => outlineBody(body, 'mdx')).remark);
    }
  });
});
