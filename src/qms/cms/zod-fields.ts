import type { z } from 'zod';
import { isoDate } from '../schemas/fields.ts';

/**
 * Decap CMS fields read off a zod schema: the widget from the field's type, `required` from whether it is
 * optional or defaulted, the hint from its `describe()` text. Only the kinds the manual's schemas use are
 * known; any other makes `cmsFieldFor` throw, so a new kind of field cannot silently vanish from the CMS.
 */

/** A field of Decap CMS's configuration (https://decapcms.org/docs/widgets/), as plain data. */
export interface CmsField {
  name: string;
  label: string;
  widget: string;
  required?: boolean;
  hint?: string;
  default?: unknown;
  options?: (string | { label: string; value: string })[];
  multiple?: boolean;
  value_type?: 'int' | 'float';
  min?: number;
  max?: number;
  pattern?: [string, string];
  fields?: CmsField[];
  field?: CmsField;
  summary?: string;
  collapsed?: boolean;
  [option: string]: unknown;
}

type AnySchema = z.ZodType;
interface Def {
  type: string;
  innerType?: AnySchema;
  defaultValue?: unknown;
  entries?: Record<string, string>;
  element?: AnySchema;
  shape?: Record<string, AnySchema>;
  keyType?: AnySchema;
  valueType?: AnySchema;
}

const defOf = (schema: AnySchema): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

export interface Unwrapped {
  /** The schema inside any optional() and default(). */
  inner: AnySchema;
  /** False when the value may be left out (optional, or a default applies). */
  required: boolean;
  default?: unknown;
  description?: string;
}

/** Looks through optional() and default() to the field's own type, keeping the outermost description. */
export function unwrap(schema: AnySchema): Unwrapped {
  let inner = schema;
  let required = true;
  let fallback: unknown;
  let description = schema.description;
  for (let def = defOf(inner); def.type === 'optional' || def.type === 'default'; def = defOf(inner)) {
    required = false;
    if (def.type === 'default') fallback = typeof def.defaultValue === 'function' ? (def.defaultValue as () => unknown)() : def.defaultValue;
    inner = def.innerType!;
    description ??= inner.description;
  }
  return { inner, required, ...(fallback !== undefined ? { default: fallback } : {}), ...(description ? { description } : {}) };
}

/** The fields of an object schema, in their written order. */
export function shapeOf(schema: AnySchema): Record<string, AnySchema> {
  const def = defOf(unwrap(schema).inner);
  if (def.type !== 'object' || !def.shape) throw new Error(`expected an object schema, found ${def.type}`);
  return def.shape;
}

/** The allowed values of an enum schema. */
export function enumValues(schema: AnySchema): string[] {
  const def = defOf(unwrap(schema).inner);
  if (def.type !== 'enum' || !def.entries) throw new Error(`expected an enum schema, found ${def.type}`);
  return Object.values(def.entries);
}

/** "review_by" → "Review by". */
export function humanize(name: string): string {
  const words = name.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A plain calendar date: stored as 2027-03-15, typed or picked from a calendar (src/cms/widgets/date-widget.ts). */
export const DATE_WIDGET = { widget: 'qms-date' } as const;

export interface FieldOptions {
  label?: string;
  /** Decap options that replace what the type gives (a select's options, a relation, a pattern...). */
  override?: Partial<CmsField>;
  /** Added after the schema's own hint. */
  note?: string;
}

/** The Decap field for one schema field. Objects and lists of objects recurse, with `children` for their fields. */
export function cmsFieldFor(name: string, schema: AnySchema, options: FieldOptions = {}, children: Record<string, FieldOptions> = {}): CmsField {
  const { inner, required, default: fallback, description } = unwrap(schema);
  const def = defOf(inner);
  const hint = [description, options.note].filter(Boolean).join(' ');
  const base: CmsField = {
    name,
    label: options.label ?? humanize(name),
    widget: 'string',
    required,
    ...(hint ? { hint } : {}),
    ...(fallback !== undefined && !(Array.isArray(fallback) && fallback.length === 0) && !isEmptyObject(fallback) ? { default: fallback } : {}),
  };
  const nested = (key: string, child: AnySchema) => cmsFieldFor(key, child, children[`${name}.${key}`] ?? {}, prefixed(children, name));
  let typed: Partial<CmsField>;
  if (inner === isoDate) {
    typed = { ...DATE_WIDGET };
  } else if (def.type === 'string') {
    typed = { widget: 'string' };
  } else if (def.type === 'number') {
    const number = inner as unknown as { isInt?: boolean; minValue?: number | null; maxValue?: number | null };
    typed = {
      widget: 'number',
      value_type: number.isInt ? 'int' : 'float',
      ...(Number.isFinite(number.minValue) && Math.abs(number.minValue!) < Number.MAX_SAFE_INTEGER ? { min: number.minValue! } : {}),
      ...(Number.isFinite(number.maxValue) && Math.abs(number.maxValue!) < Number.MAX_SAFE_INTEGER ? { max: number.maxValue! } : {}),
    };
  } else if (def.type === 'boolean') {
    typed = { widget: 'boolean' };
  } else if (def.type === 'enum') {
    typed = { widget: 'select', options: enumValues(inner) };
  } else if (def.type === 'array') {
    const element = unwrap(def.element!).inner;
    const elementDef = defOf(element);
    if (elementDef.type === 'enum') typed = { widget: 'select', multiple: true, options: enumValues(element) };
    // One text box per item: Decap's list widget without `field` splits typed text at commas and drops
    // spaces (decap-cms issue #4646), so "Emergency Department" would be stored as two departments.
    else if (elementDef.type === 'string') typed = { widget: 'list', field: { name: 'item', label: options.label ?? humanize(name), widget: 'string' } };
    else if (elementDef.type === 'object') typed = { widget: 'list', fields: Object.entries(shapeOf(element)).map(([key, child]) => nested(key, child)) };
    else throw new Error(`${name}: a list of ${elementDef.type} has no CMS widget`);
  } else if (def.type === 'object') {
    typed = { widget: 'object', collapsed: true, fields: Object.entries(def.shape!).map(([key, child]) => nested(key, child)) };
  } else if (def.type === 'record' && defOf(def.keyType!).type === 'enum') {
    // A record over known keys (a severity per rule) is shown as one optional field per key.
    typed = { widget: 'object', collapsed: true, fields: enumValues(def.keyType!).map((key) => ({ ...nested(key, def.valueType!), required: false })) };
  } else {
    throw new Error(`${name}: a field of type ${def.type} has no CMS widget; add one in src/qms/cms/zod-fields.ts`);
  }
  return { ...base, ...typed, ...options.override };
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

/** Child options are written "parent.child"; inside the parent they are looked up by "child". */
function prefixed(children: Record<string, FieldOptions>, parent: string): Record<string, FieldOptions> {
  return Object.fromEntries(Object.entries(children).filter(([key]) => key.startsWith(`${parent}.`)).map(([key, value]) => [key.slice(parent.length + 1), value]));
}
