import { diffLines, diffWordsWithSpace } from 'diff';

/** A piece of the redline: text kept, inserted or deleted, in reading order. */
export interface RedlineSegment {
  change: 'same' | 'added' | 'removed';
  text: string;
}

/** One line block of the redline; unchanged stretches far from any change are folded away. */
export type RedlineBlock = { kind: 'lines'; segments: RedlineSegment[] } | { kind: 'folded'; lines: number };

export interface Redline {
  blocks: RedlineBlock[];
  /** Words inserted and deleted, for the summary line. */
  wordsAdded: number;
  wordsRemoved: number;
  identical: boolean;
}

const CONTEXT_LINES = 2;
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

/**
 * A readable redline of a document's body between two versions: lines are compared first, and a
 * changed line is then compared word by word, so a reviewer sees "30 → 25 working days" rather than a
 * whole paragraph struck out and retyped. Unchanged lines more than two away from a change are folded.
 */
export function redline(before: string, after: string): Redline {
  const norm = (s: string) => s.replace(/\r\n/g, '\n').trim() + '\n';
  const lineChanges = diffLines(norm(before), norm(after));
  type Line = { segments: RedlineSegment[]; changed: boolean };
  const lines: Line[] = [];
  let wordsAdded = 0;
  let wordsRemoved = 0;
  const splitLines = (text: string) => text.replace(/\n$/, '').split('\n');

  for (let i = 0; i < lineChanges.length; i++) {
    const change = lineChanges[i];
    const next = lineChanges[i + 1];
    if (change.removed && next?.added) {
      // A rewritten passage: compare word by word, then cut back into lines.
      const pieces = diffWordsWithSpace(change.value, next.value);
      let current: Line = { segments: [], changed: true };
      for (const piece of pieces) {
        const kind: RedlineSegment['change'] = piece.added ? 'added' : piece.removed ? 'removed' : 'same';
        if (kind === 'added') wordsAdded += words(piece.value);
        if (kind === 'removed') wordsRemoved += words(piece.value);
        piece.value.split('\n').forEach((part, j) => {
          if (j > 0) {
            lines.push(current);
            current = { segments: [], changed: true };
          }
          if (part) current.segments.push({ change: kind, text: part });
        });
      }
      if (current.segments.length > 0) lines.push(current);
      i++;
      continue;
    }
    const kind: RedlineSegment['change'] = change.added ? 'added' : change.removed ? 'removed' : 'same';
    if (kind === 'added') wordsAdded += words(change.value);
    if (kind === 'removed') wordsRemoved += words(change.value);
    for (const text of splitLines(change.value)) lines.push({ segments: text ? [{ change: kind, text }] : [], changed: kind !== 'same' });
  }

  const near = lines.map((_, i) => lines.slice(Math.max(0, i - CONTEXT_LINES), i + CONTEXT_LINES + 1).some((l) => l.changed));
  const blocks: RedlineBlock[] = [];
  lines.forEach((line, i) => {
    if (near[i]) blocks.push({ kind: 'lines', segments: line.segments });
    else {
      const last = blocks.at(-1);
      if (last?.kind === 'folded') last.lines++;
      else blocks.push({ kind: 'folded', lines: 1 });
    }
  });
  return { blocks, wordsAdded, wordsRemoved, identical: !lines.some((l) => l.changed) };
}
