import { describe, expect, it } from 'vitest';
import { fieldInWords, fieldLabels } from '../../../src/cms/refusals.ts';
import { conversionNote } from '../../../src/cms/widgets/markdown-widget.ts';

describe('a refusal names each field as the editor labels it', () => {
  const labels = fieldLabels({
    collections: [
      { fields: [{ name: 'approver', label: 'Approved by' }, { name: 'clauses', label: 'ISO 7101 clauses' }, { name: 'body', label: 'Text' }] },
      { files: [{ fields: [{ name: 'review', label: 'Review', fields: [{ name: 'due_soon_days', label: 'Due soon days' }] }] }] },
    ],
  });

  it('by its label, an item of a list by its number counted from 1, and a nested field after its parent', () => {
    expect(fieldInWords('approver', labels)).toBe('Approved by');
    expect(fieldInWords('body', labels)).toBe('Text');
    expect(fieldInWords('clauses.1', labels)).toBe('ISO 7101 clauses, item 2');
    expect(fieldInWords('review.due_soon_days', labels)).toBe('Review, due soon days');
  });

  it('in words even when the configuration has no label for it, and not at all for the whole file', () => {
    expect(fieldInWords('change_summary', labels)).toBe('Change summary');
    expect(fieldInWords('', labels)).toBe('');
  });
});

describe('the note under the editor after a converted paste', () => {
  it('says what was converted', () => {
    expect(conversionNote([{ columns: 3, rows: 4 }])).toBe('The pasted table was converted to a Markdown table (3 columns, 4 rows with the heading row). Check it in the preview.');
    expect(conversionNote([{ columns: 1, rows: 1 }, { columns: 2, rows: 2 }])).toBe('The 2 pasted tables were converted to Markdown tables. Check them in the preview.');
  });
});
