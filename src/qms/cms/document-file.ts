import yaml from 'js-yaml';
import { toIsoDate } from '../base/dates.ts';
import { parseYaml, splitFrontmatter } from '../base/frontmatter.ts';
import { documentSchema, type DocumentFrontmatterInput } from '../schemas/document.ts';
import { isoDate } from '../schemas/fields.ts';
import { shapeOf, unwrap } from './zod-fields.ts';

/**
 * A document file as the CMS edits it: the frontmatter fields plus `body`. Read with the checker's own
 * frontmatter split and YAML reading (so the CMS shows what the checker sees), and written in the
 * manual's style: fields in the schema's order, lists on one line, dates unquoted, one blank line before
 * the text. Decap CMS's own frontmatter writer would quote and reorder differently, and reads dates with
 * another YAML library.
 */
export type DocumentEntry = EntryFields & { body?: string } & { [otherField: string]: unknown };

/**
 * The fields of the frontmatter schema, each optional and blank-able as an editor holds them while they
 * are typed: the schema, not this type, says what is valid. A field the schema does not know (a typo in
 * a file edited elsewhere) is kept, so the checker can name it.
 */
type EntryFields = { -readonly [K in keyof DocumentFrontmatterInput]?: DocumentFrontmatterInput[K] | null };

const FIELD_ORDER = Object.keys(shapeOf(documentSchema()));
const DATE_FIELDS: ReadonlySet<string> = new Set(FIELD_ORDER.filter((name) => unwrap(shapeOf(documentSchema())[name]).inner === isoDate));

/** The fields and text of a document file. Throws when the frontmatter is not valid YAML. */
export function readDocumentFile(text: string): DocumentEntry {
  const split = splitFrontmatter(text.replace(/\r\n/g, '\n'));
  if (!split.hasFrontmatter) return { body: text };
  const value = parseYaml(split.frontmatter) ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new Error('the frontmatter is not a list of fields');
  const entry: DocumentEntry = {};
  for (const [key, field] of Object.entries(value)) entry[key] = field instanceof Date ? toIsoDate(field) : field;
  entry.body = split.body.replace(/^\n/, '');
  return entry;
}

/** Writes a document file. Empty values are left out, so an optional field left blank is absent, not "". */
export function writeDocumentFile(entry: DocumentEntry): string {
  const { body = '', ...fields } = entry;
  const keys = [...FIELD_ORDER.filter((key) => key in fields), ...Object.keys(fields).filter((key) => !FIELD_ORDER.includes(key))];
  const lines: string[] = [];
  for (const key of keys) {
    const value = fields[key];
    if (isBlank(value)) continue;
    if (Array.isArray(value) && value.some((v) => typeof v === 'object' && v !== null)) {
      // A list of records (attachments) reads best one field a line.
      lines.push(yaml.dump({ [key]: value.map(withoutBlankFields) }, { ...DUMP, flowLevel: -1 }).trimEnd());
      continue;
    }
    if (Array.isArray(value)) {
      lines.push(`${key}: [${value.filter((v) => !isBlank(v)).map(flowItem).join(', ')}]`);
      continue;
    }
    const line = yaml.dump({ [key]: value }, DUMP).trimEnd();
    // A date reads back as the same day unquoted, and the manual writes dates unquoted.
    lines.push(DATE_FIELDS.has(key) ? line.replace(/^(\w+): "(\d{4}-\d{2}-\d{2})"$/, '$1: $2') : line);
  }
  const text = body.replace(/\r\n/g, '\n').replace(/^\n+/, '');
  return `---\n${lines.join('\n')}\n---\n${text === '' ? '' : `\n${text.endsWith('\n') ? text : `${text}\n`}`}`;
}

const DUMP: yaml.DumpOptions = { flowLevel: 1, lineWidth: -1, quotingType: '"' };

/** One item of a one-line list. Clause numbers are quoted, as the manual writes them, though "8.4.2" would read as text anyway. */
function flowItem(item: unknown): string {
  if (typeof item === 'string' && /^\d+(\.\d+)*$/.test(item)) return JSON.stringify(item);
  return yaml.dump([item], { ...DUMP, flowLevel: 0 }).trim().slice(1, -1);
}

/** A record's fields, without those left empty. */
function withoutBlankFields(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => !isBlank(v)));
}

/** Left out of a file: an optional field left empty in the CMS is absent, as the schemas expect, never "". */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}
