/**
 * /register/on/: the reader picks a day (the browser's date field, or YYYY-MM-DD typed) and sees, for every
 * document, the version in force on it. The data is this build's /register/versions.json (same site, no
 * other request); the rows are src/qms/views/on-date.ts, as `npm run register -- --on` writes them. The
 * day is kept in the address (?on=2026-03-03), so an answer can be linked to and survives a reload.
 */
import { formatDate, isIsoDate } from '../qms/base/dates.ts';
import { inForceText, onDateRows, onDateSummary, type OnDateRow } from '../qms/views/on-date.ts';
import type { VersionsData } from '../qms/versions.ts';

const COLUMNS: [string, (row: OnDateRow, cell: HTMLTableCellElement, root: Document) => void][] = [
  ['Document', (row, cell, root) => cell.append(link(root, row.href, `${row.id} ${row.title}`))],
  ['On that day', (row, cell, root) => {
    const state = root.createElement('span');
    state.className = 'on-date-state';
    state.textContent = row.stateLabel;
    cell.append(state);
    if (row.version !== null && (row.state === 'in-force' || row.state === 'superseded' || row.state === 'withdrawn' || row.state === 'not-yet-effective')) {
      cell.append(': ', row.versionHref ? link(root, row.versionHref, `version ${row.version}`) : `version ${row.version}`);
    }
  }],
  ['Approved', (row, cell) => cell.append(row.approved ? `${formatDate(row.approved)}${row.approver ? ` by ${row.approver}` : ''}` : '—')],
  ['In force', (row, cell) => cell.append(inForceText(row))],
  ['Notes', (row, cell) => cell.append(row.note)],
];

function link(root: Document, href: string, text: string): HTMLAnchorElement {
  const a = root.createElement('a');
  a.href = href;
  a.textContent = text;
  return a;
}

export function startManualOnDate(root: Document): void {
  const form = root.querySelector<HTMLFormElement>('#on-date');
  const picker = root.querySelector<HTMLInputElement>('#on-date-picker');
  const typed = root.querySelector<HTMLInputElement>('#on-date-text');
  const status = root.querySelector<HTMLElement>('#on-date-status');
  const result = root.querySelector<HTMLElement>('#on-date-result');
  if (!form || !picker || !typed || !status || !result) return;

  let data: Promise<VersionsData> | undefined;
  const load = () =>
    (data ??= fetch('/register/versions.json').then((response) => {
      if (!response.ok) throw new Error(`the manual's list of versions could not be read (HTTP ${response.status})`);
      return response.json() as Promise<VersionsData>;
    }));

  const table = (rows: OnDateRow[], date: string): HTMLElement => {
    const wrap = root.createElement('div');
    wrap.className = 'table-scroll';
    wrap.tabIndex = 0;
    wrap.setAttribute('role', 'region');
    wrap.setAttribute('aria-labelledby', 'on-date-caption');
    // Stacked rows on a phone (global.css): the roles keep it a table for screen readers whatever its display.
    const t = root.createElement('table');
    t.className = 'stack-table on-date-table';
    t.id = 'on-date-table';
    t.setAttribute('role', 'table');
    t.dataset.date = date;
    const caption = t.createCaption();
    caption.id = 'on-date-caption';
    caption.textContent = `The manual on ${formatDate(date)}: ${rows.length} documents`;
    const head = t.createTHead();
    head.setAttribute('role', 'rowgroup');
    const headRow = head.insertRow();
    headRow.setAttribute('role', 'row');
    for (const [label] of COLUMNS) {
      const th = root.createElement('th');
      th.scope = 'col';
      th.setAttribute('role', 'columnheader');
      th.textContent = label;
      headRow.append(th);
    }
    const body = t.createTBody();
    body.setAttribute('role', 'rowgroup');
    for (const row of rows) {
      const tr = body.insertRow();
      tr.setAttribute('role', 'row');
      tr.dataset.id = row.id;
      tr.dataset.state = row.state;
      if (row.version !== null) tr.dataset.version = String(row.version);
      for (const [label, fill] of COLUMNS) {
        const cell = tr.insertCell();
        cell.setAttribute('role', 'cell');
        cell.dataset.label = label;
        fill(row, cell, root);
      }
    }
    wrap.append(t);
    return wrap;
  };

  const show = async (date: string) => {
    const valid = isIsoDate(date);
    typed.setAttribute('aria-invalid', String(!valid));
    if (!valid) {
      status.textContent = `"${date}" is not a day written YYYY-MM-DD, such as 2026-03-03.`;
      result.replaceChildren();
      return;
    }
    picker.value = date;
    typed.value = date;
    const address = new URL(root.location.href);
    address.search = new URLSearchParams({ on: date }).toString();
    root.defaultView?.history.replaceState(null, '', address);
    try {
      const built = await load();
      const rows = onDateRows(built.documents, date);
      const later = date > built.builtOn ? ` This copy was built on ${formatDate(built.builtOn)}: a version approved since is not known to it.` : '';
      status.textContent = `On ${formatDate(date)}: ${onDateSummary(rows)}.${later}`;
      result.replaceChildren(table(rows, date));
    } catch (error) {
      data = undefined;
      status.textContent = `The list could not be worked out: ${(error as Error).message}. Try again, or ask the document controller.`;
      result.replaceChildren();
    }
  };

  picker.addEventListener('change', () => {
    if (picker.value) void show(picker.value);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void show(typed.value.trim() || picker.value);
  });
  const asked = new URLSearchParams(root.location.search).get('on');
  if (asked) void show(asked.trim());
  else void load().catch(() => undefined);
}
