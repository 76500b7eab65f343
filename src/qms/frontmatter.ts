import yaml from 'js-yaml';

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
  const end = lines.findIndex((line, i) => i > 0 && FENCE.test(line));
  if (end === -1) return { frontmatter: '', frontmatterLine: 1, body: source, bodyLine: 1, hasFrontmatter: false };
  return {
    frontmatter: lines.slice(1, end).join('\n'),
    frontmatterLine: 2,
    body: lines.slice(end + 1).join('\n'),
    bodyLine: end + 2,
    hasFrontmatter: true,
  };
}

/** Parses YAML the way Astro does (js-yaml, default schema), so one schema gives one answer. */
export function parseYaml(text: string): unknown {
  return yaml.load(text);
}
