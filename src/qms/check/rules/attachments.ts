import type { Finding } from '../../findings/finding.ts';
import { publicFileOfHref } from '../../base/layout.ts';
import type { Check, ManualInput } from './rule.ts';

/*
 * Attached files are parts of their documents (ISO 7101 asks that changes to documented information are
 * controlled): each is listed, with the SHA-256 it was approved with, in its document's frontmatter.
 * These rules find a file changed, added or removed outside an approval, from the files themselves, so
 * a change made outside the CMS is caught too.
 */

/** A listed file that differs from its approved fingerprint. */
export const attachmentsChanged: Check<ManualInput> = ({ manual }, found) =>
  manual.documents.flatMap((doc) =>
    doc.data.attachments.flatMap((attachment, i) => {
      const file = manual.attachments.get(attachment.file);
      if (!file || attachment.sha256 === undefined || file.sha256 === attachment.sha256) return [];
      return [
        found(
          { file: doc.file, line: doc.source.positions.lineOf(['attachments', i, 'sha256']), field: `attachments.${i}.sha256`, documentId: doc.data.id },
          `${file.file} is not the file ${doc.data.id} version ${doc.data.version} was approved with (its SHA-256 is ${file.sha256.slice(0, 12)}…, approved ${attachment.sha256.slice(0, 12)}…): it was changed outside an approval`,
        ),
      ];
    }),
  );

/** A file in public/attachments/ that no document lists: nobody approved it. */
export const attachmentsUnlisted: Check<ManualInput> = ({ manual }, found) => {
  const listed = new Set(manual.documents.flatMap((d) => d.data.attachments.map((a) => a.file)));
  // A document whose frontmatter is invalid still owns its folder: its problem is reported on its own.
  // (The CMS names a document's folder after its ID in lower case.)
  const valid = new Set(manual.documents.map((d) => d.data.id));
  const invalid = new Set([...manual.declaredIds.values()].filter((id) => !valid.has(id)).map((id) => id.toLowerCase()));
  return [...manual.attachments.values()]
    .filter((file) => !listed.has(file.href) && !invalid.has((file.href.split('/')[2] ?? '').toLowerCase()))
    .map((file) => found({ file: file.file }, `${file.href} belongs to no document: no approval covers it, yet staff can open it`));
};

const LINKED_FILE = /\]\(\s*<?(\/(?:attachments|media)\/[^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;

/** A listed attachment, or a file linked in the text, that the site does not have. */
export const attachmentsMissing: Check<ManualInput> = ({ manual }, found) =>
  manual.documents.flatMap((doc) => {
    const findings: Finding[] = [];
    doc.data.attachments.forEach((attachment, i) => {
      if (manual.attachments.has(attachment.file)) return;
      findings.push(
        found(
          { file: doc.file, line: doc.source.positions.lineOf(['attachments', i, 'file']), field: `attachments.${i}.file`, documentId: doc.data.id },
          `${doc.data.id} lists ${attachment.file}, but ${publicFileOfHref(attachment.file)} does not exist`,
        ),
      );
    });
    // Most texts link to no file: only one that names /attachments/ or /media/ is read line by line.
    if (!doc.body.includes('/attachments/') && !doc.body.includes('/media/')) return findings;
    let fence = false;
    doc.body.split('\n').forEach((text, i) => {
      if (/^\s*(```|~~~)/.test(text)) fence = !fence;
      if (fence) return;
      for (const m of text.replace(/`[^`]*`/g, (code) => ' '.repeat(code.length)).matchAll(LINKED_FILE)) {
        const href = decodeURI(m[1].split(/[?#]/)[0]);
        if (manual.attachments.has(href)) continue;
        findings.push(
          found(
            { file: doc.file, line: doc.bodyLine + i, column: m.index + 1, field: 'body', documentId: doc.data.id },
            `the text links to ${href}, which is not a file of the manual${href.startsWith('/attachments/') ? '' : ' (attached files are served from /attachments/<document>/)'}`,
          ),
        );
      }
    });
    return findings;
  });
