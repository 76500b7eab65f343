import { describe, expect, it } from 'vitest';
import { findPlaceholders, startsWithControlTable } from '../../../src/qms/import/checklist.ts';

describe('placeholders a template leaves to fill in', () => {
  it('are found with their lines, as the reader will see them', () => {
    const body = 'Visit [insert ward name] daily.\nKeep below \\{limit\\}.\nWard: \\<enter ward name>. Score XX or TBC.\nSigned [Name] on [Date].\n';
    expect(findPlaceholders(body, 10)).toEqual([
      { line: 10, text: '[insert ward name]' },
      { line: 11, text: '{limit}' },
      { line: 12, text: '<enter ward name>' },
      { line: 12, text: 'XX' },
      { line: 12, text: 'TBC' },
      { line: 13, text: '[Name]' },
      { line: 13, text: '[Date]' },
    ]);
  });

  it('are not link texts, task boxes, footnotes or code', () => {
    expect(findPlaceholders('[Name of the form](/docs/FRM-001/), - [ ] done, note[^1], `[insert x]`\n```\n[insert y]\n```\n')).toEqual([]);
  });
});

describe('a document-control table', () => {
  it('is a table before the first heading with version, owner or dates', () => {
    expect(startsWithControlTable('| Author | J. Smith |\n| --- | --- |\n| Next review | 2027 |\n\n## Purpose\n')).toBe(true);
    expect(startsWithControlTable('Intro.\n\n| Version | Approved by |\n| --- | --- |\n')).toBe(true);
  });

  it('is not a table of content after the first heading, nor one without those words', () => {
    expect(startsWithControlTable('## Purpose\n\n| Version | Approved by |\n| --- | --- |\n')).toBe(false);
    expect(startsWithControlTable('| Bottle | Volume |\n| --- | --- |\n')).toBe(false);
  });
});
