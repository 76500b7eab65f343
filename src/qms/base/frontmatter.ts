import yaml from 'js-yaml';
import { isIsoDate } from './dates.ts';
import type { YamlListener } from '../findings/yaml-positions.ts';

export interface SplitDocument {
  /** The YAML between the fences ('' when there is none). */
  frontmatter: string;
  /** 1-based line where the YAML starts. */
  frontmatterLine: number;
  body: string;
  /** 1-based line where the body starts. */
  bodyLine: number;
  hasFrontmatter: boolean;
}

const FENCE = /^---[ \t]*\r?$/;

/** Splits an MDX file at its `---` fences, keeping line numbers. */
export function splitFrontmatter(source: string): SplitDocument {
  const lines = source.split('\n');
  if (!FENCE.test(lines[0] ?? '')) return { frontmatter: '', frontmatterLine: 1, body: source, bodyLine: 1, hasFrontmatter: false };
  // Like Astro, the frontmatter ends at the first line that starts with ---; text after it on that line
  // is refused by the checker (frontmatter-fence), since Astro would publish it as body.
  const end = lines.findIndex((line, i) => i > 0 && line.startsWith('---'));
  if (end === -1) return { frontmatter: '', frontmatterLine: 1, body: source, bodyLine: 1, hasFrontmatter: false };
  return {
    frontmatter: lines.slice(1, end).join('\n'),
    frontmatterLine: 2,
    body: lines.slice(end + 1).join('\n'),
    bodyLine: end + 2,
    hasFrontmatter: true,
  };
}

/**
 * js-yaml rolls an impossible unquoted date over (2026-02-30 becomes 2026-03-02), so a mistyped review
 * date would silently move, and reads a date with a time as an instant. Such values stay the string as
 * written, and the schema reports them.
 */
// @types/js-yaml leaves out the `types` export that js-yaml 4 has.
const { timestamp } = (yaml as unknown as { types: { timestamp: yaml.Type } }).types;
const calendarTimestamp = new yaml.Type('tag:yaml.org,2002:timestamp', {
  kind: 'scalar',
  // Only a plain calendar day is a date: a time or time zone (2028-11-24T00:30:00+02:00) would move the
  // day when read as an instant, so it stays the text written, for the schema to refuse with a reason.
  resolve: (data: string) => timestamp.resolve(data) && isIsoDate(data),
  construct: (data: string) => timestamp.construct(data),
  instanceOf: Date,
});
const SCHEMA = yaml.DEFAULT_SCHEMA.extend({ implicit: [calendarTimestamp] });

/**
 * Parses YAML the way Astro does (js-yaml, default schema; only impossible dates differ), so one schema gives
 * one answer. A `listener` hears every node as it is read (src/qms/findings/yaml-positions.ts keeps lines).
 */
export function parseYaml(text: string, listener?: YamlListener): unknown {
  return yaml.load(text, { schema: SCHEMA, ...(listener ? { listener: listener as unknown as yaml.LoadOptions['listener'] } : {}) });
}

const DECLARED_ID = /^id:\s*['"]?([A-Za-z]+-\d+)['"]?\s*(#.*)?$/m;

/**
 * The `id:` a frontmatter text declares, read line by line: a file whose YAML is broken, or whose other
 * fields are invalid, keeps its identity (for duplicates, references and history).
 */
export function declaredId(frontmatter: string): string | undefined {
  return DECLARED_ID.exec(frontmatter)?.[1];
}
