import type { Node } from 'unist';
import { HTML_ELEMENT_NAMES } from '../content-components.ts';
import { finding, type Finding } from '../findings/finding.ts';

/**
 * Limits far above any real procedure and far below what breaks the compiler: a list nested about 300 deep,
 * or a line of 500 `>`, made `astro build` die with SIGSEGV, and a list nested 2,000 deep took minutes to
 * check. A document over a limit is refused before it is parsed, so its check stays quick.
 */
export const LIMITS = {
  /** Bytes of the whole file (a 40-page procedure is about 80 KB; a typical one, 5 to 20). */
  size: 100_000,
  /** Characters of one line (a long table row is a few hundred). */
  lineLength: 20_000,
  /** Quotes and lists inside one another, and elements inside elements (real documents use four or five). */
  nesting: 40,
  /**
   * Emphasis marks (runs of `*` or `_`) or link brackets (`[`) in one paragraph: the Markdown parser
   * pairs them in time that grows with the square of their number (1,700 emphasis marks took 0.7 s, 6,000
   * took 8 s, 500 links 0.45 s); a real paragraph has a few dozen.
   */
  paragraphMarks: 200,
  /**
   * Levels of the parsed document: elements inside elements (`<div>` in `<div>`…) as well as lists and
   * quotes. 40 nested lists make about 85; a few hundred <div>s inside one another made `astro build`
   * stop without a word.
   */
  treeDepth: 120,
} as const;

/** How many quotes and lists a line sits in: indentation (two columns a level) and the markers that open it. */
function nestingOf(line: string): number {
  const indent = /^[ \t]*/.exec(line)![0];
  const columns = [...indent].reduce((n, c) => n + (c === '\t' ? 4 : 1), 0);
  // `>>>` is three quotes; a list marker needs a space after it.
  const markers = /^(?:>[ \t]?|(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$))+/.exec(line.slice(indent.length))?.[0] ?? '';
  const opened = (markers.match(/>|[-*+](?=[ \t]|$)|\d{1,9}[.)]/g) ?? []).length;
  return Math.floor(columns / 2) + opened;
}

/** The findings of one file over a limit (rule document-limits), at the first line over each. */
export function limitFindings(file: string, source: string): Finding[] {
  const findings: Finding[] = [];
  const bytes = new TextEncoder().encode(source).length;
  if (bytes > LIMITS.size) {
    findings.push(finding('document-limits', { file }, `the file is ${Math.round(bytes / 1000)} KB; a document may be at most ${LIMITS.size / 1000} KB: split it, or attach large tables as files`));
  }
  const lines = source.split('\n');
  let fence: string | null = null;
  const long: number[] = [];
  const deep: { line: number; depth: number }[] = [];
  lines.forEach((line, i) => {
    const fenceMark = /^\s*(```|~~~)/.exec(line)?.[1];
    if (fenceMark) fence = fence === null ? fenceMark : fence === fenceMark ? null : fence;
    if (line.length > LIMITS.lineLength) long.push(i + 1);
    const depth = fence === null && !fenceMark ? nestingOf(line) : 0;
    if (depth > LIMITS.nesting) deep.push({ line: i + 1, depth });
  });
  if (long.length > 0) {
    const [line] = long;
    findings.push(finding('document-limits', { file, line, column: LIMITS.lineLength + 1 }, `line ${line} is ${lines[line - 1].length} characters long; a line may be at most ${LIMITS.lineLength}`));
  }
  if (long.length > 1) findings.push(finding('document-limits', { file, line: long[1] }, `and ${long.length - 1} more line${long.length === 2 ? '' : 's'} over ${LIMITS.lineLength} characters`));
  if (deep.length > 0) {
    const [{ line, depth }] = deep;
    findings.push(finding('document-limits', { file, line }, `line ${line} is nested ${depth} levels deep in quotes and lists; at most ${LIMITS.nesting} are allowed: flatten the structure`));
  }
  if (deep.length > 1) findings.push(finding('document-limits', { file, line: deep[1].line }, `and ${deep.length - 1} more line${deep.length === 2 ? '' : 's'} nested over ${LIMITS.nesting} levels`));
  const elements = elementNesting(lines);
  if (elements) {
    findings.push(finding('document-limits', { file, line: elements.line }, `line ${elements.line} opens an element inside ${LIMITS.nesting} others; at most ${LIMITS.nesting} are allowed: flatten the structure`));
  }
  findings.push(...paragraphMarkFindings(file, lines));
  findings.sort((a, b) => a.line - b.line);
  return findings;
}

/** A table's delimiter row, `| --- | :-: |`: the rows under it are cells, each read on its own. */
const TABLE_DELIMITER = /^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?$/;
/** Read on the line trimmed, so a line of thousands of spaces costs no backtracking. */
const isTableDelimiter = (line: string) => line.includes('|') && TABLE_DELIMITER.test(line.trim());
const NEW_BLOCK = /^\s{0,3}(#{1,6}\s|(?:[-*+]|\d{1,9}[.)])\s|\[[^\]]+\]:)/;

/**
 * Paragraphs with more emphasis marks or brackets than LIMITS.paragraphMarks. A paragraph runs from a
 * blank line, heading or list item to the next; in a table (after its delimiter row) each row counts alone.
 */
function paragraphMarkFindings(file: string, lines: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  let start = 0;
  let marks = 0;
  let brackets = 0;
  let inTable = false;
  let reported = false;
  const close = () => {
    if (!reported && (marks > LIMITS.paragraphMarks || brackets > LIMITS.paragraphMarks)) {
      const what = marks > LIMITS.paragraphMarks ? `${marks} emphasis marks (* or _)` : `${brackets} link brackets ([)`;
      findings.push(
        finding('document-limits', { file, line: start + 1 }, `the paragraph at line ${start + 1} has ${what}; at most ${LIMITS.paragraphMarks} are allowed in one paragraph: split it`),
      );
      reported = true; // one finding a document is enough to find the place
    }
    marks = 0;
    brackets = 0;
  };
  lines.forEach((line, i) => {
    if (/^\s*$/.test(line)) {
      close();
      inTable = false;
      start = i + 1;
      return;
    }
    if (isTableDelimiter(line)) inTable = true;
    if (inTable || NEW_BLOCK.test(line)) {
      close();
      start = i;
    }
    marks += (line.replace(/^\s*(?:[-*+]\s)?/, '').match(/[*_]+/g) ?? []).length;
    brackets += (line.match(/\[/g) ?? []).length;
  });
  close();
  return findings;
}

/** The first node deeper than LIMITS.treeDepth in a parsed body, with its depth; undefined when none is. */
export function tooDeep(tree: Node): { node: Node; depth: number } | undefined {
  const stack: { node: Node; depth: number }[] = [{ node: tree, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > LIMITS.treeDepth) return { node, depth };
    const children = (node as { children?: Node[] }).children;
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], depth: depth + 1 });
  }
  return undefined;
}

/** Elements whose end tag HTML lets an author leave out (`<p>`, `<li>`…): they do not nest when left open. */
const OPTIONAL_END = new Set(['p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'option', 'colgroup', 'caption', 'rp', 'rt']);
const VOID = new Set(['br', 'wbr', 'hr', 'img', 'area', 'base', 'col', 'embed', 'input', 'link', 'meta', 'source', 'track', 'param']);
const TAG = /<(\/?)([A-Za-z][\w.:-]*)(?:\s[^<>]*?)?(\/?)>/g;

/**
 * The first line where complete tags (`<div>`, `<Callout …>`) are open more than LIMITS.nesting deep,
 * outside code: a quick count before the parser, which takes seconds, then runs out of stack, on a few
 * thousand. Tags left open on purpose (`<p>`, `<li>`) and void ones (`<br>`) are not counted.
 */
function elementNesting(lines: readonly string[]): { line: number } | undefined {
  let depth = 0;
  let fence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const fenceMark = /^\s*(```|~~~)/.exec(lines[i])?.[1];
    if (fenceMark) fence = fence === null ? fenceMark : fence === fenceMark ? null : fence;
    if (fence !== null || fenceMark) continue;
    const text = lines[i].replace(/(`+)[^`]*?\1/g, '');
    for (const m of text.matchAll(TAG)) {
      const name = m[2].toLowerCase();
      // "<insert ward name>" is text, not an element: only components and HTML's own names count.
      const element = /^[A-Z]|\./.test(m[2]) || HTML_ELEMENT_NAMES.has(name);
      if (!element || m[3] === '/' || VOID.has(name) || OPTIONAL_END.has(name)) continue;
      depth = m[1] === '/' ? Math.max(0, depth - 1) : depth + 1;
      if (depth > LIMITS.nesting) return { line: i + 1 };
    }
  }
  return undefined;
}
