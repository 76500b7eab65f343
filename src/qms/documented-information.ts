import type { Catalogue, Clause, ClauseIndex } from './catalogue.ts';
import type { DocumentFrontmatter } from './schemas/document.ts';
import { COVERS_CLAUSES, type EffectiveStatus } from './status.ts';
import { compareIds } from './base/ids.ts';

/**
 * The documented information a standard asks an organization to keep (scope, quality policy,
 * objectives, ...) is listed as data in the catalogue. An item is provided by a current approved document
 * that declares it in `documented_information` and is mapped to the item's clause. Records themselves
 * live in other systems; the document that says where they are kept is what counts.
 *
 * One answer for the checker (rule documented-information-missing) and the auditor's clause page.
 */

export type DocumentedInformationItem = Catalogue['documentedInformation'][number];

export interface Provider {
  id: string;
  status: EffectiveStatus;
  /** The document is mapped to the item's clause. */
  mapped: boolean;
  /** It provides the item: in force, reviewed on time, and mapped to the clause. */
  counts: boolean;
}

export interface DocumentedInformationState {
  item: DocumentedInformationItem;
  catalogue: Catalogue;
  clause: Clause | undefined;
  /** Every document that declares the item, those that count first. */
  providers: Provider[];
  provided: boolean;
}

type Declaring = Pick<DocumentFrontmatter, 'id' | 'clauses' | 'documented_information'>;

/**
 * Every item of every catalogue, with the documents that declare it and whether it is provided. Read once
 * per as-of date, with the statuses, into the manual's analysis (analyseManual): the checker's rule and every
 * clause page read it there.
 */
export function documentedInformation(index: ClauseIndex, docs: readonly Declaring[], statuses: ReadonlyMap<string, EffectiveStatus>): DocumentedInformationState[] {
  // Each document once, for the items it declares, rather than every document for every item.
  const declaring = new Map<string, Declaring[]>();
  for (const d of docs) for (const id of d.documented_information) declaring.set(id, [...(declaring.get(id) ?? []), d]);
  return index.catalogues.flatMap((catalogue) =>
    catalogue.documentedInformation.map((item) => {
      const clause = index.get(catalogue.id === index.primary?.id ? item.clause : `${catalogue.id}:${item.clause}`);
      const providers = [...new Set(declaring.get(item.id) ?? [])]
        .map((d) => {
          const status = statuses.get(d.id)!;
          const mapped = d.clauses.some((ref) => index.get(ref) === clause);
          return { id: d.id, status, mapped, counts: mapped && COVERS_CLAUSES.has(status.state) };
        })
        .sort((a, b) => Number(b.counts) - Number(a.counts) || compareIds(a.id, b.id));
      return { item, catalogue, clause, providers, provided: providers.some((p) => p.counts) };
    }),
  );
}

/** Every documented-information ID the catalogues know. */
export function documentedInformationIds(index: Pick<ClauseIndex, 'catalogues'>): Set<string> {
  return new Set(index.catalogues.flatMap((c) => c.documentedInformation.map((item) => item.id)));
}
