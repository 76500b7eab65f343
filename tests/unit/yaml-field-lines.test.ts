import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYaml, splitFrontmatter } from '../../src/qms/base/frontmatter.ts';
import { recordFieldLines, yamlPositions } from '../../src/qms/findings/yaml-positions.ts';

/**
 * A finding's line in the frontmatter comes from what js-yaml said as it parsed the text (recordFieldLines)
 * when that reading can vouch for it, else from the `yaml` package's syntax tree. The two must agree on
 * every key and list item of every text: the repository's documents and fixtures, and texts written to
 * put keys and items where a quick reading could go wrong.
 */
const WRITTEN = [
  'id: SOP-1\ntitle: A\nrelated: [SOP-2, WI-3]\n',
  '# a comment\n\nid: SOP-1\n\n# another\ntitle: "Quoted: with colon"\n',
  'related: [SOP-0937,\n  WI-1268,\n\n  FRM-1]\nsupersedes:\n  - SOP-1\n  -\n    SOP-2\n  - "SOP-3"\nclauses: ["7.4.3"]\n',
  'empty:\nn: 1\nlist: []\nother: {}\n',
  '"quoted key": 1\n\'single\': [a, b]\nplain: x\n',
  'title: >\n  folded\n  text\nsummary: |\n  literal\n  lines:\n    - not a list\nrelated:\n- SOP-1\n- SOP-2\n',
  'approvals:\n  - name: A\n    date: 2026-01-01\n  - name: B\n    date: 2026-02-01\nrelated: [SOP-1]\n',
  'related: &r [SOP-1, SOP-2]\nsupersedes: *r\n',
  'base: &b\n  x: 1\nmerged:\n  <<: *b\n  y: 2\n',
  '? explicit\n: value\nid: SOP-1\n',
  'tagged: !!str 12\nrelated: [!!str SOP-1]\n',
  'related:\n  - !!str\n    SOP-1\n',
  'title: Warning! Sharps *must* go in the bin?\nrelated: [SOP-1]\n',
  'id: SOP-1\nid: SOP-2\n',
  '1: one\n2: [a, b]\n',
  'related: [ SOP-1 , SOP-2 ]  # trailing comment\n',
  'related:\n\n  - SOP-1\n\n  # between\n  - SOP-2\n',
  'nested:\n  related: [SOP-1]\nrelated: [SOP-2]\n',
  'list: [[a, b], {c: d}]\n',
  '- a\n- b\n',
  'just a scalar\n',
  '',
];

function frontmatters(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...frontmatters(path));
    else if (/\.mdx?$/.test(name)) {
      const split = splitFrontmatter(readFileSync(path, 'utf8'));
      if (split.hasFrontmatter) found.push(split.frontmatter);
    }
  }
  return found;
}

/** Every question a rule could ask of the text's top level: each key, each of its items, and one item past the end. */
function questions(text: string): (string | number)[][] {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch {
    return [];
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [['id'], ['related', 0]];
  return Object.entries(value).flatMap(([key, v]) => [[key], ...Array.from({ length: (Array.isArray(v) ? v.length : 0) + 1 }, (_, i) => [key, i])]);
}

function compare(text: string): number {
  const heard = recordFieldLines(text);
  try {
    parseYaml(text, heard.listener);
  } catch {
    return 0;
  }
  const quick = yamlPositions(text, 7, heard.lines());
  const tree = yamlPositions(text, 7);
  let asked = 0;
  for (const path of questions(text)) {
    expect(quick.lineOf(path), `${JSON.stringify(path)} in ${JSON.stringify(text)}`).toBe(tree.lineOf(path));
    asked++;
  }
  return asked;
}

describe('field lines heard while parsing', () => {
  it('agree with the syntax tree on every key and item of texts written to trip them', () => {
    let asked = 0;
    for (const text of WRITTEN) asked += compare(text);
    expect(asked).toBeGreaterThan(60);
  });

  it("agree with the syntax tree on every key and item of the repository's documents and fixtures", () => {
    const texts = [...frontmatters('content'), ...frontmatters('tests/fixtures')];
    expect(texts.length).toBeGreaterThan(50);
    let asked = 0;
    for (const text of texts) asked += compare(text);
    expect(asked).toBeGreaterThan(1000);
  });

  it('vouch for an ordinary frontmatter, and not for one with an anchor, an explicit key, a tag or a repeated key', () => {
    const lines = (text: string) => {
      const heard = recordFieldLines(text);
      try {
        parseYaml(text, heard.listener);
      } catch {
        return 'refused by js-yaml';
      }
      return heard.lines();
    };
    expect(lines('id: SOP-1\nrelated:\n  - SOP-2\n  - WI-3\n')).toEqual(new Map([['id', { line: 0, items: undefined }], ['related', { line: 1, items: [2, 3] }]]));
    expect(lines('related: &r [SOP-1]\nsupersedes: *r\n')).toBeUndefined();
    expect(lines('? explicit\n: value\n')).toBeUndefined();
    expect(lines('tagged: !!str 12\n')).toBeUndefined();
    expect(lines('base: &b {x: 1}\nmerged:\n  <<: *b\n')).toBeUndefined();
    expect(lines('id: SOP-1\nid: SOP-2\n')).toBe('refused by js-yaml');
  });
});
