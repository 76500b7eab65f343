import { CONFIRMED_EVIDENCE, parentOf, type CatalogueData, type Evidence } from './schemas/catalogue.ts';
import type { ClauseLookup } from './schemas/document.ts';

export interface Clause {
  /** Clause number within its standard, "8.2.3". */
  id: string;
  /** Reference as written in frontmatter: the bare number for the primary standard, else "standard-id:8.4". */
  ref: string;
  standardId: string;
  /** The published title; null while it is unconfirmed. */
  title: string | null;
  evidence: Evidence;
  /** True when the number and title are confirmed (seen in a table of contents, or the harmonized structure). */
  confirmed: boolean;
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
      const confirmed = entry.title !== null && CONFIRMED_EVIDENCE.has(entry.evidence);
      // A title typed on a number-only or disputed entry is unconfirmed: it is never shown as the standard's.
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

/** How a clause is named on screen: never with an invented title. */
export function clauseLabel(clause: Clause): string {
  return clause.title ?? 'Title not yet confirmed';
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
