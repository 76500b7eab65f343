/** Git's commit and tree formats, read straight from object bytes. */
import { RepositoryReadError } from './errors.ts';

export interface CommitInfo {
  tree: string;
  parents: string[];
  author: string;
  email: string;
  /** Committer time, seconds since the epoch. */
  time: number;
  /** The message, trimmed. */
  message: string;
}

const PERSON = /^(.*) <(.*)> (-?\d+) [+-]\d{4}$/;

export function parseCommit(data: Uint8Array, oid: string): CommitInfo {
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  const end = text.indexOf('\n\n');
  const headers = (end === -1 ? text : text.slice(0, end)).split('\n');
  const info: CommitInfo = { tree: '', parents: [], author: '', email: '', time: 0, message: end === -1 ? '' : text.slice(end + 2).trim() };
  for (const line of headers) {
    // Continuation lines of multi-line headers (gpgsig, mergetag) start with a space.
    const space = line.indexOf(' ');
    const key = line.slice(0, space);
    const value = line.slice(space + 1);
    if (key === 'tree') info.tree = value;
    else if (key === 'parent') info.parents.push(value);
    else if (key === 'author') {
      const person = PERSON.exec(value);
      info.author = person?.[1] ?? value;
      info.email = person?.[2] ?? '';
    } else if (key === 'committer') info.time = Number(PERSON.exec(value)?.[3] ?? 0);
  }
  if (!/^[0-9a-f]{40}$/.test(info.tree)) throw new RepositoryReadError(`commit ${oid} has no tree`);
  return info;
}

/** One entry of a tree object, as positions in its bytes (names stay bytes until they are needed). */
export interface TreeCursor {
  /** Start of the entry (its mode). */
  start: number;
  /** Start of the name. */
  name: number;
  /** End of the name (the NUL before the oid). */
  nameEnd: number;
  /** Start of the 20-byte oid. */
  oid: number;
  isTree: boolean;
  /** Regular file (100644, 100755; old repositories also have 100664). */
  isFile: boolean;
}

/** The entry starting at `at`, or undefined at the end of the tree. */
export function treeEntryAt(tree: Buffer, at: number): TreeCursor | undefined {
  if (at >= tree.length) return undefined;
  const space = tree.indexOf(0x20, at);
  const nul = tree.indexOf(0, space);
  if (space === -1 || nul === -1 || nul + 21 > tree.length) throw new RepositoryReadError('corrupt tree object');
  // Modes are octal text: 40000 tree, 100644 / 100755 file, 120000 symlink, 160000 submodule.
  const isTree = space - at === 5 && tree[at] === 0x34;
  const isFile = space - at === 6 && tree[at] === 0x31 && tree[at + 1] === 0x30 && tree[at + 2] === 0x30;
  return { start: at, name: space + 1, nameEnd: nul, oid: nul + 1, isTree, isFile };
}

export const nextEntry = (entry: TreeCursor) => entry.oid + 20;

/**
 * Where the entries two trees share at their start end: the longest common byte prefix (found with a
 * few memory comparisons), rounded down to an entry boundary.
 */
export function sharedPrefix(a: Buffer, b: Buffer): number {
  let low = 0;
  let high = Math.min(a.length, b.length);
  while (low < high) {
    const mid = (low + high + 1) >>> 1;
    if (a.compare(b, 0, mid, 0, mid) === 0) low = mid;
    else high = mid - 1;
  }
  // Entries are "<mode> <name>\0<20-byte oid>".
  let boundary = 0;
  for (let next = 0; next <= low && next < a.length; next = a.indexOf(0, next) + 21) boundary = next;
  return boundary;
}

/** True when the two trees are byte for byte the same from these entries to their ends. */
export function sameRest(a: Buffer, x: TreeCursor, b: Buffer, y: TreeCursor): boolean {
  return a.length - x.start === b.length - y.start && a.compare(b, y.start, b.length, x.start, a.length) === 0;
}

/** Equal oids, compared in place. */
export function sameOid(a: Buffer, x: TreeCursor, b: Buffer, y: TreeCursor): boolean {
  for (let k = 0; k < 20; k++) if (a[x.oid + k] !== b[y.oid + k]) return false;
  return true;
}

/**
 * Git's order of tree entries (base_name_compare): by name bytes, a folder as if its name ended in '/'.
 * Two trees can then be merged in one pass, and a name that turned from file into folder is a removal
 * and an addition.
 */
export function compareEntries(a: Buffer, x: TreeCursor, b: Buffer, y: TreeCursor): number {
  const lengthA = x.nameEnd - x.name;
  const lengthB = y.nameEnd - y.name;
  const common = Math.min(lengthA, lengthB);
  for (let k = 0; k < common; k++) {
    const order = a[x.name + k] - b[y.name + k];
    if (order !== 0) return order;
  }
  const nextA = lengthA > common ? a[x.name + common] : x.isTree ? 0x2f : 0;
  const nextB = lengthB > common ? b[y.name + common] : y.isTree ? 0x2f : 0;
  return nextA - nextB;
}
