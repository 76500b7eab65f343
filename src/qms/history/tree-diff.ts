import { compareEntries, nextEntry, sameOid, sameRest, sharedPrefix, treeEntryAt, type TreeCursor } from './git-objects.ts';

/** A document file that differs between two trees: `[path, blob before, blob after]`, null where absent. */
export type PathChange = [path: string, before: string | null, after: string | null];

/** The bytes of a tree object. */
export type ReadTree = (oid: string) => Promise<Buffer>;

const EMPTY = Buffer.alloc(0);

/** Documents are Markdown or MDX files; symlinks, submodules and other files are not controlled documents. */
const isDocument = (tree: Buffer, entry: TreeCursor) => entry.isFile && /\.mdx?$/.test(tree.toString('utf8', entry.name, entry.nameEnd));

/** The oid of the tree at `path` ('a/b') under `tree`, or null when there is none. */
export async function subtreeAt(read: ReadTree, tree: string, path: string): Promise<string | null> {
  let oid = tree;
  for (const name of path.split('/').filter(Boolean)) {
    const bytes = await read(oid);
    const wanted = Buffer.from(name);
    let found: TreeCursor | undefined;
    for (let entry = treeEntryAt(bytes, 0); entry; entry = treeEntryAt(bytes, nextEntry(entry))) {
      if (entry.isTree && bytes.compare(wanted, 0, wanted.length, entry.name, entry.nameEnd) === 0) {
        found = entry;
        break;
      }
    }
    if (!found) return null;
    oid = bytes.toString('hex', found.oid, found.oid + 20);
  }
  return oid;
}

/**
 * The document files that differ between two trees. Both trees are walked together in Git's entry order
 * and compared byte for byte: an entry whose oid did not change is skipped without decoding it, and a
 * subtree whose oid did not change is never opened. A commit that touches two documents therefore costs
 * a handful of tree reads and memory comparisons, whatever the size of the manual.
 */
export async function diffTrees(read: ReadTree, before: string | null, after: string | null, base: string, out: PathChange[]): Promise<void> {
  if (before === after) return;
  const [a, b] = await Promise.all([before ? read(before) : EMPTY, after ? read(after) : EMPTY]);
  // Most of two versions of a tree is the same bytes: skip the shared start, and stop once the rest is shared.
  const start = sharedPrefix(a, b);
  let x = treeEntryAt(a, start);
  let y = treeEntryAt(b, start);
  let resync = false;
  while (x || y) {
    const order = !x ? 1 : !y ? -1 : compareEntries(a, x, b, y);
    if (order === 0 && sameOid(a, x!, b, y!)) {
      if (resync && sameRest(a, x!, b, y!)) return;
      resync = false;
      x = treeEntryAt(a, nextEntry(x!));
      y = treeEntryAt(b, nextEntry(y!));
      continue;
    }
    resync = true;
    const old = order <= 0 ? x : undefined;
    const now = order >= 0 ? y : undefined;
    const name = (old ? a : b).toString('utf8', (old ?? now)!.name, (old ?? now)!.nameEnd);
    const path = base ? `${base}/${name}` : name;
    const oid = (tree: Buffer, entry: TreeCursor | undefined) => (entry ? tree.toString('hex', entry.oid, entry.oid + 20) : null);
    if (old?.isTree || now?.isTree) {
      await diffTrees(read, old?.isTree ? oid(a, old) : null, now?.isTree ? oid(b, now) : null, path, out);
    } else {
      const was = old && isDocument(a, old) ? oid(a, old) : null;
      const is = now && isDocument(b, now) ? oid(b, now) : null;
      if (was !== is) out.push([path, was, is]);
    }
    if (old) x = treeEntryAt(a, nextEntry(old));
    if (now) y = treeEntryAt(b, nextEntry(now));
  }
}

/** A small most-recently-used memo: a commit and its parent share most trees, older ones are not needed again. */
export function memoizeTrees(read: ReadTree, capacity = 64): ReadTree {
  const memo = new Map<string, Promise<Buffer>>();
  return (oid) => {
    let tree = memo.get(oid);
    if (tree) {
      memo.delete(oid);
    } else {
      tree = read(oid);
      if (memo.size >= capacity) memo.delete(memo.keys().next().value as string);
    }
    memo.set(oid, tree);
    return tree;
  };
}
