import { CONFIRMED_EVIDENCE, parentOf, type CatalogueData, type Evidence } from './schemas/catalogue.ts';
import type { ClauseLookup } from './schemas/document.ts';

export interface Clause {
  /** Clause number within its standard, "8.2.3". */
  id: string;
  /** Reference as written in frontmatter: the bare number for the primary standard, else "standard-id:8.4". */
  ref: string;
  standardId: string;
  /** The published title; null while it is unconfirmed (then the clause is named by its topic). */
  title: string | null;
  evidence: Evidence;
  /** True when the number and title are confirmed (seen in a table of contents, or the harmonized structure). */
  confirmed: boolean;
  /** What the clause is about, in our words: its name on screen while the title is unconfirmed. */
  topic?: string;
  parent: string | null;
  children: string[];
  depth: number;
}

export interface Catalogue {
  id: string;
  /** File name in content/standards/, '' when built in memory. */
  file: string;
  standard: string;
  title: string;
  complete: boolean;
  sources: CatalogueData['sources'];
  /** In document order, parents before children. */
  clauses: Clause[];
  byId: ReadonlyMap<string, Clause>;
  /** What the standard asks the organization to keep as documented information (see the checker). */
  documentedInformation: CatalogueData['documented_information'];
  /** The validated file it was built from: /admin rebuilds the catalogue in the browser from it. */
  data: CatalogueData;
}

/** Builds the clause tree of one validated catalogue file. */
export function buildCatalogue(data: CatalogueData, primaryStandard: string, file = ''): Catalogue {
  const isPrimary = data.id === primaryStandard;
  const clauses: Clause[] = data.clauses
    .map((entry) => {
      // The schema allows a title only with toc or structure evidence; the check is kept so that a
      // catalogue built from unvalidated data still never shows an unconfirmed title as the standard's.
      const confirmed = entry.title !== null && CONFIRMED_EVIDENCE.has(entry.evidence);
      return {
        id: entry.id,
        ref: isPrimary ? entry.id : `${data.id}:${entry.id}`,
        standardId: data.id,
        title: confirmed ? entry.title : null,
        evidence: entry.evidence,
        confirmed,
        topic: entry.topic,
        parent: parentOf(entry.id),
        children: [] as string[],
        depth: entry.id.split('.').length - 1,
      };
    })
    .sort((a, b) => compareClauseNumbers(a.id, b.id));
  const byId = new Map(clauses.map((c) => [c.id, c]));
  for (const clause of clauses) {
    if (clause.parent) byId.get(clause.parent)?.children.push(clause.id);
  }
  return {
    id: data.id,
    file,
    standard: data.standard,
    title: data.title,
    complete: data.complete,
    sources: data.sources,
    clauses,
    byId,
    documentedInformation: data.documented_information,
    data,
  };
}

/** Numeric order: 8.2 < 8.10 < 9. */
export function compareClauseNumbers(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/** How a clause is named on screen: its official title, or our topic, marked as not being the title. */
export interface ClauseName {
  /** The official title; while it is unconfirmed, the topic in our own words. */
  text: string;
  /** True only for the title as published. */
  official: boolean;
  /** Why the text is not the official title ("topic; official title not confirmed"), for unofficial names. */
  qualifier?: string;
}

export function clauseName(clause: Clause): ClauseName {
  if (clause.title !== null) return { text: clause.title, official: true };
  const unconfirmed = clause.evidence === 'disputed' ? 'clause not confirmed to exist' : 'official title not confirmed';
  if (clause.topic === undefined) return { text: 'No topic recorded', official: false, qualifier: unconfirmed };
  return { text: clause.topic, official: false, qualifier: `topic; ${unconfirmed}` };
}

/** The name as one line of plain text: "Leadership", or "Patient safety (topic; official title not confirmed)". */
export function clauseLabel(clause: Clause): string {
  const { text, qualifier } = clauseName(clause);
  return qualifier ? `${text} (${qualifier})` : text;
}

/**
 * The order in which a reader meets a document's clauses: those with an official title first, then the
 * provisional ones, each with the primary standard first and in clause order. A provisional clause must
 * not head a list as if its topic were the standard's title.
 */
export function readingOrder(a: Clause, b: Clause): number {
  const primaryFirst = (c: Clause) => Number(c.ref !== c.id);
  return (
    Number(!a.confirmed) - Number(!b.confirmed) ||
    primaryFirst(a) - primaryFirst(b) ||
    a.standardId.localeCompare(b.standardId) ||
    compareClauseNumbers(a.id, b.id)
  );
}

/** The set of all catalogues, indexed so clause references resolve in one look-up. */
export class ClauseIndex implements ClauseLookup {
  readonly catalogues: readonly Catalogue[];
  readonly primary: Catalogue | undefined;
  readonly #byRef = new Map<string, Clause>();

  constructor(catalogues: readonly Catalogue[], primaryStandard: string) {
    this.catalogues = catalogues;
    this.primary = catalogues.find((c) => c.id === primaryStandard);
    for (const cat of catalogues) {
      for (const clause of cat.clauses) {
        this.#byRef.set(clause.ref, clause);
        this.#byRef.set(`${cat.id}:${clause.id}`, clause);
      }
    }
  }

  has(ref: string): boolean {
    return this.#byRef.has(ref);
  }

  get(ref: string): Clause | undefined {
    return this.#byRef.get(ref);
  }

  /** Every clause of every standard, primary standard first. */
  all(): Clause[] {
    const ordered = this.primary ? [this.primary, ...this.catalogues.filter((c) => c !== this.primary)] : [...this.catalogues];
    return ordered.flatMap((c) => c.clauses);
  }
}
