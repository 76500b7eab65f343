import type { CommitRecord, HistoryCache } from './cache.ts';
import { blobFacts } from './document-facts.ts';
import { ObjectReader, resolveHead, type ObjectEngine, type Repository } from './repository.ts';
import { diffTrees, memoizeTrees, subtreeAt, type PathChange } from './tree-diff.ts';
import type { HistoryStats } from './types.ts';

export interface Extraction {
  head: string | undefined;
  /** The first-parent chain from the root commit to HEAD, oldest first; every oid has a record in the cache. */
  chain: string[];
  stats: HistoryStats;
}

/**
 * Brings the cache up to HEAD in one pass over the commits: walks the first-parent chain from HEAD back to
 * the first commit the cache already holds, diffing each commit's documents folder against its first
 * parent's (a merge therefore counts as one change, the moment its content entered the branch), then reads
 * each new document blob once. The cache is updated in place, pruned to the commits on the chain.
 */
export async function extractHistory(repo: Repository, documentsDir: string, cache: HistoryCache, engine: ObjectEngine = 'native'): Promise<Extraction> {
  const stats: HistoryStats = { commitsRead: 0, blobsRead: 0, commitsCached: 0, cacheHit: false, ms: { cache: 0, commits: 0, documents: 0, revisions: 0 } };
  const head = await resolveHead(repo);
  if (!head) {
    cache.head = null;
    cache.commits.clear();
    cache.documents.clear();
    return { head, chain: [], stats };
  }
  const reader = new ObjectReader(repo.gitdir, engine);
  try {
    const start = performance.now();
    let fresh: string[] = [];
    if (cache.head === head && cache.commits.has(head)) {
      stats.cacheHit = true;
    } else {
      fresh = await readNewCommits(reader, repo, documentsDir, head, cache);
    }
    let chain = firstParentChain(cache, head);
    if (!chain) {
      // Only a damaged cache can lose a commit from the middle of a chain: start again from nothing.
      cache.commits.clear();
      cache.documents.clear();
      stats.cacheHit = false;
      fresh = await readNewCommits(reader, repo, documentsDir, head, cache);
      chain = firstParentChain(cache, head) ?? [];
    }
    stats.commitsRead = fresh.length;
    stats.commitsCached = chain.length - fresh.length;
    const walked = performance.now();
    stats.ms.commits = walked - start;
    stats.blobsRead = await readNewDocuments(reader, fresh, cache);
    // The chain holds every cached commit unless HEAD moved to another branch or history was rewritten.
    if (cache.commits.size > chain.length) prune(cache, chain);
    stats.ms.documents = performance.now() - walked;
    cache.head = head;
    return { head, chain, stats };
  } finally {
    reader.close();
  }
}

/** Reads the commits from HEAD back to the first one the cache holds; returns their oids. */
async function readNewCommits(reader: ObjectReader, repo: Repository, documentsDir: string, head: string, cache: HistoryCache): Promise<string[]> {
  const readTree = memoizeTrees((oid) => reader.tree(oid));
  const scope = [repo.projectPrefix, documentsDir].filter(Boolean).join('/');
  const fresh: string[] = [];
  let oid: string | undefined = head;
  let commit = await reader.commit(head);
  while (oid && !cache.commits.has(oid)) {
    const parent: string | undefined = commit.parents[0];
    const parentCommit = parent ? await reader.commit(parent) : undefined;
    const after = await subtreeAt(readTree, commit.tree, scope);
    const before = parentCommit ? await subtreeAt(readTree, parentCommit.tree, scope) : null;
    const changes: PathChange[] = [];
    await diffTrees(readTree, before, after, documentsDir, changes);
    // Most commits of a real project touch code, not documents: for those only the parents are kept.
    const record: CommitRecord =
      changes.length > 0
        ? { parents: commit.parents, time: commit.time, author: commit.author, email: commit.email, message: commit.message, changes }
        : { parents: commit.parents, time: commit.time, author: '', email: '', message: '', changes };
    cache.commits.set(oid, record);
    fresh.push(oid);
    oid = parent;
    if (parentCommit) commit = parentCommit;
  }
  return fresh;
}

/** Oldest first; undefined when a commit on the way is missing from the cache. */
function firstParentChain(cache: HistoryCache, head: string): string[] | undefined {
  const chain: string[] = [];
  for (let oid: string | undefined = head; oid; ) {
    const record = cache.commits.get(oid);
    if (!record) return undefined;
    chain.push(oid);
    oid = record.parents[0];
  }
  return chain.reverse();
}

/** Reads and parses each document blob the new commits mention that the cache does not know yet. */
async function readNewDocuments(reader: ObjectReader, commits: string[], cache: HistoryCache): Promise<number> {
  let read = 0;
  for (const oid of commits) {
    for (const [, before, after] of cache.commits.get(oid)!.changes) {
      for (const blob of [before, after]) {
        if (!blob || cache.documents.has(blob)) continue;
        cache.documents.set(blob, blobFacts(await reader.blob(blob)));
        read++;
      }
    }
  }
  return read;
}

/** Keeps only what the current chain needs, so a cache does not grow with every rebased or abandoned branch. */
function prune(cache: HistoryCache, chain: string[]): void {
  const onChain = new Set(chain);
  const blobs = new Set<string>();
  for (const oid of [...cache.commits.keys()]) {
    if (!onChain.has(oid)) {
      cache.commits.delete(oid);
      continue;
    }
    for (const [, before, after] of cache.commits.get(oid)!.changes) {
      if (before) blobs.add(before);
      if (after) blobs.add(after);
    }
  }
  for (const blob of [...cache.documents.keys()]) if (!blobs.has(blob)) cache.documents.delete(blob);
}
