import type { Definition, Html, Image, Link, Nodes, Root } from 'mdast';
import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import { parseEntities } from 'parse-entities';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { footnoteAnchors, headingIds } from './heading-ids.ts';
import { parseMdx, type Range } from './parse.ts';

/*
 * What a document body points to and what it offers to be pointed at: every address written in it (links,
 * images, link definitions, href and src attributes), each with where it is written, and the anchors of its
 * headings. Code spans and fenced blocks hold no links: they are code nodes in the tree.
 */

/** .md bodies are Markdown, where HTML is raw HTML; everything else is compiled as MDX. */
export type BodyFormat = 'md' | 'mdx';
export const bodyFormatOf = (file: string): BodyFormat => (file.endsWith('.md') ? 'md' : 'mdx');

export interface BodyUrl {
  /** The address as the parser reads it: escapes and character references undone. */
  url: string;
  /** What carries it: a Markdown link or image, a link definition (`[label]: url`), or an HTML attribute. */
  via: 'link' | 'image' | 'definition' | 'attribute';
  /** Shown in the page rather than followed: an image, a `src`, a definition an image uses. */
  embedded: boolean;
  /** The element of an attribute, lower case (`img`, `a`). */
  element?: string;
  /** The address as written, in body offsets (end exclusive): what a fix replaces. */
  range: Range;
  /** Where the address starts in the body, 1-based. */
  line: number;
  column: number;
}

export interface BodyOutline {
  urls: BodyUrl[];
  /** The id of each heading, in order, as the page gives them. */
  headingIds: string[];
  /** Every id a `#fragment` can reach in the body: its headings' and its footnotes'. */
  anchors: ReadonlySet<string>;
}

const markdownParser = unified().use(remarkParse).use(remarkGfm);

/**
 * The tree of a body: MDX, or Markdown for .md files and for MDX with a syntax error (reported by mdx-syntax).
 * parseMdx recovers from an error by blanking its line, which would hide the links on that line.
 */
export function parseBody(body: string, format: BodyFormat): Root {
  const mdx = format === 'mdx' ? parseMdx(body) : undefined;
  return mdx?.tree && mdx.syntaxRanges.length === 0 ? mdx.tree : markdownParser.parse(body);
}

/**
 * Whether the body can hold an address: an inline link or image needs `](`, a reference needs a `]:`
 * definition, HTML an href or src. Most bodies have one, but a body without is not parsed for its links.
 */
export const mayHaveUrls = (body: string) => /\]\(|\]:|\b(?:href|src|poster)\s*=/i.test(body);

/** Whether the body can show an image or other media: a Markdown image, a definition an image may use, a src. */
export const mayEmbed = (body: string) => /!\[|\]:|\b(?:src|poster)\s*=/i.test(body);

const INLINE_DESTINATION = /\]\(([^\s()<>\\&"'`]*)\)|\]\(/g;

/**
 * The addresses of a body whose only addresses are plain inline links, `[text](/docs/SOP-004/)`, read without
 * parsing it: every address the parser would find, or more (some may be in code). Undefined when the body has
 * anything else that can carry an address (a destination with spaces, brackets, escapes, references or a title;
 * an image, a definition, an href or src): then only the parser can tell.
 */
export function plainLinkUrls(body: string): string[] | undefined {
  if (/!\[|\]:|\b(?:href|src|poster)\s*=/i.test(body)) return undefined;
  const urls: string[] = [];
  for (const m of body.matchAll(INLINE_DESTINATION)) {
    if (m[1] === undefined) return undefined;
    urls.push(m[1]);
  }
  return urls;
}

/** Every address in the body and every anchor it offers. */
export function outlineBody(body: string, format: BodyFormat): BodyOutline {
  const tree = parseBody(body, format);
  const ids = headingIds(tree, body);
  return { urls: bodyUrls(tree, body), headingIds: ids, anchors: new Set([...ids, ...footnoteAnchors(tree)]) };
}

/** Attributes that carry an address: followed (`href`) or loaded into the page (`src`, a video's `poster`). */
const URL_ATTRIBUTES: Readonly<Record<string, 'followed' | 'embedded'>> = { href: 'followed', src: 'embedded', poster: 'embedded' };

type JsxElement = MdxJsxFlowElement | MdxJsxTextElement;

function bodyUrls(tree: Root, body: string): BodyUrl[] {
  const place = placeFinder(body);
  const urls: BodyUrl[] = [];
  const add = (url: string, via: BodyUrl['via'], embedded: boolean, range: Range, element?: string) =>
    urls.push({ url, via, embedded, ...(element ? { element } : {}), range, ...place(range.start) });
  const imageDefinitions = new Set<string>();
  const definitions: Definition[] = [];

  const visit = (node: Nodes) => {
    switch (node.type) {
      case 'link':
      case 'image':
        add(node.url, node.type, node.type === 'image', inlineDestination(body, node) ?? nodeStart(node));
        break;
      case 'imageReference':
        imageDefinitions.add(node.identifier);
        break;
      case 'definition':
        definitions.push(node);
        break;
      case 'mdxJsxFlowElement':
      case 'mdxJsxTextElement':
        for (const found of jsxUrls(node, body)) add(found.url, 'attribute', found.embedded, found.range, found.element);
        break;
      case 'html':
        for (const found of htmlUrls(node)) add(found.url, 'attribute', found.embedded, found.range, found.element);
        break;
    }
    if ('children' in node) for (const child of node.children) visit(child as Nodes);
  };
  visit(tree);
  for (const node of definitions) add(node.url, 'definition', imageDefinitions.has(node.identifier), definitionDestination(body, node) ?? nodeStart(node));
  return urls.sort((a, b) => a.range.start - b.range.start);
}

interface AttributeUrl {
  url: string;
  embedded: boolean;
  element: string;
  range: Range;
}

function jsxUrls(node: JsxElement, body: string): AttributeUrl[] {
  const found: AttributeUrl[] = [];
  for (const attribute of node.attributes) {
    if (attribute.type !== 'mdxJsxAttribute' || typeof attribute.value !== 'string') continue;
    const kind = URL_ATTRIBUTES[attribute.name.toLowerCase()];
    const start = attribute.position?.start.offset;
    const end = attribute.position?.end.offset;
    if (!kind || start === undefined || end === undefined) continue;
    // name="value" or name='value': the value is between the quote after the = and the attribute's end.
    const quote = /=\s*["']/.exec(body.slice(start, end));
    const range = quote ? { start: start + quote.index + quote[0].length, end: end - 1 } : { start, end };
    found.push({ url: attribute.value, embedded: kind === 'embedded', element: (node.name ?? '').toLowerCase(), range });
  }
  return found;
}

const HTML_TAG = /<([A-Za-z][\w:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const HTML_ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g;

/** The addresses in raw HTML (Markdown bodies): read tag by tag, as the safety rules read them. */
function htmlUrls(node: Html): AttributeUrl[] {
  const offset = node.position?.start.offset;
  if (offset === undefined) return [];
  const value = node.value.replace(/<!--[\s\S]*?-->/g, (comment) => comment.replace(/[^\n]/g, ' '));
  const found: AttributeUrl[] = [];
  for (const tag of value.matchAll(HTML_TAG)) {
    const attributesAt = tag.index + 1 + tag[1].length;
    for (const attribute of tag[2].matchAll(HTML_ATTRIBUTE)) {
      const kind = URL_ATTRIBUTES[attribute[1].toLowerCase()];
      const written = attribute[2];
      if (!kind || written === undefined) continue;
      const quoted = /^["']/.test(written);
      const start = offset + attributesAt + attribute.index + attribute[0].length - written.length + (quoted ? 1 : 0);
      const raw = quoted ? written.slice(1, -1) : written;
      found.push({ url: parseEntities(raw), embedded: kind === 'embedded', element: tag[1].toLowerCase(), range: { start, end: start + raw.length } });
    }
  }
  return found;
}

const nodeStart = (node: Nodes): Range => {
  const start = node.position?.start.offset ?? 0;
  return { start, end: node.position?.end.offset ?? start };
};

/**
 * Where `[text](address "title")` or `![alt](address)` writes its address. Undefined for an autolink,
 * which has no separate address.
 */
function inlineDestination(body: string, node: Link | Image): Range | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return undefined;
  const close = closingBracket(body, node.type === 'image' ? start + 1 : start, end);
  if (close === undefined || body[close + 1] !== '(') return undefined;
  return destinationAt(body, skipSpace(body, close + 2, end), end);
}

/** Where `[label]: address "title"` writes its address. */
function definitionDestination(body: string, node: Definition): Range | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return undefined;
  const close = closingBracket(body, start, end);
  if (close === undefined || body[close + 1] !== ':') return undefined;
  return destinationAt(body, skipSpace(body, close + 2, end), end);
}

/** The `]` that closes the `[` at `open`, past escapes and code spans. */
function closingBracket(body: string, open: number, end: number): number | undefined {
  if (body[open] !== '[') return undefined;
  let depth = 0;
  for (let i = open; i < end; i++) {
    const c = body[i];
    if (c === '\\') {
      i++;
    } else if (c === '`') {
      const ticks = /^`+/.exec(body.slice(i, end))![0];
      const closing = body.indexOf(ticks, i + ticks.length);
      i = closing === -1 || closing >= end ? i + ticks.length - 1 : closing + ticks.length - 1;
    } else if (c === '[') {
      depth++;
    } else if (c === ']' && --depth === 0) {
      return i;
    }
  }
  return undefined;
}

function skipSpace(body: string, from: number, end: number): number {
  let i = from;
  while (i < end && /[ \t\r\n]/.test(body[i])) i++;
  return i;
}

/** A destination: `<anything but >>` or a run without spaces whose parentheses balance (CommonMark). */
function destinationAt(body: string, from: number, end: number): Range {
  if (body[from] === '<') {
    let i = from + 1;
    while (i < end && body[i] !== '>' && body[i] !== '\n') i += body[i] === '\\' ? 2 : 1;
    return { start: from + 1, end: Math.min(i, end) };
  }
  let depth = 0;
  let i = from;
  for (; i < end; i++) {
    const c = body[i];
    if (c === '\\') i++;
    else if (c === '(') depth++;
    else if (c === ')' && depth-- === 0) break;
    else if (/[\s]/.test(c)) break;
  }
  return { start: from, end: Math.min(i, end) };
}

/** Line and column (1-based) of a body offset, by binary search over the line starts. */
function placeFinder(body: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = body.indexOf('\n'); i !== -1; i = body.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - starts[low] + 1 };
  };
}
