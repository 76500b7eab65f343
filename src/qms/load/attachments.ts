import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { hrefOfPublicFile, LAYOUT } from '../base/layout.ts';

/** A file in public/attachments/, as the site serves it. */
export interface AttachmentFile {
  /** The path staff open it at: /attachments/FRM-011/form.pdf. */
  href: string;
  /** The path in the repository: public/attachments/FRM-011/form.pdf. */
  file: string;
  size: number;
  sha256: string;
}

/** Every file under public/attachments/, read and fingerprinted once, by served path. */
export function loadAttachmentFiles(root: string): Map<string, AttachmentFile> {
  const dir = join(root, LAYOUT.attachments);
  const files = new Map<string, AttachmentFile>();
  if (!existsSync(dir)) return files;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const absolute = join(entry.parentPath, entry.name);
    const file = relative(root, absolute).split('\\').join('/');
    const bytes = readFileSync(absolute);
    files.set(hrefOfPublicFile(file), { href: hrefOfPublicFile(file), file, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  }
  return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}
