import { parseEntities } from 'parse-entities';

/** The only schemes a document may link to; anything else with a scheme is refused. */
export const SAFE_URL_SCHEMES = ['http', 'https', 'mailto', 'tel'] as const;

/** Schemes that run code when a reader follows them: named in the message, and refused in any attribute. */
export const SCRIPT_SCHEMES: ReadonlySet<string> = new Set(['javascript', 'vbscript', 'livescript']);

// Browsers drop tabs and newlines anywhere in a URL and control characters and spaces around it; zero-width
// and other format characters are dropped too, so a scheme split by them cannot hide from the test.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Z}\s]/gu;

function percentDecode(text: string): string {
  return text.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * The URL as the most generous reader would see it: entity and percent encodings undone (repeatedly, so
 * `&amp;#106;` and `%256A` do not hide a scheme either), invisible characters removed, lower case.
 */
export function normalizeUrl(url: string): string {
  let current = url;
  for (let round = 0; round < 5; round++) {
    const next = percentDecode(parseEntities(current));
    if (next === current) break;
    current = next;
  }
  return current.replace(INVISIBLE, '').toLowerCase();
}

export interface UrlVerdict {
  safe: boolean;
  /** The scheme found, lower case, when the URL has one. */
  scheme?: string;
}

/**
 * Allows http, https, mailto, tel, paths of the manual (`/docs/SOP-004/`, `../x`), `?query` and `#anchors`.
 * A colon before the first `/`, `?` or `#` makes the text before it a scheme (RFC 3986 §4.2: a relative
 * path's first segment has no colon), so `&#106;avascript:`, `%6Aavascript:` and `java\tscript:` are
 * refused as the unknown schemes they are after decoding.
 */
export function checkUrl(url: string): UrlVerdict {
  const normalized = normalizeUrl(url);
  const boundary = normalized.search(/[:/?#]/);
  if (boundary === -1 || normalized[boundary] !== ':') return { safe: true };
  const scheme = normalized.slice(0, boundary);
  return { safe: (SAFE_URL_SCHEMES as readonly string[]).includes(scheme), scheme };
}

/** A message for a refused URL, saying what was found and what is allowed. */
export function unsafeUrlMessage(what: string, url: string, scheme: string | undefined): string {
  const shown = JSON.stringify(url.length > 60 ? `${url.slice(0, 57)}...` : url);
  const found = scheme === undefined || scheme === '' ? 'a scheme that cannot be read' : `the ${scheme}: scheme`;
  const danger = scheme && (SCRIPT_SCHEMES.has(scheme) || scheme === 'data') ? ', which can run code in the reader\'s browser' : '';
  return `${what} ${shown} uses ${found}${danger}; only http, https, mailto and tel links, paths of the manual and #anchors are allowed`;
}
