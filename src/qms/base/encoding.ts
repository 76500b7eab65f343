/*
 * A document file as bytes: Astro reads every document as UTF-8, so a file saved otherwise (UTF-16 by
 * Windows Notepad, Windows-1252 or Latin-1 by older editors), with control characters pasted in, or with
 * the CR-only line endings of classic Mac OS, is published garbled. These find such files and say why.
 */

/** How a file's bytes were read. A UTF-8 byte-order mark is accepted (Astro ignores it) and dropped. */
export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'not-utf-8';

/** The text of a file, decoded as it was most likely written, and how. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: Encoding } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: stripByteOrderMark(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)), encoding: 'utf-8' };
  } catch {
    // Invalid bytes become U+FFFD, which encodingProblems places.
    return { text: stripByteOrderMark(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)), encoding: 'not-utf-8' };
  }
}

export const stripByteOrderMark = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

export interface EncodingProblem {
  line: number;
  column: number;
  message: string;
  /** The file cannot be read as lines of text at all (UTF-16, CR-only): nothing else in it is checked. */
  unreadable: boolean;
}

/** Control characters other than tab, line feed and carriage return: invisible, and NUL is written raw into the page. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const LONE_CR = /\r(?!\n)/g;

/** Everything wrong with the file's encoding, each at its place in the decoded text. */
export function encodingProblems(text: string, encoding: Encoding): EncodingProblem[] {
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    const order = encoding === 'utf-16le' ? 'little-endian' : 'big-endian';
    return [{ line: 1, column: 1, unreadable: true, message: `the file is saved as UTF-16 (${order}, as Windows Notepad may save it); documents must be UTF-8: save it again choosing UTF-8` }];
  }
  if (!text.includes('\n') && text.includes('\r')) {
    return [{ line: 1, column: 1, unreadable: true, message: 'the lines end in CR alone (the line endings of classic Mac OS), so the file reads as a single line; save it with LF or CRLF line endings' }];
  }
  const problems: EncodingProblem[] = [];
  const placeAll = (pattern: RegExp, describe: (char: string) => string, summary: (count: number, lines: number[]) => string) => {
    const hits = [...text.matchAll(pattern)];
    if (hits.length === 0) return;
    const places = hits.map((m) => placeOf(text, m.index));
    problems.push({ ...places[0], unreadable: false, message: describe(hits[0][0]) });
    if (hits.length > 1) {
      const lines = [...new Set(places.slice(1).map((p) => p.line))];
      problems.push({ ...places[1], unreadable: false, message: summary(hits.length - 1, lines) });
    }
  };
  if (encoding === 'not-utf-8') {
    placeAll(
      /\uFFFD/g,
      () => 'the file is not valid UTF-8 here: a character saved in another encoding (such as Windows-1252 or Latin-1, where é is a single byte); save the file as UTF-8',
      (count, lines) => `and ${count} more byte${count === 1 ? '' : 's'} that ${count === 1 ? 'is' : 'are'} not UTF-8, on line${lines.length === 1 ? '' : 's'} ${listLines(lines)}`,
    );
  }
  placeAll(
    CONTROL,
    (char) => `a control character (U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}), invisible in an editor${char === '\u0000' ? ' and written raw into the page' : ''}; delete it`,
    (count, lines) => `and ${count} more control character${count === 1 ? '' : 's'} on line${lines.length === 1 ? '' : 's'} ${listLines(lines)}`,
  );
  placeAll(
    LONE_CR,
    () => 'this line ends in CR alone (a classic Mac OS line ending), which Markdown readers disagree on; save the file with LF or CRLF line endings',
    (count, lines) => `and ${count} more line${count === 1 ? '' : 's'} ending in CR alone, on line${lines.length === 1 ? '' : 's'} ${listLines(lines)}`,
  );
  return problems;
}

function placeOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = (before.match(/\n/g)?.length ?? 0) + 1;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** "3, 7 and 9", or the first ten and how many more. */
function listLines(lines: readonly number[]): string {
  const shown = lines.slice(0, 10);
  const rest = lines.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  return shown.length === 1 ? String(shown[0]) : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}
