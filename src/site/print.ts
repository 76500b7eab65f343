/**
 * Paper, in the reader's browser. The margins of every printed page (src/styles/print.css) read the root
 * element's data-print-* attributes; this script adds what only the reader knows: the day it is printed,
 * and the status the page shows now (the status banner is recomputed for the reader's date, so a copy
 * printed weeks after the build says what the screen says). It also offers a Print button.
 */
import { formatDate, localToday } from '../qms/base/dates.ts';
import { EFFECTIVE_STATES, type EffectiveState } from '../qms/status.ts';
import { inForceAttribute } from '../qms/views/print.ts';

const isState = (value: string | undefined): value is EffectiveState => (EFFECTIVE_STATES as readonly string[]).includes(value ?? '');

/** Brings the root's print attributes up to date: today's date, and the status the banner shows. */
export function preparePrint(root: Document, now: Date = new Date()): void {
  const html = root.documentElement;
  html.dataset.printed = formatDate(localToday(now));
  if (html.dataset.printStatus === undefined) return;
  const banner = root.querySelector<HTMLElement>('.status-banner[data-state]');
  const label = banner?.querySelector('.status-banner__label')?.textContent?.trim();
  const state = banner?.dataset.state;
  if (!label || !isState(state)) return;
  html.dataset.printStatus = label;
  html.dataset.printInForce = inForceAttribute(state);
}

export function startPrint(root: Document): void {
  preparePrint(root);
  // Also when printing: a tab left open overnight prints today's date, not the day it was opened.
  root.defaultView?.addEventListener('beforeprint', () => preparePrint(root));
  for (const button of root.querySelectorAll<HTMLButtonElement>('button[data-print]')) {
    button.hidden = false;
    button.addEventListener('click', () => root.defaultView?.print());
  }
}
