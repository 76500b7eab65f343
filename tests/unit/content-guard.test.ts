import { readFileSync } from 'node:fs';
// The frontmatter split @astrojs/mdx compiles from; the guard keeps its own copy, pinned here.
import { parseFrontmatter } from '@astrojs/internal-helpers/frontmatter';
import { describe, expect, it } from 'vitest';
import { mdxTransformGuard } from '../../src/integrations/content-guard.ts';
import { formatGuardFindings } from '../../src/site/build-guard.ts';
import { bodyAsCompiled, compiledSource, documentGuardFindings } from '../../src/qms/mdx/document-safety.ts';
import { listDocumentFiles } from '../../src/qms/load/manual.ts';

const FIXTURES = 'tests/fixtures/hostile-frontmatter';
const guard = (file: string) => documentGuardFindings(file, readFileSync(file, 'utf8'));

describe('the body the guard checks', () => {
  const SOURCES = [
    '---\nid: SOP-001\n---\n\nBody\n',
    '---\r\nid: SOP-001\r\n---\r\nBody\r\n',
    '\uFEFF---\nid: SOP-001\n---\nBody\n',
    '\n\n---\nid: SOP-001\n---\nBody\n',
    '---\nid: SOP-001\n--- <script>alert(1)</script>\n---\nBody\n',
    '---\nid: SOP-001\n----\nBody\n',
    '---   \nid: SOP-001\n---\nBody\n',
    '+++\nid = "SOP-001"\n+++\nBody\n',
    '---\nid: SOP-001\n+++\nBody\n',
    'No frontmatter at all\n',
    '---\nnever closed\n',
    readFileSync(`${FIXTURES}/closing-fence-with-script.mdx`, 'utf8'),
  ];

  it.each(SOURCES)('is the body Astro compiles, line for line: %j', (source) => {
    expect(bodyAsCompiled(source).body).toBe(parseFrontmatter(source, { frontmatter: 'empty-with-spaces' }).content);
  });
});

describe('the build guard', () => {
  it('finds the script Astro would compile from text after the closing ---, which ends the frontmatter for Astro', () => {
    expect(guard(`${FIXTURES}/closing-fence-with-script.mdx`).map((f) => `${f.line}:${f.column} ${f.rule}`)).toEqual(['10:4 frontmatter-fence', '10:5 mdx-unsafe-element']);
  });

  it('refuses the layout field, which makes MDX import a module', () => {
    expect(guard(`${FIXTURES}/layout-field.mdx`)).toEqual([
      expect.objectContaining({ rule: 'mdx-esm', line: 9, field: 'layout' }),
    ]);
  });

  it('refuses TOML frontmatter, which the checker cannot read', () => {
    expect(guard(`${FIXTURES}/toml-frontmatter.mdx`)).toEqual([expect.objectContaining({ rule: 'frontmatter-missing', line: 1 })]);
  });

  it('reports the body findings with the lines of the file', () => {
    expect(guard('tests/fixtures/hostile/many-problems.mdx').map((f) => f.line)).toEqual([12, 14, 16, 18, 18, 20, 20, 22, 22]);
  });

  it('lets every document of the sample manual through', () => {
    const files = listDocumentFiles('.');
    expect(files.length).toBeGreaterThanOrEqual(56);
    expect(files.flatMap((file) => guard(file))).toEqual([]);
  });

  it('prints one finding a line as file:line:col CODE message', () => {
    const report = formatGuardFindings([...guard('tests/fixtures/hostile/script-tag.mdx'), ...guard('tests/fixtures/hostile/import-statement.mdx')], 'the manual is not built until they are removed');
    expect(report.split('\n')).toEqual([
      '2 unsafe constructs in 2 documents: the manual is not built until they are removed.',
      'tests/fixtures/hostile/script-tag.mdx:12:1 QMS022 <script> can run script, load another page or take input, and is never allowed in a document',
      `tests/fixtures/hostile/import-statement.mdx:12:1 QMS020 "import fs from 'node:fs'": a document cannot import or export code; remove the line`,
      'Run `npm run check` for the hint to each code.',
    ]);
  });
});

describe('the transform ahead of the MDX compiler', () => {
  const plugin = mdxTransformGuard('/project');
  const transform = (code: string, id: string) => (plugin.transform as { handler: (code: string, id: string) => unknown }).handler(code, id);

  it('runs before the MDX compiler, on .mdx modules only', () => {
    expect(plugin.enforce).toBe('pre');
    expect((plugin.transform as { filter: { id: RegExp } }).filter.id.test('/project/content/docs/a.mdx')).toBe(true);
  });

  it('refuses to hand a hostile document to the compiler, naming the file as the build does', () => {
    const source = readFileSync('tests/fixtures/hostile/expression-flow.mdx', 'utf8');
    expect(() => transform(source, '/project/content/docs/procedures/SOP-929.mdx?astroContentModuleFlag=true')).toThrow(
      'content/docs/procedures/SOP-929.mdx:12:1 QMS021',
    );
  });

  it('checks MDX wherever it comes from, except the developers\' own pages in src/', () => {
    expect(() => transform('import fs from "node:fs"\n', '/elsewhere/linked-content/a.mdx')).toThrow('/elsewhere/linked-content/a.mdx:1:1 QMS020');
    expect(transform('import X from "./x.ts"\n\n<X />\n', '/project/src/pages/about.mdx')).toBeUndefined();
  });

  it('lets safe documents through, handing the compiler the text normalized as the checker read it', () => {
    const source = readFileSync('tests/fixtures/hostile/safe.mdx', 'utf8');
    const compiled = transform(source, '/project/content/docs/safe.mdx') as { code: string };
    expect(compiled.code).toBe(compiledSource('content/docs/safe.mdx', source));
    // Only what MDX would misread changes: "2 < 8" is escaped, every line stays where it was.
    expect(compiled.code).toContain('Temperatures of 2 \\< 8 degrees');
    expect(compiled.code.split('\n').length).toBe(source.split('\n').length);
  });
});
