import type { Finding } from '../findings/finding.ts';
import { finding } from '../findings/finding.ts';
import { yamlPositions, yamlSyntaxFinding, type YamlPositions } from '../findings/yaml-positions.ts';
import { declaredId, parseYaml, splitFrontmatter } from '../base/frontmatter.ts';

/**
 * One file of the manual, read once: its text, its YAML (a document's frontmatter, or a whole settings or
 * catalogue file) with the line it starts on, the YAML's values as Astro reads them, and a position map
 * that every rule asks for the line of a field. Pure: the checker reads files from disk, the CMS from the
 * browser, and both make the same record.
 */
export interface SourceFile {
  /** Path relative to the project root. */
  file: string;
  text: string;
  /** The YAML: a document's frontmatter, or the whole of a settings or catalogue file ('' when none). */
  yaml: string;
  /** 1-based line of the file where the YAML starts. */
  yamlLine: number;
  /** A document: false when the file does not start with a frontmatter block. A YAML file: true. */
  hasFrontmatter: boolean;
  /** A document's text after the frontmatter ('' for a YAML file). */
  body: string;
  /** 1-based line where the body starts. */
  bodyLine: number;
  /** The YAML's values, read as Astro reads them; undefined when there is no YAML or it is not valid. */
  value: unknown;
  /** What stopped the YAML being read: no frontmatter, or a syntax error, at its place in the file. */
  readingFindings: Finding[];
  /** The `id:` the YAML declares, read even when the YAML is broken. */
  declaredId: string | undefined;
  /** Lines of the YAML's fields, in the file. */
  positions: YamlPositions;
}

/** A controlled document file (.md or .mdx): frontmatter between --- fences, then the body. */
export function readDocumentSource(file: string, text: string): SourceFile {
  const split = splitFrontmatter(text);
  const readingFindings: Finding[] = [];
  let value: unknown;
  if (!split.hasFrontmatter) {
    readingFindings.push(finding('frontmatter-missing', { file }, 'no frontmatter: a controlled document starts with --- then its fields (id, title, type, ...) then ---'));
  } else {
    try {
      value = parseYaml(split.frontmatter) ?? {};
    } catch (error) {
      readingFindings.push(yamlSyntaxFinding('yaml-syntax', { file, firstLine: split.frontmatterLine, what: 'frontmatter' }, error));
    }
  }
  return {
    file,
    text,
    yaml: split.frontmatter,
    yamlLine: split.frontmatterLine,
    hasFrontmatter: split.hasFrontmatter,
    body: split.body,
    bodyLine: split.bodyLine,
    value,
    readingFindings,
    declaredId: split.hasFrontmatter ? declaredId(split.frontmatter) : undefined,
    positions: yamlPositions(split.frontmatter, split.frontmatterLine),
  };
}

/**
 * A YAML file of the manual's configuration (settings, a clause catalogue). Anything wrong with it is a
 * configuration problem (rule `settings`): the manual cannot be checked as configured.
 */
export function readYamlSource(file: string, text: string): SourceFile {
  const readingFindings: Finding[] = [];
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    readingFindings.push(yamlSyntaxFinding('settings', { file, firstLine: 1 }, error));
  }
  return {
    file,
    text,
    yaml: text,
    yamlLine: 1,
    hasFrontmatter: true,
    body: '',
    bodyLine: text.split('\n').length + 1,
    value,
    readingFindings,
    declaredId: undefined,
    positions: yamlPositions(text, 1),
  };
}
