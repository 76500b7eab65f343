import type { Finding } from '../findings/finding.ts';
import { finding } from '../findings/finding.ts';
import { recordFieldLines, yamlPositions, yamlSyntaxFinding, type YamlPositions } from '../findings/yaml-positions.ts';
import { encodingProblems, stripByteOrderMark, type Encoding } from '../base/encoding.ts';
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
  /** What is wrong with the file's bytes (rule encoding): reported with everything else found in it. */
  encodingFindings: Finding[];
  /** The `id:` the YAML declares, read even when the YAML is broken. */
  declaredId: string | undefined;
  /** Lines of the YAML's fields, in the file. */
  positions: YamlPositions;
}

/**
 * A controlled document file (.md or .mdx): frontmatter between --- fences, then the body. `encoding` is
 * how its bytes were decoded (src/qms/base/encoding.ts); a UTF-8 byte-order mark is accepted and dropped.
 */
export function readDocumentSource(file: string, raw: string, encoding: Encoding = 'utf-8'): SourceFile {
  const text = stripByteOrderMark(raw);
  const problems = encodingProblems(text, encoding);
  const unreadable = problems.some((p) => p.unreadable);
  const found = problems.map((p) => finding('encoding', { file, line: p.line, column: p.column }, p.message));
  // A file that cannot be read as lines (UTF-16, CR-only) stops there: "no frontmatter" would only mislead.
  const encodingFindings = unreadable ? [] : found;
  const readingFindings: Finding[] = unreadable ? found : [];
  const split = unreadable ? splitFrontmatter('') : splitFrontmatter(text);
  let value: unknown;
  const heard = recordFieldLines(split.frontmatter);
  if (unreadable) {
    // nothing more can be read
  } else if (!split.hasFrontmatter) {
    const { line, message } = missingFrontmatter(text);
    readingFindings.push(finding('frontmatter-missing', { file, line }, message));
  } else {
    try {
      value = parseYaml(split.frontmatter, heard.listener) ?? {};
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
    encodingFindings,
    declaredId: split.hasFrontmatter ? declaredId(split.frontmatter) : undefined,
    positions: yamlPositions(split.frontmatter, split.frontmatterLine, value === undefined ? undefined : heard.lines()),
  };
}

/** Why a document has no frontmatter that can be read, in the author's terms, and where. */
function missingFrontmatter(text: string): { line: number; message: string } {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  const fence = lines.findIndex((line) => /^\s*---\s*$/.test(line));
  const firstText = lines.findIndex((line) => line.trim() !== '');
  if (fence !== -1 && fence === firstText && fence > 0) {
    return { line: 1, message: `the frontmatter must start on the first line, but ${fence === 1 ? 'a blank line comes' : `${fence} blank lines come`} before its opening ---: delete ${fence === 1 ? 'it' : 'them'}` };
  }
  if (fence === 0 && lines[0] !== '---' && !/^---[ \t]*$/.test(lines[0])) {
    return { line: 1, message: 'the opening --- of the frontmatter must start the line: delete the spaces before it' };
  }
  if (fence === 0 || (fence !== -1 && fence === firstText)) {
    return { line: fence + 1, message: `the frontmatter opened by --- on line ${fence + 1} is never closed: end the fields with a line of --- alone` };
  }
  if (/^\+\+\+\s*$/.test(lines[0] ?? '')) {
    return { line: 1, message: 'frontmatter between +++ lines is TOML; documents use YAML between --- lines' };
  }
  return { line: 1, message: 'no frontmatter: a controlled document starts with --- then its fields (id, title, type, ...) then ---' };
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
    encodingFindings: [],
    declaredId: undefined,
    positions: yamlPositions(text, 1),
  };
}
