import { formatDate, type IsoDate } from '../base/dates.ts';
import { STATE_ADVICE, STATE_LABEL, type EffectiveState, type EffectiveStatus } from '../status.ts';
import { docUrl } from './urls.ts';

/*
 * How a status is put into words on a page: by the build, by the CMS preview, and again in the reader's
 * browser when the reader's date is not the build's (src/site/live-status.ts). It imports nothing heavy,
 * so the browser's bundle stays small.
 */

/** A run of text, a link when it has `href`. */
export interface Inline {
  text: string;
  href?: string;
}

export interface StatusBannerView {
  state: EffectiveStatus['state'];
  label: string;
  advice: string;
  /** Further lines: when the review was due, when it takes effect, what replaced it. */
  notes: Inline[][];
  /** The date the status was worked out for, so a copy read later says how old its status is. */
  asOfNote: string;
}

/** The status a copy of the manual was built with, when a page works it out again for the reader's date. */
export interface BuiltStatus {
  asOf: IsoDate;
  state: EffectiveState;
}

/** "this document is …", to say what a status has become since the build. */
const STATE_PHRASE: Record<EffectiveState, string> = {
  current: 'current',
  'review-due-soon': 'current, with its review due soon',
  overdue: 'overdue for review',
  'not-yet-effective': 'approved but not yet in effect',
  'in-review': 'in review, not approved',
  draft: 'a draft, not approved',
  superseded: 'superseded',
  obsolete: 'obsolete',
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The banner at the top of a document page. `asOf` is the date the status is for; `built`, in the
 * reader's browser, is what the copy was built with, so the banner can say how the two differ.
 */
export function statusBanner(status: EffectiveStatus, doc: { effective?: IsoDate; withdrawn?: IsoDate }, asOf: IsoDate, built?: BuiltStatus): StatusBannerView {
  const notes: Inline[][] = [];
  const days = status.daysToReview;
  if (status.state === 'overdue' && days !== null) notes.push([{ text: `Review was due on ${formatDate(status.reviewBy)}, ${plural(-days, 'day')} ago.` }]);
  if (status.state === 'review-due-soon' && days !== null) notes.push([{ text: `Review due on ${formatDate(status.reviewBy)}, in ${plural(days, 'day')}.` }]);
  if (status.state === 'not-yet-effective' && doc.effective) notes.push([{ text: `Takes effect on ${formatDate(doc.effective)}.` }]);
  if (status.state === 'obsolete' && doc.withdrawn) notes.push([{ text: `Withdrawn on ${formatDate(doc.withdrawn)}.` }]);
  if (status.supersededBy.length > 0) {
    notes.push([
      { text: 'Replaced by ' },
      ...status.supersededBy.flatMap((id, i) => [...(i > 0 ? [{ text: ', ' }] : []), { text: id, href: docUrl(id) }]),
      { text: ': follow that document instead.' },
    ]);
  }
  return { state: status.state, label: status.label, advice: STATE_ADVICE[status.state], notes, asOfNote: asOfNote(asOf, status.state, built) };
}

function asOfNote(asOf: IsoDate, state: EffectiveState, built?: BuiltStatus): string {
  if (!built || built.asOf === asOf) return `Status as of ${formatDate(asOf)}.`;
  if (built.state !== state) return `Built on ${formatDate(built.asOf)}; as of today, ${formatDate(asOf)}, this document is ${STATE_PHRASE[state]}.`;
  return `Status as of today, ${formatDate(asOf)}; this copy was built on ${formatDate(built.asOf)}.`;
}

/** A date worked out in the reader's browser, where a page said the build's date: "today, 11 Jan 2027". */
export function todayText(today: IsoDate): string {
  return `today, ${formatDate(today)}`;
}

/** What a badge whose status changed since the build says besides its new label. */
export function changedSinceBuild(built: BuiltStatus, today: IsoDate): string {
  return `as of today, ${formatDate(today)}; "${STATE_LABEL[built.state]}" when this copy was built on ${formatDate(built.asOf)}`;
}
