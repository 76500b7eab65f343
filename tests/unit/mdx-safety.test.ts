import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mdxSafetyFindings } from '../../src/qms/mdx/safety.ts';
import { mayHoldScheme, schemeInText } from '../../src/qms/mdx/raw-scan.ts';
import type { RuleId } from '../../src/qms/findings/rules.ts';
import { checkUrl } from '../../src/qms/mdx/safe-url.ts';
import { parseYaml, splitFrontmatter } from '../../src/qms/base/frontmatter.ts';
import { documentSchema } from '../../src/qms/schemas/document.ts';

const HOSTILE = 'tests/fixtures/hostile';

function findingsOf(name: string) {
  const file = `${HOSTILE}/${name}`;
  const { body, bodyLine } = splitFrontmatter(readFileSync(file, 'utf8'));
  return mdxSafetyFindings(file, body, bodyLine, 'SOP-900');
}

/** [rule, line] of every finding, in reading order. */
const rulesAndLines = (name: string) => findingsOf(name).map((f) => [f.rule, f.line]);

/** What each hostile fixture must produce. Every fixture's body starts on line 12. */
const EXPECTED: Record<string, [RuleId, number][]> = {
  'script-tag.mdx': [['mdx-unsafe-element', 12]],
  'script-tag-uppercase.mdx': [['mdx-unsafe-element', 12]],
  'iframe.mdx': [['mdx-unsafe-element', 12]],
  'object-embed.mdx': [['mdx-unsafe-element', 12], ['mdx-unsafe-element', 14]],
  'svg-onload.mdx': [['mdx-unsafe-element', 12], ['mdx-event-handler', 12]],
  'form-input.mdx': [['mdx-unsafe-element', 12], ['mdx-unsafe-element', 13]],
  'meta-refresh.mdx': [['mdx-unsafe-element', 12]],
  'onerror-attribute.mdx': [['mdx-event-handler', 12]],
  'event-handler-mixed-case.mdx': [['mdx-event-handler', 12]],
  'style-attribute.mdx': [['mdx-event-handler', 12]],
  'set-html-directive.mdx': [['mdx-event-handler', 12]],
  'javascript-link.mdx': [['mdx-unsafe-url', 12]],
  'javascript-link-entity-encoded.mdx': [['mdx-unsafe-url', 12]],
  'javascript-link-decimal-entity.mdx': [['mdx-unsafe-url', 12]],
  'javascript-link-colon-entity.mdx': [['mdx-unsafe-url', 12]],
  'javascript-link-percent-encoded.mdx': [['mdx-unsafe-url', 12]],
  'javascript-link-tab.mdx': [['mdx-unsafe-url', 12]],
  'javascript-link-tab-entity.mdx': [['mdx-unsafe-url', 12]],
  'javascript-link-newline-entity.mdx': [['mdx-unsafe-url', 12]],
  'javascript-link-mixed-case-space.mdx': [['mdx-unsafe-url', 12]],
  'vbscript-link.mdx': [['mdx-unsafe-url', 12]],
  'data-url-image.mdx': [['mdx-unsafe-url', 12]],
  'data-url-link.mdx': [['mdx-unsafe-url', 12]],
  // MDX has no autolinks: <javascript:…> is a syntax error, and the text scan names the URL as well.
  'autolink-javascript.mdx': [['mdx-syntax', 12], ['mdx-unsafe-url', 12]],
  'reference-definition-javascript.mdx': [['mdx-unsafe-url', 14]],
  'import-statement.mdx': [['mdx-esm', 12]],
  'export-statement.mdx': [['mdx-esm', 12]],
  'expression-in-text.mdx': [['mdx-expression', 12]],
  'expression-flow.mdx': [['mdx-expression', 12]],
  'expression-attribute.mdx': [['mdx-expression', 12]],
  'spread-attribute.mdx': [['mdx-expression', 12]],
  'unknown-component.mdx': [['mdx-unknown-component', 12]],
  'member-expression-component.mdx': [['mdx-unknown-component', 12]],
  'unknown-html-element.mdx': [['mdx-unknown-component', 12]],
  'callout-bad-type.mdx': [['mdx-unknown-component', 12]],
  'html-comment.mdx': [['mdx-syntax', 12]],
  'unclosed-brace.mdx': [['mdx-syntax', 12]],
  'script-tag-escaped-as-text.mdx': [['mdx-unsafe-element', 12]],
  'javascript-url-in-text.mdx': [['mdx-unsafe-url', 12]],
  'many-problems.mdx': [
    ['mdx-esm', 12],
    ['mdx-expression', 14],
    ['mdx-unsafe-element', 16],
    ['mdx-event-handler', 18],
    ['mdx-event-handler', 18],
    ['mdx-unsafe-url', 20],
    ['mdx-unsafe-url', 20],
    ['mdx-unknown-component', 22],
    ['mdx-unknown-component', 22],
  ],
};

describe('hostile documents', () => {
  it('has an expectation for every hostile fixture, and a fixture for every expectation', () => {
    const files = readdirSync(HOSTILE).filter((f) => f !== 'safe.mdx').sort();
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  it('uses fixtures that are valid draft procedures, so only the body is at fault', () => {
    for (const name of readdirSync(HOSTILE)) {
      const { frontmatter } = splitFrontmatter(readFileSync(`${HOSTILE}/${name}`, 'utf8'));
      const parsed = documentSchema().safeParse(parseYaml(frontmatter));
      expect(parsed.success, name).toBe(true);
      expect(parsed.data).toMatchObject({ type: 'procedure', status: 'draft' });
    }
  });

  it.each(Object.entries(EXPECTED))('%s is refused with the rule and the line in the file', (name, expected) => {
    expect(rulesAndLines(name)).toEqual(expected);
  });

  it('names the file, the field and the document of every finding', () => {
    for (const finding of findingsOf('script-tag.mdx')) {
      expect(finding).toMatchObject({ file: `${HOSTILE}/script-tag.mdx`, field: 'body', documentId: 'SOP-900' });
    }
  });

  it('reports every problem of a document at once, each with its line and column', () => {
    expect(findingsOf('many-problems.mdx').map((f) => `${f.line}:${f.column} ${f.rule}`)).toEqual([
      '12:1 mdx-esm',
      '14:18 mdx-expression',
      '16:1 mdx-unsafe-element',
      '18:17 mdx-event-handler',
      '18:56 mdx-event-handler',
      '20:1 mdx-unsafe-url',
      '20:33 mdx-unsafe-url',
      '22:1 mdx-unknown-component',
      '22:24 mdx-unknown-component',
    ]);
  });

  it('says what was found and how to put it right', () => {
    const messages = (name: string) => findingsOf(name).map((f) => f.message);
    expect(messages('expression-in-text.mdx')).toEqual([
      '{globalThis.process.exit(1)} is JavaScript that would run when the manual is built; to show the braces as text write \\{ and \\} (npm run check -- --fix does it)',
    ]);
    expect(messages('javascript-link-entity-encoded.mdx')[0]).toMatch(/^link to "javascript:alert\(1\)" uses the javascript: scheme, which can run code/);
    expect(messages('callout-bad-type.mdx')).toEqual(['type on <Callout> must be "note", "warning" or "danger", found "info"']);
    expect(messages('unknown-component.mdx')).toEqual(['<Chart> is not one of the components documents may use (allowed: Callout); to show it as text write \\<Chart> (npm run check -- --fix does it)']);
    expect(messages('import-statement.mdx')).toEqual([`"import fs from 'node:fs'": a document cannot import or export code; remove the line`]);
  });
});

describe('safe documents', () => {
  it('lets through tables, manual and web links, mailto, tel, code with <script> and {braces}, escaped braces and Callouts', () => {
    expect(findingsOf('safe.mdx')).toEqual([]);
  });

  it('lets through every document of the sample manual', async () => {
    const { listDocumentFiles } = await import('../../src/qms/load/manual.ts');
    const files = listDocumentFiles('.');
    expect(files.length).toBeGreaterThanOrEqual(56);
    const findings = files.flatMap((file) => {
      const { body, bodyLine } = splitFrontmatter(readFileSync(file, 'utf8'));
      return mdxSafetyFindings(file, body, bodyLine);
    });
    expect(findings).toEqual([]);
  });

  it('allows MDX comments, which hold no code', () => {
    expect(mdxSafetyFindings('x.mdx', 'Text {/* a note for reviewers */} here.\n\n{/* block */}\n', 1)).toEqual([]);
  });

  it('does not take prose for a URL', () => {
    expect(mdxSafetyFindings('x.mdx', 'JavaScript: must be on. Source data: monthly audits (data: wards).\n', 1)).toEqual([]);
  });
});

describe('the Callout component', () => {
  const check = (mdx: string) => mdxSafetyFindings('x.mdx', mdx, 1).map((f) => `${f.line}:${f.column} ${f.rule} ${f.message}`);

  it('accepts each allowed type, with or without a title', () => {
    expect(check('<Callout type="note">a</Callout>\n\n<Callout type="warning" title="Before you start">b</Callout>\n\n<Callout type="danger">c</Callout>\n')).toEqual([]);
  });

  it('needs a type, and refuses attributes outside the allow-list', () => {
    expect(check('<Callout>a</Callout>\n\n<Callout type="note" icon="x" title>b</Callout>\n')).toEqual([
      '1:1 mdx-unknown-component <Callout> needs type="note", "warning" or "danger"',
      '3:22 mdx-unknown-component <Callout> takes no attribute icon (allowed: type, title)',
      '3:31 mdx-unknown-component title on <Callout> needs a text value: title="..."',
    ]);
  });
});

describe('syntax errors', () => {
  it('points at the brace that is never closed, not at the end of the file', () => {
    const [finding] = mdxSafetyFindings('x.mdx', 'Line one.\n\nKeep at {2 to 8 degrees.\n\nMore text.\n', 20);
    expect(finding).toMatchObject({ rule: 'mdx-syntax', line: 22, column: 9 });
    expect(finding.message).toContain('write \\{ for a brace');
  });

  it('reports every syntax error, and what is wrong between them', () => {
    const body = ['<!-- one -->', '', 'Keep at {2 to 8 degrees.', '', '<script>alert(1)</script>', '', 'Press <kbd to continue.', ''].join('\n');
    expect(mdxSafetyFindings('x.mdx', body, 1).map((f) => `${f.line}:${f.column} ${f.rule}`)).toEqual([
      '1:1 mdx-syntax',
      '3:9 mdx-syntax',
      '5:1 mdx-unsafe-element',
      '7:7 mdx-syntax',
    ]);
  });

  it('tells where an element is never closed', () => {
    expect(mdxSafetyFindings('x.mdx', 'Text.\n\n<details>\n\nBody.\n', 1).map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([
      '3:1 not valid MDX: Expected a closing tag for `<details>`',
    ]);
  });
});

describe('URLs', () => {
  it.each([
    '/docs/SOP-004/', '../register/', 'page.html', '#audit', '?q=hand', '', 'https://www.who.int/x?a=1&b=2', 'http://intranet/x',
    'HTTPS://EXAMPLE.ORG', 'mailto:ipc@example.org', 'tel:+441234567890', '//cdn.example.org/x', '/docs/a:b', 'https://x.org/a%3Ab',
  ])('allows %j', (url) => {
    expect(checkUrl(url).safe).toBe(true);
  });

  it.each([
    ['javascript:alert(1)', 'javascript'], ['JAVASCRIPT:alert(1)', 'javascript'], [' javascript:alert(1)', 'javascript'],
    ['\tjava\nscript:alert(1)', 'javascript'], ['\u0001javascript:alert(1)', 'javascript'], ['java\u200bscript:alert(1)', 'javascript'],
    ['java&#x73;cript:alert(1)', 'javascript'], ['&#106;avascript:alert(1)', 'javascript'], ['&#0000106avascript:alert(1)', 'javascript'],
    ['javascript&colon;alert(1)', 'javascript'], ['java&Tab;script:alert(1)', 'javascript'], ['&amp;#106;avascript:alert(1)', 'javascript'],
    ['%6Aavascript:alert(1)', 'javascript'], ['javascript%3Aalert(1)', 'javascript'], ['%256Aavascript:alert(1)', 'javascript'],
    ['vbscript:msgbox(1)', 'vbscript'], ['data:text/html,<script>alert(1)</script>', 'data'], ['DATA:image/png;base64,AA', 'data'],
    ['ftp://example.org/x', 'ftp'], ['file:///etc/passwd', 'file'],
  ])('refuses %j as the %s: scheme', (url, scheme) => {
    expect(checkUrl(url)).toEqual({ safe: false, scheme });
  });
});

describe('the allow-list in the README', () => {
  const readme = readFileSync('README.md', 'utf8');

  it('names every allowed component, attribute value and HTML element', async () => {
    const { CONTENT_COMPONENTS, CONTENT_HTML_ELEMENTS, CALLOUT_TYPES } = await import('../../src/qms/content-components.ts');
    for (const name of [...Object.keys(CONTENT_COMPONENTS), ...Object.keys(CONTENT_HTML_ELEMENTS)]) expect(readme).toContain(`\`${name}\``);
    for (const type of CALLOUT_TYPES) expect(readme).toContain(`"${type}"`);
  });

  it('shows an example the checker accepts', () => {
    const example = /## Writing documents[\s\S]*?```mdx\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toContain('<Callout');
    expect(mdxSafetyFindings('README.md', example ?? '', 1)).toEqual([]);
  });
});

describe('the text scan', () => {
  it('still reads inside an element refused for its name or attributes', () => {
    const body = '<Callout type="info">\n\nNever paste \\<script> here.\n\n</Callout>\n';
    expect(mdxSafetyFindings('x.mdx', body, 1).map((f) => `${f.line}:${f.column} ${f.rule}`)).toEqual(['1:10 mdx-unknown-component', '3:14 mdx-unsafe-element']);
  });

  it('reports a script element once, not again for what it contains', () => {
    expect(mdxSafetyFindings('x.mdx', '<script>location = "javascript:alert(1)"</script>\n', 1).map((f) => f.rule)).toEqual(['mdx-unsafe-element']);
  });
});

describe('syntax errors', () => {
  const unclosed = (count: number) => Array.from({ length: count }, (_, i) => `Line ${i + 1} has <b>an unclosed bold\n`).join('\n');

  it('are all reported, however many: 82 in one document are 82 findings', () => {
    const found = mdxSafetyFindings('x.mdx', unclosed(82), 1);
    expect(found.map((f) => f.rule)).toEqual(Array(82).fill('mdx-syntax'));
    expect(found.map((f) => f.line)).toEqual(Array.from({ length: 82 }, (_, i) => 2 * i + 1));
  });

  it('past 100, end with one finding that says more follow and where the next is', () => {
    const found = mdxSafetyFindings('x.mdx', unclosed(130), 1);
    expect(found).toHaveLength(101);
    expect(found[100]).toMatchObject({ rule: 'mdx-syntax', line: 201 });
    expect(found[100].message).toBe('and more syntax errors from here on: MDX stops at each one, and the check stopped after 100; fix these and check again');
  });
});

describe('the quick look for a scheme before the raw text is read character by character', () => {
  // Invisible characters a browser drops inside a URL, one of them outside the Basic Multilingual Plane.
  const invisibles = ['', '\t', '\n', ' ', '\u00a0', '\u200b', '\u00ad', '\u2028', '\u{e0001}', '\u0000', '\ufeff'];
  const names = ['javascript', 'JavaScript', 'vbscript', 'LiveScript', 'data', 'Data', 'script', 'java', 'dat', 'xjavascript', 'javascrİpt', 'avascript'];
  const split = (word: string, gap: string) => [...word].join(gap);

  it('answers as reading the whole text without its invisible characters does, for every spelling tried', () => {
    const bodies: string[] = [];
    for (const name of names) {
      for (const gap of invisibles) {
        for (const after of [':', `${gap}:`, ' :', '']) {
          bodies.push(`See ${split(name, gap)}${after}alert(1) here.`, `${split(name, gap)}${after}`, `Note: ${name}${gap}: and \u{1F600}:`);
        }
      }
    }
    bodies.push('Purpose: clean hands. Scope: every ward.', 'data : x', 'Ratio 1:2, time 10:30', ':::', '', '\u{e0001}:', 'jav\u{e0001}ascript:');
    expect(bodies.length).toBeGreaterThan(1000);
    const differing = bodies.filter((body) => mayHoldScheme(body) !== schemeInText(body));
    expect(differing).toEqual([]);
    expect(bodies.filter((body) => mayHoldScheme(body)).length).toBeGreaterThan(100);
  });
});
