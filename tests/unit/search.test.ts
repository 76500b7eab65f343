import { describe, expect, it } from 'vitest';
import { analyseManual } from '../../src/qms/analysis.ts';
import { loadManual } from '../../src/qms/load/manual.ts';
import { clauseAncestors, hasSubject, queryVariants, rankHits, searchFilters, titleNames, type Lifecycle } from '../../src/qms/search-query.ts';
import { effectiveStatus } from '../../src/qms/status.ts';
import { searchRecord, searchVocabulary } from '../../src/qms/views/search.ts';
import { buildVocabulary, editDistance, knownWords, markdownWords, searchWords, suggestSpelling } from '../../src/qms/vocabulary.ts';
import { makeDoc } from './helpers.ts';

const options = { asOf: '2026-01-01', review: { due_soon_days: 60, interval_months: {} } };
const statusOf = (fields: Parameters<typeof makeDoc>[0]) => effectiveStatus(makeDoc(fields), options);

describe('the words of a document', () => {
  it('are its letters in lower case, without possessives, digits or punctuation', () => {
    expect(searchWords("The patient's wristband: check it, don't guess (SOP-004).")).toEqual(['the', 'patient', 'wristband', 'check', 'it', "don't", 'guess', 'sop']);
  });

  it('leave out link targets, HTML tags and MDX comments of Markdown', () => {
    expect(markdownWords('See [the form](/docs/FRM-001/) and <kbd>Ctrl</kbd>{/* hidden note */}.')).toEqual(['see', 'the', 'form', 'and', 'ctrl']);
  });
});

describe('the vocabulary', () => {
  it('counts the words in force and knows, uncounted, the words only in documents searched on request', () => {
    expect(buildVocabulary([['hand', 'hygiene', 'hand']], [['hand', 'fax']])).toEqual({ hand: 2, hygiene: 1, fax: 0 });
  });

  it('takes titles, summaries and bodies of documents in force, and never a word of a draft', () => {
    const vocabulary = searchVocabulary([
      { doc: { title: 'Hand hygiene', summary: 'Clean hands.' }, status: statusOf({}), body: 'Use [rub](/docs/SOP-004/).' },
      { doc: { title: 'Fax referrals' }, status: statusOf({ status: 'obsolete', withdrawn: '2025-06-01' }), body: 'Send a fax.' },
      { doc: { title: 'Secret draft' }, status: statusOf({ status: 'draft' }), body: 'Confidential plans.' },
    ]);
    expect(vocabulary).toMatchObject({ hand: 1, hygiene: 1, clean: 1, hands: 1, use: 1, rub: 1, fax: 0, referrals: 0, send: 0 });
    expect(Object.keys(vocabulary)).not.toContain('docs');
    for (const word of ['secret', 'draft', 'confidential', 'plans']) expect(vocabulary).not.toHaveProperty(word);
  });
});

describe('"Did you mean …?"', () => {
  const vocabulary = buildVocabulary([['hand', 'hygiene', 'handover', 'incident', 'incident', 'accident', 'ward', 'word']]);

  it('corrects a misspelt word to the nearest word of the manual, keeping the others as typed', () => {
    expect(suggestSpelling('Hand hygene', vocabulary)).toEqual({ query: 'Hand hygiene', unknown: ['hygene'] });
    expect(suggestSpelling('hand hyigene', vocabulary)?.query).toBe('hand hygiene');
    expect(suggestSpelling('hnad', vocabulary)?.query).toBe('hand');
  });

  it('prefers the word used most when two are as near', () => {
    expect(suggestSpelling('incidant', vocabulary)?.query).toBe('incident');
  });

  it('leaves alone known words, words being typed, endings Pagefind stems, short words, IDs and words with nothing near', () => {
    for (const query of ['hand hygiene', 'hand hygi', 'incidents', 'wrd', 'SOP-04', 'xyzzy', 'covid']) expect(suggestSpelling(query, vocabulary), query).toBeNull();
  });

  it('knows the words of documents searched on request, but never suggests them', () => {
    const withArchive = buildVocabulary([['complaint']], [['ombudsman']]);
    expect(suggestSpelling('ombudsman', withArchive)).toBeNull();
    expect(suggestSpelling('ombudsmen', withArchive)).toBeNull();
  });

  it('turns "hand hygene" into "hand hygiene" with the sample manual\'s own words', () => {
    const manual = loadManual(process.cwd());
    const analysis = analyseManual(manual.documents.map((d) => d.data), manual.index, manual.settings, '2026-11-25');
    const sample = searchVocabulary(manual.documents.map((d) => ({ doc: d.data, status: analysis.statuses.get(d.data.id)!, body: d.body })));
    expect(suggestSpelling('hand hygene', sample)?.query).toBe('hand hygiene');
    expect(suggestSpelling('incident reprting', sample)?.query).toBe('incident reporting');
    expect(suggestSpelling('hand hygiene', sample)).toBeNull();
  });

  it('counts edits, a swap of neighbours as one, and stops counting past the limit', () => {
    expect(editDistance('hygene', 'hygiene', 2)).toBe(1);
    expect(editDistance('hyigene', 'hygiene', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });

  it('knows a word by its start (still being typed) and by a stem with an ending added', () => {
    const known = knownWords(vocabulary);
    expect(['hygiene', 'hygi', 'incidents', 'handovers'].every(known)).toBe(true);
    expect(['hygene', 'xyz'].some(known)).toBe(false);
  });
});

describe('the clause filter', () => {
  it('files a document under every ancestor of its clauses', () => {
    expect(clauseAncestors('8.2.3')).toEqual(['8', '8.2', '8.2.3']);
    expect(clauseAncestors('8.12')).toEqual(['8', '8.12']);
    expect(clauseAncestors('iso-9001-2015:8.4.1')).toEqual(['iso-9001-2015:8', 'iso-9001-2015:8.4', 'iso-9001-2015:8.4.1']);
  });

  it('indexes each ancestor once, so clause 8 finds a document mapped to 8.2.3 and 8.12', () => {
    const record = searchRecord(makeDoc({ clauses: ['8.2.3', '8.12', '7.3'] }), statusOf({}));
    expect(record?.filters.clause).toEqual(['8', '8.2', '8.2.3', '8.12', '7', '7.3']);
  });
});

describe('the search record of a document', () => {
  it('is absent for drafts and documents in review', () => {
    expect(searchRecord(makeDoc({ status: 'draft' }), statusOf({ status: 'draft' }))).toBeNull();
    expect(searchRecord(makeDoc({ status: 'in-review' }), statusOf({ status: 'in-review' }))).toBeNull();
  });

  it('files a document for no department as organization-wide', () => {
    expect(searchRecord(makeDoc({ departments: [] }), statusOf({}))?.filters.department).toEqual(['Organization-wide']);
    expect(searchRecord(makeDoc({ departments: ['Pharmacy'] }), statusOf({}))?.filters.department).toEqual(['Pharmacy']);
  });

  it('names the replacements of a superseded document, with their titles', () => {
    const status = { ...statusOf({}), state: 'superseded' as const, label: 'Superseded', supersededBy: ['SOP-026'] };
    const record = searchRecord(makeDoc({ id: 'SOP-009' }), status, (id) => (id === 'SOP-026' ? 'Complaints, concerns and compliments' : undefined));
    expect(record?.lifecycle).toBe('archived');
    expect(JSON.parse(record!.meta.replaced_by!)).toEqual([{ id: 'SOP-026', title: 'Complaints, concerns and compliments' }]);
  });
});

describe('the filters of a search', () => {
  it('lets a department also find the documents for the whole organization', () => {
    expect(searchFilters({ department: 'Pharmacy' })).toEqual({ department: { any: ['Pharmacy', 'Organization-wide'] }, lifecycle: { any: ['in-force'] } });
    expect(searchFilters({ department: 'Organization-wide' }).department).toBe('Organization-wide');
  });

  it('searches only documents in force unless withdrawn versions are asked for', () => {
    expect(searchFilters({}).lifecycle).toEqual({ any: ['in-force'] });
    expect(searchFilters({ archived: true, type: 'Form', clause: '8' })).toEqual({ type: 'Form', clause: '8', lifecycle: { any: ['in-force', 'upcoming', 'archived'] } });
  });
});

describe('synonyms', () => {
  const groups = [['medication', 'medicine', 'drug'], ['error', 'mistake', 'incident', 'near miss']];
  const everyWord = () => true;

  it('adds the query as the manual may word it, the words as typed first and fewest changes first', () => {
    const variants = queryVariants('Medication error', groups, everyWord);
    expect(variants[0]).toBe('Medication error');
    expect(variants).toContain('Medication incident');
    expect(variants).toContain('medicine near miss');
    expect(variants).toHaveLength(12);
    expect(variants.slice(1, 6).every((v) => v.startsWith('Medication ') || v.endsWith(' error'))).toBe(true);
  });

  it('matches a phrase as a whole and keeps words in no group as typed', () => {
    expect(queryVariants('near miss SOP-008', groups, everyWord)).toEqual(['near miss SOP-008', 'error SOP-008', 'mistake SOP-008', 'incident SOP-008']);
  });

  it('leaves out a synonym the manual does not use, which Pagefind would drop', () => {
    const known = (word: string) => word !== 'mistake';
    expect(queryVariants('error', groups, known)).toEqual(['error', 'incident', 'near miss']);
  });

  it('stays within the limit however many words have synonyms', () => {
    expect(queryVariants('error error error error error error', groups, everyWord, 5)).toHaveLength(5);
  });
});

describe('the order of results', () => {
  const lifecycles: Record<string, Lifecycle> = { current: 'in-force', other: 'in-force', old: 'archived', soon: 'upcoming' };

  it('puts documents in force first, then those not yet effective, then withdrawn ones, by relevance within each', () => {
    const ranked = rankHits([[{ id: 'old', score: 9 }, { id: 'soon', score: 8 }, { id: 'other', score: 2 }, { id: 'current', score: 5 }]], (id) => lifecycles[id]);
    expect(ranked.map((h) => h.id)).toEqual(['current', 'other', 'soon', 'old']);
  });

  it('puts pages with the words as typed before pages found only through a synonym', () => {
    const ranked = rankHits([[{ id: 'other', score: 1 }], [{ id: 'current', score: 30 }, { id: 'other', score: 50 }]], (id) => lifecycles[id]);
    expect(ranked).toEqual([{ id: 'other', score: 1 }, { id: 'current', score: 30 }]);
  });
});

describe('telling a document about a subject from one that mentions it', () => {
  it('looks for the words searched, or a synonym used, in the ID and title', () => {
    expect(titleNames('SOP-026 Complaints, concerns and compliments', ['complaint'])).toBe(true);
    expect(titleNames('SOP-008 Incident reporting and investigation', ['medication error', 'medication incident'])).toBe(true);
    expect(titleNames('SOP-004 Hand hygiene', ['SOP-004'])).toBe(true);
    expect(titleNames('POL-010 Quality objectives 2026–2027', ['sepsis'])).toBe(false);
  });

  it('asks nothing of a query of little words', () => {
    expect(hasSubject('the')).toBe(false);
    expect(hasSubject('how to')).toBe(false);
    expect(hasSubject('sepsis')).toBe(true);
  });
});
