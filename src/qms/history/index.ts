/**
 * Revision history of the controlled documents, read from Git with isomorphic-git: one pass over the
 * commits, cached on disk by commit, keyed by document ID so a moved or renamed file keeps its history.
 * Without usable history (no .git, a shallow clone, an unreadable repository) the manual still builds:
 * `available` is false and `reason` says why.
 */
import { isAbsolute, join } from 'node:path';
import { splitFrontmatter } from '../base/frontmatter.ts';
import { LAYOUT } from '../base/layout.ts';
import { cacheFile, emptyCache, loadCache, saveCache, type HistoryCache } from './cache.ts';
import { RepositoryReadError } from './errors.ts';
import { extractHistory } from './extract.ts';
import { locateRepository, ObjectReader, type ObjectEngine } from './repository.ts';
import { buildRevisions } from './revisions.ts';
import type { ManualHistory } from './types.ts';

export type { HistoryStats, ManualHistory, Revision } from './types.ts';
export { changeControlBreaches, type ChangeControlBreach, type ChangeControlKind } from './change-control.ts';
export { RepositoryReadError } from './errors.ts';

export interface HistoryOptions {
  /** The project root. */
  root: string;
  /** The documents folder, relative to the root (default content/docs). */
  documentsDir?: string;
  /** Where the cache lives, relative to the root or absolute (default node_modules/.cache/qms-history). */
  cacheDir?: string;
  /** How Git objects are read: our pack reader with isomorphic-git as fallback (default), or isomorphic-git alone. */
  engine?: ObjectEngine;
}

export const DEFAULT_CACHE_DIR = 'node_modules/.cache/qms-history';

export async function readManualHistory(options: HistoryOptions): Promise<ManualHistory> {
  const { root } = options;
  const documentsDir = (options.documentsDir ?? LAYOUT.documents).replace(/^\.\//, '').replace(/\/+$/, '');
  const cacheDir = options.cacheDir ?? DEFAULT_CACHE_DIR;
  const located = locateRepository(root);
  if (!located.ok) return { available: false, reason: located.reason, byId: new Map() };
  const { repo } = located;
  try {
    const scope = [repo.projectPrefix, documentsDir].filter(Boolean).join('/');
    const file = cacheFile(isAbsolute(cacheDir) ? cacheDir : join(root, cacheDir), scope);
    const start = performance.now();
    let cache = loadCache(file, scope);
    const loaded = performance.now();
    let extraction = await extractHistory(repo, documentsDir, cache, options.engine);
    if (!isComplete(cache, extraction.chain)) {
      // A cache edited or damaged by hand can lack a document version: read everything again.
      cache = emptyCache();
      extraction = await extractHistory(repo, documentsDir, cache, options.engine);
    }
    const { head, chain, stats } = extraction;
    const extracted = performance.now();
    if (!stats.cacheHit) saveCache(file, scope, cache);
    const saved = performance.now();
    const byId = buildRevisions(chain, cache.commits, cache.documents);
    stats.ms.cache = loaded - start + (saved - extracted);
    stats.ms.revisions = performance.now() - saved;
    return { available: true, head, byId, stats };
  } catch (error) {
    // A repository that cannot be read leaves the manual without history, and says why; anything else
    // is a fault in this code, and fails the build with its stack rather than hide as "unavailable".
    if (!(error instanceof RepositoryReadError)) throw error;
    return { available: false, reason: `the Git history could not be read: ${error.message}`, byId: new Map() };
  }
}

/** Every document version the chain mentions has its facts. */
function isComplete(cache: HistoryCache, chain: readonly string[]): boolean {
  for (const oid of chain) {
    for (const [, before, after] of cache.commits.get(oid)!.changes) {
      if ((before && !cache.documents.has(before)) || (after && !cache.documents.has(after))) return false;
    }
  }
  return true;
}

/** One reader per repository, so reading the bodies of many revisions loads the pack index once. */
const readers = new Map<string, ObjectReader>();

/** The full text of a document at a revision (`Revision.blob`). */
export async function readSourceAt(root: string, blob: string): Promise<string> {
  const located = locateRepository(root);
  if (!located.ok) throw new Error(`cannot read ${blob}: ${located.reason}`);
  const { gitdir } = located.repo;
  const reader = readers.get(gitdir) ?? readers.set(gitdir, new ObjectReader(gitdir)).get(gitdir)!;
  return new TextDecoder().decode(await reader.blob(blob));
}

/** The body of a document at a revision (for the redline between versions). */
export async function readBodyAt(root: string, blob: string): Promise<string> {
  return splitFrontmatter(await readSourceAt(root, blob)).body;
}
