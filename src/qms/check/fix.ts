import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeText } from '../base/encoding.ts';
import { listDocumentFiles, loadManual } from '../load/manual.ts';
import { isMarkdownFile, splitAtBody } from '../mdx/document-safety.ts';
import { fixMdxText } from '../mdx/normalize.ts';
import { fixDocumentLinks } from './rules/links-fix.ts';

/** A document file `npm run check -- --fix` rewrote, and what it changed. */
export interface FixedFile {
  file: string;
  changes: string[];
}

/**
 * `npm run check -- --fix`: rewrites, in each document's body, what the checker refuses but can be
 * written so the page shows what its author meant, and nothing else (the frontmatter, comments and every
 * other byte stay): code in braces and tags named like components become text (`\{…\}`, `\<Chart />`),
 * and links to document files (`../procedures/SOP-007-….mdx`) become links to their pages. A file not
 * read as UTF-8 is left alone: rewriting it would lose what its bytes meant.
 */
export function fixManual(root: string): FixedFile[] {
  const manual = loadManual(root);
  const fixed: FixedFile[] = [];
  for (const file of listDocumentFiles(root)) {
    const bytes = readFileSync(join(root, file));
    const { text, encoding } = decodeText(bytes);
    if (encoding !== 'utf-8') continue;
    const { head, body } = splitAtBody(text);
    const changes: string[] = [];
    let next = body;
    if (!isMarkdownFile(file)) {
      const asText = fixMdxText(next);
      if (asText !== next) changes.push('code in braces and unknown components written as text');
      next = asText;
    }
    const linked = fixDocumentLinks(next, file, manual);
    if (linked !== next) changes.push('links to document files made links to their pages');
    next = linked;
    if (changes.length === 0) continue;
    const byteOrderMark = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? '\uFEFF' : '';
    writeFileSync(join(root, file), byteOrderMark + head + next);
    fixed.push({ file, changes });
  }
  return fixed;
}
