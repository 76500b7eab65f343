import { createHash } from 'node:crypto';
import { toIsoDate } from '../base/dates.ts';
import { declaredId, parseYaml, splitFrontmatter } from '../base/frontmatter.ts';

/**
 * What history needs from one version of a document file: enough to key it by ID, tell whether its
 * body changed, check change control and keep that version's approval record (who approved it and when,
 * as its own frontmatter says). Cached per blob, so each blob is read and parsed once, ever.
 */
export interface DocumentFacts {
  /** The frontmatter `id`; null when the frontmatter cannot be read and no `id:` line is found. */
  id: string | null;
  version: number | null;
  status: string | null;
  changeSummary: string | null;
  /** The approval record of this version, from its frontmatter (null when absent or unreadable). */
  approved: string | null;
  approver: string | null;
  /** The day this version takes effect, from its frontmatter. */
  effective: string | null;
  withdrawn: string | null;
  /** The day this version's review falls due, from its frontmatter (null when left to the settings' interval). */
  reviewBy: string | null;
  /** The documents this version replaces once it is in force. */
  supersedes: string[];
  title: string | null;
  bodyHash: string;
}

export function documentFacts(source: string): DocumentFacts {
  const split = splitFrontmatter(source);
  return factsOf(split.hasFrontmatter ? split.frontmatter : undefined, bodyHash(split.body));
}

/**
 * The same facts from a blob's bytes. History reads thousands of document versions, so the usual case
 * (LF line endings, the frontmatter found the way splitFrontmatter finds it) is read in place: only the
 * frontmatter is decoded, and the body is hashed as bytes, which for UTF-8 text equals hashing the decoded
 * text. Anything else (a carriage return, a body that ends in non-ASCII) takes the string path.
 */
export function blobFacts(bytes: Buffer): DocumentFacts {
  const firstEnd = bytes.indexOf(LF);
  const fence = firstEnd === -1 ? -1 : bytes.indexOf(FENCE_LINE, firstEnd);
  if (fence === -1 || bytes.indexOf(CR) !== -1 || !isOpeningFence(bytes, firstEnd)) return documentFacts(bytes.toString('utf8'));
  const bodyNewline = bytes.indexOf(LF, fence + 1);
  let end = bytes.length;
  while (end > 0 && isAsciiSpace(bytes[end - 1])) end--;
  const bodyStart = bodyNewline === -1 ? end : Math.min(bodyNewline + 1, end);
  if (end > bodyStart && bytes[end - 1] >= 0x80) return documentFacts(bytes.toString('utf8'));
  const frontmatter = fence > firstEnd + 1 ? bytes.toString('utf8', firstEnd + 1, fence) : '';
  return factsOf(frontmatter, createHash('sha1').update(bytes.subarray(bodyStart, end)).digest('hex'));
}

const LF = 0x0a;
const CR = 0x0d;
/** A line that starts with --- ends the frontmatter (as in splitFrontmatter). */
const FENCE_LINE = Buffer.from('\n---');
const isAsciiSpace = (byte: number) => byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);

/** The first line is --- and nothing but spaces or tabs after it. */
function isOpeningFence(bytes: Buffer, lineEnd: number): boolean {
  if (lineEnd < 3 || bytes[0] !== 0x2d || bytes[1] !== 0x2d || bytes[2] !== 0x2d) return false;
  for (let i = 3; i < lineEnd; i++) if (bytes[i] !== 0x20 && bytes[i] !== 0x09) return false;
  return true;
}

function factsOf(frontmatter: string | undefined, hash: string): DocumentFacts {
  const facts: DocumentFacts = { id: null, version: null, status: null, changeSummary: null, approved: null, approver: null, effective: null, withdrawn: null, reviewBy: null, supersedes: [], title: null, bodyHash: hash };
  if (frontmatter === undefined) return facts;
  const fields = readFields(frontmatter);
  // Attached files are parts of the document: a changed file (its path or fingerprint) is a change to the content.
  const attachments = Array.isArray(fields?.attachments) ? fields.attachments.map((a: { file?: unknown; sha256?: unknown }) => [a?.file ?? null, a?.sha256 ?? null]) : [];
  if (attachments.length > 0) facts.bodyHash = createHash('sha1').update(`${hash}\u0000${JSON.stringify(attachments)}`).digest('hex');
  if (!fields) {
    facts.id = declaredId(frontmatter) ?? null;
    return facts;
  }
  facts.id = typeof fields.id === 'string' ? fields.id : (declaredId(frontmatter) ?? null);
  facts.version = typeof fields.version === 'number' && Number.isInteger(fields.version) ? fields.version : null;
  facts.status = typeof fields.status === 'string' ? fields.status : null;
  facts.changeSummary = typeof fields.change_summary === 'string' && fields.change_summary.trim() !== '' ? fields.change_summary.trim() : null;
  facts.approver = typeof fields.approver === 'string' && fields.approver.trim() !== '' ? fields.approver.trim() : null;
  facts.approved = dateOf(fields.approved);
  facts.effective = dateOf(fields.effective);
  facts.withdrawn = dateOf(fields.withdrawn);
  facts.reviewBy = dateOf(fields.review_by);
  facts.supersedes = Array.isArray(fields.supersedes) ? fields.supersedes.filter((id): id is string => typeof id === 'string') : [];
  facts.title = typeof fields.title === 'string' && fields.title.trim() !== '' ? fields.title.trim() : null;
  return facts;
}

/** A date as js-yaml reads it (a Date when unquoted), as YYYY-MM-DD; null when absent or not a date. */
function dateOf(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : toIsoDate(value);
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
}

/** The fields history reads: top-level keys, each with its indented continuation lines. */
const WANTED = /^(id|title|version|status|change_summary|approved|approver|effective|withdrawn|review_by|supersedes|attachments)[ \t]*:/;

/**
 * Parses only the lines of the fields history needs, with the same YAML parser as the build: a
 * document's frontmatter is mostly lists (clauses, departments, related) that history never looks at,
 * and this is most of the cost of reading 5,000 document versions. When the subset does not parse on its
 * own (an alias to another field, say) or lacks the id, the whole frontmatter is parsed as usual.
 */
function readFields(frontmatter: string): Record<string, unknown> | undefined {
  const lines = frontmatter.split('\n');
  const wanted: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!WANTED.test(lines[i])) continue;
    wanted.push(lines[i]);
    while (i + 1 < lines.length && /^([ \t]|\r?$)/.test(lines[i + 1])) wanted.push(lines[++i]);
  }
  const subset = parseObject(wanted.join('\n'));
  if (subset && typeof subset.id === 'string') return subset;
  return parseObject(frontmatter);
}

function parseObject(yamlText: string): Record<string, unknown> | undefined {
  try {
    const data = parseYaml(yamlText);
    return (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/**
 * Line endings and trailing whitespace at the end do not change what a reader sees, so a checkout with
 * CRLF or an editor that adds a final newline is not a change to the body.
 */
export function bodyHash(body: string): string {
  return createHash('sha1').update(body.replace(/\r\n/g, '\n').trimEnd()).digest('hex');
}
