/**
 * The protocol of Decap CMS's `proxy` backend (node_modules/decap-cms-backend-proxy/src/implementation.ts):
 * every request is a POST of `{ action, params }`; the answer is JSON, and a refusal is `{ error }` with a
 * 4xx or 5xx status, which Decap shows to the controller as the reason. Names and shapes here follow
 * decap-server's Git mode, which this server replaces.
 */

export class ProtocolError extends Error {
  override name = 'ProtocolError';
  readonly status: number;
  /** The body, when it is not `{ error: message }` (a missing draft is `{ message: 'Not Found' }`). */
  readonly body: Record<string, unknown>;

  constructor(status: number, message: string, body: Record<string, unknown> = { error: message }) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

/** Decap's editorial workflow: Drafts, In review, Ready. */
export const WORKFLOW_STATUSES = ['draft', 'pending_review', 'pending_publish'] as const;
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number];

export function isWorkflowStatus(value: unknown): value is WorkflowStatus {
  return (WORKFLOW_STATUSES as readonly unknown[]).includes(value);
}

/** Decap's label for a status (decap-cms-lib-util's statusToLabel), as decap-server stores it. */
const DEFAULT_LABEL_PREFIX = 'decap-cms/';
export const statusToLabel = (status: string, prefix?: string) => `${prefix || DEFAULT_LABEL_PREFIX}${status}`;
export const labelToStatus = (label: string, prefix?: string) => label.slice((prefix || DEFAULT_LABEL_PREFIX).length);

/** A change waiting for approval lives on `cms/<collection>/<slug>`; its content key is `<collection>/<slug>`. */
export const DRAFT_PREFIX = 'cms/';

export interface DraftName {
  collection: string;
  slug: string;
  branch: string;
}

export function draftName(collection: unknown, slug: unknown): DraftName {
  if (typeof collection !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(collection)) throw new ProtocolError(422, `"${String(collection)}" is not a collection name`);
  const branch = `${DRAFT_PREFIX}${collection}/${requirePath(slug, 'slug')}`;
  if (!isBranchName(branch)) throw new ProtocolError(422, `"${String(slug)}" cannot name a draft branch`);
  return { collection, slug: slug as string, branch };
}

export function draftFromContentKey(key: unknown): DraftName {
  const text = String(key);
  const at = text.indexOf('/');
  return draftName(text.slice(0, at), text.slice(at + 1));
}

/** git check-ref-format's rules, for names this server builds from what the browser sends. */
function isBranchName(name: string): boolean {
  return !/[\x00-\x20\x7f~^:?*[\\]|\.\.|@\{|\/\.|\.lock(\/|$)|\/$|\.$/.test(name) && !name.split('/').some((part) => part === '' || part.startsWith('.'));
}

/** A path inside the repository, as the CMS names files: relative, with no `..`, `.git` or empty segment. */
export function requirePath(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new ProtocolError(422, `${field} must be a path in the repository`);
  const path = value.replace(/\/+$/, '');
  const parts = path.split('/');
  if (path === '' || path.includes('\\') || /[\x00-\x1f]/.test(path) || parts.some((p) => p === '' || p === '.' || p === '..' || p.toLowerCase() === '.git')) {
    throw new ProtocolError(422, `${field} "${value}" must be a path inside the repository (relative, without ".." or ".git")`);
  }
  return path;
}

export function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw new ProtocolError(422, `${field} is required`);
  return value;
}

/** A file of an entry as Decap sends it: its text, and a new path when the entry moves. */
export interface DataFile {
  path: string;
  slug: string;
  raw: string;
  newPath?: string;
}

/** A media file as Decap sends it, base64. */
export interface Asset {
  path: string;
  content: string;
  encoding: 'base64';
}

/** A file a draft changes, as unpublishedEntry lists it. */
export interface Diff {
  oldPath: string;
  newPath: string;
  status: 'added' | 'modified' | 'renamed';
  newFile: boolean;
  path: string;
  id: string;
  binary: boolean;
}

/** A media file as the protocol carries it (getMedia, getMediaFile, unpublishedEntryMediaFile). */
export interface MediaFile {
  id: string;
  content: string;
  encoding: 'base64';
  path: string;
  name: string;
}
