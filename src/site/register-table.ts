/**
 * Sorting and filtering of the register in the browser. The table is complete without script;
 * this only hides rows and reorders them. Headings carry aria-sort so screen readers announce the order.
 */
export function enhanceRegister(root: Document): void {
  const table = root.querySelector<HTMLTableElement>('#register');
  const form = root.querySelector<HTMLFormElement>('#register-filters');
  const count = root.querySelector<HTMLElement>('#register-count');
  if (!table || !form || !count) return;
  const body = table.tBodies[0];
  const rows = [...body.rows];

  const applyFilters = () => {
    const data = new FormData(form);
    const text = String(data.get('text') ?? '').trim().toLowerCase();
    const type = String(data.get('type') ?? '');
    const state = String(data.get('state') ?? '');
    const department = String(data.get('department') ?? '');
    const clause = String(data.get('clause') ?? '');
    let shown = 0;
    for (const row of rows) {
      const visible =
        (!text || (row.dataset.text ?? '').includes(text)) &&
        (!type || row.dataset.type === type) &&
        (!state || row.dataset.state === state) &&
        (!department || (row.dataset.departments ?? '').split('; ').includes(department)) &&
        // A row carries its clauses and their parents (src/qms/views/register.ts): 8 finds 8.2.3.
        (!clause || (row.dataset.clauses ?? '').split(' ').includes(clause));
      row.hidden = !visible;
      if (visible) shown++;
    }
    count.textContent = `Showing ${shown} of ${rows.length} documents.`;
  };
  form.addEventListener('input', applyFilters);
  form.addEventListener('submit', (event) => event.preventDefault());

  table.querySelectorAll<HTMLTableCellElement>('th[data-key]').forEach((th, column) => {
    th.querySelector('button')?.addEventListener('click', () => {
      const ascending = th.getAttribute('aria-sort') !== 'ascending';
      table.querySelectorAll('th[aria-sort]').forEach((other) => other.removeAttribute('aria-sort'));
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      const key = (row: HTMLTableRowElement) => row.cells[column].dataset.sort ?? '';
      rows.sort((a, b) => key(a).localeCompare(key(b), 'en', { numeric: true }) * (ascending ? 1 : -1));
      body.append(...rows);
    });
  });
}
