import { describe, expect, it } from 'vitest';
import { redline } from '../../src/qms/redline.ts';

describe('the redline between two versions of a body', () => {
  it('shows a changed word inside its line, not the whole line retyped', () => {
    const result = redline('Reply within 30 working days.\n', 'Reply within 25 working days.\n');
    expect(result.blocks).toEqual([
      {
        kind: 'lines',
        segments: [
          { change: 'same', text: 'Reply within ' },
          { change: 'removed', text: '30' },
          { change: 'added', text: '25' },
          { change: 'same', text: ' working days.' },
        ],
      },
    ]);
    expect([result.wordsAdded, result.wordsRemoved, result.identical]).toEqual([1, 1, false]);
  });

  it('shows an added line as inserted and a deleted line as deleted', () => {
    const result = redline('## Scope\n\nAll wards.\n', '## Scope\n\nAll wards.\n\nIncludes the satellite clinic.\n');
    expect(result.blocks.at(-1)).toEqual({ kind: 'lines', segments: [{ change: 'added', text: 'Includes the satellite clinic.' }] });
    const removed = redline('One.\n\nTwo.\n', 'One.\n');
    expect(removed.blocks.flatMap((b) => (b.kind === 'lines' ? b.segments : [])).filter((s) => s.change === 'removed')).toEqual([{ change: 'removed', text: 'Two.' }]);
  });

  it('folds unchanged lines far from any change', () => {
    const before = Array.from({ length: 20 }, (_, i) => `Line ${i + 1}`).join('\n');
    const after = before.replace('Line 20', 'Line twenty');
    const result = redline(before, after);
    expect(result.blocks[0]).toEqual({ kind: 'folded', lines: 17 });
    expect(result.blocks.filter((b) => b.kind === 'lines')).toHaveLength(3);
  });

  it('says when nothing changed, ignoring line endings and surrounding blank lines', () => {
    const result = redline('\nSame text.\r\n', 'Same text.\n\n');
    expect(result.identical).toBe(true);
    expect(result.wordsAdded + result.wordsRemoved).toBe(0);
  });
});
