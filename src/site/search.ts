/**
 * The search box on the home page, over Pagefind's own browser API (served from /pagefind/, built with
 * the site: no network). By default only documents in force are searched; drafts are never indexed.
 */
interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: Record<string, string>;
}
interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  search(query: string, options?: { filters?: Record<string, string | { any: string[] }> }): Promise<{ results: { data(): Promise<PagefindResultData> }[] }>;
}

const MAX_RESULTS = 25;

export function startSearch(root: Document): void {
  const form = root.querySelector<HTMLFormElement>('#search');
  const input = root.querySelector<HTMLInputElement>('#search-input');
  const status = root.querySelector<HTMLElement>('#search-status');
  const list = root.querySelector<HTMLOListElement>('#search-results');
  if (!form || !input || !status || !list) return;

  let pagefind: Promise<Pagefind> | undefined;
  const load = () =>
    (pagefind ??= import(/* @vite-ignore */ new URL('/pagefind/pagefind.js', location.href).href).then(async (module: Pagefind) => {
      await module.options({ excerptLength: 24 });
      return module;
    }));

  let generation = 0;
  const run = async () => {
    const data = new FormData(form);
    const query = String(data.get('q') ?? '').trim();
    const filters: Record<string, string> = {};
    if (data.get('archived') !== 'on') filters.lifecycle = 'in-force';
    for (const key of ['type', 'department', 'clause']) {
      const value = String(data.get(key) ?? '');
      if (value) filters[key] = value;
    }
    const params = new URLSearchParams();
    for (const [key, value] of data) if (value) params.set(key, String(value));
    history.replaceState(null, '', params.size ? `?${params}` : location.pathname);

    const mine = ++generation;
    if (!query && Object.keys(filters).length <= 1) {
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    status.textContent = 'Searching…';
    try {
      const engine = await load();
      const search = await engine.search(query || null as unknown as string, { filters });
      const results = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
      if (mine !== generation) return;
      list.replaceChildren(...results.map((r) => renderResult(root, r)));
      const total = search.results.length;
      status.textContent =
        total === 0
          ? `No ${filters.lifecycle ? 'current ' : ''}documents found.${filters.lifecycle ? ' Tick "Also show superseded…" to search withdrawn versions too.' : ''}`
          : `${total} document${total === 1 ? '' : 's'} found${total > MAX_RESULTS ? `, showing the first ${MAX_RESULTS}` : ''}.`;
    } catch {
      if (mine === generation) status.textContent = 'Search is not available on this copy of the manual. Use the document register instead.';
    }
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  form.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(run, 200);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    void run();
  });

  const initial = new URLSearchParams(location.search);
  for (const [key, value] of initial) {
    const field = form.elements.namedItem(key);
    if (field instanceof HTMLInputElement && field.type === 'checkbox') field.checked = value === 'on';
    else if (field instanceof HTMLInputElement || field instanceof HTMLSelectElement) field.value = value;
  }
  if (initial.size > 0) void run();
}

function renderResult(root: Document, result: PagefindResultData): HTMLLIElement {
  const li = root.createElement('li');
  li.className = 'search-result';
  li.dataset.state = result.meta.state ?? '';
  li.dataset.id = result.meta.id ?? '';
  const heading = root.createElement('h2');
  heading.className = 'search-result__title';
  const link = root.createElement('a');
  link.href = result.url;
  link.textContent = `${result.meta.id ?? ''} ${result.meta.title ?? result.url}`.trim();
  heading.append(link);
  const badge = root.createElement('span');
  badge.className = `badge badge--${result.meta.state ?? ''}`;
  badge.textContent = result.meta.status ?? '';
  const owner = root.createElement('p');
  owner.className = 'muted';
  owner.textContent = [result.meta.version && `Version ${result.meta.version}`, result.meta.owner && `Owner: ${result.meta.owner}`].filter(Boolean).join(' · ');
  const excerpt = root.createElement('p');
  excerpt.append(...excerptNodes(root, result.excerpt));
  li.append(heading, badge, owner, excerpt);
  return li;
}

/** Pagefind marks matches with <mark>; build those as elements and everything else as text, never as HTML. */
function excerptNodes(root: Document, excerpt: string): Node[] {
  const decode = (text: string) => {
    const area = root.createElement('textarea');
    area.innerHTML = text;
    return area.value;
  };
  return excerpt.split(/(<mark>.*?<\/mark>)/g).filter(Boolean).map((part) => {
    const m = /^<mark>(.*)<\/mark>$/.exec(part);
    if (!m) return root.createTextNode(decode(part.replace(/<[^>]*>/g, '')));
    const mark = root.createElement('mark');
    mark.textContent = decode(m[1]);
    return mark;
  });
}
