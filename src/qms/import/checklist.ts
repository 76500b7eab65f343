import type { DocumentEntry } from '../cms/document-file.ts';

/**
 * What a person must do to an imported draft before it can be approved: the fields the import could not
 * know (it invents no owner, approver, dates or clauses), and the placeholders the template left to fill.
 */

/** The fields to fill in, in the words of the frontmatter, with why when it is not obvious. */
export function fieldsToComplete(entry: DocumentEntry): string[] {
  const missing: string[] = [];
  const empty = (value: unknown) => value === undefined || value === null || (Array.isArray(value) && value.length === 0);
  if (empty(entry.owner)) missing.push('owner');
  missing.push('approver');
  if (empty(entry.clauses)) missing.push('clauses');
  missing.push("review_by (or the settings' review interval applies)");
  if (empty(entry.summary)) missing.push('summary');
  return missing;
}

export interface Placeholder {
  /** 1-based line in the written file. */
  line: number;
  text: string;
}

/** Placeholder words a template puts in brackets: "[insert ward name]", "<enter date>". */
const PLACEHOLDER_WORDS = 'insert|enter|add|type|specify|include|name|date|ward|department|unit|number|title|organi[sz]ation|hospital|trust|site|x{2,}|tbc|tbd';
const PLACEHOLDER = new RegExp(
  [
    `\\\\?\\[(?:${PLACEHOLDER_WORDS})\\b[^\\]\\n]{0,80}\\\\?\\](?![([:])`, // [insert ward name], not a link's text
    `\\\\?<(?:${PLACEHOLDER_WORDS})\\b[^>\\n]{0,80}>`, // <enter date>
    '\\\\\\{[^{}\\\\\\n]{1,60}\\\\\\}', // {limit}, as the text holds it once escaped: \{limit\}
    '\\b(?:XX+|TBC|TBD)\\b',
  ].join('|'),
  'gi',
);

/** The placeholders in a document's text, with their lines; code spans and fenced blocks are skipped. */
export function findPlaceholders(text: string, firstLine = 1): Placeholder[] {
  const found: Placeholder[] = [];
  let fenced = false;
  text.split('\n').forEach((line, i) => {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) return;
    const prose = line.replace(/`[^`]*`/g, (code) => ' '.repeat(code.length));
    for (const match of prose.matchAll(PLACEHOLDER)) found.push({ line: firstLine + i, text: match[0].replace(/\\([[\]{}<>])/g, '$1') });
  });
  return found;
}

/** Words of a document-control table, which Word templates put at the top: version, owner, dates. */
const CONTROL_WORDS = /\b(version|review date|next review|date of review|approved by|approval date|date approved|author|owner|document (?:no|number|ref|reference)|effective date|ratified|issue date|date of issue)\b/gi;

/**
 * A table before the first heading that records version, owner and dates, as Word templates have: the
 * manual's controlled header replaces it, and what it says belongs in the fields, not the text.
 */
export function startsWithControlTable(body: string): boolean {
  const lines = body.split('\n');
  const start = lines.findIndex((line) => line.startsWith('|') || line.startsWith('#'));
  if (start === -1 || !lines[start].startsWith('|')) return false;
  const end = lines.findIndex((line, i) => i > start && !line.startsWith('|'));
  const table = lines.slice(start, end === -1 ? lines.length : end).join('\n');
  return new Set([...table.matchAll(CONTROL_WORDS)].map((m) => m[1].toLowerCase())).size >= 2;
}
