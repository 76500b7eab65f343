import { describe, expect, it } from 'vitest';
import { KEEP_LINKS, type BodyLinks } from '../../../src/qms/import/conversion.ts';
import { htmlToMdast, htmlToMarkdown, writeMarkdown } from '../../../src/qms/import/html-to-markdown.ts';

/** A Word document's HTML (as mammoth writes it) as the body and title the manual gets. */
function convert(html: string, links: BodyLinks = KEEP_LINKS) {
  const { tree, title, notes } = htmlToMdast(html, links, { takeTitle: true, shiftHeadings: true });
  return { markdown: writeMarkdown(tree), title, notes: notes.map((n) => n.message) };
}

describe('headings and the title', () => {
  it('takes a Word Title paragraph as the title, and starts the sections at ##', () => {
    expect(convert('<h1 class="title">Blood cultures</h1><h1>Purpose</h1><p>Text.</p><h2>Detail</h2>')).toMatchObject({
      title: 'Blood cultures',
      markdown: '## Purpose\n\nText.\n\n### Detail\n',
    });
  });

  it('takes the one heading over all others as the title', () => {
    expect(convert('<h1>Falls prevention</h1><h2>Assessment</h2><h3>On admission</h3>')).toMatchObject({ title: 'Falls prevention', markdown: '## Assessment\n\n### On admission\n' });
  });

  it('takes no title from headings that are sections, and moves them under the page title', () => {
    expect(convert('<h1>Purpose</h1><p>a</p><h1>Scope</h1><p>b</p>')).toMatchObject({ title: undefined, markdown: '## Purpose\n\na\n\n## Scope\n\nb\n' });
  });
});

describe('lists, links, images and text', () => {
  it('writes bulleted and numbered lists as Markdown lists', () => {
    expect(convert('<ul><li>Wash hands</li><li>Wear gloves</li></ul><ol><li>First</li><li>Second</li></ol>').markdown).toBe('- Wash hands\n- Wear gloves\n\n1. First\n2. Second\n');
  });

  it('keeps superscript and subscript as the HTML the manual allows, and bold and italics as Markdown', () => {
    expect(convert('<p>CO<sub>2</sub>, mg/m<sup>2</sup>, <strong>stop</strong> and <em>then</em>, <s>old</s></p>').markdown).toBe('CO<sub>2</sub>, mg/m<sup>2</sup>, **stop** and *then*, ~~old~~\n');
  });

  it('writes Word footnotes as Markdown footnotes', () => {
    const html = '<p>Checked daily.<sup><a href="#footnote-1" id="footnote-ref-1">[1]</a></sup></p><ol><li id="footnote-1"><p>National standard. <a href="#footnote-ref-1">↑</a></p></li></ol>';
    expect(convert(html).markdown).toBe('Checked daily.[^1]\n\n[^1]: National standard.\n');
  });

  it('keeps links to places inside the Word document (table of contents, bookmarks) as their text, and says so', () => {
    const result = convert('<p><a href="#_Toc123">1. Purpose</a> <a id="_Ref1"></a>and <a href="https://www.who.int/">WHO</a></p>');
    expect(result.markdown).toBe('1\\. Purpose and [WHO](https://www.who.int/)\n');
    expect(result.notes).toEqual(['a link to a place inside the Word document (table of contents, cross-reference): kept as plain text']);
  });

  it('asks where links and images go, and writes the answer', () => {
    const links: BodyLinks = { link: (href) => (href === 'Forms/Audit.docx' ? '/docs/FRM-011/' : undefined), image: (src, alt) => `/attachments/sop-031/${alt.toLowerCase()}.png#${src.slice(0, 10)}` };
    expect(convert('<p><a href="Forms/Audit.docx">audit form</a> <a href="https://nhs.uk/">NHS</a></p><p><img src="data:image/png;base64,AAAA" alt="Label" /></p>', links).markdown).toBe(
      '[audit form](/docs/FRM-011/) [NHS](https://nhs.uk/)\n\n![Label](/attachments/sop-031/label.png#data:image)\n',
    );
  });
});

describe('tables', () => {
  it('makes the first row the header row, as Markdown needs one, and writes the delimiter row as the manual does', () => {
    expect(convert('<table><tr><td><p>Field</p></td><td><p>What to enter</p></td></tr><tr><td><p>Date</p></td><td><p>Day, month, year</p></td></tr></table>').markdown).toBe(
      '| Field | What to enter |\n| --- | --- |\n| Date | Day, month, year |\n',
    );
  });

  it('keeps a header row Word marked', () => {
    expect(convert('<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>').markdown).toBe('| A | B |\n| --- | --- |\n| 1 | 2 |\n');
  });

  it('writes line breaks, paragraphs and lists in a cell as lines separated by <br />, and says so', () => {
    const result = convert('<table><tr><th>Item</th><th>Expected</th></tr><tr><td><p>Pads</p><p>two sets</p></td><td><p>Green<br />no warning</p></td></tr><tr><td><ul><li>a</li><li>b</li></ul></td><td><ol><li>x</li><li>y</li></ol></td></tr></table>');
    expect(result.markdown).toBe('| Item | Expected |\n| --- | --- |\n| Pads<br />two sets | Green<br />no warning |\n| • a<br />• b | 1. x<br />2. y |\n');
    expect(result.notes).toEqual(['3 table cells hold several paragraphs or a list: written as lines in the cell']);
  });

  it('keeps the columns of a table with merged cells, and says the cells were split', () => {
    const result = convert('<table><tr><th>A</th><th>B</th></tr><tr><td colspan="2">both</td></tr><tr><td>1</td><td>2</td></tr></table>');
    expect(result.markdown).toBe('| A | B |\n| --- | --- |\n| both | |\n| 1 | 2 |\n');
    expect(result.notes).toEqual(['a merged table cell: Markdown tables cannot merge cells, so the text is in the first cell and the others are empty']);
  });

  it('writes a table inside a cell as lines', () => {
    const result = convert('<table><tr><th>A</th></tr><tr><td><table><tr><td>n1</td><td>n2</td></tr></table></td></tr></table>');
    expect(result.markdown).toBe('| A |\n| --- |\n| n1; n2 |\n');
    expect(result.notes).toContain('a table inside a table cell: written as lines, with the cells separated by ";"');
  });
});

describe('a block of HTML from a Markdown file', () => {
  it('is written as Markdown, headings as they are', () => {
    expect(htmlToMarkdown('<h3>Doses</h3><table><tr><td>Adult</td><td>1 g</td></tr></table>', KEEP_LINKS)).toEqual({ markdown: '### Doses\n\n| Adult | 1 g |\n| --- | --- |', notes: [] });
  });
});
