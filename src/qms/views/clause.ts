import type { ManualAnalysis } from '../analysis.ts';
import { formatDate } from '../base/dates.ts';
import type { Catalogue, Clause, ClauseIndex } from '../catalogue.ts';
import type { ClauseCoverage } from '../coverage.ts';
import { documentedInformation, type DocumentedInformationItem } from '../documented-information.ts';
import type { DocumentFrontmatter } from '../schemas/document.ts';
import type { EffectiveStatus } from '../status.ts';
import type { LinkedDocument } from './document.ts';
import { clauseUrl, docUrl } from './urls.ts';

export interface ClauseDocumentRow {
  id: string;
  href: string;
  label: string;
  status: EffectiveStatus;
  version: number;
  owner: string;
  approved: string;
  approver?: string;
  reviewBy: string;
  lastChange: string;
}

/** A document that declares an item of documented information, and why it does not count when it does not. */
export type ProviderLink = LinkedDocument & { note?: string };

/** The auditor's page for one clause: its coverage, the documents that meet it, the documented information expected. */
export interface ClauseView {
  clause: Clause;
  catalogue: Catalogue;
  heading: string;
  parent?: { label: string; href: string };
  coverage: ClauseCoverage;
  evidenceNote: string;
  documents: ClauseDocumentRow[];
  documentedInformation: { item: DocumentedInformationItem; provided: boolean; providers: ProviderLink[] }[];
  children: Clause[];
}

const EVIDENCE_NOTE: Record<Clause['evidence'], string> = {
  toc: 'Title as published in the table of contents of the standard.',
  structure: 'Title from the harmonized structure for management system standards that this standard follows.',
  'number-only': 'This clause is known to exist, but its official title has not been confirmed.',
  disputed: 'Sources disagree on whether this clause exists.',
};

export function clauseView(clause: Clause, index: ClauseIndex, docs: readonly DocumentFrontmatter[], analysis: ManualAnalysis): ClauseView {
  const catalogue = index.catalogues.find((c) => c.id === clause.standardId)!;
  const coverage = analysis.coverage.get(clause.ref)!;
  const byId = new Map(docs.map((d) => [d.id, d]));
  const parent = clause.parent ? catalogue.byId.get(clause.parent) : undefined;
  return {
    clause,
    catalogue,
    heading: `${catalogue.standard} clause ${clause.id}`,
    ...(parent ? { parent: { label: `${parent.id} ${parent.title ?? ''}`.trim(), href: clauseUrl(parent.ref) } } : {}),
    coverage,
    evidenceNote: EVIDENCE_NOTE[clause.evidence],
    documents: coverage.documents.map(({ id }) => {
      const doc = byId.get(id)!;
      const status = analysis.statuses.get(id)!;
      return {
        id,
        href: docUrl(id),
        label: `${id} ${doc.title}`,
        status,
        version: doc.version,
        owner: doc.owner ?? '—',
        approved: formatDate(doc.approved),
        ...(doc.approver ? { approver: doc.approver } : {}),
        reviewBy: formatDate(status.reviewBy),
        lastChange: doc.change_summary ?? '—',
      };
    }),
    // The same reading as the checker's rule documented-information-missing, so page and checker agree.
    documentedInformation: documentedInformation(index, docs, analysis.statuses)
      .filter((state) => state.catalogue === catalogue && state.item.clause === clause.id)
      .map(({ item, provided, providers }) => ({
        item,
        provided,
        providers: providers.map((p) => ({
          id: p.id,
          href: docUrl(p.id),
          title: byId.get(p.id)?.title,
          status: p.status,
          ...(p.counts ? {} : { note: p.mapped ? 'does not count: not a current approved version' : `does not count: not mapped to clause ${item.clause}` }),
        })),
      })),
    children: clause.children.map((id) => catalogue.byId.get(id)!),
  };
}
