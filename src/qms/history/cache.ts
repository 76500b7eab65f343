import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DocumentFacts } from './document-facts.ts';
import type { PathChange } from './tree-diff.ts';

/**
 * What one commit did to the documents, compared with its first parent. A commit never changes, so its
 * record is valid forever: the cache only ever grows by the commits that are new since the last build.
 */
export interface CommitRecord {
  parents: string[];
  /** Committer time, seconds since the epoch. */
  time: number;
  /** Author, email and message are '' for a commit that changed no document: history never shows it. */
  author: string;
  email: string;
  message: string;
  /** Document files that differ from the first parent, with paths relative to the project root. */
  changes: PathChange[];
}

export interface HistoryCache {
  /** The HEAD the cache was last written at. */
  head: string | null;
  commits: Map<string, CommitRecord>;
  /** Facts of every document blob the commits mention, by blob oid. */
  documents: Map<string, DocumentFacts>;
}

/** Bump when the records or the facts change meaning, so an old cache is ignored rather than misread. */
const FORMAT = 7;

/** Rows, not objects keyed by oid: JSON.parse builds arrays much faster than objects with thousands of keys. */
type StoredCommit = [oid: string, parents: string[], time: number, author: string, email: string, message: string, changes: PathChange[]];
type StoredFacts = [blob: string, id: string | null, version: number | null, status: string | null, changeSummary: string | null, approved: string | null, approver: string | null, effective: string | null, withdrawn: string | null, reviewBy: string | null, supersedes: string[], title: string | null, bodyHash: string];

interface CacheFile {
  format: number;
  scope: string;
  head: string | null;
  commits: StoredCommit[];
  documents: StoredFacts[];
}

export const emptyCache = (): HistoryCache => ({ head: null, commits: new Map(), documents: new Map() });

/** One file per documents folder, so two manuals in one repository do not share records. */
export function cacheFile(cacheDir: string, scope: string): string {
  return join(cacheDir, `history-${createHash('sha1').update(scope).digest('hex').slice(0, 12)}.json`);
}

/** A missing, unreadable or outdated cache is an empty one: the history is then read in full. */
export function loadCache(file: string, scope: string): HistoryCache {
  let parsed: CacheFile;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
  } catch {
    return emptyCache();
  }
  if (parsed?.format !== FORMAT || parsed.scope !== scope || !Array.isArray(parsed.commits) || !Array.isArray(parsed.documents)) return emptyCache();
  const cache = emptyCache();
  cache.head = parsed.head ?? null;
  for (const [oid, parents, time, author, email, message, changes] of parsed.commits) cache.commits.set(oid, { parents, time, author, email, message, changes });
  for (const [blob, id, version, status, changeSummary, approved, approver, effective, withdrawn, reviewBy, supersedes, title, bodyHash] of parsed.documents) {
    cache.documents.set(blob, { id, version, status, changeSummary, approved, approver, effective, withdrawn, reviewBy, supersedes, title, bodyHash });
  }
  return cache;
}

/**
 * Written to a temporary file and renamed, so a build killed mid-write leaves the old cache, never half a
 * file. A cache that cannot be written (read-only checkout) only costs the next build a full read.
 */
export function saveCache(file: string, scope: string, cache: HistoryCache): boolean {
  const data: CacheFile = {
    format: FORMAT,
    scope,
    head: cache.head,
    commits: Array.from(cache.commits, ([oid, c]) => [oid, c.parents, c.time, c.author, c.email, c.message, c.changes]),
    documents: Array.from(cache.documents, ([blob, f]) => [blob, f.id, f.version, f.status, f.changeSummary, f.approved, f.approver, f.effective, f.withdrawn, f.reviewBy, f.supersedes, f.title, f.bodyHash]),
  };
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temporary, JSON.stringify(data));
    renameSync(temporary, file);
    return true;
  } catch {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // The folder itself could not be made: there is no temporary file to remove.
    }
    return false;
  }
}
