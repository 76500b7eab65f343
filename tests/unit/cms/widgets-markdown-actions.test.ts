import { describe, expect, it } from 'vitest';
import {
  insertBlocks,
  insertCallout,
  insertLink,
  insertTable,
  linkTarget,
  toggleBulletedList,
  toggleHeading,
  toggleInline,
  toggleNumberedList,
  type Edit,
} from '../../../src/cms/widgets/markdown-actions.ts';
import { parseMdx } from '../../../src/qms/mdx/parse.ts';

/** A text with its selection marked: [ and ] around the selection, | for the caret. */
function marked(text: string): Edit {
  const caret = text.indexOf('|');
  if (caret !== -1 && !text.includes('[')) return { text: text.slice(0, caret) + text.slice(caret + 1), start: caret, end: caret };
  const start = text.indexOf('[');
  const end = text.indexOf(']') - 1;
  return { text: text.slice(0, start) + text.slice(start + 1, end + 1) + text.slice(end + 2), start, end };
}

/** The edit written back with its selection marked the same way. */
function show({ text, start, end }: Edit): string {
  return start === end ? `${text.slice(0, start)}|${text.slice(start)}` : `${text.slice(0, start)}[${text.slice(start, end)}]${text.slice(end)}`;
}

describe('Bold and Italic', () => {
  it('wrap the selected word and keep it selected', () => {
    expect(show(toggleInline(marked('Wear [gloves] always.'), 'bold'))).toBe('Wear **[gloves]** always.');
    expect(show(toggleInline(marked('Wear [gloves] always.'), 'italic'))).toBe('Wear *[gloves]* always.');
  });

  it('leave spaces selected with the word outside the markers, where Markdown needs them', () => {
    expect(show(toggleInline(marked('Wear [gloves ]always.'), 'bold'))).toBe('Wear **[gloves]** always.');
  });

  it('come off again when pressed on bold text, selected inside or with its markers', () => {
    expect(show(toggleInline(marked('Wear **[gloves]** always.'), 'bold'))).toBe('Wear [gloves] always.');
    expect(show(toggleInline(marked('Wear [**gloves**] always.'), 'bold'))).toBe('Wear [gloves] always.');
    expect(show(toggleInline(marked('Wear *[gloves]* always.'), 'italic'))).toBe('Wear [gloves] always.');
  });

  it('tell bold from italic: Italic on a bold word makes it bold italic, and each comes off on its own', () => {
    expect(show(toggleInline(marked('Wear **[gloves]** now.'), 'italic'))).toBe('Wear ***[gloves]*** now.');
    expect(show(toggleInline(marked('Wear ***[gloves]*** now.'), 'bold'))).toBe('Wear *[gloves]* now.');
    expect(show(toggleInline(marked('Wear ***[gloves]*** now.'), 'italic'))).toBe('Wear **[gloves]** now.');
  });

  it('with nothing selected, insert placeholder text, selected to be typed over', () => {
    expect(show(toggleInline(marked('Wear |'), 'bold'))).toBe('Wear **[bold text]**');
  });

  it('over several lines, wrap the text of each line after its list marker or heading, and come off again', () => {
    const edit = toggleInline(marked('[- Gloves\n\n## Apron]'), 'bold');
    expect(edit.text).toBe('- **Gloves**\n\n## **Apron**');
    expect(toggleInline(edit, 'bold').text).toBe('- Gloves\n\n## Apron');
  });
});

describe('Heading', () => {
  it('puts ## at the start of the line the caret is on, and keeps the caret in its place in the text', () => {
    expect(show(toggleHeading(marked('Intro\nPur|pose\nText')))).toBe('Intro\n## Pur|pose\nText');
  });

  it('comes off again, and replaces another heading level', () => {
    expect(show(toggleHeading(marked('## Pur|pose')))).toBe('Pur|pose');
    expect(toggleHeading(marked('#### Pur|pose')).text).toBe('## Purpose');
  });
});

describe('Bulleted list and Numbered list', () => {
  it('put - before every selected line, leaving blank lines alone, and select the lines', () => {
    expect(show(toggleBulletedList(marked('Intro\n[Gloves\nApron\n\nMask]\nEnd')))).toBe('Intro\n[- Gloves\n- Apron\n\n- Mask]\nEnd');
  });

  it('take a selection that ends at the start of a line as ending on the line before', () => {
    expect(toggleBulletedList(marked('[Gloves\nApron\n]Text')).text).toBe('- Gloves\n- Apron\nText');
  });

  it('number the selected lines 1., 2., 3.', () => {
    expect(toggleNumberedList(marked('[Wash\nDry\nGlove]')).text).toBe('1. Wash\n2. Dry\n3. Glove');
  });

  it('turn a bulleted list into a numbered one and back, keeping indentation', () => {
    expect(toggleNumberedList(marked('[- Wash\n  - Dry]')).text).toBe('1. Wash\n  2. Dry');
    expect(toggleBulletedList(marked('[1. Wash\n2. Dry]')).text).toBe('- Wash\n- Dry');
  });

  it('come off again when every selected line already has them', () => {
    expect(toggleBulletedList(marked('[- Wash\n- Dry]')).text).toBe('Wash\nDry');
    expect(toggleNumberedList(marked('[1. Wash\n2. Dry]')).text).toBe('Wash\nDry');
  });

  it('start an item on an empty line, with the caret after the marker', () => {
    expect(show(toggleBulletedList(marked('Steps:\n|')))).toBe('Steps:\n- |');
  });
});

describe('Link', () => {
  it('makes the selected text a link to the address given', () => {
    expect(show(insertLink(marked('See [hand hygiene] first.'), { text: 'hand hygiene', address: '/docs/SOP-004/' }))).toBe(
      'See [hand hygiene](/docs/SOP-004/)| first.',
    );
  });

  it('takes a document ID for its page in the manual, and the address as the text when there is none', () => {
    expect(insertLink(marked('See |'), { text: '', address: 'sop-004' }).text).toBe('See [/docs/SOP-004/](/docs/SOP-004/)');
    expect(linkTarget('www.who.int')).toBe('https://www.who.int');
    expect(linkTarget('https://example.org/a b (c)')).toBe('https://example.org/a%20b%20%28c%29');
  });

  it('escapes brackets in the link text', () => {
    expect(insertLink(marked('|'), { text: 'Form [v2]', address: '/docs/FRM-001/' }).text).toBe('[Form \\[v2\\]](/docs/FRM-001/)');
  });
});

describe('Table', () => {
  it('adds a three-column table after the current line, with blank lines around it, its first heading selected', () => {
    const edit = insertTable(marked('Who does what:| here\nNext'));
    expect(edit.text).toBe('Who does what: here\n\n| Column 1 | Column 2 | Column 3 |\n| --- | --- | --- |\n|  |  |  |\n\nNext');
    expect(edit.text.slice(edit.start, edit.end)).toBe('Column 1');
    const table = parseMdx(edit.text).tree!.children[1];
    expect(table).toMatchObject({ type: 'table', children: [{ children: [{}, {}, {}] }, { children: [{}, {}, {}] }] });
  });
});

describe('Callout', () => {
  it('puts the selected lines inside a callout of the chosen type, with the blank lines MDX needs', () => {
    const edit = insertCallout(marked('## Before you start\n[Wear gloves.\nUse hand rub.]\nThen start.'), { type: 'warning', title: 'Infection risk' });
    expect(edit.text).toBe('## Before you start\n\n<Callout type="warning" title="Infection risk">\n\nWear gloves.\nUse hand rub.\n\n</Callout>\n\nThen start.');
    const callout = parseMdx(edit.text).tree!.children[1];
    expect(callout).toMatchObject({ type: 'mdxJsxFlowElement', name: 'Callout', children: [{ type: 'paragraph' }] });
  });

  it('with nothing selected, adds one after the current line with its text selected, and no title when none is given', () => {
    const edit = insertCallout(marked('Wear gloves.|'), { type: 'danger', title: '' });
    expect(edit.text).toBe('Wear gloves.\n\n<Callout type="danger">\n\nText of the callout.\n\n</Callout>\n');
    expect(edit.text.slice(edit.start, edit.end)).toBe('Text of the callout.');
  });

  it('keeps quotes in the title as text', () => {
    const edit = insertCallout(marked('|'), { type: 'note', title: 'Say "stop"' });
    const callout = parseMdx(edit.text).tree!.children[0] as { attributes: { name: string; value: string }[] };
    expect(callout.attributes.find((a) => a.name === 'title')!.value).toBe('Say "stop"');
  });
});

describe('pasted blocks', () => {
  it('replace the selection, on lines of their own, with the caret after them', () => {
    expect(show(insertBlocks(marked('Steps: [old] end'), '| A |\n| --- |'))).toBe('Steps:\n\n| A |\n| --- ||\n\nend');
  });
});
