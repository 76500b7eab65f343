import { describe, expect, it } from 'vitest';
import { documentGuardFindings } from '../../src/qms/mdx/document-safety.ts';
import { LIMITS } from '../../src/qms/mdx/limits.ts';

/**
 * Inputs that crashed `astro build` (SIGSEGV) or took minutes to check are refused before they are parsed,
 * with rule document-limits (QMS036). Without the limits these tests run for minutes and hit vitest's
 * timeout; how long a check takes is measured in `npm run bench`, not here.
 */
const HEAD = '---\nid: SOP-990\ntitle: Limits\ntype: procedure\nversion: 1\nstatus: draft\nowner: Head of Quality\nclauses: ["8.1"]\n---\n\n';
const nestedList = (depth: number) => Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}- level ${i + 1}`).join('\n');

const HOSTILE: Record<string, string> = {
  'a list nested 2,000 deep': nestedList(2000),
  'a list nested 300 deep': nestedList(300),
  'a line of 500 quote marks': '>'.repeat(500),
  'quotes and lists nested alternately': '> - '.repeat(60) + 'x',
  '30,000 <div> lines inside one another': `${'<div>\n'.repeat(30_000)}x\n`,
  '3,000 <span>s inside one another on one line': `${'<span>'.repeat(3000)}x`,
  'a line of 100,000 characters': 'word '.repeat(20_000),
  'a paragraph of 6,000 emphasis marks': `${'*a '.repeat(3000)}${'b* '.repeat(3000)}`,
  'a paragraph of 9,000 link brackets': `${'['.repeat(9000)}a`,
  'a document of 2 MB': 'Wash hands before and after patient contact.\n\n'.repeat(45_000),
};

describe('documents too large, deep or dense to build safely', () => {
  it.each(Object.entries(HOSTILE))('%s: refused with QMS036, nothing else read', (_, body) => {
    const findings = documentGuardFindings('content/docs/procedures/SOP-990.mdx', HEAD + body);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.code === 'QMS036')).toBe(true);
  });

  it('is refused as .md too', () => {
    expect(documentGuardFindings('content/docs/procedures/SOP-990.md', HEAD + nestedList(2000)).map((f) => f.code)).toContain('QMS036');
  });

  it('accepts documents just inside every limit', () => {
    const atLimits = [
      nestedList(LIMITS.nesting),
      `${'>'.repeat(LIMITS.nesting)} quoted`,
      `${'<span>'.repeat(LIMITS.nesting)}x${'</span>'.repeat(LIMITS.nesting)}`,
      'word '.repeat(LIMITS.lineLength / 5 - 1),
      '**b** '.repeat(LIMITS.paragraphMarks / 2),
    ];
    for (const body of atLimits) expect(documentGuardFindings('content/docs/procedures/SOP-990.mdx', HEAD + body + '\n')).toEqual([]);
  });

  it('counts a table row by row, and a list item by item, not as one paragraph', () => {
    const table = `| a | b |\n| --- | --- |\n${'| **x** | [y](/docs/SOP-004/) |\n'.repeat(LIMITS.paragraphMarks)}`;
    const list = '- **Name**: [link](/docs/SOP-004/)\n'.repeat(LIMITS.paragraphMarks);
    expect(documentGuardFindings('content/docs/procedures/SOP-990.mdx', HEAD + table).filter((f) => f.code === 'QMS036')).toEqual([]);
    expect(documentGuardFindings('content/docs/procedures/SOP-990.mdx', HEAD + list).filter((f) => f.code === 'QMS036')).toEqual([]);
  });

  it('says what is over which limit, and where', () => {
    const messages = documentGuardFindings('x.mdx', `${HEAD}${nestedList(45)}\n\n${'x'.repeat(LIMITS.lineLength + 1)}\n`).map((f) => `${f.line} ${f.message}`);
    expect(messages).toEqual([
      '51 line 51 is nested 41 levels deep in quotes and lists; at most 40 are allowed: flatten the structure',
      '52 and 4 more lines nested over 40 levels',
      `57 line 57 is ${LIMITS.lineLength + 1} characters long; a line may be at most ${LIMITS.lineLength}`,
    ]);
  });
});
