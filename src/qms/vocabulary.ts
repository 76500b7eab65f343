/*
 * The manual's own vocabulary, for "Did you mean …?" in search. Pagefind quietly drops a word that no page
 * contains, so "hand hygene" became a search for "hand" and ranked Clinical handover first. The build
 * writes the words of the documents in force with their frequencies; the browser corrects a word that
 * is not among them to the nearest one that is. Pure: used by the build and by src/site/search.ts.
 */

/** The words of the manual, by frequency in the documents in force; 0 for a word found only in documents
 * searched on request (superseded, obsolete, not yet effective), which is known but never suggested. */
export type Vocabulary = Readonly<Record<string, number>>;

/** /search-vocabulary.json: what the build gives the browser's search besides Pagefind's index. */
export interface SearchVocabularyFile {
  words: Vocabulary;
  /** Settings, `search.synonyms`: groups of words or phrases searched as one. */
  synonyms: string[][];
}

/** Lower-case words of a text: letters, with an apostrophe inside ("don't"); a possessive 's is dropped. */
export function searchWords(text: string): string[] {
  return (text.normalize('NFKC').toLowerCase().match(/\p{L}+(?:['’]\p{L}+)*/gu) ?? []).map((w) => w.replace(/['’]s$/, ''));
}

/**
 * The words of Markdown as a reader sees them: link targets, HTML tags and MDX comments are not words of
 * the document ("docs", "sop", "href" would otherwise be suggested).
 */
export function markdownWords(markdown: string): string[] {
  const text = markdown
    .replace(/\{\/\*[\s\S]*?\*\/\}/g, ' ')
    .replace(/\]\([^)]*\)/g, '] ')
    .replace(/<[^>]*>/g, ' ');
  return searchWords(text);
}

/** Counts the words of the texts in force; words of the other texts are added as known (0). */
export function buildVocabulary(inForce: readonly string[][], other: readonly string[][] = []): Vocabulary {
  const counts = new Map<string, number>();
  for (const words of inForce) for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  for (const words of other) for (const w of words) if (!counts.has(w)) counts.set(w, 0);
  // Most frequent first, so the file reads (and compresses) sensibly; ties in alphabetical order.
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
}

/**
 * Whether the manual knows a word as Pagefind would match it: itself, the start of a word (typing is still
 * going on), or a known word with an ending added ("incidents" for "incident": Pagefind stems it).
 */
export function knownWords(vocabulary: Vocabulary): (word: string) => boolean {
  const cached = knownCache.get(vocabulary);
  if (cached) return cached;
  const sorted = Object.keys(vocabulary).sort();
  const known = (word: string) => {
    if (Object.hasOwn(vocabulary, word)) return true;
    const at = lowerBound(sorted, word);
    if (at < sorted.length && sorted[at].startsWith(word)) return true;
    for (let cut = 1; cut <= 3 && word.length - cut >= 4; cut++) if (Object.hasOwn(vocabulary, word.slice(0, -cut))) return true;
    return false;
  };
  knownCache.set(vocabulary, known);
  return known;
}

/** The browser asks on every keystroke; the sorted word list is made once per vocabulary. */
const knownCache = new WeakMap<Vocabulary, (word: string) => boolean>();

function lowerBound(sorted: readonly string[], word: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < word) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How far a word may be from the one meant: short words have many near neighbours, so only one edit. */
function allowedDistance(word: string): number {
  return word.length < 4 ? 0 : word.length < 8 ? 1 : 2;
}

/** Edits (insert, delete, substitute, swap two neighbours) from a to b, or max + 1 once it is over max. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      current.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    before = previous;
    previous = current;
  }
  return Math.min(previous[b.length], max + 1);
}

/** The word of the manual nearest to an unknown word: fewest edits, then the most used, then A to Z. */
function nearest(word: string, vocabulary: Vocabulary): string | null {
  const max = allowedDistance(word);
  let best: { word: string; distance: number; count: number } | null = null;
  for (const [candidate, count] of Object.entries(vocabulary)) {
    if (count === 0) continue;
    const distance = editDistance(word, candidate, max);
    if (distance > max) continue;
    if (!best || distance < best.distance || (distance === best.distance && (count > best.count || (count === best.count && candidate < best.word)))) {
      best = { word: candidate, distance, count };
    }
  }
  return best?.word ?? null;
}

export interface SpellingSuggestion {
  /** The query with each unknown word replaced by its correction, the other words as typed. */
  query: string;
  /** The words corrected, as typed. */
  unknown: string[];
}

/**
 * "hand hygene" → "hand hygiene". Only words of four letters or more without digits are corrected (IDs,
 * numbers and abbreviations are left alone); null when every word is known or nothing near is.
 */
export function suggestSpelling(query: string, vocabulary: Vocabulary): SpellingSuggestion | null {
  const known = knownWords(vocabulary);
  const unknown: string[] = [];
  const parts = query.trim().split(/(\s+)/).map((part) => {
    if (/^\s*$/.test(part) || /\d/.test(part)) return part;
    const words = searchWords(part);
    if (words.length !== 1 || words[0].length < 4 || known(words[0])) return part;
    const correction = nearest(words[0], vocabulary);
    if (!correction) return part;
    unknown.push(part);
    return correction;
  });
  return unknown.length > 0 ? { query: parts.join(''), unknown } : null;
}
