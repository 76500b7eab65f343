import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// Astro 7's own Markdown and MDX processor (a dependency of astro and @astrojs/mdx): the heading ids it writes.
import { satteri } from '@astrojs/markdown-satteri';
import { afterAll, describe, expect, it } from 'vitest';
import { checkManual } from '../../../src/qms/check/manual.ts';
import { fixDocumentLinks } from '../../../src/qms/check/rules/links-fix.ts';
import { siteMapOf, SITE_PAGES } from '../../../src/qms/check/rules/links-site.ts';
import { brokenLinks, linkProblem } from '../../../src/qms/check/rules/links.ts';
import { foundBy } from '../../../src/qms/check/run.ts';
import { loadManual } from '../../../src/qms/load/manual.ts';
import { readDocumentSource } from '../../../src/qms/load/source.ts';
import { outlineBody, parseBody, plainLinkUrls, type BodyFormat } from '../../../src/qms/mdx/body-links.ts';
import { headingIds } from '../../../src/qms/mdx/heading-ids.ts';
import { clauseUrl, docUrl } from '../../../src/qms/views/urls.ts';
import { AS_OF, checkFixture, located, makeProject, removeProjects } from './helpers.ts';

afterAll(removeProjects);

const LINK_RULES = new Set(['broken-link', 'remote-media', 'ignored-file']);
const linkFindings = (overlay: string) => checkFixture(overlay).findings.filter((f) => LINK_RULES.has(f.rule));
const error = (rule: string, code: string, file: string, line: number, field = 'body') => ({ rule, code, severity: 'error', file, line, field });

describe('links that lead nowhere (QMS039, fixtures/check/broken-link)', () => {
  const WI_002 = 'content/docs/work-instructions/WI-002-escalating-feedback.mdx';
  const result = checkFixture('broken-link');
  const broken = result.findings.filter((f) => f.rule === 'broken-link');

  it('reports each broken link on its line, at the column where its address starts', () => {
    expect(located(broken)).toEqual([17, 18, 19, 20, 21, 22, 23].map((line) => error('broken-link', 'QMS039', WI_002, line)));
    expect(broken.map((f) => [f.line, f.column, f.documentId])).toEqual([
      [17, 50, 'WI-002'], [18, 24, 'WI-002'], [19, 31, 'WI-002'], [20, 29, 'WI-002'], [21, 32, 'WI-002'], [22, 19, 'WI-002'], [23, 32, 'WI-002'],
    ]);
  });

  it('says what is wrong with each, and what to link to instead', () => {
    expect(broken.map((f) => f.message)).toEqual([
      'the text links to /docs/sop-001/: document IDs are upper case; link to /docs/SOP-001/',
      'the text links to /clauses/8.99/: ISO 7101:2023 has no clause 8.99',
      'the text links to /registers/: not a page of the manual (its pages: /, /register/, /clauses/, /reviews/, /changes/, /docs/<ID>/, /clauses/<number>/)',
      'the text links to #step, but WI-002 has no heading with that anchor (its headings: #steps)',
      'the text links to /docs/SOP-001/#scope, but SOP-001 has no heading with the anchor #scope (its headings: #purpose)',
      'the text links to the file ../procedures/SOP-001-context-and-stakeholders.mdx, which the site does not serve: link to the document\'s page, /docs/SOP-001/ (npm run check -- --fix rewrites the link)',
      'the text links to sop-capa.md, which is not a document of the manual: link to a document\'s page, /docs/<ID>/',
    ]);
    expect(broken[0].hint).toMatch(/--fix/);
  });

  it('leaves a /docs/ link to an unknown ID to unknown-reference (QMS010), which reports it once', () => {
    expect(located(result.findings.filter((f) => f.rule !== 'broken-link'))).toEqual([error('unknown-reference', 'QMS010', WI_002, 16)]);
  });

  it('finds nothing wrong with links to every kind of target (fixtures/check/broken-link-valid)', () => {
    // Documents, their headings (a repeated one, one with punctuation and --, one in a .md document), clauses of
    // two standards, the site's pages, an attached file, http/mailto/tel, a reference link, and links in code.
    expect(linkFindings('broken-link-valid')).toEqual([]);
  });

  it('judges no off-site address, and reports a link with no address', () => {
    const manual = loadManual(makeProject('broken-link-valid'));
    const doc = manual.documents.find((d) => d.data.id === 'WI-002')!;
    const problem = (url: string) => linkProblem(url, doc, siteMapOf(manual), manual);
    for (const url of ['https://example.org/x', 'HTTP://example.org', '//cdn.example.org/x', 'mailto:a@b.org', 'tel:123', '?q=1', '#', '#top', '/favicon.svg']) {
      expect(problem(url), url).toBeUndefined();
    }
    expect(problem('')).toBe('the link has no address: write where it leads, such as /docs/<ID>/');
    expect(problem('/docs/SOP-001')).toBe('the text links to /docs/SOP-001: the site\'s pages end in /; link to /docs/SOP-001/');
    expect(problem('/clauses/iso-7101-2023/4.1/')).toBe('the text links to /clauses/iso-7101-2023/4.1/: clauses of ISO 7101:2023 are at /clauses/4.1/');
    expect(problem('/clauses/iso-9001-2016/8.4/')).toBe('the text links to /clauses/iso-9001-2016/8.4/: the manual has no standard iso-9001-2016 (its standards: iso-7101-2023, iso-9001-2015)');
    expect(problem('#Scope')).toBe('the text links to #Scope, but WI-002 has no heading with that anchor (anchors are lower case: #scope)');
    expect(problem('images/chart.png')).toBe('the text links to images/chart.png, which leads to /docs/WI-002/images/chart.png from this page: not a page of the manual; the page of WI-002 is /docs/WI-002/');
    expect(problem('SOP-001-context-and-stakeholders.mdx')).toBe('the text links to SOP-001-context-and-stakeholders.mdx, which is not a file next to this document: link to the page of content/docs/procedures/SOP-001-context-and-stakeholders.mdx, /docs/SOP-001/');
    expect(problem('/content/docs/procedures/SOP-001-context-and-stakeholders.mdx#purpose')).toMatch(/link to the document's page, \/docs\/SOP-001\/#purpose /);
  });
});

describe('images and media from another site (QMS040)', () => {
  it('reports an https image and a protocol-relative one (fixtures/check/remote-media)', () => {
    const file = 'content/docs/work-instructions/WI-002-hand-hygiene-poster.mdx';
    const found = linkFindings('remote-media');
    expect(located(found)).toEqual([error('remote-media', 'QMS040', file, 18), error('remote-media', 'QMS040', file, 20)]);
    expect(found.map((f) => [f.column, f.message])).toEqual([
      [24, 'the image https://example.org/five-moments.png is loaded from example.org, not from the manual'],
      [51, 'the image //cdn.example.org/logo.png is loaded from cdn.example.org, not from the manual'],
    ]);
  });

  it('reports <img src> in MDX and in a Markdown document\'s HTML, and an image through a link definition (fixtures/check/remote-media-elements)', () => {
    const found = linkFindings('remote-media-elements');
    expect(found.map((f) => [f.rule, f.file.split('/').pop(), f.line, f.column, f.message])).toEqual([
      ['remote-media', 'WI-002-ward-board.mdx', 16, 29, 'the image https://example.org/chart.png is loaded from example.org, not from the manual'],
      ['remote-media', 'WI-002-ward-board.mdx', 19, 9, 'the image //cdn.example.org/logo.png is loaded from cdn.example.org, not from the manual'],
      ['remote-media', 'WI-003-ward-poster.md', 16, 26, 'the image https://example.org/poster.png is loaded from example.org, not from the manual'],
    ]);
  });
});

describe('files the site ignores (QMS041, fixtures/check/ignored-file)', () => {
  it('reports a document with an upper-case extension and a Word file in content/docs', () => {
    const found = linkFindings('ignored-file');
    expect(located(found)).toEqual([
      error('ignored-file', 'QMS041', 'content/docs/forms/FRM-001-incident-report.docx', 1, ''),
      error('ignored-file', 'QMS041', 'content/docs/procedures/SOP-002-sharps-disposal.MDX', 1, ''),
    ]);
    expect(found.map((f) => f.message)).toEqual([
      'content/docs/forms/FRM-001-incident-report.docx is not a document (.md or .mdx), and the site ignores it: attach the file to its document (the Attached files field in the CMS) instead',
      'the site reads documents ending in .md or .mdx in lower case, and ignores content/docs/procedures/SOP-002-sharps-disposal.MDX: rename it with a lower-case extension',
    ]);
  });
});

describe('what a body links to', () => {
  it('lists links, images, definitions and href/src attributes with where their address is written, and nothing in code', () => {
    const body = [
      '[a](/docs/SOP-001/) ![b](<img one.png> "title") [c][ref] <a href="/clauses/4.1/">d</a>',
      '`[code](/nope/)`',
      '',
      '```',
      '[fenced](/nope/)',
      '```',
      '',
      '[ref]: /register/',
    ].join('\n');
    const urls = outlineBody(body, 'mdx').urls;
    expect(urls.map(({ url, via, embedded, line, column }) => ({ url, via, embedded, line, column }))).toEqual([
      { url: '/docs/SOP-001/', via: 'link', embedded: false, line: 1, column: 5 },
      { url: 'img one.png', via: 'image', embedded: true, line: 1, column: 27 },
      { url: '/clauses/4.1/', via: 'attribute', embedded: false, line: 1, column: 67 },
      { url: '/register/', via: 'definition', embedded: false, line: 8, column: 8 },
    ]);
    expect(urls.map((u) => body.slice(u.range.start, u.range.end))).toEqual(['/docs/SOP-001/', 'img one.png', '/clauses/4.1/', '/register/']);
  });

  it('reads a body without parsing it only when plain inline links are all it can hold', () => {
    expect(plainLinkUrls('No links.\n')).toEqual([]);
    expect(plainLinkUrls('[a](/docs/SOP-001/), [b](#steps) and `[c](/docs/sop-1/)`\n')).toEqual(['/docs/SOP-001/', '#steps', '/docs/sop-1/']);
    for (const body of ['[a](/x "title")', '[a]( /x)', '[a](<x y>)', '[a](x\\_y)', '[a](/x?a=1&amp;b=2)', '[a](/x(1))', '![i](/i.png)', '[a][r]\n\n[r]: /x', '<a href="/x">a</a>', '<img src="/i.png" />']) {
      expect(plainLinkUrls(body), body).toBeUndefined();
    }
  });

  it('parses a body whose plain links include a broken one, so a link in code is not reported', () => {
    const manual = loadManual(makeProject());
    const doc = manual.documents.find((d) => d.data.id === 'WI-001')!;
    const brokenIn = (body: string) => {
      const edited = { ...doc, body, source: { ...doc.source, body } };
      return brokenLinks({ manual: { ...manual, documents: [edited] }, analysis: undefined as never } /* broken-link reads no analysis */, foundBy('broken-link')).map((f) => f.message);
    };
    expect(brokenIn('Write `[x](/docs/sop-001/)` for a link.\n')).toEqual([]);
    expect(brokenIn('See [x](/docs/sop-001/).\n')).toEqual(['the text links to /docs/sop-001/: document IDs are upper case; link to /docs/SOP-001/']);
  });

  it('still finds the links of an MDX body that does not parse, reading it as Markdown', () => {
    expect(outlineBody('## Steps\n\nA { never closed, then [a link](/docs/SOP-001/).\n', 'mdx').urls.map((u) => u.url)).toEqual(['/docs/SOP-001/']);
  });
});

describe('heading anchors, as Astro makes them', () => {
  it('numbers a repeated heading, drops punctuation, and drops -- as smart punctuation turns it into a dash', () => {
    const body = '## Scope\n\n## Scope\n\n## Scope-1\n\n## Before, during & after -- the 5 moments (WHO)\n\n## Use `--force` and \\-\\- as written\n';
    expect(headingIds(parseBody(body, 'mdx'), body)).toEqual(['scope', 'scope-1', 'scope-1-1', 'before-during--after--the-5-moments-who', 'use---force-and----as-written']);
  });

  // The headings that read differently in the source and on the page, in MDX and in Markdown.
  const TRICKY = [
    '## Scope', '## Scope', '## Scope-1', '## Before, during & after -- the 5 moments (WHO)', '## Don\'t "quote" it --- or... ok',
    '## Use `--flag` and \'single\'', '## a \\-\\- b \\--- c -\\- d', '## x -*-y-*- z', '## Before-during--after', '## A ---- b ----- c-d--e',
    '## Ünïcode Ärzte — Straße 🙂', '## Heading with [a link](/docs/SOP-001/), *emphasis*, **strong** and ~~struck~~', '## Image ![alt text](/x.png) end',
    '## Footnote[^1] and[^b] again[^1]', '## Entity &amp; &copy; &#45;&#45; dash', '## 1. Numbered & trailing -', '## Trailing hashes ##', '## CAPS and_underscore  __bold__',
    'Setext heading\n--------------', '> ## In a quote', '- ## In a list', '### Deeper', '###### Deepest',
  ].join('\n\n');
  const MDX_ONLY = ['## <kbd>Ctrl</kbd> + <kbd>P</kbd>', '## <abbr title="International Organization for Standardization">ISO</abbr> 7101<br />', '<Callout type="note">\n\n### Inside a callout\n\n</Callout>', '<details>\n<summary>More</summary>\n\n#### In details\n\n</details>', '## A \\{brace\\}'].join('\n\n');
  const MD_ONLY = ['## <kbd>Ctrl</kbd> + <kbd>P</kbd>', '<h2>Raw heading</h2>', '## After raw'].join('\n\n');
  const FOOTNOTES = '\n\nText[^b].\n\n[^1]: One.\n[^b]: Two.\n';

  async function astroHeadingIds(body: string, format: BodyFormat): Promise<string[]> {
    const processor = satteri();
    if (format === 'md') {
      const rendered = await (await processor.createRenderer({ syntaxHighlight: false })).render(body, {});
      return rendered.metadata.headings.map((h: { slug: string }) => h.slug);
    }
    const compiled = await (await processor.createMdxRenderer!({ syntaxHighlight: false }, { optimize: false })).process(body, '/tmp/document.mdx', {});
    const headings = /export function getHeadings\(\) \{ return (.*); \}/.exec(compiled.code)![1];
    return (JSON.parse(headings) as { slug: string }[]).map((h) => h.slug).filter((slug) => slug !== 'footnote-label');
  }

  it.each([
    ['MDX', `${TRICKY}\n\n${MDX_ONLY}${FOOTNOTES}`, 'mdx'],
    ['Markdown', `${TRICKY}\n\n${MD_ONLY}${FOOTNOTES}`, 'md'],
  ] as const)('gives tricky headings in %s the ids Astro gives them', async (_, body, format) => {
    const ours = headingIds(parseBody(body, format), body);
    expect(ours.length).toBeGreaterThan(20);
    expect(ours).toEqual((await astroHeadingIds(body, format)).filter((slug) => slug !== 'footnote-label'));
  });

  it('gives every heading of the sample manual the id Astro gives it', async () => {
    const manual = loadManual(process.cwd());
    let headings = 0;
    for (const doc of manual.documents) {
      const format = doc.file.endsWith('.md') ? 'md' : 'mdx';
      const ours = headingIds(parseBody(doc.body, format), doc.body);
      headings += ours.length;
      expect(ours, doc.file).toEqual(await astroHeadingIds(doc.body, format));
    }
    expect(headings).toBeGreaterThan(100);
  });
});

describe('fixDocumentLinks, for npm run check -- --fix', () => {
  const documents = {
    declaredIds: new Map([
      ['content/docs/procedures/SOP-004-hand-hygiene.mdx', 'SOP-004'],
      ['content/docs/procedures/SOP-007-patient-identification.mdx', 'SOP-007'],
      ['content/docs/forms/FRM-011-audit-sheet.md', 'FRM-011'],
    ]),
    documents: [{ file: 'content/docs/policies/POL-003-infection-control.mdx', data: { id: 'POL-003' } }],
  };
  const FROM = 'content/docs/procedures/SOP-010-equipment.mdx';

  it('rewrites links to document files as links to their pages, keeping the anchor', () => {
    const body = [
      '## Steps',
      '',
      '1. Identify the patient as [SOP-007](../procedures/SOP-007-patient-identification.mdx#steps) says.',
      '2. Clean hands ([SOP-004](SOP-004-hand-hygiene.mdx), [again](./SOP-004-hand-hygiene.mdx "Hand hygiene")).',
      '3. Record it on [the sheet](<../forms/FRM-011-audit-sheet.md>), as [the policy][policy] asks.',
      '4. From the root: [SOP-004](/content/docs/procedures/SOP-004-hand-hygiene.mdx).',
      '',
      '[policy]: ../policies/POL-003-infection-control.mdx',
    ].join('\n');
    expect(fixDocumentLinks(body, FROM, documents)).toBe([
      '## Steps',
      '',
      '1. Identify the patient as [SOP-007](/docs/SOP-007/#steps) says.',
      '2. Clean hands ([SOP-004](/docs/SOP-004/), [again](/docs/SOP-004/ "Hand hygiene")).',
      '3. Record it on [the sheet](</docs/FRM-011/>), as [the policy][policy] asks.',
      '4. From the root: [SOP-004](/docs/SOP-004/).',
      '',
      '[policy]: /docs/POL-003/',
    ].join('\n'));
  });

  it('rewrites href attributes too, in MDX and in a Markdown document\'s HTML', () => {
    expect(fixDocumentLinks('See <a href="SOP-004-hand-hygiene.mdx#five-moments">hand hygiene</a>.\n', FROM, documents)).toBe('See <a href="/docs/SOP-004/#five-moments">hand hygiene</a>.\n');
    expect(fixDocumentLinks('<p><a href=\'SOP-007-patient-identification.mdx\'>ID</a></p>\n', 'content/docs/procedures/SOP-010-equipment.md', documents)).toBe('<p><a href=\'/docs/SOP-007/\'>ID</a></p>\n');
  });

  it('leaves everything else exactly as it was', () => {
    const body = [
      '## Links that stay',
      '',
      '[page](/docs/SOP-004/) [missing](sop-capa.md) [wrong folder](SOP-999-unknown.mdx) [web](https://example.org/SOP-004-hand-hygiene.mdx)',
      '[anchor](#steps) [clause](/clauses/8.4/)  *emphasis*   and trailing spaces   ',
      '![an image is not a link](SOP-004-hand-hygiene.mdx) `[code](SOP-004-hand-hygiene.mdx)`',
      '',
      '```md',
      '[fenced](SOP-004-hand-hygiene.mdx)',
      '```',
      '',
      '{/* a comment */} \\{braces\\} <kbd>Ctrl</kbd>',
    ].join('\r\n');
    expect(fixDocumentLinks(body, FROM, documents)).toBe(body);
    expect(fixDocumentLinks('No links at all.\n', FROM, documents)).toBe('No links at all.\n');
  });

  it('clears the broken-link finding of a link to a document file once applied', () => {
    const root = makeProject('broken-link');
    const file = 'content/docs/work-instructions/WI-002-escalating-feedback.mdx';
    const text = readFileSync(join(root, file), 'utf8');
    const { body } = readDocumentSource(file, text);
    const fixed = fixDocumentLinks(body, file, loadManual(root));
    writeFileSync(join(root, file), text.slice(0, text.length - body.length) + fixed);
    expect(fixed).toContain('7. Open [SOP-001](/docs/SOP-001/).');
    const messages = checkManual({ root, asOf: AS_OF }).findings.filter((f) => f.rule === 'broken-link').map((f) => f.message);
    expect(messages).toHaveLength(6);
    expect(messages.some((m) => m.includes('--fix'))).toBe(false);
  });
});

describe('the sample manual and the site it builds', () => {
  it('has no broken link and no media from another site', () => {
    const result = checkManual({ root: process.cwd(), asOf: AS_OF });
    expect(result.findings.filter((f) => f.rule === 'broken-link' || f.rule === 'remote-media')).toEqual([]);
  });

  it('knows the page of every document and clause, at the URLs the views link to', () => {
    const manual = loadManual(process.cwd());
    const site = siteMapOf(manual);
    const doc = manual.documents[0];
    const urls = [...manual.documents.map((d) => docUrl(d.data.id)), ...manual.index.all().map((c) => clauseUrl(c.ref))];
    expect(urls.filter((url) => linkProblem(url, doc, site, manual) !== undefined)).toEqual([]);
  });

  it('knows only pages the site has (src/pages/)', () => {
    const pageFile = (page: string) => (page.endsWith('/') ? `src/pages${page}index.astro` : `src/pages${page}.ts`);
    expect(SITE_PAGES.filter((page) => !existsSync(pageFile(page)))).toEqual([]);
  });
});
