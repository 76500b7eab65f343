import type { Element, ElementContent, Root, RootContent } from 'hast';

/**
 * A table pasted from Word, Excel or a web page, as a GFM Markdown table. The clipboard's plain text runs
 * a table together (one run-on line, or cells split by tabs that Markdown ignores), so the HTML the
 * clipboard also carries is read instead. The reading works on a hast tree: in the admin page it comes
 * from the browser's own HTML parser (domToHast), in the unit tests from parse5, so the conversion is
 * the same function in both.
 */

export interface PastedTables {
  /** The Markdown: paragraphs as plain text, each table as a GFM table, blocks separated by blank lines. */
  markdown: string;
  /** Size of each table converted, for the note under the editor. */
  tables: { columns: number; rows: number }[];
}

/** Elements whose content is never text of the document. */
const SKIPPED = new Set(['head', 'style', 'script', 'template', 'noscript', 'title', 'meta', 'link', 'xml']);
/** Elements that end a line of text (a paragraph, in the Markdown). */
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5',
  'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'ul', 'caption',
]);
/** A cell spanning more rows or columns than this is taken as a mistake in the HTML, not a layout. */
const MAX_SPAN = 100;

/** The pasted HTML as Markdown, when it holds a table; undefined when it holds none (paste it as plain text). */
export function pastedTablesToMarkdown(tree: Root): PastedTables | undefined {
  const blocks: string[] = [];
  const tables: PastedTables['tables'] = [];
  let paragraph = '';
  const flush = () => {
    const text = paragraph.replace(/[ \t\u00a0]*\n[ \t\u00a0]*/g, '\n').replace(/\u00a0/g, ' ').trim();
    if (text !== '') blocks.push(text);
    paragraph = '';
  };
  const walk = (nodes: readonly (RootContent | ElementContent)[]) => {
    for (const node of nodes) {
      if (node.type === 'text') paragraph += collapse(node.value);
      if (node.type !== 'element' || SKIPPED.has(node.tagName)) continue;
      if (node.tagName === 'table') {
        flush();
        const grid = tableGrid(node);
        if (grid.length > 0) {
          blocks.push(gfmTable(grid));
          tables.push({ columns: grid[0].length, rows: grid.length });
        }
      } else if (node.tagName === 'br') {
        paragraph += '\n';
      } else if (BLOCKS.has(node.tagName)) {
        flush();
        walk(node.children);
        flush();
      } else {
        walk(node.children);
      }
    }
  };
  walk(tree.children);
  flush();
  return tables.length === 0 ? undefined : { markdown: blocks.join('\n\n'), tables };
}

/** HTML whitespace as the browser shows it: runs of spaces and line breaks are one space (a no-break space stays). */
const collapse = (text: string) => text.replace(/[ \t\n\r\f]+/g, ' ');

interface Row {
  header: boolean;
  cells: Element[];
}

/** The rows of a table, not those of tables nested in its cells. */
function rowsOf(table: Element): Row[] {
  const rows: Row[] = [];
  const visit = (node: Element, inHead: boolean) => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      if (child.tagName === 'tr') {
        const cells = child.children.filter((c): c is Element => c.type === 'element' && (c.tagName === 'td' || c.tagName === 'th'));
        rows.push({ header: inHead || (cells.length > 0 && cells.every((c) => c.tagName === 'th')), cells });
      } else if (child.tagName === 'thead' || child.tagName === 'tbody' || child.tagName === 'tfoot') {
        visit(child, child.tagName === 'thead');
      }
    }
  };
  visit(table, false);
  return rows;
}

/**
 * The table's text as a rectangular grid, header row first (the first row marked as a header by <thead>
 * or <th>s, otherwise the first row). A cell spanning several columns or rows keeps its text in its first
 * place and leaves the others empty, so every later cell stays in its column.
 */
function tableGrid(table: Element): string[][] {
  const rows = rowsOf(table);
  const grid: string[][] = rows.map(() => []);
  rows.forEach((row, r) => {
    let column = 0;
    for (const cell of row.cells) {
      while (grid[r][column] !== undefined) column++;
      const colSpan = span(cell.properties.colSpan);
      const rowSpan = Math.min(span(cell.properties.rowSpan), rows.length - r);
      for (let dr = 0; dr < rowSpan; dr++) {
        for (let dc = 0; dc < colSpan; dc++) grid[r + dr][column + dc] = dr === 0 && dc === 0 ? cellText(cell) : '';
      }
      column += colSpan;
    }
  });
  const width = Math.max(0, ...grid.map((cells) => cells.length));
  if (width === 0) return [];
  const filled = grid.map((cells) => Array.from({ length: width }, (_, i) => cells[i] ?? ''));
  const header = Math.max(0, rows.findIndex((row) => row.header));
  return [filled[header], ...filled.filter((_, i) => i !== header)];
}

function span(value: unknown): number {
  const n = Math.floor(Number(value));
  return Number.isFinite(n) && n >= 1 ? Math.min(n, MAX_SPAN) : 1;
}

/** A cell's text on one line: its paragraphs and line breaks become <br />, and a | is escaped. */
function cellText(cell: Element): string {
  const lines: string[] = [];
  let line = '';
  const flush = () => {
    const text = line.replace(/\u00a0/g, ' ').replace(/ +/g, ' ').trim();
    if (text !== '') lines.push(text);
    line = '';
  };
  const walk = (nodes: readonly ElementContent[]) => {
    for (const node of nodes) {
      if (node.type === 'text') line += collapse(node.value);
      if (node.type !== 'element' || SKIPPED.has(node.tagName)) continue;
      if (node.tagName === 'br') flush();
      else if (BLOCKS.has(node.tagName) || node.tagName === 'tr') {
        flush();
        walk(node.children);
        flush();
      } else if (node.tagName === 'td' || node.tagName === 'th') {
        // A table inside a cell: its cells read along the line.
        line += ' ';
        walk(node.children);
        line += ' ';
      } else walk(node.children);
    }
  };
  walk(cell.children);
  flush();
  return lines.join('<br />').replace(/\|/g, '\\|');
}

function gfmTable(grid: string[][]): string {
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [row(grid[0]), row(grid[0].map(() => '---')), ...grid.slice(1).map(row)].join('\n');
}

/**
 * The browser's parse of pasted HTML as hast: elements with their lower-case names and the spans a table
 * needs, and text. Comments and everything else are left out.
 */
export function domToHast(node: ParentNode): Root {
  return { type: 'root', children: Array.from(node.childNodes).flatMap((child) => hastOf(child)) };
}

function hastOf(node: ChildNode): ElementContent[] {
  if (node.nodeType === Node.TEXT_NODE) return [{ type: 'text', value: node.nodeValue ?? '' }];
  if (node.nodeType !== Node.ELEMENT_NODE) return [];
  const element = node as globalThis.Element;
  const properties: Element['properties'] = {};
  for (const [attribute, property] of [['colspan', 'colSpan'], ['rowspan', 'rowSpan']] as const) {
    const value = element.getAttribute(attribute);
    if (value !== null) properties[property] = Number(value);
  }
  return [{ type: 'element', tagName: element.localName, properties, children: Array.from(element.childNodes).flatMap((child) => hastOf(child)) }];
}
