/**
 * The 404 page is one file served for every missing address: it names the address the reader asked for
 * and offers its last part as the search (a mistyped `/docs/sop-004` searches for SOP-004).
 */
export function showMissingAddress(root: Document): void {
  const address = root.querySelector('#missing-address');
  if (address) address.textContent = location.pathname;
  const input = root.querySelector<HTMLInputElement>('#not-found-search');
  const last = location.pathname.split('/').filter(Boolean).pop();
  if (!input || !last) return;
  let words: string;
  try {
    words = decodeURIComponent(last);
  } catch {
    return;
  }
  input.value = /^[a-z]+-\d+$/i.test(words) ? words.toUpperCase() : words.replace(/\.html?$/i, '').replace(/[-_]+/g, ' ');
}
