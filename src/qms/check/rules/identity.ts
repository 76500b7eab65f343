import type { Check, DocumentInput } from './rule.ts';

/** The ID of a document: as validated, or as declared when the rest of the frontmatter is invalid. */
const idOf = ({ parsed, source }: DocumentInput) => parsed.document?.data.id ?? source.declaredId;

/** Two files may not share an ID: every file but the first that declares it is reported. */
export const duplicateId: Check<DocumentInput> = (input, found) => {
  const id = idOf(input);
  if (!id) return [];
  const files = input.context.filesWithId(id);
  const first = files.find((file) => file !== input.source.file);
  if (first === undefined || files[0] === input.source.file) return [];
  return [found({ file: input.source.file, line: input.source.positions.lineOf(['id']), field: 'id' }, `duplicate ID ${id}: ${first} already uses it`)];
};

/** An ID is permanent once published: links, references and the audit trail depend on it. */
export const idChanged: Check<DocumentInput> = (input, found) => {
  const id = idOf(input);
  const published = input.context.publishedIdOf?.(input.source.file);
  if (!id || published === undefined || published === id) return [];
  return [
    found(
      { file: input.source.file, line: input.source.positions.lineOf(['id']), field: 'id', documentId: published },
      `this document is ${published}: an ID is permanent; to replace the document, create a new one that supersedes ${published}`,
    ),
  ];
};
