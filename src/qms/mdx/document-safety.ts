import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { finding, type Finding } from '../findings/finding.ts';
import { yamlPositions } from '../findings/yaml-positions.ts';
import { parseYaml } from '../base/frontmatter.ts';
import { limitFindings } from './limits.ts';
import { normalizeMdxText } from './normalize.ts';
import { markdownSafetyFindings, mdxSafetyFindings } from './safety.ts';

/*
 * The safety of a whole document file, read exactly as Astro's MDX integration will compile it. Used by
 * the checker and by the build's guard (src/integrations/content-guard.ts), so the two cannot disagree
 * on where the frontmatter ends and the compiled body begins.
 */

/** The findings of one document file, its body read exactly as Astro's MDX integration will compile it. */
export function documentGuardFindings(file: string, source: string): Finding[] {
  // Limits first: a list nested 2,000 deep takes minutes to parse, and crashes the compiler far sooner.
  const limits = limitFindings(file, source);
  if (limits.length > 0) return limits;
  const { body, frontmatter, delimiter } = bodyAsCompiled(source);
  // An .mdx body is compiled normalized (ordinary Markdown as its author meant it, see normalize.ts): check that.
  const findings = isMarkdownFile(file) ? markdownSafetyFindings(file, body, 1) : mdxSafetyFindings(file, normalizeMdxText(body), 1);
  const fence = frontmatter !== undefined && delimiter === '---' ? ambiguousFence(file, source, frontmatter) : undefined;
  if (fence) findings.unshift(fence);
  if (delimiter === '+++') {
    findings.unshift(finding('frontmatter-missing', { file }, 'frontmatter between +++ lines is TOML; documents use YAML between --- lines'));
  } else if (frontmatter !== undefined && hasLayoutField(frontmatter)) {
    // Astro's MDX compiler turns a `layout` field into an import of the file it names.
    const firstLine = source.slice(0, source.indexOf(frontmatter)).split('\n').length;
    const line = yamlPositions(frontmatter, firstLine).lineOf(['layout']);
    findings.unshift(finding('mdx-esm', { file, line, field: 'layout' }, 'the frontmatter field layout makes MDX import the module it names when the manual is built; remove it'));
  }
  return findings;
}

/** Reads frontmatter the CommonMark way (remark-frontmatter): the closing fence is a line of --- alone. */
const fenceReader = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']);

/**
 * Astro ends the frontmatter at the first line that starts with ---, and compiles the rest of that
 * line as body; remark-frontmatter (and any editor) ends it only at a line of --- alone. Where the two
 * readings differ, a reviewer would not see what gets published, so the file is refused.
 */
function ambiguousFence(file: string, source: string, frontmatter: string): Finding | undefined {
  const closingLine = source.slice(0, source.indexOf(frontmatter) + frontmatter.length).split('\n').length;
  const lines = source.split('\n');
  // The usual case, a closing line of --- alone, needs no second reading.
  if (/^---[ \t]*\r?$/.test(lines[closingLine - 1] ?? '')) return undefined;
  const head = lines.slice(0, closingLine).join('\n');
  const first = fenceReader.parse(head).children[0];
  const asRemark = first?.type === 'yaml' ? first.value : undefined;
  if (asRemark !== undefined && asRemark.replace(/\r/g, '') === frontmatter.replace(/\r/g, '').replace(/^\n|\n$/g, '')) return undefined;
  return finding('frontmatter-fence', { file, line: closingLine, column: 4 }, 'the line that closes the frontmatter has text after ---; it would be published as part of the body');
}

function hasLayoutField(frontmatter: string): boolean {
  try {
    const data = parseYaml(frontmatter);
    return typeof data === 'object' && data !== null && Object.hasOwn(data, 'layout');
  } catch {
    return false; // Astro refuses frontmatter that is not valid YAML before compiling anything
  }
}

// The frontmatter split of @astrojs/internal-helpers (parseFrontmatter, mode "empty-with-spaces"), which
// the MDX integration compiles from. It differs from src/qms/frontmatter.ts: a closing `---` may have text
// after it on the same line, and that text is compiled as body. tests/unit/content-guard.test.ts pins it.
const ASTRO_FRONTMATTER = /(?:^\uFEFF?|^\s*\n)(?:---|\+\+\+)([\s\S]*?\n)(?:---|\+\+\+)/;
const ASTRO_FRONTMATTER_TYPE = /(?:^\uFEFF?|^\s*\n)(---|\+\+\+)/;

/** The body as compiled, frontmatter blanked to spaces so every line and column stays that of the file. */
export function bodyAsCompiled(source: string): { body: string; frontmatter?: string; delimiter?: '---' | '+++' } {
  const frontmatter = ASTRO_FRONTMATTER.exec(source)?.[1];
  if (frontmatter === undefined) return { body: source };
  const delimiter = ASTRO_FRONTMATTER_TYPE.exec(source)?.[1] === '+++' ? '+++' : '---';
  const body = source.replace(`${delimiter}${frontmatter}${delimiter}`, () => `   ${frontmatter.replace(/[^\r\n]/g, ' ')}   `);
  return { body, frontmatter, delimiter };
}


/** A `.md` document: the site renders it as Markdown, not MDX. */
export const isMarkdownFile = (file: string) => file.endsWith('.md');

/** The file cut where Astro's compiled body starts: the frontmatter with its fences, and the rest. */
export function splitAtBody(source: string): { head: string; body: string } {
  const { frontmatter, delimiter } = bodyAsCompiled(source);
  if (frontmatter === undefined || delimiter === undefined) return { head: '', body: source };
  const end = source.indexOf(`${delimiter}${frontmatter}${delimiter}`) + frontmatter.length + 2 * delimiter.length;
  return { head: source.slice(0, end), body: source.slice(end) };
}

/** The document file as the build compiles it: an .mdx body normalized, frontmatter and .md untouched. */
export function compiledSource(file: string, source: string): string {
  if (isMarkdownFile(file)) return source;
  const { head, body } = splitAtBody(source);
  return head + normalizeMdxText(body);
}
