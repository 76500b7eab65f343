import { formatDate } from '../qms/base/dates.ts';
import type { LastChange } from './host.ts';

/**
 * No lost update: a save made from an out-of-date copy is refused. Decap CMS writes the whole file it holds,
 * so a tab opened before another person saved would silently remove their change. This remembers, per file,
 * the text this tab last loaded or saved (per browser tab: the wrapper lives in the page), and a save is
 * allowed only when the file on the host is still that text.
 */
export class StaleGuard {
  readonly #base = new Map<string, string | null>();

  /** The tab now holds `text` for `path` (loaded from the host, or just saved); null: the file does not exist. */
  holds(path: string, text: string | null): void {
    this.#base.set(path, text);
  }

  /** Whether the tab ever loaded `path`: a new document's file has no base. */
  knows(path: string): boolean {
    return this.#base.has(path);
  }

  /** True when the host's `current` text is not what this tab started from. */
  isStale(path: string, current: string | null): boolean {
    const base = this.#base.has(path) ? this.#base.get(path)! : null;
    return normalize(current) !== normalize(base);
  }
}

const normalize = (text: string | null) => (text === null ? null : text.replace(/\r\n/g, '\n'));

/** The refusal of a stale save, in words: who saved since, when, and how to see their change without losing one's own. */
export function staleMessage(label: string, last: LastChange | undefined, created: boolean): string {
  const who = last ? ` by ${last.author} on ${formatDate(last.date.slice(0, 10))} at ${last.date.slice(11, 16)} UTC (commit ${last.commit.slice(0, 7)}, "${last.subject}")` : '';
  const what = created ? `${label} was created in another tab or by another person${who} after you started this one` : `${label} was changed${who} after you opened it`;
  return (
    `${what}, so saving would overwrite that change. Nothing was saved, and your edits are still in this tab. ` +
    'To keep both: copy your changes, reload the page (or open the document from the Workflow tab) to see the saved version, then apply your changes again and save.'
  );
}
