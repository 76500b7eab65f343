/**
 * What makes two document IDs the same document to a reader: `SOP-0004` and `SOP-004` differ only by
 * leading zeros, and a person (or a link typed by hand) takes one for the other. The key is the ID
 * upper-cased with its number's leading zeros dropped.
 */
export function idKey(id: string): string {
  return id.toUpperCase().replace(/-0+(?=\d)/, '-');
}

/**
 * Document IDs in reading order, numbers by value (SOP-9 before SOP-10): the order of every list of
 * documents. One collator, made once: `localeCompare` with a locale makes one on every call, which a sort of
 * thousands of IDs pays thousands of times.
 */
export const compareIds: (a: string, b: string) => number = new Intl.Collator('en', { numeric: true }).compare;
