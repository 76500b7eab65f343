import GithubSlugger from 'github-slugger';
import type { Nodes, Root, Text } from 'mdast';
import { parseEntities } from 'parse-entities';

/*
 * The id of each heading, as Astro 7 writes it on the page. Astro compiles .md and .mdx with Sätteri, whose
 * heading-ids plugin (@astrojs/markdown-satteri) gives every h1–h6 of the rendered body
 * `new GithubSlugger().slug(textContent)`: one slugger per document, so a second "Scope" is `scope-1`.
 * textContent is the rendered text, so it differs from the Markdown source in three ways that change a slug:
 * - smart punctuation is on by default: `--` and `---` become en and em dashes, which the slugger drops,
 *   while a single or escaped hyphen stays (`Before -- after` is `before--after`, not `before----after`);
 * - an image contributes nothing (its alt text is an attribute), code its text, a footnote call its number;
 * - raw HTML tags contribute nothing, only the text between them.
 * tests/unit/check/links.test.ts compares these ids with Astro's own plugin, run through Sätteri.
 */

/** The ids of the body's Markdown headings, in order. Headings written as HTML (`<h2>`) get no id. */
export function headingIds(tree: Root, body: string): string[] {
  const slugger = new GithubSlugger();
  const footnotes = footnoteNumbers(tree);
  const ids: string[] = [];
  const visit = (node: Nodes) => {
    if (node.type === 'heading') ids.push(slugger.slug(renderedText(node, body, footnotes)));
    // Footnote definitions are rendered after the body, in a section of their own.
    else if ('children' in node && node.type !== 'footnoteDefinition') for (const child of node.children) visit(child as Nodes);
  };
  visit(tree);
  return ids;
}

/** The ids GFM footnotes give the page, when the body has any: the section, each note and each call. */
export function footnoteAnchors(tree: Root): string[] {
  const numbers = footnoteNumbers(tree);
  if (numbers.size === 0) return [];
  return ['footnote-label', ...[...numbers.keys()].flatMap((id) => [`user-content-fn-${id}`, `user-content-fnref-${id}`])];
}

/** A footnote's number is the order of its first call in the body (GFM). */
function footnoteNumbers(tree: Root): Map<string, number> {
  const numbers = new Map<string, number>();
  const visit = (node: Nodes) => {
    if (node.type === 'footnoteReference' && !numbers.has(node.identifier.toLowerCase())) numbers.set(node.identifier.toLowerCase(), numbers.size + 1);
    else if ('children' in node && node.type !== 'footnoteDefinition') for (const child of node.children) visit(child as Nodes);
  };
  visit(tree);
  return numbers;
}

function renderedText(node: Nodes, body: string, footnotes: ReadonlyMap<string, number>): string {
  switch (node.type) {
    case 'text':
      return withoutSmartDashes(node, body);
    case 'inlineCode':
      return node.value;
    case 'footnoteReference':
      return String(footnotes.get(node.identifier.toLowerCase()) ?? '');
    case 'image':
    case 'imageReference':
    case 'html':
    case 'break':
    case 'mdxTextExpression':
    case 'mdxFlowExpression':
      return '';
  }
  return 'children' in node ? node.children.map((child) => renderedText(child as Nodes, body, footnotes)).join('') : '';
}

/**
 * The text with each run of two or more hyphens removed, as smart punctuation turns it into dashes the
 * slugger drops. A hyphen written escaped (`\-`) or as a character reference (`&#45;`) is not converted,
 * and splits a run: the source tells which is which.
 */
function withoutSmartDashes(node: Text, body: string): string {
  const { value } = node;
  if (!value.includes('--')) return value;
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  // For each hyphen of the value, in order: was it written as a plain `-`?
  const plain: boolean[] = [];
  if (start !== undefined && end !== undefined) {
    for (const [written] of body.slice(start, end).matchAll(/\\[\s\S]|&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);|[\s\S]/gi)) {
      if (written === '-') plain.push(true);
      else for (const c of written.length > 1 ? decodeWritten(written) : '') if (c === '-') plain.push(false);
    }
  }
  const known = plain.length === value.split('-').length - 1;
  let hyphen = 0;
  return value.replace(/-+/g, (run) => {
    let out = '';
    let converted = 0;
    const flush = () => {
      if (converted === 1) out += '-';
      converted = 0;
    };
    for (let i = 0; i < run.length; i++) {
      if (!known || plain[hyphen++]) {
        converted++;
      } else {
        flush();
        out += '-';
      }
    }
    flush();
    return out;
  });
}

/** What an escape (`\-`) or a character reference (`&#45;`) stands for. */
const decodeWritten = (written: string) => (written.startsWith('\\') ? written.slice(1) : parseEntities(written));
