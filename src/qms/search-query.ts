import { searchWords } from './vocabulary.ts';

/*
 * What a search asks of the index, and in what order its answers come back. Pure, so the browser
 * (src/site/search.ts) and the tests share it; the index side is in views/search.ts.
 */

/** Where a document is searched: with what is in force, with the archive (asked for), or not at all. */
export type Lifecycle = 'in-force' | 'upcoming' | 'archived';

/** The order of the groups of results: the versions in force first, whatever the relevance of the others. */
export const LIFECYCLE_ORDER: readonly Lifecycle[] = ['in-force', 'upcoming', 'archived'];

/** The department filter's value of a document that names no department: it applies to all of them. */
export const ORGANIZATION_WIDE = 'Organization-wide';

/** "8.2.3" → ["8", "8.2", "8.2.3"]; "iso-9001-2015:8.4" → ["iso-9001-2015:8", "iso-9001-2015:8.4"]. */
export function clauseAncestors(ref: string): string[] {
  const colon = ref.lastIndexOf(':');
  const standard = ref.slice(0, colon + 1);
  const parts = ref.slice(colon + 1).split('.');
  return parts.map((_, i) => standard + parts.slice(0, i + 1).join('.'));
}

/** What the reader chose on the search form. */
export interface SearchChoice {
  type?: string;
  department?: string;
  clause?: string;
  /** Also superseded, obsolete and not-yet-effective versions. */
  archived?: boolean;
}

export type PagefindFilters = Record<string, string | { any: string[] }>;

/**
 * The Pagefind filters of a choice. A document for the whole organization belongs to every department,
 * so a department also matches those; the clause filter needs nothing here, as each document is indexed
 * under every ancestor of its clauses.
 */
export function searchFilters(choice: SearchChoice): PagefindFilters {
  const filters: PagefindFilters = {};
  if (choice.type) filters.type = choice.type;
  if (choice.department) filters.department = choice.department === ORGANIZATION_WIDE ? ORGANIZATION_WIDE : { any: [choice.department, ORGANIZATION_WIDE] };
  if (choice.clause) filters.clause = choice.clause;
  filters.lifecycle = { any: choice.archived ? [...LIFECYCLE_ORDER] : ['in-force'] };
  return filters;
}

/** Words (or phrases) that mean the same thing to whoever searches: settings, `search.synonyms`. */
export type SynonymGroups = readonly (readonly string[])[];

/**
 * The query as typed, then as it would be typed with synonyms ("medication error" → "medication
 * incident", …): the manual may say "incident" where the reader thinks "error". A term of several words
 * ("near miss") matches them together; words that are in no group stay as typed ("SOP-004"). A synonym
 * with a word the manual does not use is left out: Pagefind would drop that word and search the others
 * alone. At most `limit` queries, those with fewest words changed first.
 */
export function queryVariants(query: string, groups: SynonymGroups, known: (word: string) => boolean, limit = 12): string[] {
  const tokens = query.trim().split(/\s+/).filter(Boolean);
  const keys = tokens.map((t) => searchWords(t).join(' '));
  const terms = groups.map((group) => group.map((term) => ({ term, key: searchWords(term).join(' ') })).filter((t) => t.key !== ''));
  const usable = (key: string) => key.split(' ').every(known);
  // Each slot is one or more tokens of the query, with what may replace them (themselves first).
  const slots: string[][] = [];
  for (let i = 0; i < tokens.length; ) {
    let match: { length: number; alternatives: string[] } | undefined;
    for (let length = tokens.length - i; length >= 1 && !match; length--) {
      const key = keys.slice(i, i + length).join(' ');
      const group = key ? terms.find((g) => g.some((t) => t.key === key)) : undefined;
      if (group) match = { length, alternatives: [tokens.slice(i, i + length).join(' '), ...group.filter((t) => t.key !== key && usable(t.key)).map((t) => t.term)] };
    }
    slots.push(match?.alternatives ?? [tokens[i]]);
    i += match?.length ?? 1;
  }
  if (slots.length === 0) return [];
  // Cut to the limit at each step: the fewest-changed variants only ever extend the fewest-changed prefixes.
  const variants = slots.reduce<{ text: string; changed: number }[]>(
    (acc, alternatives) =>
      acc
        .flatMap((v) => alternatives.map((alt, k) => ({ text: v.text ? `${v.text} ${alt}` : alt, changed: v.changed + Number(k > 0) })))
        .sort((a, b) => a.changed - b.changed)
        .slice(0, limit),
    [{ text: '', changed: 0 }],
  );
  return variants.map((v) => v.text);
}

/** One answer of the index, before its page data is loaded. */
export interface Hit {
  id: string;
  score: number;
}

/**
 * The answers of several queries (the typed one first, then its synonym variants) as one list, each page
 * once: in force first, then not yet effective, then withdrawn; within each, the pages with the words as
 * typed before those found only through a synonym (scores of queries with more words are higher, so they
 * cannot be compared), then by relevance.
 */
export function rankHits(answers: readonly (readonly Hit[])[], lifecycleOf: (id: string) => Lifecycle | undefined): Hit[] {
  const best = new Map<string, { score: number; typed: boolean }>();
  answers.forEach((hits, i) => {
    for (const hit of hits) {
      const seen = best.get(hit.id);
      if (!seen) best.set(hit.id, { score: hit.score, typed: i === 0 });
      else if (seen.typed === (i === 0)) seen.score = Math.max(seen.score, hit.score);
    }
  });
  const rank = (id: string) => {
    const lifecycle = lifecycleOf(id);
    return lifecycle ? LIFECYCLE_ORDER.indexOf(lifecycle) : LIFECYCLE_ORDER.length;
  };
  return [...best]
    .sort(([a, x], [b, y]) => rank(a) - rank(b) || Number(y.typed) - Number(x.typed) || y.score - x.score)
    .map(([id, { score }]) => ({ id, score }));
}

/** Short words that say nothing about what a document is for. */
const STOPWORDS = new Set('a an and are as at be by for from how in into is it of on or the to what when where who with'.split(' '));

/** Words and numbers that may say what a document is about: "SOP-004" is "sop" and "004". */
const subjectWords = (text: string) => (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length > 2 && !STOPWORDS.has(w));

/**
 * Whether a heading ("SOP-004 Hand hygiene") names one of the words searched for, or a synonym used: what
 * tells a document about sepsis from one that only mentions it. Words match on their first letters
 * ("complaints", "complaint").
 */
export function titleNames(heading: string, queries: readonly string[]): boolean {
  const headingWords = subjectWords(heading);
  const stem = (w: string) => w.slice(0, Math.max(4, w.length - 3));
  return queries.some((query) => subjectWords(query).some((w) => headingWords.some((t) => t.startsWith(stem(w)) || w.startsWith(stem(t)))));
}

/** Whether a query has any word that says what is looked for (so "the" alone asks for no cue). */
export function hasSubject(query: string): boolean {
  return subjectWords(query).length > 0;
}
