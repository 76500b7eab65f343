import { formatDate } from '../base/dates.ts';
import type { StatusFacts } from '../live-status.ts';
import type { EffectiveStatus } from '../status.ts';
import { docUrl } from './urls.ts';

/*
 * The home page's alerts for reviews overdue and due soon: worked out by the build, and again in the
 * reader's browser for the reader's date (src/site/live-status.ts), so this imports nothing heavy.
 */

export interface AlertItem {
  id: string;
  href: string;
  label: string;
  /** Beside the link: whose review it is, by when, or the coverage state. */
  note: string;
}

/** A document the review alerts are worked out from. */
export interface AlertSource {
  id: string;
  title: string;
  owner?: string;
}

/** What the home page carries for each document that may fall due after the build, for the reader's browser. */
export type LiveAlertSource = AlertSource & StatusFacts;

/** The documents overdue for review and those due soon, in the order given. */
export function reviewAlerts(docs: readonly AlertSource[], status: (id: string) => EffectiveStatus): { overdue: AlertItem[]; dueSoon: AlertItem[] } {
  const inState = (state: EffectiveStatus['state']) => docs.filter((d) => status(d.id).state === state);
  return {
    overdue: inState('overdue').map((d) => ({ id: d.id, href: docUrl(d.id), label: `${d.id} ${d.title}`, note: `(${d.owner})` })),
    dueSoon: inState('review-due-soon').map((d) => ({ id: d.id, href: docUrl(d.id), label: `${d.id} ${d.title}`, note: `by ${formatDate(status(d.id).reviewBy)}` })),
  };
}

export function overdueHeading(count: number): string {
  return `${count} document${count === 1 ? ' is' : 's are'} overdue for review`;
}

export function dueSoonHeading(count: number, days: number): string {
  return `${count} review${count === 1 ? '' : 's'} due within ${days} days`;
}
