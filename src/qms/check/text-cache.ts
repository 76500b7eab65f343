import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../findings/finding.ts';
import type { SafetyStore } from './rules/reading.ts';

/*
 * The incremental check: the text rules' verdict on each document (the safety reading, by far the most
 * costly part of a check) is kept between runs, keyed by the file's path and a hash of its text, so a run
 * after one edit reads that one document again. Every other rule (the frontmatter, references, coverage,
 * history: whatever depends on more than one file) runs in full every time, so its findings stay exact.
 * A verdict is kept only while the code that gave it is the same: the key of the cache file covers
 * src/qms and the locked dependencies (the parsers). A clean clone, as in CI, has no cache and reads all.
 */

export const TEXT_CACHE_DIR = 'node_modules/.cache/qms-check';

export interface TextCache extends SafetyStore {
  /** How many texts were read this run, and how many came from the cache. */
  readonly counts: { read: number; remembered: number };
  /** How many verdicts an earlier run left (0 on a first run, or after the code changed). */
  readonly remembering: number;
  /** Writes the verdicts of this run (those of texts no longer present are dropped). */
  save(): void;
}

/** Opens the cache of the project at `root`. */
export function openTextCache(root: string): TextCache {
  const file = codeKeyedFile<Finding[]>(join(root, TEXT_CACHE_DIR), 'text');
  const earlier = file.earlier;
  const now: Record<string, Finding[]> = {};
  const counts = { read: 0, remembered: 0 };
  const key = (file: string, text: string) => createHash('sha1').update(file).update('\0').update(text).digest('hex');
  return {
    counts,
    remembering: Object.keys(earlier).length,
    get(file, text) {
      const k = key(file, text);
      const found = Object.hasOwn(earlier, k) ? earlier[k] : undefined;
      if (found) {
        counts.remembered++;
        now[k] = found;
      }
      return found;
    },
    set(file, text, findings) {
      counts.read++;
      now[key(file, text)] = findings;
    },
    save() {
      if (counts.read === 0 && Object.keys(now).length === Object.keys(earlier).length) return;
      file.write(now);
    },
  };
}

/**
 * A JSON file of verdicts kept for the code running now: `<dir>/<prefix>-<fingerprint>.json`. What it held
 * (nothing when absent, or written by other code), and how to write it, removing the files of other code,
 * which are never read again.
 */
export function codeKeyedFile<T>(dir: string, prefix: string): { earlier: Record<string, T>; write(value: Record<string, T>): void } {
  const path = join(dir, `${prefix}-${codeFingerprint()}.json`);
  let earlier: Record<string, T> = {};
  try {
    earlier = JSON.parse(readFileSync(path, 'utf8')) as Record<string, T>;
  } catch {
    // None kept yet, or for other code.
  }
  return {
    earlier,
    write(value) {
      mkdirSync(dir, { recursive: true });
      const others = readdirSync(dir).filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.json') && join(dir, f) !== path);
      for (const other of others) rmSync(join(dir, other), { force: true });
      replaceFile(path, JSON.stringify(value));
    },
  };
}

/** Writes through a temporary file and a rename, so a build reading at the same time never sees half a file. */
export function replaceFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/** The code running: src/qms, beside this module, and the project's lock file two folders above it. */
const DOMAIN = fileURLToPath(new URL('..', import.meta.url));
let fingerprint: string | undefined;

/** A hash of the code that reads texts (src/qms) and of the locked dependencies (the MDX and Markdown parsers). */
export function codeFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash('sha256');
  for (const file of readdirSync(DOMAIN, { recursive: true, encoding: 'utf8' }).sort()) if (file.endsWith('.ts')) hash.update(file).update(readFileSync(join(DOMAIN, file)));
  try {
    hash.update(readFileSync(join(DOMAIN, '../../package-lock.json')));
  } catch {
    // No lock file: the code alone.
  }
  return (fingerprint = hash.digest('hex').slice(0, 16));
}
