import type { Check, DocumentInput } from './rule.ts';

/**
 * Departments are the organization's list (settings `departments`), so that search and the register find
 * every document of a department: a name typed another way would hide the document from its own staff.
 */
export const unknownDepartments: Check<DocumentInput> = ({ parsed, source, context }, found) => {
  const doc = parsed.document;
  const known = context.departments;
  if (!doc || !known || known.size === 0) return [];
  return doc.data.departments.flatMap((name, i) =>
    known.has(name)
      ? []
      : [
          found(
            { file: doc.file, line: source.positions.lineOf(['departments', i]), field: `departments.${i}`, documentId: doc.data.id },
            `"${name}" is not one of the organization's departments (${[...known].join(', ')}); pick one of them, or add it to the list in the settings`,
          ),
        ],
  );
};
