/**
 * The `/` key goes to the search box, as on GitHub and MDN: the page's own (the home page's, the 404
 * page's), else the header's, opening the phone menu it sits in. Not while the reader types in a
 * field, and not with Ctrl, Alt or Cmd, which belong to the browser.
 */
export function startSearchShortcut(root: Document): void {
  root.addEventListener('keydown', (event) => {
    if (event.key !== '/' || event.ctrlKey || event.altKey || event.metaKey || event.defaultPrevented) return;
    if (isTyping(event.target)) return;
    const input =
      root.querySelector<HTMLInputElement>('main form[role="search"] input[name="q"]') ??
      root.querySelector<HTMLInputElement>('form[role="search"] input[name="q"]');
    if (!input) return;
    const menu = input.closest('details');
    if (menu) menu.open = true;
    event.preventDefault();
    input.focus();
    input.select();
  });
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  // A checkbox or a button takes no text: "/" there still means search.
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image'].includes(target.type);
}
