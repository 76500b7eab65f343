import type { CommitRecord } from './cache.ts';
import type { DocumentFacts } from './document-facts.ts';
import type { Revision } from './types.ts';

interface Placed {
  path: string;
  blob: string;
}

/**
 * Replays the commits oldest first, keeping which file holds which ID, and turns every change to an ID
 * into a revision. Keyed by the frontmatter `id`, so a document keeps its history when its file is moved
 * or renamed: in the same commit or not, a path that changes while the ID stays is a rename.
 *
 * A file whose frontmatter cannot be read keeps the ID its path had, so a commit that breaks the YAML
 * and the one that mends it stay in that document's history (with version null in between).
 */
export function buildRevisions(chain: readonly string[], commits: ReadonlyMap<string, CommitRecord>, documents: ReadonlyMap<string, DocumentFacts>): Map<string, Revision[]> {
  const files = new Map<string, { blob: string; id: string | null }>();
  const pathsById = new Map<string, Set<string>>();
  /** The file that stands for an ID: the one it had, while it keeps that ID (duplicates are the checker's business). */
  const primary = new Map<string, string>();
  const byId = new Map<string, Revision[]>();
  const factsOf = (blob: string): DocumentFacts => {
    const facts = documents.get(blob);
    if (!facts) throw new Error(`history cache is missing document blob ${blob}`);
    return facts;
  };
  const placed = (id: string): Placed | undefined => {
    const path = primary.get(id);
    return path === undefined ? undefined : { path, blob: files.get(path)!.blob };
  };

  for (const oid of chain) {
    const record = commits.get(oid)!;
    let date: string | undefined;
    const before = new Map<string, Placed | undefined>();
    const applied = record.changes.map(([path, , after]) => {
      const previousId = files.get(path)?.id ?? null;
      const id = after ? (factsOf(after).id ?? previousId) : null;
      for (const touched of [previousId, id]) if (touched && !before.has(touched)) before.set(touched, placed(touched));
      return { path, previousId, id, after };
    });
    for (const { path, previousId, id, after } of applied) {
      if (previousId) pathsById.get(previousId)?.delete(path);
      if (!after) {
        files.delete(path);
        continue;
      }
      files.set(path, { blob: after, id });
      if (id) (pathsById.get(id) ?? pathsById.set(id, new Set()).get(id)!).add(path);
    }
    for (const [id, was] of before) {
      const paths = pathsById.get(id) ?? new Set<string>();
      if (!paths.has(primary.get(id) ?? '')) {
        // The ID moved: prefer a file this commit wrote with it (a rename), else the first in path order.
        const written = applied.filter((c) => c.id === id && paths.has(c.path)).map((c) => c.path);
        const next = (written.length > 0 ? written : [...paths]).sort()[0];
        if (next === undefined) primary.delete(id);
        else primary.set(id, next);
      }
      const now = placed(id);
      if (!was && !now) continue;
      if (was && now && was.path === now.path && was.blob === now.blob) continue;
      const change: Revision['change'] = !was ? 'added' : !now ? 'deleted' : was.path === now.path ? 'modified' : 'renamed';
      const at = now ?? was!;
      const facts = factsOf(at.blob);
      const revisions = byId.get(id) ?? byId.set(id, []).get(id)!;
      const previous = revisions.at(-1);
      revisions.push({
        commit: oid,
        date: (date ??= isoDateTime(record.time)),
        author: record.author,
        email: record.email,
        message: record.message,
        file: at.path,
        blob: at.blob,
        version: facts.version,
        status: facts.status,
        changeSummary: facts.changeSummary,
        approved: facts.approved,
        approver: facts.approver,
        effective: facts.effective,
        withdrawn: facts.withdrawn,
        reviewBy: facts.reviewBy,
        supersedes: facts.supersedes,
        title: facts.title,
        change,
        bodyChanged: change !== 'deleted' && (!previous || previous.bodyHash !== facts.bodyHash),
        versionBumped: change !== 'deleted' && (!previous || previous.version !== facts.version),
        bodyHash: facts.bodyHash,
      });
    }
  }
  const sorted = new Map<string, Revision[]>();
  for (const id of [...byId.keys()].sort()) sorted.set(id, byId.get(id)!.reverse());
  return sorted;
}

/** 2026-03-01T10:15:00Z: UTC, to the second, as Git records it. */
export function isoDateTime(seconds: number): string {
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}Z`;
}
