/**
 * What makes two document IDs the same document to a reader: `SOP-0004` and `SOP-004` differ only by
 * leading zeros, and a person (or a link typed by hand) takes one for the other. The key is the ID
 * upper-cased with its number's leading zeros dropped.
 */
export function idKey(id: string): string {
  return id.toUpperCase().replace(/-0+(?=\d)/, '-');
}
