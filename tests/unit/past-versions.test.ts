import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pastVersionSource } from '../../src/site/past-versions.ts';

const data = { id: 'SOP-004', version: 3, blob: 'b'.repeat(40) };
const fixture = (name: string) => readFileSync(join(process.cwd(), 'tests/fixtures/hostile', name), 'utf8');

describe('the text of a past version, before it is rendered', () => {
  it('is the body as committed, without its frontmatter', () => {
    const source = '---\nid: SOP-004\nversion: 3\nstatus: approved\nlayout_note: kept out\n---\n\n## Purpose\n\nClean hands.\n';
    const prepared = pastVersionSource(data, 'content/docs/procedures/SOP-004-hand-hygiene.mdx', source);
    expect(prepared).toEqual({ format: 'mdx', body: '\n\n## Purpose\n\nClean hands.\n' });
  });

  it('keeps a Markdown document Markdown', () => {
    const prepared = pastVersionSource(data, 'content/docs/procedures/SOP-004.md', '---\nid: SOP-004\n---\nText.\n');
    expect(prepared).toEqual({ format: 'md', body: '\nText.\n' });
  });

  it.each([
    ['script-tag.mdx', 'QMS022'],
    ['expression-flow.mdx', 'QMS021'],
    ['import-statement.mdx', 'QMS020'],
    ['javascript-link.mdx', 'QMS024'],
  ])('is refused, never rendered, when the build guard refuses it as committed (%s)', (name, code) => {
    const prepared = pastVersionSource(data, `content/docs/procedures/${name}`, fixture(name));
    expect(prepared).toEqual({ refused: expect.arrayContaining([expect.stringMatching(new RegExp(`^${code} `))]) });
  });

  it('is refused when it shows an image by a relative address, which its page could not reach', () => {
    const prepared = pastVersionSource(data, 'content/docs/procedures/SOP-004.mdx', '---\nid: SOP-004\n---\n\n![Poster](./poster.png)\n');
    expect(prepared).toEqual({ refused: [expect.stringMatching(/^QMS039 the image or media "\.\/poster\.png" is given by a relative address.*\(line 5\)$/)] });
  });
});
