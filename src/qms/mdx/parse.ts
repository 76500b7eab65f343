import type { Nodes, Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { RuleId } from '../findings/rules.ts';

/**
 * Where the body reports what it finds: a rule, a 1-based line and column within the body, and the
 * message. The caller turns these into findings at their line in the file.
 */
export type BodyReport = (rule: RuleId, line: number, column: number, message: string) => void;

/** Offsets in the body, end exclusive. */
export interface Range {
  start: number;
  end: number;
}

/** MDX as @mdx-js/mdx reads it, with GFM as Astro enables it (tables, footnotes, strikethrough, task lists). */
const parser = unified().use(remarkParse).use(remarkMdx).use(remarkGfm);

/**
 * The parser Astro 7 compiles documents with (satteri, Rust), where the runtime has it: Node registers it
 * (native-parser.ts), the browser (the CMS) does not. It reads a document about 25 times faster than
 * remark-mdx and gives the same tree, positions included (tests/unit/mdx-parser-agreement.test.ts), so
 * it reads first. remark-mdx still reads a body the compiler refuses (only it reports each syntax error
 * with its place), and one whose tree cannot be completed as remark-mdx would give it (completeTree).
 */
export type TreeParser = (body: string) => Root;
let compilerParser: { mdx: TreeParser; markdown: TreeParser } | undefined;
export function readFirstWith(parsers: { mdx: TreeParser; markdown: TreeParser } | undefined): void {
  compilerParser = parsers;
}

/**
 * Completes the compiler's tree where it differs from remark-mdx's, or says it cannot (false): remark-mdx
 * then reads the body. The compiler's tree carries no parsed JavaScript (so a body with an {expression}
 * is read again) and no position on a JSX attribute, which the checker reports at and `--fix` rewrites: each
 * is placed here by reading the opening tag, when it is written plainly on one line (`name="value"`,
 * `name='value'` or `name`, in the order of the tree); any other tag is read again.
 */
function completeTree(node: Nodes, body: string): boolean {
  if (node.type === 'mdxFlowExpression' || node.type === 'mdxTextExpression') return false;
  if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.attributes.length > 0 && !placeAttributes(node, body)) return false;
  return !('children' in node) || node.children.every((child) => completeTree(child, body));
}

function placeAttributes(node: Extract<Nodes, { type: 'mdxJsxFlowElement' | 'mdxJsxTextElement' }>, body: string): boolean {
  const start = node.position?.start;
  if (start?.offset === undefined || body[start.offset] !== '<' || !body.startsWith(node.name ?? '', start.offset + 1)) return false;
  let at = start.offset + 1 + (node.name ?? '').length;
  const place = (offset: number) => ({ line: start.line, column: start.column + offset - start.offset!, offset });
  for (const attribute of node.attributes) {
    if (attribute.type !== 'mdxJsxAttribute' || (attribute.value !== null && attribute.value !== undefined && typeof attribute.value !== 'string')) return false;
    const gap = /^[ \t]+/.exec(body.slice(at, at + 200))?.[0].length ?? 0;
    if (gap === 0 || !body.startsWith(attribute.name, at + gap)) return false;
    const nameStart = at + gap;
    at = nameStart + attribute.name.length;
    if (typeof attribute.value === 'string') {
      const quote = body[at + 1];
      if (body[at] !== '=' || (quote !== '"' && quote !== "'")) return false;
      const close = body.indexOf(quote, at + 2);
      if (close === -1 || body.slice(at, close).includes('\n')) return false;
      at = close + 1;
    } else if (!/^[\s/>]/.test(body[at] ?? '')) {
      return false;
    }
    attribute.position = { start: place(nameStart), end: place(at) };
  }
  return true;
}

export interface ParsedMdx {
  /** The tree, when the body parses (once the lines with syntax errors are blanked). */
  tree?: Root;
  /** Where the syntax errors are, so the text scan does not report them a second time. */
  syntaxRanges: Range[];
}

/** Syntax errors reported one by one, at most; past them, one finding says where the next one is. */
export const MAX_SYNTAX_ERRORS = 100;
/** Characters parsed again to find further errors, at most (each parse reads the whole body). */
const REPARSE_BUDGET = 3_000_000;

/**
 * MDX stops at its first syntax error. To report the others too, the line at fault is blanked (spaces
 * keep every offset, so later positions stay true) and the body parsed again, up to MAX_SYNTAX_ERRORS
 * (or the reparse budget, for a large body); then one last finding says where the next error is, so
 * the count is never silently cut. Each syntax error goes to `report` (rule mdx-syntax), when given.
 */
export function parseMdx(body: string, report?: BodyReport, { reference = false }: { reference?: boolean } = {}): ParsedMdx {
  if (compilerParser && !reference) {
    try {
      const tree = compilerParser.mdx(body);
      if (completeTree(tree, body)) return { tree, syntaxRanges: [] };
    } catch {
      // A syntax error: remark-mdx below reports it, and every other one, with its place.
    }
  }
  const syntaxRanges: Range[] = [];
  let text = body;
  let parsed = 0;
  for (;;) {
    try {
      return { tree: parser.parse(text), syntaxRanges };
    } catch (error) {
      const problem = describeSyntaxError(error, text);
      parsed += text.length;
      if (syntaxRanges.length >= MAX_SYNTAX_ERRORS || parsed > REPARSE_BUDGET) {
        report?.(
          'mdx-syntax',
          problem.line,
          problem.column,
          `and more syntax errors from here on: MDX stops at each one, and the check stopped after ${syntaxRanges.length}; fix these and check again`,
        );
        syntaxRanges.push(problem.range);
        return { syntaxRanges };
      }
      report?.('mdx-syntax', problem.line, problem.column, problem.message);
      syntaxRanges.push(problem.range);
      const lineStart = text.lastIndexOf('\n', problem.range.start - 1) + 1;
      const lineEnd = text.indexOf('\n', problem.range.start);
      const next = maskRanges(text, [{ start: lineStart, end: lineEnd === -1 ? text.length : lineEnd }]);
      if (next === text) return { syntaxRanges };
      text = next;
    }
  }
}

interface Place {
  line: number;
  column: number;
  offset?: number;
}

function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) offset = text.indexOf('\n', offset) + 1;
  return offset + column - 1;
}

function placeOf(text: string, offset: number): Place {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n'), offset };
}

function describeSyntaxError(error: unknown, text: string): { line: number; column: number; message: string; range: Range } {
  const e = error as { reason?: string; message?: string; source?: string; ruleId?: string; place?: Place | { start: Place }; cause?: { message?: string } };
  const reason = e.reason ?? e.message ?? String(error);
  // "Expected a closing tag for `<div>` (1:1-1:6) before the end of `paragraph`": the tag's place is only
  // in the text, and in body lines; the finding carries the place, so the text drops it.
  const inReason = /\s*\((\d+):(\d+)-\d+:\d+\)/.exec(reason);
  let place: Place = inReason
    ? { line: Number(inReason[1]), column: Number(inReason[2]) }
    : (e.place && 'start' in e.place ? e.place.start : e.place) ?? { line: 1, column: 1 };
  let offset = place.offset ?? offsetOf(text, place.line, place.column);
  let message = `not valid MDX: ${inReason ? reason.replace(inReason[0], '') : reason}`;
  if (e.source === 'micromark-extension-mdx-expression' && e.ruleId === 'unexpected-eof') {
    // The parser reports the end of the file; the reader needs the brace that was never closed.
    const opener = unclosedBrace(text);
    if (opener !== undefined) {
      offset = opener;
      place = placeOf(text, opener);
    }
    message = 'not valid MDX: this { is never closed, and MDX reads everything after it as JavaScript; write \\{ for a brace in the text';
  } else if (e.source === 'micromark-extension-mdx-expression') {
    message = `not valid MDX: the text in braces is not valid JavaScript (${e.cause?.message ?? reason}); write \\{ and \\} for braces in the text`;
  } else if (e.source === 'micromark-extension-mdx-jsx') {
    // The parser stops inside the tag (`<kbd to continue.` fails at the full stop); the reader looks for the <.
    const open = text.lastIndexOf('<', offset);
    if (open !== -1 && !/[>\n]/.test(text.slice(open, offset))) {
      offset = open;
      place = placeOf(text, open);
    }
    if (!reason.includes('(note:')) message = `${message}; a < followed by a letter starts a tag in MDX: write \\< or &lt; for the character`;
  }
  return { line: place.line, column: place.column, message, range: { start: offset, end: offset + 1 } };
}

/** The outermost `{` with no matching `}`, outside code and backslash escapes. */
function unclosedBrace(text: string): number | undefined {
  const masked = maskRanges(text, codeRanges(text));
  const open: number[] = [];
  for (let i = 0; i < masked.length; i++) {
    const c = masked[i];
    if (c === '\\') i++;
    else if (c === '{') open.push(i);
    else if (c === '}') open.pop();
  }
  return open[0];
}

const markdownParser = unified().use(remarkParse).use(remarkGfm);

/** A body read as plain Markdown with GFM: by the compiler's parser where registered (the same tree), else remark. */
function readMarkdown(text: string): Root {
  if (compilerParser) {
    try {
      return compilerParser.markdown(text);
    } catch {
      // Markdown has no syntax errors; should the parser fail anyway, remark reads it.
    }
  }
  return markdownParser.parse(text);
}

/**
 * Fenced code and code spans, from the MDX tree; when the body does not parse as MDX, from a plain
 * Markdown reading of it (fenced code only: MDX has no indented code blocks).
 */
export function codeRanges(text: string, tree?: Root): Range[] {
  const root = tree ?? readMarkdown(text);
  const ranges: Range[] = [];
  const visit = (node: Nodes) => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if ((node.type === 'code' || node.type === 'inlineCode') && start !== undefined && end !== undefined) {
      if (tree || node.type === 'inlineCode' || /^\s*(```|~~~)/.test(text.slice(start, start + 8))) ranges.push({ start, end });
      return;
    }
    if ('children' in node) for (const child of node.children) visit(child as Nodes);
  };
  visit(root);
  return ranges;
}

/** The text with the ranges turned into spaces, line breaks kept, so every offset, line and column stays. */
function maskRanges(text: string, ranges: readonly Range[]): string {
  let masked = text;
  for (const { start, end } of ranges) masked = masked.slice(0, start) + masked.slice(start, end).replace(/[^\r\n]/g, ' ') + masked.slice(end);
  return masked;
}
