import { TYPE_LABEL, type DocumentFrontmatter } from '../schemas/document.ts';
import type { EffectiveStatus } from '../status.ts';

/** Where a document is searched: with what is in force, with the archive (asked for), or not at all. */
export type Lifecycle = 'in-force' | 'upcoming' | 'archived';

/** What the search index holds for one document page. */
export interface SearchRecord {
  lifecycle: Lifecycle;
  filters: { type: string; department: string[]; clause: string[] };
  meta: { id: string; state: string; status: string; owner: string; version: string };
}

/**
 * Drafts and documents in review are never indexed: staff must not find them as if current. Superseded,
 * obsolete and not-yet-effective documents are indexed under their own lifecycle, which search leaves
 * out unless the reader asks for it.
 */
export function searchRecord(doc: Pick<DocumentFrontmatter, 'id' | 'type' | 'departments' | 'clauses' | 'owner' | 'version'>, status: EffectiveStatus): SearchRecord | null {
  const { state } = status;
  if (state === 'draft' || state === 'in-review') return null;
  const lifecycle: Lifecycle = state === 'superseded' || state === 'obsolete' ? 'archived' : state === 'not-yet-effective' ? 'upcoming' : 'in-force';
  return {
    lifecycle,
    filters: { type: TYPE_LABEL[doc.type], department: doc.departments.length ? doc.departments : ['Organization-wide'], clause: doc.clauses },
    meta: { id: doc.id, state, status: status.label, owner: doc.owner ?? '', version: String(doc.version) },
  };
}
