import { TYPE_LABEL, type DocumentFrontmatter } from '../schemas/document.ts';
import { clauseAncestors, ORGANIZATION_WIDE, type Lifecycle } from '../search-query.ts';
import type { EffectiveStatus } from '../status.ts';
import { buildVocabulary, markdownWords, searchWords, type Vocabulary } from '../vocabulary.ts';

export type { Lifecycle } from '../search-query.ts';

/** A document that replaces a superseded one, as its search result names it. */
export interface Replacement {
  id: string;
  title: string;
}

/** What the search index holds for one document page. */
export interface SearchRecord {
  lifecycle: Lifecycle;
  filters: { type: string; department: string[]; clause: string[] };
  meta: { id: string; state: string; status: string; owner: string; version: string; replaced_by?: string };
}

/** Drafts and documents in review are never searched; the others by lifecycle (null: not indexed). */
export function searchLifecycle({ state }: Pick<EffectiveStatus, 'state'>): Lifecycle | null {
  if (state === 'draft' || state === 'in-review') return null;
  return state === 'superseded' || state === 'obsolete' ? 'archived' : state === 'not-yet-effective' ? 'upcoming' : 'in-force';
}

/**
 * Drafts and documents in review are never indexed: staff must not find them as if current. Superseded,
 * obsolete and not-yet-effective documents are indexed under their own lifecycle, which search leaves
 * out unless the reader asks for it. A document is filed under every ancestor of its clauses, so the
 * filter "8" finds what meets 8.2.3; a superseded one carries its replacements (`replaced_by`, JSON).
 */
export function searchRecord(
  doc: Pick<DocumentFrontmatter, 'id' | 'type' | 'departments' | 'clauses' | 'owner' | 'version'>,
  status: EffectiveStatus,
  titleOf: (id: string) => string | undefined = () => undefined,
): SearchRecord | null {
  const lifecycle = searchLifecycle(status);
  if (!lifecycle) return null;
  const replacements: Replacement[] = status.supersededBy.map((id) => ({ id, title: titleOf(id) ?? '' }));
  return {
    lifecycle,
    filters: {
      type: TYPE_LABEL[doc.type],
      department: doc.departments.length ? doc.departments : [ORGANIZATION_WIDE],
      clause: [...new Set(doc.clauses.flatMap(clauseAncestors))],
    },
    meta: {
      id: doc.id,
      state: status.state,
      status: status.label,
      owner: doc.owner ?? '',
      version: String(doc.version),
      ...(replacements.length > 0 ? { replaced_by: JSON.stringify(replacements) } : {}),
    },
  };
}

/** One document as the vocabulary reads it: its title, summary and Markdown body, and its status. */
export interface VocabularySource {
  doc: Pick<DocumentFrontmatter, 'title' | 'summary'>;
  status: Pick<EffectiveStatus, 'state'>;
  body: string;
}

/**
 * The words search may suggest: those of the documents in force, counted; those of documents searched only
 * on request are known but never suggested; drafts and documents in review give none (their words would
 * otherwise leak through a suggestion).
 */
export function searchVocabulary(sources: readonly VocabularySource[]): Vocabulary {
  const words = ({ doc, body }: VocabularySource) => [...searchWords(doc.title), ...searchWords(doc.summary ?? ''), ...markdownWords(body)];
  const inForce = sources.filter((s) => searchLifecycle(s.status) === 'in-force');
  const other = sources.filter((s) => {
    const lifecycle = searchLifecycle(s.status);
    return lifecycle !== null && lifecycle !== 'in-force';
  });
  return buildVocabulary(inForce.map(words), other.map(words));
}
