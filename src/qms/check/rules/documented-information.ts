import type { Check, DocumentInput, ManualInput } from './rule.ts';

/** A document may declare only documented information the catalogues list (reported under the schema rule). */
export const unknownDocumentedInformation: Check<DocumentInput> = ({ parsed, source, context }, found) => {
  const doc = parsed.document;
  const known = context.documentedInformation;
  if (!doc || !known) return [];
  return doc.data.documented_information.flatMap((id, i) =>
    known.has(id)
      ? []
      : [found({ file: doc.file, line: source.positions.lineOf(['documented_information', i]), field: `documented_information.${i}`, documentId: doc.data.id }, `unknown documented information "${id}": expected one of ${[...known].join(', ')}`)],
  );
};

/** Each required item must be provided by a current approved document mapped to its clause. */
export const documentedInformationMissing: Check<ManualInput> = ({ manual, analysis }, found) =>
  analysis.documentedInformation
    .filter(({ item, provided }) => item.required && !provided)
    .map(({ item, catalogue, providers }) => {
      const source = manual.configuration.catalogueSources.find((s) => s.file.endsWith(`/${catalogue.file}`));
      const why =
        providers.length === 0
          ? 'no document declares it'
          : `declared only by ${providers.map((p) => `${p.id} (${p.status.label.toLowerCase()}${p.mapped ? '' : `, not mapped to ${item.clause}`})`).join(', ')}`;
      return found(
        { file: source?.file ?? catalogue.file, line: source?.positions.lineOfEntry(['documented_information'], 'id', item.id) ?? 1, field: `documented_information.${item.id}` },
        `${item.title} (clause ${item.clause}) must exist as a current document: ${why}`,
      );
    });
