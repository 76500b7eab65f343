import { describe, expect, it } from 'vitest';
import { makeRandom } from '../../scripts/bench/random.ts';
import { normalizeMdxText, normalizeReadingCode } from '../../src/qms/mdx/normalize.ts';
import '../../src/qms/mdx/native-parser.ts';

/**
 * normalizeMdxText skips reading the body as Markdown (to find its code) when reading it as prose changes
 * nothing and no piece it read as one crosses where code could end. That must never change its result:
 * each text here, written to sit code against tags, braces, comments and escapes, and thousands made of
 * such pieces at random, normalizes exactly as it does with its code read first, in every mode.
 */
const MODES = ['build', 'text', 'fix'] as const;

const WRITTEN = [
  'Plain text with `code` and <abbr title="x">ab</abbr>.',
  '`<abbr` title="{x}">',
  'a `<abbr title="` b `">` c {x}',
  '<abbr title="`">x</abbr> and `{y}`',
  '```\n<br>\n{x}\n```\n<br />',
  '- ```\n  <abbr\n- title="{x}">',
  '> ```\n> {a}\n\n{b}',
  '~~~\nimport x from "y"\n~~~\n\nimport is a word',
  '\\` not code ` <span>{x}</span>',
  '<!-- `a` -->`b` {c}',
  '`a` <https://example.org/`x`> `b`',
  '<Callout type="note">\n`x` {y}\n</Callout>',
  '``a ` <br> ``{b}',
  '`` ` `` <abbr title="{x}">',
  '{/* `a` */} `b` <br>',
  '<details>\n<summary>`s`</summary>\n\n```\n{x}\n```\n</details>',
];

const PIECES = [
  '`', '``', '```', '~~~', '\n', '\n\n', '  ', '- ', '> ', 'text ', 'i', 'e', 'import x from "y"', 'export const a = 1',
  '<abbr title="x">', '<abbr title="{a}">', '</abbr>', '<br>', '<br />', '<span>', '</span>', '<Callout type="note">', '</Callout>',
  '<Chart />', '<font color="red">', '<script>', '<', '>', '{', '}', '{x}', '{a.b()}', '{/* c */}', '\\', '\\`', '\\{', '"', "'",
  '<!-- c -->', '<!--', '-->', '<https://a.example/x>', '<name@host.example>', 'a < b', '<insert ward name>',
];

describe('normalizing without reading the code first, when nothing could differ', () => {
  it.each(MODES)('gives what reading the code first gives: written cases, %s mode', (mode) => {
    for (const body of WRITTEN) expect(normalizeMdxText(body, { mode }), body).toBe(normalizeReadingCode(body, { mode }));
  });

  it.each(MODES)('gives what reading the code first gives: 1,000 texts of random pieces, %s mode', (mode) => {
    const random = makeRandom(7101);
    let unchanged = 0;
    for (let n = 0; n < 1000; n++) {
      const body = Array.from({ length: random.int(1, 14) }, () => random.pick(PIECES)).join('');
      const expected = normalizeReadingCode(body, { mode });
      expect(normalizeMdxText(body, { mode }), JSON.stringify(body)).toBe(expected);
      if (expected === body) unchanged++;
    }
    // The shortcut's case (nothing to change) is among them, not only texts the scan rewrites.
    expect(unchanged).toBeGreaterThan(100);
  }, 60_000);

  it.each(MODES)('gives what reading the code first gives: every piece opened on one side of code and closed on the other, %s mode', (mode) => {
    // Code opens (or not) before a piece, ends (or not) inside it, and something the scan rewrites follows.
    const code = ['', '`', '```\n', '~~~\n', '\n'];
    const before = ['', '- '];
    const opens = ['<abbr title="', '<!-- ', '{/* ', '\\', '<span>'];
    const rewritten = ['{x}', '<', 'import x'];
    const closes = ['">', ' -->', ' */}', '</span>', ''];
    let cases = 0;
    for (const c1 of code) for (const b of before) for (const o of opens) for (const c2 of code) for (const r of rewritten) for (const cl of closes) {
      for (const body of [c1 + b + o + c2 + r + cl, b + o + c1 + r + cl + c2, c1 + b + o + r + c2 + cl]) {
        expect(normalizeMdxText(body, { mode }), JSON.stringify(body)).toBe(normalizeReadingCode(body, { mode }));
        cases++;
      }
    }
    expect(cases).toBe(5 * 2 * 5 * 5 * 3 * 5 * 3);
    // A minute: thousands of Markdown readings, on a machine that may be running the browser tests too.
  }, 60_000);

  it('takes the shortcut for an ordinary document with code and tags: its result is the text itself', () => {
    const body = 'Wash hands for `20 s`; see <abbr title="Infection prevention and control">IPC</abbr>.\n\n```\nstep 1\n```\n';
    expect(normalizeMdxText(body)).toBe(body);
  });
});
