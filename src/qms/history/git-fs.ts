import fs from 'node:fs';
import { join } from 'node:path';
import type { PromiseFsClient } from 'isomorphic-git';

/**
 * A file system client for isomorphic-git that remembers what it learnt about the object store during
 * one extraction. Besides the read itself, every object read through isomorphic-git costs a check that
 * the client returns promises (a `readFile()` with no path, which Node answers by building an error), a
 * `stat` of the git folder, an attempt to open the loose object file (usually absent: another error) and
 * a listing of `objects/pack`: 3 of the 11 seconds of a cold read of the benchmark repository, when
 * isomorphic-git read every object. It now reads only what our pack reader cannot (object-store.ts).
 * Here folder listings are read once, a loose object missing from its folder's listing is answered
 * without a system call, and the probe costs nothing.
 *
 * Objects never change, and new ones do not matter to a reader that resolved HEAD first, so the memo
 * is safe for the life of one extraction; make a new client for the next one.
 */
export function objectStoreFs(gitdir: string): PromiseFsClient {
  const p = fs.promises;
  const objects = join(gitdir, 'objects');
  const listings = new Map<string, Promise<Set<string>>>();
  const stats = new Map<string, Promise<fs.Stats>>();
  const list = (dir: string): Promise<Set<string>> => {
    let names = listings.get(dir);
    if (!names) {
      names = p.readdir(dir).then(
        (found) => new Set(found),
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return new Set<string>();
          throw error;
        },
      );
      listings.set(dir, names);
    }
    return names;
  };
  // One error for every miss: isomorphic-git only reads its code, and building a stack each time is the cost being saved.
  const notFound = Object.assign(new Error('ENOENT: no such file in the object store'), { code: 'ENOENT' });
  const looseObject = /^([0-9a-f]{2})[\\/]([0-9a-f]{38})$/;

  const promises = {
    async readFile(path: string, options?: unknown) {
      // isomorphic-git's probe: does readFile return a promise?
      if (path === undefined) throw notFound;
      if (path.startsWith(objects)) {
        const loose = looseObject.exec(path.slice(objects.length + 1));
        if (loose && !(await list(join(objects, loose[1]))).has(loose[2])) throw notFound;
      }
      return p.readFile(path, options as Parameters<typeof p.readFile>[1]);
    },
    async readdir(path: string, options?: unknown) {
      if (path.startsWith(objects) && options === undefined) return [...(await list(path))].sort();
      return p.readdir(path, options as Parameters<typeof p.readdir>[1]);
    },
    stat(path: string) {
      let stat = stats.get(path);
      if (!stat) {
        stat = p.stat(path);
        stats.set(path, stat);
        stat.catch(() => stats.delete(path));
      }
      return stat;
    },
    lstat: (path: string) => p.lstat(path),
    readlink: (path: string) => p.readlink(path),
    // History only reads; these are here because isomorphic-git expects every client to have them.
    writeFile: p.writeFile,
    mkdir: p.mkdir,
    rmdir: p.rmdir,
    rm: p.rm,
    unlink: p.unlink,
    symlink: p.symlink,
  };
  return { promises };
}
