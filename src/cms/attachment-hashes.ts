import { hrefOfPublicFile } from '../qms/base/layout.ts';
import { readDocumentFile, writeDocumentFile } from '../qms/cms/document-file.ts';
import type { Asset } from './host.ts';

/**
 * An attached file is approved with its document: the document lists it with its SHA-256, which the
 * checker compares with the file in the repository (rules attachment-changed, -unlisted, -missing). When a
 * save uploads files, their fingerprints are written into the document being saved, so the draft and then
 * the approval record exactly the files that were uploaded.
 */
export async function withAttachmentHashes(raw: string, assets: readonly Asset[]): Promise<string> {
  const entry = readDocumentFile(raw);
  const listed = Array.isArray(entry.attachments) ? entry.attachments : [];
  if (listed.length === 0 || assets.length === 0) return raw;
  const uploaded = new Map(assets.map((asset) => [hrefOfPublicFile(asset.path), asset]));
  let changed = false;
  const attachments = await Promise.all(
    listed.map(async (attachment) => {
      const asset = typeof attachment?.file === 'string' ? uploaded.get(attachment.file) : undefined;
      if (!asset) return attachment;
      const sha256 = await fingerprint(asset);
      if (attachment.sha256 !== sha256) changed = true;
      return { ...attachment, sha256 };
    }),
  );
  return changed ? writeDocumentFile({ ...entry, attachments }) : raw;
}

async function fingerprint(asset: Asset): Promise<string> {
  const bytes = asset.fileObj ? await asset.fileObj.arrayBuffer() : Uint8Array.from(atob(await asset.toBase64!()), (c) => c.charCodeAt(0)).buffer;
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
