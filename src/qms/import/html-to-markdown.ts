import type { Element, ElementContent, Parents as HastParents, Text as HastText } from 'hast';
import type { BlockContent, DefinitionContent, FootnoteDefinition, Heading, Nodes, PhrasingContent, Root, RootContent } from 'mdast';
import rehypeParse from 'rehype-parse';
import rehypeRemark, { type Options as ToMdastOptions } from 'rehype-remark';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { headingShift, oneLine, shiftedDepth, titleHeadingIndex, type BodyLinks, type ConversionNote } from './conversion.ts';

/**
 * HTML (what mammoth makes of a Word file, or a block of HTML in a Markdown file) as the manual's Markdown:
 * GFM tables, lists, links and images, footnotes; `<sup>`, `<sub>` and `<br />` in table cells as the
 * HTML elements the manual allows. What Markdown cannot hold (merged cells, lists inside a table cell) is
 * written as near as it can be and named in the notes.
 */

type Handlers = NonNullable<ToMdastOptions['handlers']>;

/** Elements this module puts in the HTML tree for the Markdown handlers below. */
const CELL_BREAK = 'qms-cell-break';
const FOOTNOTE_REFERENCE = 'qms-footnote-reference';
const FOOTNOTE = 'qms-footnote';

const handlers: Handlers = {
  [CELL_BREAK]: () => ({ type: 'html', value: '<br />' }),
  // Kept as the HTML elements the manual allows: "CO<sub>2</sub>", "mg/m<sup>2</sup>".
  sup: (state, node) => [{ type: 'html', value: '<sup>' }, ...(state.all(node) as PhrasingContent[]), { type: 'html', value: '</sup>' }],
  sub: (state, node) => [{ type: 'html', value: '<sub>' }, ...(state.all(node) as PhrasingContent[]), { type: 'html', value: '</sub>' }],
  [FOOTNOTE_REFERENCE]: (_, node) => ({ type: 'footnoteReference', identifier: String(node.properties.label), label: String(node.properties.label) }),
  [FOOTNOTE]: (state, node): FootnoteDefinition => ({
    type: 'footnoteDefinition',
    identifier: String(node.properties.label),
    label: String(node.properties.label),
    children: state.toFlow(state.all(node)) as (BlockContent | DefinitionContent)[],
  }),
};

const htmlParser = unified().use(rehypeParse, { fragment: true });
const toMdast = unified().use(rehypeRemark, { handlers });
const markdownWriter = unified()
  .use(remarkGfm, { tablePipeAlign: false })
  .use(remarkStringify, { bullet: '-', emphasis: '*', strong: '*', rule: '-', listItemIndent: 'one', fences: true, incrementListMarker: true });

export interface HtmlConversion {
  tree: Root;
  /** The text of the heading taken as the title (and removed from the tree), when `takeTitle` was asked. */
  title?: string;
  notes: ConversionNote[];
}

export interface HtmlOptions {
  /** Take the title heading out of the text (a Word file's Title paragraph, else the heading over all others). */
  takeTitle?: boolean;
  /** Move headings so that the sections start at `##`. */
  shiftHeadings?: boolean;
}

/** What one conversion met, counted, so that the notes say it once each. */
interface Seen {
  internalLinks: number;
  mergedCells: number;
  blocksInCells: number;
  nestedTables: number;
}

export function htmlToMdast(html: string, links: BodyLinks, options: HtmlOptions = {}): HtmlConversion {
  const hast = htmlParser.parse(html);
  const title = options.takeTitle ? takeTitleParagraph(hast) : undefined;
  const seen: Seen = { internalLinks: 0, mergedCells: 0, blocksInCells: 0, nestedTables: 0 };
  prepare(hast, links, seen, false);
  const tree = toMdast.runSync(hast) as Root;
  const result: HtmlConversion = { tree, notes: notesOf(seen) };
  if (options.takeTitle) result.title = title ?? takeTitleHeading(tree);
  if (options.shiftHeadings) shiftHeadings(tree);
  return result;
}

/** The Markdown of a tree, as the manual writes it: `-` bullets, `| --- |` tables, fenced code. */
export function writeMarkdown(tree: Root): string {
  return delimiterRowsAsWritten(markdownWriter.stringify(tree));
}

/** A table's delimiter row as the manual writes it, `| --- | --- |`, not remark's shortest `| - | - |`. */
function delimiterRowsAsWritten(markdown: string): string {
  const lines = markdown.split('\n');
  const isRow = (i: number) => i >= 0 && lines[i].startsWith('|');
  return lines.map((line, i) => (isRow(i - 1) && !isRow(i - 2) && /^\|(?: :?-:? \|)+$/.test(line) ? line.replace(/-/g, '---') : line)).join('\n');
}

/** HTML straight to Markdown (headings kept as they are): for a block of HTML inside a Markdown file. */
export function htmlToMarkdown(html: string, links: BodyLinks): { markdown: string; notes: ConversionNote[] } {
  const { tree, notes } = htmlToMdast(html, links);
  return { markdown: writeMarkdown(tree).trimEnd(), notes };
}

function notesOf(seen: Seen): ConversionNote[] {
  const notes: ConversionNote[] = [];
  const times = (n: number, one: string, many: string) => (n === 1 ? one : many.replace('#', String(n)));
  if (seen.mergedCells > 0) notes.push({ kind: 'check', message: `${times(seen.mergedCells, 'a merged table cell', '# merged table cells')}: Markdown tables cannot merge cells, so the text is in the first cell and the others are empty` });
  if (seen.blocksInCells > 0) notes.push({ kind: 'check', message: `${times(seen.blocksInCells, 'a table cell holds', '# table cells hold')} several paragraphs or a list: written as lines in the cell` });
  if (seen.nestedTables > 0) notes.push({ kind: 'check', message: `${times(seen.nestedTables, 'a table inside a table cell', '# tables inside table cells')}: written as lines, with the cells separated by ";"` });
  if (seen.internalLinks > 0) notes.push({ kind: 'lost', message: `${times(seen.internalLinks, 'a link', '# links')} to a place inside the Word document (table of contents, cross-reference): kept as plain text` });
  return notes;
}

// ---- The HTML tree, made ready for Markdown ------------------------------------------------------------

const BLOCKS = new Set(['p', 'div', 'section', 'article', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'blockquote', 'pre', 'dl', 'dt', 'dd', 'hr', 'figure', 'figcaption', 'caption']);
const FOOTNOTE_ID = /^#?(footnote|endnote)-(\d+)$/;

const isElement = (node: unknown, ...names: string[]): node is Element =>
  typeof node === 'object' && node !== null && (node as Element).type === 'element' && (names.length === 0 || names.includes((node as Element).tagName));
const text = (value: string): HastText => ({ type: 'text', value });
const element = (tagName: string, properties: Element['properties'] = {}, children: ElementContent[] = []): Element => ({ type: 'element', tagName, properties, children });

/** The footnote label of a mammoth footnote or endnote ID: `1` for footnote-1, `e1` for endnote-1. */
const footnoteLabel = (kind: string, n: string) => (kind === 'endnote' ? `e${n}` : n);

/** Rewrites children bottom-up: an element is replaced by what `prepareElement` makes of it (itself, its children, or nothing). */
function prepare(parent: HastParents, links: BodyLinks, seen: Seen, inCell: boolean): void {
  const out: ElementContent[] = [];
  for (const child of parent.children as ElementContent[]) {
    if (child.type !== 'element') {
      out.push(child);
      continue;
    }
    prepare(child, links, seen, inCell || isElement(child, 'td', 'th'));
    out.push(...prepareElement(child, links, seen, inCell));
  }
  parent.children = out as typeof parent.children;
}

function prepareElement(node: Element, links: BodyLinks, seen: Seen, inCell: boolean): ElementContent[] {
  const props = node.properties;
  switch (node.tagName) {
    case 'a': {
      if (props.href === undefined || props.href === null) return node.children; // a Word bookmark
      const href = String(props.href);
      if (/^#(footnote|endnote)-ref-\d+$/.test(href)) return []; // the "↑" back to the reference
      if (FOOTNOTE_ID.test(href)) return [node];
      if (href.startsWith('#')) {
        seen.internalLinks++;
        return node.children;
      }
      props.href = links.link(href) ?? href;
      return [node];
    }
    case 'sup': {
      // mammoth writes a footnote reference as <sup><a href="#footnote-1">[1]</a></sup>.
      const only = node.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
      const match = only.length === 1 && isElement(only[0], 'a') ? FOOTNOTE_ID.exec(String(only[0].properties.href ?? '')) : null;
      return match ? [element(FOOTNOTE_REFERENCE, { label: footnoteLabel(match[1], match[2]) })] : [node];
    }
    case 'ol': {
      // ... and the notes as an <ol> of <li id="footnote-1"> at the end.
      const items = node.children.filter((c): c is Element => isElement(c));
      const notes = items.map((li) => FOOTNOTE_ID.exec(String(li.properties.id ?? '')));
      if (items.length === 0 || notes.some((m) => m === null)) return [node];
      return items.map((li, i) => element(FOOTNOTE, { label: footnoteLabel(notes[i]![1], notes[i]![2]) }, li.children));
    }
    case 'img': {
      const src = String(props.src ?? '');
      const alt = oneLine(String(props.alt ?? ''));
      props.src = links.image(src, alt) ?? src;
      return [node];
    }
    case 'table': {
      if (inCell) seen.nestedTables++;
      headerRowFirst(node);
      return [node];
    }
    case 'td':
    case 'th': {
      if (Number(props.colSpan ?? 1) > 1 || Number(props.rowSpan ?? 1) > 1) seen.mergedCells++;
      flattenCell(node, seen);
      return [node];
    }
    default:
      return [node];
  }
}

/**
 * A Word table has no header row unless one is marked "repeat as header row"; a Markdown table must have
 * one. The first row is the header in nearly every real table (Field | What to enter), so it becomes one.
 */
function headerRowFirst(table: Element): void {
  const rows: Element[] = [];
  const collect = (node: Element) => {
    for (const child of node.children) {
      if (isElement(child, 'tr')) rows.push(child);
      else if (isElement(child, 'thead', 'tbody', 'tfoot')) collect(child);
    }
  };
  collect(table);
  const first = rows[0];
  if (first === undefined || first.children.some((c) => isElement(c, 'th'))) return;
  for (const cell of first.children) if (isElement(cell, 'td')) cell.tagName = 'th';
}

/** A cell's paragraphs, lists and line breaks as lines of text separated by `<br />`: all a Markdown cell can hold. */
function flattenCell(cell: Element, seen: Seen): void {
  const lines: ElementContent[][] = [];
  const blocks = cellLines(cell.children, lines);
  if (blocks > 1 || cell.children.some((c) => isElement(c, 'ul', 'ol', 'table'))) seen.blocksInCells++;
  const children: ElementContent[] = [];
  lines.forEach((line, i) => {
    if (i > 0) children.push(element(CELL_BREAK));
    children.push(...line);
  });
  cell.children = children;
  markBreaks(cell);
}

/** Appends the lines of `nodes` to `lines`; returns how many block elements (paragraphs, items) it met. */
function cellLines(nodes: readonly ElementContent[], lines: ElementContent[][]): number {
  let blocks = 0;
  let line: ElementContent[] | undefined;
  for (const node of nodes) {
    const name = node.type === 'element' ? node.tagName : '';
    if (node.type === 'element' && name === 'br') {
      if (line === undefined) lines.push([]);
      line = undefined;
    } else if (node.type === 'element' && (name === 'ul' || name === 'ol')) {
      let number = Number(node.properties.start ?? 1);
      for (const item of node.children) {
        if (!isElement(item, 'li')) continue;
        const itemLines: ElementContent[][] = [];
        cellLines(item.children, itemLines);
        const marker = text(name === 'ol' ? `${number++}. ` : '• ');
        if (itemLines.length === 0) itemLines.push([]);
        itemLines[0].unshift(marker);
        lines.push(...itemLines);
        blocks++;
      }
      line = undefined;
    } else if (node.type === 'element' && name === 'tr') {
      const row: ElementContent[] = [];
      for (const cell of node.children) {
        if (!isElement(cell, 'td', 'th')) continue;
        if (row.length > 0) row.push(text('; '));
        row.push(...cell.children);
      }
      lines.push(row);
      line = undefined;
    } else if (node.type === 'element' && BLOCKS.has(name)) {
      blocks++;
      line = undefined;
      cellLines(node.children, lines);
      line = undefined;
    } else if (node.type === 'text' && line === undefined && node.value.trim() === '') {
      continue;
    } else {
      if (line === undefined) lines.push((line = []));
      line.push(node);
    }
  }
  return blocks;
}

/** A `<br>` left inside the cell's inline elements (bold text over two lines) is a cell break too. */
function markBreaks(node: Element): void {
  for (const child of node.children) {
    if (!isElement(child)) continue;
    if (child.tagName === 'br') child.tagName = CELL_BREAK;
    else markBreaks(child);
  }
}

// ---- The title ----------------------------------------------------------------------------------------

/** A Word Title paragraph (`<h1 class="title">`, see word.ts): its text, and it is removed. Any further one becomes text. */
function takeTitleParagraph(root: HastParents): string | undefined {
  let title: string | undefined;
  const visit = (parent: HastParents) => {
    parent.children = (parent.children as ElementContent[]).flatMap((child): ElementContent[] => {
      if (!isElement(child)) return [child];
      const classes = child.properties.className;
      if (child.tagName === 'h1' && Array.isArray(classes) && classes.includes('title')) {
        if (title === undefined && oneLine(textOf(child)).length >= 3) {
          title = oneLine(textOf(child));
          return [];
        }
        return [element('p', {}, [element('strong', {}, child.children)])];
      }
      visit(child);
      return [child];
    }) as typeof parent.children;
  };
  visit(root);
  return title;
}

function textOf(node: ElementContent | HastParents): string {
  if (node.type === 'text') return node.value;
  if ('children' in node) return (node.children as ElementContent[]).map(textOf).join('');
  return '';
}

/** The plain text of Markdown nodes: a heading's words without their emphasis. */
export function plainText(node: Nodes): string {
  if ('value' in node && (node.type === 'text' || node.type === 'inlineCode')) return node.value;
  if ('children' in node) return (node.children as Nodes[]).map(plainText).join('');
  return '';
}

function topLevelHeadings(tree: Root): Heading[] {
  return tree.children.filter((node): node is Heading => node.type === 'heading');
}

/** Takes the title heading (see titleHeadingIndex) out of the tree; its text, or undefined when there is none. */
function takeTitleHeading(tree: Root): string | undefined {
  const headings = topLevelHeadings(tree);
  const index = titleHeadingIndex(headings.map((h) => ({ depth: h.depth, text: oneLine(plainText(h)), leading: h === tree.children[0] })));
  if (index === undefined) return undefined;
  tree.children = tree.children.filter((node) => node !== headings[index]) as RootContent[];
  return oneLine(plainText(headings[index]));
}

function shiftHeadings(tree: Root): void {
  const headings = topLevelHeadings(tree);
  const shift = headingShift(headings.map((h) => h.depth));
  for (const heading of headings) heading.depth = shiftedDepth(heading.depth, shift);
}
