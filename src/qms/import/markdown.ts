import type { Definition, Heading, Html, Image, Link, Nodes } from 'mdast';
import rehypeParse from 'rehype-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Element, Nodes as HastNodes } from 'hast';
import { parseYaml } from '../base/frontmatter.ts';
import { UNSAFE_ELEMENTS } from '../mdx/safety.ts';
import { checkUrl } from '../mdx/safe-url.ts';
import { headingShift, oneLine, shiftedDepth, titleHeadingIndex, type BodyLinks, type ConversionNote } from './conversion.ts';
import { htmlToMarkdown, plainText } from './html-to-markdown.ts';

/**
 * A Markdown document kept as its author wrote it, changed only where the manual needs it: the title
 * heading taken out (it becomes the `title` field), sections moved to start at `##`, images and linked
 * files pointed at the document's attached files, links to other imported documents pointed at their
 * pages, HTML comments kept as MDX comments, and a block of HTML (a table pasted from elsewhere) written
 * in Markdown. Each change is an edit of the source text at a place the parser found, so the rest of the
 * text stays byte for byte.
 */

export interface MarkdownConversion {
  body: string;
  /** From the source's front matter, else from its title heading. */
  title?: string;
  notes: ConversionNote[];
}

const parser = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']);
const htmlParser = unified().use(rehypeParse, { fragment: true });

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Elements Markdown has no syntax for, which the manual allows as HTML: a block of only these stays HTML. */
const KEPT_AS_HTML = new Set(['details', 'summary', 'abbr', 'kbd', 'mark', 'small', 'sub', 'sup', 'dl', 'dt', 'dd', 'br', 'wbr']);

export function convertMarkdown(source: string, links: BodyLinks): MarkdownConversion {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const tree = parser.parse(text);
  const edits: Edit[] = [];
  const notes: ConversionNote[] = [];
  const span = (node: Nodes) => ({ start: node.position!.start.offset!, end: node.position!.end.offset! });
  const removeBlock = (node: Nodes) => {
    const { start, end } = span(node);
    edits.push({ start, end: end + (/^\n*/.exec(text.slice(end))?.[0].length ?? 0), text: '' });
  };

  // Front matter from another tool (Jekyll, Hugo, Obsidian): its title is kept, the rest named.
  let title: string | undefined;
  const matter = tree.children[0];
  if (matter?.type === 'yaml' || matter?.type === 'toml') {
    removeBlock(matter);
    const fields = matter.type === 'yaml' ? readYaml(matter.value) : {};
    if (typeof fields.title === 'string' && oneLine(fields.title).length >= 3) title = oneLine(fields.title);
    const others = Object.keys(fields).filter((key) => key !== 'title');
    if (matter.type === 'toml' || others.length > 0) {
      notes.push({ kind: 'lost', message: `the source's front matter${others.length > 0 ? ` (${others.join(', ')})` : ''} was left out; carry over what the manual's fields need` });
    }
  }

  const headings = tree.children.filter((node): node is Heading => node.type === 'heading');
  const opening = tree.children.find((node) => node.type !== 'yaml' && node.type !== 'toml' && !(node.type === 'html' && /^<!--[\s\S]*-->$/.test(node.value.trim())));
  const titleIndex = titleHeadingIndex(headings.map((h) => ({ depth: h.depth, text: oneLine(plainText(h)), leading: h === opening })));
  const titleHeading = titleIndex === undefined ? undefined : headings[titleIndex];
  if (titleHeading && (title === undefined || title === oneLine(plainText(titleHeading)))) {
    title ??= oneLine(plainText(titleHeading));
    removeBlock(titleHeading);
  }
  const sections: Heading[] = [];
  collect(tree, (node) => node.type === 'heading' && node !== titleHeading && sections.push(node));
  const shift = headingShift(sections.map((h) => h.depth));
  if (shift !== 0) for (const heading of sections) edits.push(headingEdit(text, heading, shiftedDepth(heading.depth, shift)));

  // A definition used by an image (![Plan][p]) is an image, with that image's description.
  const imageAlt = new Map<string, string>();
  collect(tree, (node) => node.type === 'imageReference' && imageAlt.set(node.identifier, node.alt ?? ''));
  collect(tree, (node, inline) => {
    if (node.type === 'image') {
      const url = links.image(node.url, node.alt ?? '');
      if (url !== undefined && url !== node.url) edits.push({ ...span(node), text: `![${escapeLabel(node.alt ?? '')}](${destination(url)}${titlePart(node)})` });
    } else if (node.type === 'link') {
      const edit = linkEdit(text, node, links);
      if (edit) edits.push(edit);
    } else if (node.type === 'definition') {
      const alt = imageAlt.get(node.identifier);
      const url = alt !== undefined ? links.image(node.url, alt) : links.link(node.url);
      if (url !== undefined && url !== node.url) edits.push({ ...span(node), text: `[${node.label ?? node.identifier}]: ${destination(url)}${titlePart(node)}` });
    } else if (node.type === 'html') {
      const edit = htmlEdit(node, inline, links, notes);
      if (edit) edits.push({ ...span(node), text: edit });
    }
  });

  return { body: applyEdits(text, edits).replace(/^\n+/, ''), ...(title !== undefined ? { title } : {}), notes };
}

/**
 * Markdown files are mostly UTF-8; one saved by Windows Notepad as UTF-16 is read by its byte-order mark,
 * and one saved by an old Windows editor as Windows-1252: the document is written as UTF-8 either way.
 */
export function decodeMarkdown(bytes: Uint8Array): { text: string; notes: ConversionNote[] } {
  const notes: ConversionNote[] = [];
  let text = readUnicode(bytes);
  if (text === undefined) {
    text = new TextDecoder('windows-1252').decode(bytes);
    notes.push({ kind: 'check', message: 'the file is not UTF-8 and was read as Windows-1252: check quotes, dashes and accented letters' });
  }
  // Control characters (a form feed from a PDF copy) are not text the manual can hold.
  const controls = text.match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g)?.length ?? 0;
  if (controls > 0) {
    text = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
    notes.push({ kind: 'check', message: `${controls} control character${controls === 1 ? ' was' : 's were'} removed (invisible characters such as page breaks)` });
  }
  return { text, notes };
}

/** UTF-8, or UTF-16 with its byte-order mark; undefined when the bytes are neither. */
function readUnicode(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function readYaml(text: string): Record<string, unknown> {
  try {
    const data = parseYaml(text);
    return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Every node of the tree, with whether it sits in a paragraph or other inline content. */
function collect(node: Nodes, visit: (node: Nodes, inline: boolean) => unknown, inline = false): void {
  visit(node, inline);
  if ('children' in node) {
    const childrenInline = inline || node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell';
    for (const child of node.children as Nodes[]) collect(child, visit, childrenInline);
  }
}

/** `# Title` → `## Title`; a Setext heading (underlined with === or ---) is written as `##` too. */
function headingEdit(text: string, heading: Heading, depth: number): Edit {
  const start = heading.position!.start.offset!;
  const end = heading.position!.end.offset!;
  const hashes = /^#{1,6}/.exec(text.slice(start, end));
  if (hashes) return { start, end: start + hashes[0].length, text: '#'.repeat(depth) };
  const first = heading.children[0]?.position?.start.offset ?? start;
  const last = heading.children.at(-1)?.position?.end.offset ?? first;
  return { start, end, text: `${'#'.repeat(depth)} ${text.slice(first, last).replace(/\n\s*/g, ' ')}` };
}

/** An inline link `[text](url "title")` gets its new URL; autolinks and bare addresses are left as written. */
function linkEdit(text: string, link: Link, links: BodyLinks): Edit | undefined {
  const start = link.position!.start.offset!;
  const end = link.position!.end.offset!;
  if (text[start] !== '[' || text[end - 1] !== ')') return undefined;
  const url = links.link(link.url);
  if (url === undefined || url === link.url) return undefined;
  const afterText = link.children.at(-1)?.position?.end.offset ?? start + 1;
  const close = text.indexOf(']', afterText);
  if (close === -1 || close >= end) return undefined;
  return { start: close, end, text: `](${destination(url)}${titlePart(link)})` };
}

/**
 * HTML in Markdown: a comment is kept as an MDX comment (a note to the editor stays one); `<br>` is
 * closed; an `<img>` or a block of HTML (a table from elsewhere) becomes Markdown, its image and links
 * pointed like any other. HTML with a script, a frame or an event handler is left exactly as written,
 * for the checker to refuse and the person to see.
 */
function htmlEdit(node: Html, inline: boolean, links: BodyLinks, notes: ConversionNote[]): string | undefined {
  const value = node.value;
  const comment = /^<!--([\s\S]*?)-->$/.exec(value.trim());
  if (comment) return `{/*${comment[1].replace(/\*\//g, '* /').replace(/\{/g, '(').replace(/\}/g, ')')}*/}`;
  if (/^<br\s*\/?>$/i.test(value)) return '<br />';
  const fragment = htmlParser.parse(value);
  const elements = elementsOf(fragment);
  if (elements.length === 0 || elements.some(isUnsafe)) return undefined;
  if (inline) {
    if (!/^<img\s/i.test(value)) return undefined;
    const img = elements[0];
    const alt = oneLine(String(img.properties.alt ?? ''));
    const src = String(img.properties.src ?? '');
    return `![${escapeLabel(alt)}](${destination(links.image(src, alt) ?? src)})`;
  }
  if (elements.every((e) => KEPT_AS_HTML.has(e.tagName))) return undefined;
  const converted = htmlToMarkdown(value, links);
  notes.push(...converted.notes);
  return converted.markdown;
}

function elementsOf(node: HastNodes): Element[] {
  const found: Element[] = [];
  const visit = (n: HastNodes) => {
    if (n.type === 'element') found.push(n);
    if ('children' in n) for (const child of n.children) visit(child);
  };
  visit(node);
  return found;
}

/** What the converter must not rewrite away: an element or attribute that runs code, or a URL that does. */
function isUnsafe(element: Element): boolean {
  if (UNSAFE_ELEMENTS.has(element.tagName)) return true;
  return Object.entries(element.properties).some(([name, value]) => /^on/i.test(name) || name === 'srcDoc' || ((name === 'href' || name === 'src') && !checkUrl(String(value)).safe));
}

function applyEdits(text: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  for (const edit of sorted) {
    if (edit.start < at) continue; // inside an edit already made (an image in a removed title)
    out += text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + text.slice(at);
}

const escapeLabel = (label: string) => label.replace(/[[\]\\]/g, '\\$&');
/** A link destination written plainly: spaces, parentheses and angle brackets percent-encoded. */
const destination = (url: string) => url.replace(/[\s()<>]/g, (c) => encodeURIComponent(c).replace('(', '%28').replace(')', '%29'));
const titlePart = (node: Image | Link | Definition) => (node.title ? ` "${node.title.replace(/"/g, '\\"')}"` : '');
