import { describe, expect, it } from 'vitest';
import { KEEP_LINKS, type BodyLinks } from '../../../src/qms/import/conversion.ts';
import { convertMarkdown } from '../../../src/qms/import/markdown.ts';

const convert = (text: string, links: BodyLinks = KEEP_LINKS) => convertMarkdown(text, links);

describe('a Markdown document, kept as written', () => {
  it('changes nothing the manual does not need changed', () => {
    const text = 'Intro with *emphasis*, a  double space and a [link](https://nhs.uk "NHS").\n\n## Purpose\n\n* star bullets\n* kept\n\n| a | b |\n|---|---|\n| 1 | 2 |\n';
    expect(convert(text)).toEqual({ body: text, notes: [] });
  });

  it('takes no title from a lone section heading after an introduction', () => {
    expect(convert('Intro.\n\n## Purpose\n\nText.\n')).toEqual({ body: 'Intro.\n\n## Purpose\n\nText.\n', notes: [] });
  });

  it('takes the title heading out, with the blank lines after it', () => {
    expect(convert('# Blood cultures\n\n\n## Purpose\n\nText.\n')).toEqual({ body: '## Purpose\n\nText.\n', title: 'Blood cultures', notes: [] });
  });

  it('takes the title from front matter written by another tool, and names the other fields it leaves out', () => {
    expect(convert('---\ntitle: Blood cultures\nauthor: J. Smith\n---\n\n# Blood cultures\n\n## Purpose\n')).toEqual({
      body: '## Purpose\n',
      title: 'Blood cultures',
      notes: [{ kind: 'lost', message: "the source's front matter (author) was left out; carry over what the manual's fields need" }],
    });
  });

  it('moves section headings to start at ##, a Setext heading written as ##', () => {
    expect(convert('# Before you start\n\nText.\n\nCleaning\n========\n\n## Soiled\n').body).toBe('## Before you start\n\nText.\n\n## Cleaning\n\n### Soiled\n');
  });

  it('reads Windows line endings and a byte-order mark', () => {
    expect(convert('\uFEFF# Title here\r\n\r\nText.\r\n')).toEqual({ body: 'Text.\n', title: 'Title here', notes: [] });
  });
});

describe('images and links', () => {
  const links: BodyLinks = {
    link: (href) => ({ 'other.md': '/docs/SOP-002/', 'forms/audit sheet.pdf': '/attachments/sop-001/audit-sheet.pdf' })[href],
    image: (src) => (src.startsWith('images/') ? `/attachments/sop-001/${src.slice(7)}` : undefined),
  };

  it('points images at the attached files and links at the pages and files they mean', () => {
    const text = 'See [the other](other.md "Other") and [sheet](<forms/audit sheet.pdf>), ![Plan](images/plan.png), [web](https://nhs.uk).\n';
    expect(convert(text, links).body).toBe('See [the other](/docs/SOP-002/ "Other") and [sheet](/attachments/sop-001/audit-sheet.pdf), ![Plan](/attachments/sop-001/plan.png), [web](https://nhs.uk).\n');
  });

  it('rewrites reference definitions, as images or links by how they are used', () => {
    expect(convert('![Plan][p] and [other][o]\n\n[p]: images/plan.png\n[o]: other.md\n', links).body).toBe('![Plan][p] and [other][o]\n\n[p]: /attachments/sop-001/plan.png\n[o]: /docs/SOP-002/\n');
  });

  it('writes an HTML image as a Markdown image', () => {
    expect(convert('Logo: <img src="images/logo.png" alt="Logo" width="40">\n', links).body).toBe('Logo: ![Logo](/attachments/sop-001/logo.png)\n');
  });
});

describe('HTML in Markdown', () => {
  it('closes <br> in tables and text', () => {
    expect(convert('| a |\n| --- |\n| x<br>y<BR/>z |\n').body).toBe('| a |\n| --- |\n| x<br />y<br />z |\n');
  });

  it('keeps an HTML comment as an MDX comment, so a note to the editor stays one', () => {
    expect(convert('<!-- Replace {ward} before use */ -->\n\nText <!-- inline -->.\n').body).toBe('{/* Replace (ward) before use * / */}\n\nText {/* inline */}.\n');
  });

  it('writes a block of HTML as Markdown, pointing its images like any other', () => {
    const links: BodyLinks = { link: () => undefined, image: () => '/attachments/sop-001/x.png' };
    expect(convert('Before.\n\n<table><tr><td><b>Dose</b></td><td><img src="x.png" alt="X"></td></tr></table>\n\nAfter.\n', links).body).toBe('Before.\n\n| **Dose** | ![X](/attachments/sop-001/x.png) |\n| --- | --- |\n\nAfter.\n');
  });

  it('leaves HTML the manual allows as it is', () => {
    const text = '<details>\n<summary>More</summary>\n\nHidden.\n\n</details>\n\nPress <kbd>Ctrl</kbd>.\n';
    expect(convert(text).body).toBe(text);
  });

  it('leaves a script, a frame or an event handler exactly as written, for the checker to refuse', () => {
    const text = "<script>alert('x')</script>\n\n<iframe src=\"https://x.example\"></iframe>\n\n<table onclick=\"go()\"><tr><td>a</td></tr></table>\n\n<p><a href=\"javascript:go()\">x</a></p>\n";
    expect(convert(text).body).toBe(text);
  });
});
