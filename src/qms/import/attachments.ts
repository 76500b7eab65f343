import { createHash } from 'node:crypto';
import { LAYOUT, hrefOfPublicFile } from '../base/layout.ts';

/**
 * The files a converted document brings with it (its images, the files it links to): each becomes an
 * attached file of the document, in public/attachments/<id>/, listed with its SHA-256 in the frontmatter,
 * as the CMS stores them.
 */
export interface AttachedFile {
  /** Where it is written, relative to the project root: public/attachments/sop-031/bottle-labels.png. */
  file: string;
  /** Where the site serves it, as the document lists and links it: /attachments/sop-031/bottle-labels.png. */
  href: string;
  sha256: string;
  bytes: Uint8Array;
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A file name as the CMS writes it: lower case, no spaces or accents ("Ward Plan (v2).PNG" → ward-plan-v2.png). */
export function safeFileName(name: string): string {
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot + 1)] : [name, ''];
  const clean = (part: string) => part.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const safeStem = clean(stem).slice(0, 60).replace(/-+$/, '') || 'file';
  const safeExtension = clean(extension);
  return safeExtension ? `${safeStem}.${safeExtension}` : safeStem;
}

const EXTENSION_OF_TYPE: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/bmp': 'bmp',
  'image/tiff': 'tif',
  'image/svg+xml': 'svg',
  'image/x-emf': 'emf',
  'image/x-wmf': 'wmf',
};

/** The bytes and type of a `data:` URL (how mammoth hands over a Word file's images); undefined if it is not base64 data. */
export function decodeDataUrl(url: string): { contentType: string; extension: string; bytes: Uint8Array } | undefined {
  const match = /^data:([\w.+-]+\/[\w.+-]+)(?:;[^;,]*)*;base64,([A-Za-z0-9+/=\s]*)$/i.exec(url);
  if (!match) return undefined;
  const contentType = match[1].toLowerCase();
  return { contentType, extension: EXTENSION_OF_TYPE[contentType] ?? 'bin', bytes: new Uint8Array(Buffer.from(match[2], 'base64')) };
}

/** The attached files of one document, each file once (the same image twice is one file) under a name of its own. */
export class AttachedFiles {
  readonly files: AttachedFile[] = [];
  readonly #folder: string;

  constructor(documentId: string) {
    this.#folder = `${LAYOUT.attachments}/${documentId.toLowerCase()}`;
  }

  /** Attaches the bytes under (a safe form of) the name, and answers the path to link it by. */
  add(name: string, bytes: Uint8Array): string {
    const fingerprint = sha256(bytes);
    const same = this.files.find((f) => f.sha256 === fingerprint);
    if (same) return same.href;
    const safe = safeFileName(name);
    const dot = safe.lastIndexOf('.');
    const [stem, extension] = dot > 0 ? [safe.slice(0, dot), safe.slice(dot)] : [safe, ''];
    let candidate = safe;
    for (let n = 2; this.files.some((f) => f.file === `${this.#folder}/${candidate}`); n++) candidate = `${stem}-${n}${extension}`;
    const file = `${this.#folder}/${candidate}`;
    const attached = { file, href: hrefOfPublicFile(file), sha256: fingerprint, bytes };
    this.files.push(attached);
    return attached.href;
  }
}
