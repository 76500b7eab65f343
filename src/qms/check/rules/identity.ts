import type { Check, DocumentInput } from './rule.ts';

/** The ID of a document: as validated, or as declared when the rest of the frontmatter is invalid. */
const idOf = ({ parsed, source }: DocumentInput) => parsed.document?.data.id ?? source.declaredId;

/**
 * Two files may not share an ID, nor IDs that differ only by leading zeros (`SOP-0004` beside `SOP-004`):
 * each file that does is reported, naming the others, so neither the established document nor the
 * newcomer can silently lose its page.
 */
export const duplicateId: Check<DocumentInput> = (input, found) => {
  const id = idOf(input);
  if (!id) return [];
  const others = input.context.filesWithId(id).filter((file) => file !== input.source.file);
  if (others.length === 0) return [];
  const at = { file: input.source.file, line: input.source.positions.lineOf(['id']), field: 'id' };
  const named = others.map((file) => {
    const theirs = input.context.idOfFile?.(file);
    return theirs && theirs !== id ? `${file} (as ${theirs})` : file;
  });
  const list = named.length === 1 ? named[0] : `${named.slice(0, -1).join(', ')} and ${named.at(-1)}`;
  const variant = others.some((file) => { const theirs = input.context.idOfFile?.(file); return theirs !== undefined && theirs !== id; });
  return [
    found(
      at,
      variant
        ? `ID ${id} is also used by ${list}: IDs that differ only by leading zeros read as the same document; give one document another ID`
        : `duplicate ID ${id}: ${list} also uses it; give one document another ID`,
    ),
  ];
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
