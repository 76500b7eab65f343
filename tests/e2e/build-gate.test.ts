import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Element, Nodes } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/qms/mdx/limits.ts';
import { canonicalHtml, gfmReference } from '../github-rendering.ts';
import { astroBuild, buildEnv, copyProject } from './temp-project.ts';

/**
 * The build is the gate, whichever way it is started: `astro build` directly and `npm run build` with
 * scripts disabled refuse what `npm run check` refuses, with the checker's report and nothing else; and
 * whatever the checker accepts builds, including ordinary Markdown and documents at the edge of every limit.
 */
const REPO = process.cwd();
const ORDINARY = 'tests/fixtures/ordinary-markdown';

const head = (id: string, title: string, extra = '') =>
  `---\nid: ${id}\ntitle: ${title}\ntype: procedure\nversion: 1\nstatus: draft\nowner: Head of Quality\nclauses: ["8.1"]\n${extra}---\n\n`;

/** Every ordinary-Markdown fixture, one after another, as one document body. */
const ordinaryBody = readdirSync(ORDINARY).filter((f) => f.endsWith('.md')).sort().map((f) => readFileSync(join(ORDINARY, f), 'utf8')).join('\n');

/** Documents as deep, long and dense as the checker accepts: each just inside its limit. */
const AT_THE_LIMITS: Record<string, string> = {
  'elements nested': `${'<span>'.repeat(LIMITS.nesting)}inside${'</span>'.repeat(LIMITS.nesting)}`,
  'blocks nested': `${'<div>\n'.repeat(LIMITS.nesting)}\ninside\n\n${'</div>\n'.repeat(LIMITS.nesting)}`,
  'lists nested': Array.from({ length: LIMITS.nesting }, (_, i) => `${'  '.repeat(i)}- level ${i + 1}`).join('\n'),
  'quotes nested': `${'>'.repeat(LIMITS.nesting)} inside`,
  'a long line': Array.from({ length: Math.floor(LIMITS.lineLength / 5) - 1 }, () => 'word').join(' '),
  'emphasis': Array.from({ length: LIMITS.paragraphMarks / 2 }, () => '**b**').join(' '),
  'links': Array.from({ length: LIMITS.paragraphMarks }, () => '[hand hygiene](/docs/SOP-004/)').join(' '),
};

/** A file that cannot be published, for each kind of rule only `npm run check` used to apply. */
const REFUSED: Record<string, string> = {
  'SOP-004-copy.mdx': readFileSync(join(REPO, 'content/docs/procedures/SOP-004-hand-hygiene.mdx'), 'utf8'),
  'SOP-971-missing-reference.mdx': head('SOP-971', 'Missing reference', 'related: [SOP-999]\n') + 'Body.\n',
  'SOP-972-impossible-date.mdx': head('SOP-972', 'Impossible date', 'review_by: 2026-02-30\n') + 'Body.\n',
  'SOP-973-too-deep.mdx': head('SOP-973', 'Too deep') + Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i)}- level ${i + 1}`).join('\n') + '\n',
  'SOP-974-quotes.mdx': head('SOP-974', 'Quotes') + `${'>'.repeat(500)}\n`,
};

/** A table with aligned columns and a code block: what the Content-Security-Policy must not lose. */
const ALIGNED = '| Step | Check | Dose |\n| :--- | :---: | ---: |\n| 1 | Name band | 5 mg |\n| 2 | Allergy | 10 mg |\n\n```\nscan wristband\n```\n';

let accepted: string;
let refused: string;
let acceptedBuild: { code: number | null; output: string };
let rebuild: { code: number | null; output: string };
let direct: { code: number | null; output: string };
let noScripts: { code: number | null; output: string };

/** `npm run build` in the copy with npm's ignore-scripts set, as hardened CI runs it. */
function npmBuildWithoutScripts(dir: string): Promise<{ code: number | null; output: string }> {
  const env = buildEnv({ npm_config_ignore_scripts: 'true' });
  return new Promise((resolve) => {
    execFile('npm', ['run', 'build'], { cwd: dir, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: `${stdout}\n${stderr}` });
    });
  });
}

beforeAll(async () => {
  const a = copyProject('qms-gate-accepted-');
  accepted = a.dir;
  writeFileSync(join(a.docs, 'SOP-950-ordinary-markdown.mdx'), head('SOP-950', 'Ordinary Markdown') + ordinaryBody);
  writeFileSync(join(a.docs, 'SOP-951-ordinary-markdown.md'), head('SOP-951', 'Ordinary Markdown as .md') + ordinaryBody);
  writeFileSync(join(a.docs, 'SOP-952-byte-order-mark.mdx'), `\uFEFF${head('SOP-952', 'Saved with a byte-order mark')}Body.\n`);
  writeFileSync(join(a.docs, 'SOP-953-aligned-table.md'), head('SOP-953', 'Aligned table as .md') + ALIGNED);
  writeFileSync(join(a.docs, 'SOP-954-aligned-table.mdx'), head('SOP-954', 'Aligned table as .mdx') + ALIGNED);
  Object.values(AT_THE_LIMITS).forEach((body, i) => writeFileSync(join(a.docs, `SOP-96${i}-limits.mdx`), head(`SOP-96${i}`, `At the limit ${i}`) + body + '\n'));
  acceptedBuild = await astroBuild(accepted);
  // One document edited, then built again with the caches of the first build.
  writeFileSync(join(a.docs, 'SOP-952-byte-order-mark.mdx'), `\uFEFF${head('SOP-952', 'Saved with a byte-order mark')}Body, edited.\n`);
  rebuild = await astroBuild(accepted);

  const r = copyProject('qms-gate-refused-');
  refused = r.dir;
  for (const [file, text] of Object.entries(REFUSED)) writeFileSync(join(r.docs, file), text);
  direct = await astroBuild(refused);
  noScripts = await npmBuildWithoutScripts(refused);
}, 420_000);

afterAll(() => {
  for (const dir of [accepted, refused]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a manual the checker accepts', () => {
  it('builds, with every document at the edge of a limit published', () => {
    expect(acceptedBuild.code, acceptedBuild.output.slice(-3000)).toBe(0);
    for (let i = 0; i < Object.keys(AT_THE_LIMITS).length; i++) expect(existsSync(join(accepted, `dist/docs/SOP-96${i}/index.html`)), `SOP-96${i}`).toBe(true);
  });

  it('parses each document once: the guard before rendering reads again none the checker found clean', () => {
    const counts = /(\d+) document texts rendered or compiled; (\d+) of them parsed again/.exec(acceptedBuild.output);
    expect(counts, acceptedBuild.output.slice(-3000)).not.toBeNull();
    const mdxFiles = readdirSync(join(accepted, 'content/docs'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.mdx'));
    expect(Number(counts![1])).toBeGreaterThanOrEqual(mdxFiles.length);
    expect(Number(counts![2])).toBe(0);
  });

  it('publishes a file saved with a byte-order mark, as Astro reads it', () => {
    expect(readFileSync(join(accepted, 'dist/docs/SOP-952/index.html'), 'utf8')).toContain('Saved with a byte-order mark');
  });

  it('renders again, when one document changed, that document alone: the others come from the content cache', () => {
    expect(rebuild.code, rebuild.output.slice(-3000)).toBe(0);
    const counts = /(\d+) document texts rendered or compiled; (\d+) of them parsed again/.exec(rebuild.output);
    expect(counts, rebuild.output.slice(-3000)).not.toBeNull();
    expect([Number(counts![1]), Number(counts![2])]).toEqual([1, 0]);
    expect(rebuild.output).toMatch(/documents checked as of [\d-]+ \(1 texts read, \d+ unchanged since the last check\)/);
    expect(readFileSync(join(accepted, 'dist/docs/SOP-952/index.html'), 'utf8')).toContain('Body, edited.');
    expect(readFileSync(join(accepted, 'dist/docs/SOP-950/index.html'), 'utf8')).toContain('document__body');
  });

  it.each([['SOP-953', '.md'], ['SOP-954', '.mdx']])('writes %s (%s) for the Content-Security-Policy: alignment as align, a scrolling table box, a code block reachable by keyboard', (id) => {
    const body = documentBody(readFileSync(join(accepted, `dist/docs/${id}/index.html`), 'utf8'));
    const elements: Element[] = [];
    const collect = (node: Nodes) => {
      if (node.type === 'element') elements.push(node);
      if ('children' in node) node.children.forEach(collect);
    };
    collect(body);
    expect(elements.filter((e) => e.tagName === 'th').map((e) => e.properties.align)).toEqual(['left', 'center', 'right']);
    expect(elements.filter((e) => e.tagName === 'td').map((e) => e.properties.align)).toEqual(['left', 'center', 'right', 'left', 'center', 'right']);
    expect(elements.filter((e) => e.properties.style !== undefined)).toEqual([]);
    const box = elements.find((e) => e.children.some((c) => c.type === 'element' && c.tagName === 'table'))!;
    expect([box.tagName, box.properties.className, box.properties.tabIndex]).toEqual(['div', ['table-scroll'], 0]);
    expect(elements.find((e) => e.tagName === 'pre')!.properties.tabIndex).toBe(0);
  });

  it('renders the same text alike as .md and as .mdx', () => {
    const page = (id: string) => pageBody(readFileSync(join(accepted, `dist/docs/${id}/index.html`), 'utf8'));
    expect(page('SOP-953')).toBe(page('SOP-954'));
  });

  it.each([['SOP-950', '.mdx'], ['SOP-951', '.md']])('shows ordinary Markdown in %s (%s) as remark-gfm renders it', (id) => {
    expect(pageBody(readFileSync(join(accepted, `dist/docs/${id}/index.html`), 'utf8'))).toBe(gfmReference(ordinaryBody));
  });
});

describe.each([
  ['astro build, called directly', () => direct],
  ['npm run build with ignore-scripts=true', () => noScripts],
])('a manual the checker refuses, built with %s', (_, build) => {
  it('fails, naming every problem with its file, line and rule code', () => {
    const { code, output } = build();
    expect(code).not.toBe(0);
    expect(output).toContain('content/docs/procedures/SOP-004-copy.mdx:2:1  error    QMS005  id: duplicate ID SOP-004');
    expect(output).toContain('content/docs/procedures/SOP-004-hand-hygiene.mdx:2:1  error    QMS005  id: duplicate ID SOP-004');
    expect(output).toContain('content/docs/procedures/SOP-971-missing-reference.mdx:9:1  error    QMS010  related.0: related names SOP-999');
    expect(output).toContain('content/docs/procedures/SOP-972-impossible-date.mdx:9:1  error    QMS003  review_by: expected a real date');
    expect(output).toContain('content/docs/procedures/SOP-973-too-deep.mdx:51:1  error    QMS036');
    expect(output).toContain('content/docs/procedures/SOP-974-quotes.mdx:11:1  error    QMS036');
    expect(output).toContain('The manual was not built: npm run check shows the same report.');
  });

  it('prints the report alone: no stack trace, no unrelated hint', () => {
    const { output } = build();
    expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(output).not.toContain('Browser APIs are not available');
    expect(output).not.toContain('SIGSEGV');
  });

  it('publishes nothing', () => {
    expect(existsSync(join(refused, 'dist/index.html'))).toBe(false);
  });
});

// ---- The page's body ------------------------------------------------------------------------------

/** The document's body on its page, canonical. */
/** The element that holds a document page's text. */
function documentBody(html: string): Element {
  let body: Element | undefined;
  const find = (node: Nodes) => {
    if (body) return;
    if (node.type === 'element' && String(node.properties.className ?? '').includes('document__body')) body = node;
    else if ('children' in node) node.children.forEach(find);
  };
  find(fromHtml(html));
  expect(body).toBeDefined();
  return body!;
}

function pageBody(html: string): string {
  return canonicalHtml({ type: 'root', children: documentBody(html).children });
}
