import type { APIRoute } from 'astro';
import type { SearchVocabularyFile } from '../qms/vocabulary.ts';
import { searchVocabulary } from '../qms/views/search.ts';
import { siteManual } from '../site/manual.ts';

/** The words of the manual and the settings' synonyms, for "Did you mean …?" and synonym search on the home page. */
export const GET: APIRoute = async () => {
  const { docs, settings, status } = await siteManual();
  const file: SearchVocabularyFile = {
    words: searchVocabulary(docs.map((entry) => ({ doc: entry.data, status: status(entry.data.id), body: entry.body ?? '' }))),
    synonyms: settings.search.synonyms.map((group) => group.terms),
  };
  return new Response(JSON.stringify(file), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
