import { CONTENT_COMPONENTS, CONTENT_HTML_ELEMENTS } from '../content-components.ts';
import { codeRanges } from './parse.ts';

/**
 * Braces and angle brackets typed as text, made text for MDX: `{` `}` become `\{` `\}`, and a `<` that does
 * not open an allowed component or element becomes `\<`. A controller writing "keep below {limit}" or
 * "<insert ward name>" in the CMS means the characters, never code. Left alone: code (`spans` and fenced
 * blocks), `{/* comments *\/}`, characters already escaped, and the tags of the allow-list
 * (src/qms/content-components.ts), so `<Callout type="note">` stays a callout.
 *
 * The result is not trusted on its own: the CMS runs the checker's safety rules on it before saving, and
 * the raw-text scan still refuses `\<script` and the like (mdx-raw-scan.ts), so escaping never lets unsafe
 * text through, it only keeps harmless text from being read as code.
 */

const ALLOWED_TAGS: ReadonlySet<string> = new Set([...Object.keys(CONTENT_COMPONENTS), ...Object.keys(CONTENT_HTML_ELEMENTS)]);
/** `<Name`, `</Name`, followed by the end of the tag or an attribute. */
const TAG_START = /^<\/?([A-Za-z][\w.:-]*)(?=[\s/>]|$)/;
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

export function escapeMdxText(body: string): string {
  const code = codeRanges(body);
  let out = '';
  let i = 0;
  while (i < body.length) {
    const range = code.find((r) => r.start <= i && i < r.end);
    if (range) {
      out += body.slice(i, range.end);
      i = range.end;
      continue;
    }
    const c = body[i];
    if (c === '\\' && ASCII_PUNCTUATION.test(body[i + 1] ?? '')) {
      out += body.slice(i, i + 2);
      i += 2;
    } else if (c === '{' && body.startsWith('{/*', i) && body.indexOf('*/}', i + 3) !== -1) {
      const end = body.indexOf('*/}', i + 3) + 3;
      out += body.slice(i, end);
      i = end;
    } else if (c === '{' || c === '}') {
      out += `\\${c}`;
      i++;
    } else if (c === '<') {
      const tag = TAG_START.exec(body.slice(i, i + 80));
      const end = tag && ALLOWED_TAGS.has(tag[1]) ? tagEnd(body, i) : -1;
      if (end === -1) {
        out += '\\<';
        i++;
      } else {
        out += body.slice(i, end);
        i = end;
      }
    } else {
      out += c;
      i++;
    }
  }
  return out;
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
    } else if (c === '<') {
      return -1;
    }
  }
  return -1;
}
