import { CALLOUT_TYPES, type CalloutType } from '../../qms/content-components.ts';
import { ID_PREFIX } from '../../qms/schemas/document.ts';

/**
 * What the Markdown editor's toolbar does to the text, as pure functions: the text and its selection in,
 * the new text and selection out. The widget (markdown-widget.ts) only reads the textarea, calls one of
 * these and writes the answer back, so every action is tested here without a browser.
 */

/** A text and its selection: offsets into `text`, `start` <= `end`, equal when it is only the caret. */
export interface Edit {
  text: string;
  start: number;
  end: number;
}

export type InlineStyle = 'bold' | 'italic';
const MARKER: Record<InlineStyle, string> = { bold: '**', italic: '*' };
const PLACEHOLDER: Record<InlineStyle, string> = { bold: 'bold text', italic: 'italic text' };

/** Bold (`**…**`) or italic (`*…*`) on the selection; off again when the selection already has it. */
export function toggleInline(edit: Edit, style: InlineStyle): Edit {
  const marker = MARKER[style];
  const { text, start, end } = edit;
  const n = marker.length;
  // The markers just outside the selection (the word was selected inside **word**), then just inside it.
  if (hasStyle(stars(text.slice(0, start), 'end'), stars(text.slice(end), 'start'), style)) {
    return { text: text.slice(0, start - n) + text.slice(start, end) + text.slice(end + n), start: start - n, end: end - n };
  }
  const selected = text.slice(start, end);
  if (selected.length > 2 * n && hasStyle(stars(selected, 'start'), stars(selected, 'end'), style)) {
    return { text: text.slice(0, start) + selected.slice(n, -n) + text.slice(end), start, end: end - 2 * n };
  }
  if (start === end) {
    const inserted = `${marker}${PLACEHOLDER[style]}${marker}`;
    return { text: text.slice(0, start) + inserted + text.slice(end), start: start + n, end: start + n + PLACEHOLDER[style].length };
  }
  if (selected.includes('\n')) return mapLines(edit, (lines) => toggleLineContents(lines, style));
  // Emphasis cannot start or end with a space (`** word**` is plain text): spaces stay outside the markers.
  const lead = /^\s*/.exec(selected)![0].length;
  const trail = /\s*$/.exec(selected)![0].length;
  const core = selected.slice(lead, selected.length - trail);
  const wrapped = `${selected.slice(0, lead)}${marker}${core}${marker}${selected.slice(selected.length - trail)}`;
  return { text: text.slice(0, start) + wrapped + text.slice(end), start: start + lead + n, end: start + lead + n + core.length };
}

/** The number of `*` at one end of a text. */
function stars(text: string, side: 'start' | 'end'): number {
  const match = side === 'start' ? /^\*+/.exec(text) : /\*+$/.exec(text);
  return match ? match[0].length : 0;
}

/** Whether runs of `*` on both sides make the style: two (or three) for bold, one (or three) for italic. */
function hasStyle(before: number, after: number, style: InlineStyle): boolean {
  const ok = (count: number) => (style === 'bold' ? count === 2 || count === 3 : count === 1 || count === 3);
  return ok(before) && ok(after);
}

/** A line's block markers (indent, heading, list item, quote), which emphasis goes after. */
const BLOCK_PREFIX = /^\s*(?:>\s*)*(?:#{1,6}\s+|[-*+]\s+(?:\[[ xX]\]\s+)?|\d+[.)]\s+)?/;

/** The style on the text of each line (after its block markers), or off each line when all have it. */
function toggleLineContents(lines: string[], style: InlineStyle): string[] {
  const marker = MARKER[style];
  const parts = lines.map((line) => {
    const prefix = BLOCK_PREFIX.exec(line)![0];
    const content = line.slice(prefix.length).trimEnd();
    return { prefix, content, rest: line.slice(prefix.length + content.length) };
  });
  const filled = parts.filter((p) => p.content !== '');
  const styled = (content: string) => content.length > 2 * marker.length && hasStyle(stars(content, 'start'), stars(content, 'end'), style);
  const off = filled.length > 0 && filled.every((p) => styled(p.content));
  return parts.map(({ prefix, content, rest }) => {
    if (content === '') return prefix + rest;
    return `${prefix}${off ? content.slice(marker.length, -marker.length) : `${marker}${content}${marker}`}${rest}`;
  });
}

const HEADING = /^(\s*)#{1,6}\s+/;
const BULLET = /^(\s*)[-*+]\s+/;
const NUMBER = /^(\s*)\d+[.)]\s+/;

/** `## ` at the start of each selected line; off again when they all have it. */
export function toggleHeading(edit: Edit): Edit {
  return toggleLinePrefix(edit, /^(\s*)## /, HEADING, () => '## ');
}

/** `- ` before each selected line (replacing numbers); off again when they all have it. */
export function toggleBulletedList(edit: Edit): Edit {
  return toggleLinePrefix(edit, BULLET, NUMBER, () => '- ');
}

/** `1. `, `2. `… before the selected lines (replacing bullets); off again when they are all numbered. */
export function toggleNumberedList(edit: Edit): Edit {
  return toggleLinePrefix(edit, NUMBER, BULLET, (index) => `${index + 1}. `);
}

/**
 * Adds `prefix(i)` to each non-blank selected line (after its indent, in place of an `other` marker), or
 * removes `own` from all of them when every one already has it. With only the caret on an empty line,
 * the prefix goes there, so the controller can start typing the item.
 */
function toggleLinePrefix(edit: Edit, own: RegExp, other: RegExp, prefix: (index: number) => string): Edit {
  return mapLines(edit, (lines) => {
    const targets = lines.some((line) => line.trim() !== '') ? lines.map((line) => line.trim() !== '') : lines.map(() => true);
    if (lines.every((line, i) => !targets[i] || own.test(line))) return lines.map((line, i) => (targets[i] ? line.replace(own, '$1') : line));
    let count = 0;
    return lines.map((line, i) => {
      if (!targets[i]) return line;
      const indent = /^\s*/.exec(line)![0];
      const rest = line.slice(indent.length).replace(own, '').replace(other, '');
      return `${indent}${prefix(count++)}${rest}`;
    });
  });
}

/**
 * Replaces the selected lines (whole lines, from the start of the first to the end of the last) with
 * `change(lines)`. The caret keeps its place in its line; a selection grows to the whole changed lines.
 */
function mapLines(edit: Edit, change: (lines: string[]) => string[]): Edit {
  const { text, start, end } = edit;
  const from = text.lastIndexOf('\n', start - 1) + 1;
  // A selection that ends just after a line break does not take in the next line.
  const last = end > start && text[end - 1] === '\n' ? end - 1 : end;
  const newline = text.indexOf('\n', last);
  const to = newline === -1 ? text.length : newline;
  const before = text.slice(from, to);
  const after = change(before.split('\n')).join('\n');
  const out = text.slice(0, from) + after + text.slice(to);
  if (start === end) {
    const caret = Math.min(from + after.length, Math.max(from, start + after.length - before.length));
    return { text: out, start: caret, end: caret };
  }
  return { text: out, start: from, end: from + after.length };
}

/** A link's address as typed: a document ID (SOP-004) becomes its page in the manual, /docs/SOP-004/. */
export function linkTarget(typed: string): string {
  const address = typed.trim();
  const id = new RegExp(`^(${Object.values(ID_PREFIX).join('|')})-\\d{3,}$`, 'i');
  if (id.test(address)) return `/docs/${address.toUpperCase()}/`;
  if (/^www\./i.test(address)) return `https://${address}`;
  // Spaces and parentheses would end the Markdown link early.
  return address.replace(/ /g, '%20').replace(/\(/g, '%28').replace(/\)/g, '%29');
}

/** `[text](address)` in place of the selection; the caret goes after it. */
export function insertLink(edit: Edit, link: { text: string; address: string }): Edit {
  const address = linkTarget(link.address);
  const label = (link.text.trim() || address).replace(/[[\]]/g, (c) => `\\${c}`).replace(/\s*\n\s*/g, ' ');
  const inserted = `[${label}](${address})`;
  const caret = edit.start + inserted.length;
  return { text: edit.text.slice(0, edit.start) + inserted + edit.text.slice(edit.end), start: caret, end: caret };
}

const TABLE_TEMPLATE = ['| Column 1 | Column 2 | Column 3 |', '| --- | --- | --- |', '|  |  |  |'].join('\n');

/** A three-column table after the current line, its first heading selected to be typed over. */
export function insertTable(edit: Edit): Edit {
  const at = lineEndOf(edit);
  const placed = placeBlock(edit.text, at, at, TABLE_TEMPLATE);
  return { text: placed.text, start: placed.start + 2, end: placed.start + 2 + 'Column 1'.length };
}

const CALLOUT_PLACEHOLDER = 'Text of the callout.';

/**
 * A `<Callout>` around the selected lines, or after the current line with placeholder text selected. MDX
 * reads the inside as Markdown only with blank lines around it, and the block needs blank lines around it.
 */
export function insertCallout(edit: Edit, callout: { type: CalloutType; title: string }): Edit {
  const type = CALLOUT_TYPES.includes(callout.type) ? callout.type : 'note';
  const title = callout.title.replace(/\s+/g, ' ').trim().replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  const open = `<Callout type="${type}"${title ? ` title="${title}"` : ''}>`;
  const { text, start, end } = edit;
  if (start === end || text.slice(start, end).trim() === '') {
    const at = lineEndOf(edit);
    const placed = placeBlock(text, at, at, `${open}\n\n${CALLOUT_PLACEHOLDER}\n\n</Callout>`);
    const inner = placed.start + open.length + 2;
    return { text: placed.text, start: inner, end: inner + CALLOUT_PLACEHOLDER.length };
  }
  const from = text.lastIndexOf('\n', start - 1) + 1;
  const last = text[end - 1] === '\n' ? end - 1 : end;
  const newline = text.indexOf('\n', last);
  const to = newline === -1 ? text.length : newline;
  const inner = text.slice(from, to).replace(/^\n+|\n+$/g, '');
  const placed = placeBlock(text, from, to, `${open}\n\n${inner}\n\n</Callout>`);
  return { text: placed.text, start: placed.start, end: placed.end };
}

/** Text given as blocks (a pasted table and the paragraphs around it) in place of the selection; the caret goes after it. */
export function insertBlocks(edit: Edit, blocks: string): Edit {
  const placed = placeBlock(edit.text, edit.start, edit.end, blocks);
  return { text: placed.text, start: placed.end, end: placed.end };
}

/** The end of the line the selection ends on, or the selection's start when it is on an empty line. */
function lineEndOf({ text, end }: Edit): number {
  const newline = text.indexOf('\n', end);
  return newline === -1 ? text.length : newline;
}

/** `block` in place of text[from, to), with a blank line between it and any text before or after it. */
function placeBlock(text: string, from: number, to: number, block: string): { text: string; start: number; end: number } {
  const before = text.slice(0, from).replace(/[ \t]+$/, '');
  const after = text.slice(to).replace(/^[ \t]+/, '');
  const lead = before === '' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
  const tail = after === '' ? '\n' : after.startsWith('\n\n') ? '' : after.startsWith('\n') ? '\n' : '\n\n';
  const start = before.length + lead.length;
  return { text: before + lead + block + tail + after, start, end: start + block.length };
}
