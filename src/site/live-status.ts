/**
 * Statuses that are true on the reader's day. A copy built on Monday and served for a month must not say
 * "Current" after a review date has passed: every status on a page carries what it depends on
 * (data-live-status, src/qms/live-status.ts), and this works it out again for the browser's own calendar
 * date with the build's function, then changes what differs and says so. Without script, or on the day
 * the copy was built, the page stays as built, each status saying the date it is for.
 */
import { daysBetween, localToday, type IsoDate } from '../qms/base/dates.ts';
import { isStaleBuild, statusOnDate, type LiveSettings, type StatusFacts } from '../qms/live-status.ts';
import { EFFECTIVE_STATES, STATE_SYMBOL, type EffectiveState, type EffectiveStatus } from '../qms/status.ts';
import { dueSoonHeading, overdueHeading, reviewAlerts, type AlertItem, type LiveAlertSource } from '../qms/views/review-alerts.ts';
import { changedSinceBuild, statusBanner, todayText, type StatusBannerView } from '../qms/views/status.ts';

interface Live {
  /** The element that carries the settings (BuildAgeNotice.astro). */
  carrier: HTMLElement;
  settings: LiveSettings;
  today: IsoDate;
  /** A document's status as built, and as of today. */
  statuses(facts: StatusFacts): { built: EffectiveStatus; now: EffectiveStatus };
}

/** What the page carries (BuildAgeNotice.astro), with the reader's date; undefined on a page without it. */
function liveOn(root: Document): Live | undefined {
  const carrier = root.querySelector<HTMLElement>('[data-live-settings]');
  const settings = parse<LiveSettings>(carrier?.dataset.liveSettings);
  if (!carrier || !settings) return undefined;
  const today = localToday();
  return {
    carrier,
    settings,
    today,
    statuses: (facts) => ({
      built: statusOnDate(facts, { asOf: settings.asOf, review: settings.review }),
      now: statusOnDate(facts, { asOf: today, review: settings.review }),
    }),
  };
}

function parse<T>(json: string | undefined): T | undefined {
  if (!json) return undefined;
  try {
    return JSON.parse(json) as T;
  } catch {
    return undefined;
  }
}

/** Works every status on the page out again for today; nothing changes on the day the copy was built. */
export function startLiveStatus(root: Document): void {
  const live = liveOn(root);
  if (!live) return;
  if (live.today !== live.settings.asOf) {
    showBuildAge(root, live);
    for (const element of root.querySelectorAll<HTMLElement>('[data-live-status]')) {
      const facts = parse<StatusFacts>(element.dataset.liveStatus);
      if (!facts) continue;
      if (element.classList.contains('status-banner')) updateBanner(element, facts, live);
      else updateBadge(element, facts, live);
    }
    for (const time of root.querySelectorAll<HTMLTimeElement>('time[data-live-as-of]')) {
      time.dateTime = live.today;
      time.textContent = todayText(live.today);
    }
    for (const element of root.querySelectorAll<HTMLElement>('[data-live-built]')) element.hidden = false;
    updateReviewAlerts(root, live);
  }
  // The day the page's statuses were checked for: done, whether or not anything changed.
  live.carrier.dataset.liveToday = live.today;
}

/**
 * A status badge made after the page loaded, such as a search result's: shows its status today, from the
 * facts the search index holds for the document (the `live_status` metadata of its page).
 */
export function showStatusToday(badge: HTMLElement, facts: string | undefined): void {
  const live = liveOn(badge.ownerDocument);
  const parsed = parse<StatusFacts>(facts);
  if (!live || !parsed || live.today === live.settings.asOf) return;
  updateBadge(badge, parsed, live);
}

function showBuildAge(root: Document, live: Live): void {
  const notice = root.querySelector<HTMLElement>('#stale-build');
  if (!notice || !isStaleBuild(live.settings, live.today)) return;
  const age = notice.querySelector('[data-build-age]');
  if (age) age.textContent = `${daysBetween(live.settings.asOf, live.today)} days`;
  notice.hidden = false;
}

/** Swaps the `<prefix>--<state>` class for the new state's. */
function setStateClass(element: HTMLElement, prefix: string, state: EffectiveState): void {
  element.classList.remove(...EFFECTIVE_STATES.map((s) => `${prefix}--${s}`));
  element.classList.add(`${prefix}--${state}`);
}

function updateBadge(badge: HTMLElement, facts: StatusFacts, live: Live): void {
  const { built, now } = live.statuses(facts);
  if (now.state === built.state) return;
  setStateClass(badge, 'badge', now.state);
  badge.dataset.state = now.state;
  const symbol = badge.ownerDocument.createElement('span');
  symbol.setAttribute('aria-hidden', 'true');
  symbol.textContent = STATE_SYMBOL[now.state];
  const changed = badge.ownerDocument.createElement('span');
  changed.className = 'visually-hidden';
  changed.textContent = ` (${changedSinceBuild({ asOf: live.settings.asOf, state: built.state }, live.today)})`;
  badge.replaceChildren(symbol, ` ${now.label}`, changed);
  // The register's row and a search result are filtered and sorted by the state they carry.
  const row = badge.closest<HTMLElement>('tr[data-state], li[data-state]');
  if (row) row.dataset.state = now.state;
  const cell = badge.closest<HTMLElement>('td[data-sort]');
  if (cell) cell.dataset.sort = now.label;
}

/** The banner always says the date its status is for, so it is redrawn whenever that date is not the build's. */
function updateBanner(banner: HTMLElement, facts: StatusFacts, live: Live): void {
  const { built, now } = live.statuses(facts);
  const view = statusBanner(now, facts, live.today, { asOf: live.settings.asOf, state: built.state });
  setStateClass(banner, 'status-banner', now.state);
  banner.dataset.state = now.state;
  banner.replaceChildren(...bannerLines(banner.ownerDocument, view));
  const article = banner.closest<HTMLElement>('.document');
  if (article) setStateClass(article, 'document', now.state);
}

/** The lines of src/components/StatusBanner.astro. */
function bannerLines(root: Document, view: StatusBannerView): HTMLElement[] {
  const line = (className: string, ...parts: (Node | string)[]) => {
    const p = root.createElement('p');
    if (className) p.className = className;
    p.append(...parts);
    return p;
  };
  const notes = view.notes.map((note) =>
    line(
      '',
      ...note.map((part) => {
        if (!part.href) return part.text;
        const a = root.createElement('a');
        a.href = part.href;
        a.textContent = part.text;
        return a;
      }),
    ),
  );
  return [line('status-banner__label', view.label), line('status-banner__advice', view.advice), ...notes, line('status-banner__as-of', view.asOfNote)];
}

/** The home page's review alerts, from the documents that may fall due (src/pages/index.astro). */
function updateReviewAlerts(root: Document, live: Live): void {
  const section = root.querySelector<HTMLElement>('[data-live-alerts]');
  const sources = parse<LiveAlertSource[]>(section?.dataset.liveAlerts);
  if (!section || !sources) return;
  const today = new Map(sources.map((source) => [source.id, live.statuses(source).now]));
  const { overdue, dueSoon } = reviewAlerts(sources, (id) => today.get(id)!);
  fillAlert(section.querySelector('[data-alerts="overdue"]'), overdueHeading(overdue.length), overdue);
  fillAlert(section.querySelector('[data-alerts="due-soon"]'), dueSoonHeading(dueSoon.length, live.settings.review.due_soon_days), dueSoon);
  const none = section.querySelector<HTMLElement>('[data-alerts="none"]');
  if (none) none.hidden = overdue.length + dueSoon.length > 0 || section.querySelector('.alert--gap') !== null;
}

function fillAlert(block: HTMLElement | null, heading: string, items: AlertItem[]): void {
  if (!block) return;
  const root = block.ownerDocument;
  block.hidden = items.length === 0;
  const title = block.querySelector('h3');
  if (title) title.textContent = heading;
  block.querySelector('ul')?.replaceChildren(
    ...items.map((item) => {
      const li = root.createElement('li');
      const a = root.createElement('a');
      a.href = item.href;
      a.textContent = item.label;
      const note = root.createElement('span');
      note.className = 'muted';
      note.textContent = item.note;
      li.append(a, ' ', note);
      return li;
    }),
  );
}
