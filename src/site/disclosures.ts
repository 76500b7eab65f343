/**
 * Disclosures that are closed on a phone and open on a wider screen: the site menu and a document's
 * controlled details, each a `<details data-open-from="<width>">`. Where the browser can style the
 * contents of a closed <details> (`::details-content`), global.css shows them from that width and this
 * does nothing; an older browser gets them opened here. Either way a closed one is one tap away, with
 * no script at all.
 */
export function openWideDisclosures(root: Document): void {
  const disclosures = [...root.querySelectorAll<HTMLDetailsElement>('details[data-open-from]')];
  if (!CSS.supports('selector(::details-content)')) {
    for (const details of disclosures) {
      if (matchMedia(`(min-width: ${details.dataset.openFrom})`).matches) details.open = true;
    }
  }
  // Paper has no taps: the controlled details are printed whatever the width of the screen.
  const closedForPrint = new Set<HTMLDetailsElement>();
  addEventListener('beforeprint', () => {
    for (const details of disclosures) {
      if (!details.open) {
        closedForPrint.add(details);
        details.open = true;
      }
    }
  });
  addEventListener('afterprint', () => {
    for (const details of closedForPrint) details.open = false;
    closedForPrint.clear();
  });
}
