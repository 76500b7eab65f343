import { createHash } from 'node:crypto';
import { stripByteOrderMark } from '../qms/base/encoding.ts';

/*
 * The texts the build has found clean (the text rules, what the build's guard runs before the MDX compiler,
 * found nothing in them), so the guard does not parse them a second time: the checker marks the documents of
 * content/docs at config setup, the past-versions loader the versions it checked, and the guard's transform
 * looks each text up before reading it. Astro loads the configuration's modules and the content layer's in
 * separate module graphs, so the one set lives on the process, under a registered symbol. The key is the file
 * and a hash of the text as the rules read it (without a byte-order mark): a text changed since is read again.
 */
const SHARED = Symbol.for('qms-manual.clean-texts');
const clean: Set<string> = ((globalThis as Record<symbol, Set<string> | undefined>)[SHARED] ??= new Set<string>());

const keyOf = (file: string, text: string) => `${file}\0${createHash('sha1').update(stripByteOrderMark(text)).digest('hex')}`;

export function markClean(file: string, text: string): void {
  clean.add(keyOf(file, text));
}

export function isClean(file: string, text: string): boolean {
  return clean.has(keyOf(file, text));
}
