import type { ManualAnalysis } from '../analysis.ts';
import { splitFrontmatter } from '../frontmatter.ts';
import { LAYOUT, type Manual } from '../load.ts';
import { listEntryLine, yamlLineFinder } from '../problems.ts';
import { COVERS_CLAUSES } from '../status.ts';
import type { RawFinding } from './findings.ts';

/**
 * The documented information a standard asks an organization to keep (scope, quality policy,
 * objectives, ...) is listed as data in the catalogue. Each required item must be declared, in
 * `documented_information`, by a current approved document mapped to the item's clause. Records
 * themselves live in other systems; the document that says where they are kept is what is checked.
 */
export function documentedInformationFindings(manual: Manual, analysis: ManualAnalysis): RawFinding[] {
  const findings: RawFinding[] = [];
  const items = new Map(manual.index.catalogues.flatMap((c) => c.documentedInformation.map((item) => [item.id, { item, catalogue: c }] as const)));

  for (const doc of manual.documents) {
    doc.data.documented_information.forEach((id, i) => {
      if (items.has(id)) return;
      const { frontmatter, frontmatterLine } = splitFrontmatter(manual.sources.get(doc.file) ?? '');
      findings.push({ rule: 'schema', file: doc.file, line: yamlLineFinder(frontmatter, frontmatterLine)(['documented_information', i]), field: `documented_information.${i}`, message: `unknown documented information "${id}": expected one of ${[...items.keys()].join(', ')}`, documentId: doc.data.id });
    });
  }

  for (const { item, catalogue } of items.values()) {
    if (!item.required) continue;
    const clause = manual.index.get(catalogue.id === manual.index.primary?.id ? item.clause : `${catalogue.id}:${item.clause}`);
    const declaring = manual.documents.filter((d) => d.data.documented_information.includes(item.id));
    const satisfied = declaring.some((d) => COVERS_CLAUSES.has(analysis.statuses.get(d.data.id)!.state) && d.data.clauses.some((ref) => manual.index.get(ref) === clause));
    if (satisfied) continue;
    const file = `${LAYOUT.standards}/${catalogue.file}`;
    const lines = (manual.sources.get(file) ?? '').split('\n');
    const line = listEntryLine(lines, 'id', item.id);
    const why = declaring.length === 0 ? 'no document declares it' : `declared only by ${declaring.map((d) => `${d.data.id} (${analysis.statuses.get(d.data.id)!.label.toLowerCase()}${d.data.clauses.some((ref) => manual.index.get(ref) === clause) ? '' : `, not mapped to ${item.clause}`})`).join(', ')}`;
    findings.push({ rule: 'documented-information-missing', file, line, field: `documented_information.${item.id}`, message: `${item.title} (clause ${item.clause}) must exist as a current document: ${why}` });
  }
  return findings;
}
