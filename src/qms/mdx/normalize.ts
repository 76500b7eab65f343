import { CONTENT_COMPONENTS, CONTENT_HTML_ELEMENTS, HTML_ELEMENT_NAMES, UNSAFE_ELEMENTS, VOID_HTML_ELEMENTS } from '../content-components.ts';
import { parseExpressionAt, type Node as AcornNode } from 'acorn';
import { codeRanges, parseMdx } from './parse.ts';

/**
 * Ordinary Markdown, as people write it and GitHub renders it, made the MDX that renders the same: the
 * build compiles documents as MDX, where `<br>` must be closed, `<` starts a tag, `{` starts code, an HTML
 * comment is a syntax error and a paragraph starting with "import" is read as JavaScript. So, outside code
 * (spans and fenced blocks) and what is already escaped:
 * - `<br>`, `<BR>`, `<br/>` and the other void elements are closed: `<br />`;
 * - `<!-- comments -->` are dropped (GitHub does not show them), keeping their lines;
 * - `<https://…>` and `<name@host>` autolinks become Markdown links showing the same address;
 * - `{` and `}` become `\{` and `\}` (but `{/* comments *\/}` stay);
 * - a `<` that does not open an allowed or a known unsafe element becomes `\<`: "<insert ward name>",
 *   "a < b", "<5", "nurse -> doctor <- pharmacist", "<>" show as typed;
 * - a paragraph that starts with the word "import" or "export" but is not JavaScript starts with a
 *   character reference instead, so MDX reads it as text.
 * Unsafe elements (`<script>`, `<iframe>`…) and real `import`/`export` statements are left exactly as
 * written, for the checker to refuse: normalizing never turns unsafe content into accepted text.
 *
 * Used by the build (each .mdx body is compiled normalized), the checker (which checks what is compiled),
 * the CMS (a saved text is normalized) and `npm run check -- --fix` (what the checker refuses is rewritten
 * as text). It keeps every line where it was, so findings point at the author's lines; it is idempotent.
 */
export interface NormalizeOptions {
  /**
   * `build` (the build, the checker): braces around words (`{limit}`, `{below 3%}`) become text, and what
   * was meant as code or markup stays for the checker to refuse, with a message naming `--fix`: braces
   * around code (a call, a member, an assignment), and a whole tag named like a component (`<Chart />`) or
   * an HTML element (`<font color="red">`). `text` (the CMS): all of that is text too, since what a
   * controller types is meant as text; comments stay in the file (the build drops them from the page). `fix` (`npm run check -- --fix`): only what `build` leaves for the
   * checker is made text, and the rest of the file stays exactly as written (comments included), since
   * the build normalizes it anyway.
   */
  mode?: 'build' | 'text' | 'fix';
}

/**
 * Characters no case of normalizeMdxText reads. "import"/"export" is looked for only at a line's start, so
 * a run never crosses a line break (and the character after one is read on its own).
 */
const PLAIN_RUN = /[^\\{}<\n]+/y;

export function normalizeMdxText(body: string, options: NormalizeOptions = {}): string {
  const mode = options.mode ?? 'build';
  // Code spans need a backtick and fenced code three backticks or tildes: without either there is no code.
  if (!CODE_MARK.test(body)) return scan(body, [], mode).text;
  // Finding the code means reading the body as Markdown, the dearest step, and most bodies need no change.
  // So the body is first read as if it held no code. When that changes nothing, and no piece it read as one
  // (a tag, a comment, braces, an escape) holds a backtick, a tilde or a line break, reading the code as
  // code could not have changed anything either: with code, the scan copies each code range as it is and
  // reads everything else as without; the two readings part only where a range ends inside such a piece,
  // and a range ends just after a backtick or tilde (a code span, a closing fence) or at a line's end (a
  // fence left open to the end of its list item or quote).
  const asProse = scan(body, [], mode, true);
  if (asProse.text === body && !asProse.unsure) return body;
  return normalizeReadingCode(body, { mode });
}

/** normalizeMdxText without its shortcut: the body's code always read as Markdown first (tests hold the two equal). */
export function normalizeReadingCode(body: string, options: NormalizeOptions = {}): string {
  return scan(body, codeRanges(body), options.mode ?? 'build').text;
}

const CODE_MARK = /[`~]/;
const SPANS_CODE_EDGE = /[`~\n]/;

/**
 * One pass over the body, `code` copied as it is. With `watch`, also says whether a piece read as one
 * changed its text or holds a backtick, a tilde or a line break (`unsure`; see normalizeMdxText).
 */
function scan(body: string, code: readonly { start: number; end: number }[], mode: NonNullable<NormalizeOptions['mode']>, watch = false): { text: string; unsure: boolean } {
  // `build` and `fix` tell code and markup from prose alike; `fix` then writes only those as text.
  const build = mode !== 'text';
  const fix = mode === 'fix';
  let unsure = false;
  const braceEnds = build ? matchingBraces(body) : new Map<number, number>();
  const matchingBrace = (start: number) => braceEnds.get(start) ?? body.length;
  let next = 0;
  let out = '';
  let i = 0;
  const verbatim = (end: number) => {
    out += body.slice(i, end);
    i = end;
  };
  while (i < body.length) {
    const start = i;
    const written = out.length;
    let plain = false;
    while (next < code.length && code[next].end <= i) next++;
    if (next < code.length && code[next].start <= i) {
      out += body.slice(i, code[next].end);
      i = code[next].end;
      continue;
    }
    const c = body[i];
    const rest = () => body.slice(i, i + 200);
    if (c === '\\' && ASCII_PUNCTUATION.test(body[i + 1] ?? '')) {
      out += body.slice(i, i + 2);
      i += 2;
    } else if (c === '{' && body.startsWith('{/*', i) && body.indexOf('*/}', i + 3) !== -1) {
      const end = body.indexOf('*/}', i + 3) + 3;
      out += body.slice(i, end);
      i = end;
    } else if (c === '{' && build && looksLikeCode(body.slice(i + 1, matchingBrace(i) - 1))) {
      // Left for the checker (rule mdx-expression), whose message says how --fix writes it as text.
      const end = matchingBrace(i);
      if (fix) {
        out += body.slice(i, end).replace(/\\?[{}]/g, (brace) => (brace.length === 2 ? brace : `\\${brace}`));
        i = end;
      } else verbatim(end);
    } else if (fix && c !== '<') {
      verbatim(i + 1);
    } else if (c === '{' || c === '}') {
      out += `\\${c}`;
      i++;
    } else if ((fix || !build) && body.startsWith('<!--', i) && body.indexOf('-->', i + 4) !== -1) {
      // A comment someone wrote is kept in the file (the build drops it from the page).
      verbatim(body.indexOf('-->', i + 4) + 3);
    } else if (fix && (body.startsWith('<!--', i) || AUTOLINK.test(rest()))) {
      verbatim(i + 1);
    } else if (c === '<' && body.startsWith('<!--', i) && body.indexOf('-->', i + 4) !== -1) {
      const end = body.indexOf('-->', i + 4) + 3;
      out += body.slice(i, end).replace(/[^\r\n]/g, '');
      i = end;
    } else if (c === '<' && AUTOLINK.test(rest())) {
      const [whole, address] = AUTOLINK.exec(rest())!;
      const href = /^[^:]+@/.test(address) && !/^mailto:/i.test(address) ? `mailto:${address}` : address;
      out += `[${address.replace(/[[\]\\]/g, '\\$&')}](${href.replace(/[()\s]/g, (ch) => encodeURIComponent(ch))})`;
      i += whole.length;
    } else if (c === '<') {
      const tag = TAG_START.exec(rest());
      const name = tag?.[1];
      const html = name?.toLowerCase();
      const known = name !== undefined && (Object.hasOwn(CONTENT_COMPONENTS, name) || (html !== undefined && (Object.hasOwn(CONTENT_HTML_ELEMENTS, html) || UNSAFE_ELEMENTS.has(html))));
      // In a build, `<Chart />` or `<font color="red">` was meant as markup: the checker says so, and --fix makes it text.
      const meant = build && name !== undefined && (/^[A-Z]|\./.test(name) || HTML_ELEMENT_NAMES.has(name));
      const end = known || meant ? tagEnd(body, i) : -1;
      if (end === -1 && html !== undefined && UNSAFE_ELEMENTS.has(html)) {
        // Even a half-written `<script` stays for the checker to refuse: it is never made text.
        out += c;
        i++;
      } else if (fix) {
        // Only a tag the build leaves for the checker (`<Chart />`) becomes text; the rest stays as written.
        out += meant && !known && end !== -1 ? '\\<' : '<';
        i++;
      } else if (end === -1) {
        out += '\\<';
        i++;
      } else {
        out += closeVoid(lowerHtmlName(body.slice(i, end), name!));
        i = end;
      }
    } else if ((c === 'i' || c === 'e') && startsParagraph(body, i) && /^(import|export)\b/.test(body.slice(i, i + 7)) && !isEsm(body, i)) {
      // `&#105;mport` is "import" to a reader and text to MDX.
      out += c === 'i' ? '&#105;' : '&#101;';
      i++;
    } else {
      // This character, and the run of those after it that none of the cases above reads, up to the next code.
      PLAIN_RUN.lastIndex = i + 1;
      const end = c === '\n' ? i + 1 : Math.min(PLAIN_RUN.exec(body) ? PLAIN_RUN.lastIndex : i + 1, next < code.length ? code[next].start : body.length);
      out += body.slice(i, Math.max(end, i + 1));
      i = Math.max(end, i + 1);
      plain = true;
    }
    if (watch && !plain && !unsure) {
      const piece = body.slice(start, i);
      unsure = out.length - written !== piece.length || out.slice(written) !== piece || SPANS_CODE_EDGE.test(piece);
    }
  }
  return { text: out, unsure };
}

/** What saving in the CMS does to the text typed or pasted: every brace is text. */
export const escapeMdxText = (body: string) => normalizeMdxText(body, { mode: 'text' });

/** What `npm run check -- --fix` does to an .mdx body: code in braces and unknown components become text, nothing else changes. */
export const fixMdxText = (body: string) => normalizeMdxText(body, { mode: 'fix' });

/**
 * For each `{`, the offset after the `}` that closes it (none when nothing does), backslash escapes
 * skipped: one pass, so a line of thousands of braces stays quick.
 */
function matchingBraces(body: string): Map<number, number> {
  const ends = new Map<number, number>();
  const open: number[] = [];
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\') i++;
    else if (body[i] === '{') open.push(i);
    else if (body[i] === '}' && open.length > 0) ends.set(open.pop()!, i + 1);
  }
  return ends;
}

/** What JavaScript does or reads, beyond words and numbers: a brace holding any of these is code. */
const DOING = new Set([
  'CallExpression', 'NewExpression', 'MemberExpression', 'ChainExpression', 'AssignmentExpression', 'UpdateExpression',
  'ArrowFunctionExpression', 'FunctionExpression', 'ClassExpression', 'TemplateLiteral', 'TaggedTemplateExpression',
  'AwaitExpression', 'YieldExpression', 'ImportExpression', 'ThisExpression', 'MetaProperty', 'ObjectExpression',
  'ArrayExpression', 'SequenceExpression', 'SpreadElement',
]);

/**
 * Braces around JavaScript rather than words, read by acorn, the parser MDX reads expressions with: a
 * call, a member, an assignment, a function, a template, an object or array. `{limit}`, `{ward name}`,
 * `{below 3%}`, `{patient-id}` and `{fill level >= 3/4}` are words: text.
 */
function looksLikeCode(inside: string): boolean {
  const text = inside.trim();
  if (text === '') return false;
  let expression: AcornNode;
  try {
    expression = parseExpressionAt(text, 0, { ecmaVersion: 'latest' });
  } catch {
    return false;
  }
  if (text.slice(expression.end).trim() !== '') return false;
  const visit = (node: unknown): boolean => {
    if (typeof node !== 'object' || node === null) return false;
    if (Array.isArray(node)) return node.some(visit);
    const type = (node as { type?: unknown }).type;
    if (typeof type === 'string' && DOING.has(type)) return true;
    if (type === 'UnaryExpression' && ['delete', 'void', 'typeof'].includes((node as { operator: string }).operator)) return true;
    return Object.values(node).some(visit);
  };
  return visit(expression);
}

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
/** `<Name`, `</Name`, followed by the end of the tag or an attribute. */
const TAG_START = /^<\/?([A-Za-z][\w.:-]*)(?=[\s/>]|$)/;
/** CommonMark autolinks: `<scheme:…>` (the schemes a document may link to) and `<address@host>`. */
const AUTOLINK = /^<((?:https?|mailto|tel):[^\s<>]*|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+)>/;

/** `<BR>` is an HTML element to GitHub and a component to MDX: known HTML names are written in lower case. */
function lowerHtmlName(tag: string, name: string): string {
  if (Object.hasOwn(CONTENT_COMPONENTS, name) || name === name.toLowerCase()) return tag;
  return tag.replace(name, name.toLowerCase());
}

/** `<br>` → `<br />`: MDX, unlike HTML, needs every element closed. */
function closeVoid(tag: string): string {
  const name = TAG_START.exec(tag)?.[1];
  if (!name || !VOID_HTML_ELEMENTS.has(name) || tag.startsWith('</') || /\/\s*>$/.test(tag)) return tag;
  return tag.replace(/\s*>$/, ' />');
}

/** The offset after the `>` that closes the tag opened at `start`, skipping quoted attribute values; -1 if none. */
function tagEnd(body: string, start: number): number {
  let quote: string | undefined;
  for (let i = start + 1; i < body.length; i++) {
    const c = body[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return i + 1;
    } else if (c === '<' || c === '\n' && body[i + 1] === '\n') {
      return -1;
    }
  }
  return -1;
}

/** At the start of a line that follows a blank line or the start of the text: where MDX looks for import/export. */
function startsParagraph(body: string, i: number): boolean {
  if (i !== 0 && body[i - 1] !== '\n') return false;
  const before = body.slice(0, i).replace(/\r/g, '');
  return before === '' || /\n\s*\n$/.test(before) || /^\s*$/.test(before);
}

/**
 * Whether the paragraph at `i` is a real import/export statement (which the checker refuses), not prose.
 * remark-mdx tells them apart, since it parses the statement as JavaScript; the compiler's parser takes any
 * paragraph starting with the word for a statement (and its compiler then fails on prose).
 */
function isEsm(body: string, i: number): boolean {
  const end = body.indexOf('\n\n', i);
  const paragraph = body.slice(i, end === -1 ? body.length : end);
  return parseMdx(paragraph, undefined, { reference: true }).tree?.children.some((node) => node.type === 'mdxjsEsm') ?? false;
}

