import { parseEntities } from 'parse-entities';
import type { RuleId } from '../findings/rules.ts';
import type { BodyReport, Range } from './parse.ts';
import { SCRIPT_SCHEMES } from './safe-url.ts';

const TAG_NAMES = ['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'style', 'link', 'meta', 'base', 'form', 'svg', 'math', 'template', 'noscript'];
const UNSAFE_TAG = new RegExp(`<(${TAG_NAMES.join('|')})(?![\\w-])`, 'gi');
const UNSAFE_ATTRIBUTE = /<[a-z][\w:.-]*\b[^<>]*?\s((?:on[a-z]+|style|srcdoc|formaction|set:html)\s*=)/gi;
const SCHEME = new RegExp(`(${[...SCRIPT_SCHEMES].join('|')}|data):`, 'g');
/** What comes just before a URL in Markdown or HTML (`](`, `]:`, `<`, `="`), spaces removed. */
const URL_CONTEXT = /(\]\(|\]:|<|=|"|'|\()$/;
/** `data:` is common in prose ("Source data: audits"), so only a link's or attribute's own position counts. */
const DATA_URL_CONTEXT = /(\]\(|\]\(<|\]:|\]:<|=|="|=')$/;

/**
 * A second look at the text itself, for what the MDX tree shows as harmless text but another parser (a
 * CMS preview, a future Astro) might read as markup: `<script`, event-handler attributes and
 * `javascript:` URLs, also when written with entities, percent-encoding or invisible characters.
 * Code (`ranges` to skip) is shown as text and never scanned; nor is anything the tree already reported.
 */
export function scanRawText(body: string, code: readonly Range[], reported: readonly Range[], report: BodyReport): void {
  const skip = [...code, ...reported];
  const skipped = (offset: number) => skip.some((r) => offset >= r.start && offset < r.end);
  const hits = new Map<number, { rule: RuleId; message: string }>();
  const hit = (offset: number, rule: RuleId, message: string) => {
    if (skipped(offset) || hits.has(offset)) return;
    hits.set(offset, { rule, message });
  };

  for (const m of body.matchAll(UNSAFE_TAG)) {
    // `\<form …\>` is an escaped character in every Markdown reader: text, as the author meant it. Only
    // `\<script` is still refused, because it would run wherever the text is read again as HTML.
    if (escaped(body, m.index) && m[1].toLowerCase() !== 'script') continue;
    hit(m.index, 'mdx-unsafe-element', `"${m[0]}" reads as a ${m[1].toLowerCase()} element; to show it as an example, put it in \`code\``);
  }
  for (const m of body.matchAll(UNSAFE_ATTRIBUTE)) {
    if (escaped(body, m.index)) continue;
    const at = m.index + m[0].length - m[1].length;
    hit(at, 'mdx-event-handler', `"${m[1].replace(/\s*=$/, '')}" reads as an event-handler or unsafe attribute; to show it as an example, put it in \`code\``);
  }
  const { text, offsets } = mayHoldScheme(body) ? normalizeWithOffsets(body) : { text: '', offsets: [] };
  for (const m of text.matchAll(SCHEME)) {
    const start = offsets[m.index];
    const colon = offsets[m.index + m[0].length - 1];
    const before = text.slice(Math.max(0, m.index - 3), m.index);
    // Prose such as "JavaScript: enabled" is followed by a space; a URL is not.
    const followedByUrl = colon + 1 < body.length && !/\s/.test(body[colon + 1]);
    if (m[1] === 'data' ? DATA_URL_CONTEXT.test(before) : URL_CONTEXT.test(before) || followedByUrl) {
      hit(start, 'mdx-unsafe-url', `"${body.slice(start, colon + 1)}" reads as a ${m[1]}: URL; link only to http(s), mailto, tel or pages of the manual, or put an example in \`code\``);
    }
  }
  for (const [offset, { rule, message }] of hits) {
    const before = body.slice(0, offset);
    report(rule, before.split('\n').length, offset - before.lastIndexOf('\n'), message);
  }
}

/** An odd number of backslashes just before `offset`: the character there is escaped. */
function escaped(body: string, offset: number): boolean {
  let count = 0;
  for (let i = offset - 1; i >= 0 && body[i] === '\\'; i--) count++;
  return count % 2 === 1;
}

const ENTITY = /^&(#x[0-9a-f]+;?|#[0-9]+;?|[a-z][a-z0-9]*;)/i;
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Z}\s]/u;
const INVISIBLES = /[\p{Cc}\p{Cf}\p{Z}\s]/gu;
const ANY_SCHEME = new RegExp(SCHEME.source);

const SCHEME_NAMES: readonly string[] = [...SCRIPT_SCHEMES, 'data'];
const LONGEST_SCHEME = Math.max(...SCHEME_NAMES.map((name) => name.length));

/**
 * Whether normalizeWithOffsets could find a scheme: most bodies hold none, and the character-by-character
 * reading is the costliest part of the scan. Without a character reference or a %XX, its text is the body
 * lower-cased without invisible characters, where a scheme is a colon after a scheme's name: so each colon
 * of the body is read backwards, invisible characters skipped, until the letters before it name a scheme or
 * cannot. (The same answer as testing the whole body lower-cased without its invisible characters,
 * `schemeInText`, which tests/unit/mdx-safety.test.ts holds it to, in a fraction of the time.)
 */
export function mayHoldScheme(body: string): boolean {
  if (/&|%[0-9a-f]{2}/i.test(body)) return true;
  for (let colon = body.indexOf(':'); colon !== -1; colon = body.indexOf(':', colon + 1)) {
    if (schemeBefore(body, colon)) return true;
  }
  return false;
}

/** The slow reading mayHoldScheme gives the answer of, for a body without character references or %XX. */
export const schemeInText = (body: string): boolean => ANY_SCHEME.test(body.replace(INVISIBLES, '').toLowerCase());

function schemeBefore(body: string, colon: number): boolean {
  let name = '';
  for (let end = colon; end > 0 && name.length <= LONGEST_SCHEME; ) {
    // A character outside the Basic Multilingual Plane (some invisible format characters are) is two code units.
    const pair = end >= 2 && /[\uDC00-\uDFFF]/.test(body[end - 1]) && /[\uD800-\uDBFF]/.test(body[end - 2]);
    const char = body.slice(pair ? end - 2 : end - 1, end);
    end -= char.length;
    if (INVISIBLE.test(char)) continue;
    name = char.toLowerCase() + name;
    if (SCHEME_NAMES.includes(name)) return true;
  }
  return false;
}

/**
 * The body lower-cased, with character references and %XX decoded and invisible characters dropped (as
 * a browser drops tabs and newlines inside a URL), and for each character its offset in the body.
 */
function normalizeWithOffsets(body: string): { text: string; offsets: number[] } {
  let text = '';
  const offsets: number[] = [];
  const push = (chars: string, offset: number) => {
    for (const c of chars) {
      if (INVISIBLE.test(c)) continue;
      text += c.toLowerCase();
      offsets.push(offset);
    }
  };
  for (let i = 0; i < body.length; ) {
    const entity = body[i] === '&' ? ENTITY.exec(body.slice(i, i + 40)) : null;
    const percent = body[i] === '%' ? /^%([0-9a-f]{2})/i.exec(body.slice(i, i + 3)) : null;
    if (entity) {
      push(parseEntities(entity[0]), i);
      i += entity[0].length;
    } else if (percent) {
      push(String.fromCharCode(parseInt(percent[1], 16)), i);
      i += 3;
    } else {
      push(body[i], i);
      i++;
    }
  }
  return { text, offsets };
}
