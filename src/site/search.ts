/**
 * The search box on the home page, over Pagefind's own browser API (served from /pagefind/, built with
 * the site: no network). By default only documents in force are searched; drafts are never indexed.
 * Around Pagefind: the manual's vocabulary corrects a misspelt word, the settings' synonyms widen the
 * query, and the results are ordered in force first, whatever the relevance of withdrawn versions.
 */
import { hasSubject, queryVariants, rankHits, searchFilters, titleNames, LIFECYCLE_ORDER, type Lifecycle, type PagefindFilters, type SearchChoice } from '../qms/search-query.ts';
import { knownWords, suggestSpelling, type SearchVocabularyFile } from '../qms/vocabulary.ts';
import { docUrl } from '../qms/views/urls.ts';
import { showStatusToday } from './live-status.ts';

interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: Record<string, string>;
}
interface PagefindResult {
  id: string;
  score: number;
  data(): Promise<PagefindResultData>;
}
interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  search(query: string | null, options?: { filters?: PagefindFilters; sort?: Record<string, 'asc' | 'desc'> }): Promise<{ results: PagefindResult[] }>;
}

const MAX_RESULTS = 25;
const NO_AIDS: SearchVocabularyFile = { words: {}, synonyms: [] };

export function startSearch(root: Document): void {
  const form = root.querySelector<HTMLFormElement>('#search');
  const input = root.querySelector<HTMLInputElement>('#search-input');
  const status = root.querySelector<HTMLElement>('#search-status');
  const list = root.querySelector<HTMLOListElement>('#search-results');
  if (!form || !input || !status || !list) return;
  const ask = form.dataset.ask || 'the quality team';

  let pagefind: Promise<Pagefind> | undefined;
  const load = () =>
    (pagefind ??= import(/* @vite-ignore */ new URL('/pagefind/pagefind.js', location.href).href).then(async (module: Pagefind) => {
      await module.options({ excerptLength: 24 });
      return module;
    }));
  // Without the vocabulary, search still works, only without suggestions and synonyms.
  let aids: Promise<SearchVocabularyFile> | undefined;
  const loadAids = () =>
    (aids ??= fetch(new URL('/search-vocabulary.json', location.href))
      .then((response) => (response.ok ? (response.json() as Promise<SearchVocabularyFile>) : NO_AIDS))
      .catch(() => NO_AIDS));
  // The lifecycle of every indexed page, from one filter-only search each: results are grouped by it.
  let lifecycles: Promise<Map<string, Lifecycle>> | undefined;
  const loadLifecycles = (engine: Pagefind) =>
    (lifecycles ??= Promise.all(LIFECYCLE_ORDER.map(async (lifecycle) => (await engine.search(null, { filters: { lifecycle } })).results.map((r) => [r.id, lifecycle] as const))).then(
      (groups) => new Map(groups.flat()),
    ));

  let generation = 0;
  const run = async () => {
    const data = new FormData(form);
    const typed = String(data.get('q') ?? '').trim();
    const field = (key: string) => String(data.get(key) ?? '') || undefined;
    const choice: SearchChoice = { type: field('type'), department: field('department'), clause: field('clause'), archived: data.get('archived') === 'on' };
    const params = new URLSearchParams();
    for (const [key, value] of data) if (value) params.set(key, String(value));
    history.replaceState(null, '', params.size ? `?${params}` : location.pathname);

    const mine = ++generation;
    const narrowed = Boolean(choice.type || choice.department || choice.clause);
    if (!typed && !narrowed) {
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    status.textContent = 'Searching…';
    try {
      const engine = await load();
      const [{ words, synonyms }, lifecycleOf] = await Promise.all([loadAids(), loadLifecycles(engine)]);
      const suggestion = typed ? suggestSpelling(typed, words) : null;
      const query = suggestion?.query ?? typed;
      const variants = queryVariants(query, synonyms, knownWords(words));
      const filters = searchFilters(choice);
      // Filters alone (no words) rank nothing: those results come in ID order.
      const answers = variants.length ? await Promise.all(variants.map((v) => engine.search(v, { filters }))) : [await engine.search(null, { filters, sort: { id: 'asc' } })];
      // A page's data from the first query that found it, so its excerpt marks the words as typed.
      const found = new Map(answers.flatMap((a) => a.results.map((r) => [r.id, r] as const)).reverse());
      const ranked = rankHits(answers.map((a) => a.results), (id) => lifecycleOf.get(id));
      const shown = await Promise.all(ranked.slice(0, MAX_RESULTS).map(async (hit) => ({ lifecycle: lifecycleOf.get(hit.id), data: await found.get(hit.id)!.data() })));
      if (mine !== generation) return;

      list.replaceChildren(...shown.map((r) => renderResult(root, r.data)));
      const inForce = ranked.filter((hit) => lifecycleOf.get(hit.id) === 'in-force').length;
      const lines: (string | Node)[][] = [];
      if (suggestion) {
        const link = root.createElement('a');
        link.href = `?${new URLSearchParams({ ...Object.fromEntries(params), q: suggestion.query })}`;
        link.textContent = suggestion.query;
        link.addEventListener('click', (event) => {
          event.preventDefault();
          input.value = suggestion.query;
          void run();
        });
        const unknown = suggestion.unknown.map((w) => `“${w}”`).join(', ');
        lines.push(['Did you mean ', link, `? No document uses ${unknown}; showing the results for “${suggestion.query}”.`]);
      }
      const about = query ? `“${query}”` : 'these filters';
      if (inForce === 0) {
        lines.push([`No current document matches ${about}${query && narrowed ? ' with these filters' : ''}. For guidance, ask ${ask}.`]);
        if (ranked.length > 0) lines.push([`The ${plural(ranked.length, 'version')} below ${ranked.length === 1 ? 'is' : 'are'} withdrawn or not yet in force: do not follow ${ranked.length === 1 ? 'it' : 'them'}.`]);
      } else {
        const others = ranked.length - inForce;
        lines.push([
          `${plural(inForce, 'current document')} found${others ? `, then ${plural(others, 'version')} withdrawn or not yet in force` : ''}` +
            `${ranked.length > MAX_RESULTS ? `; showing the first ${MAX_RESULTS}` : ''}.`,
        ]);
        // A word only mentioned in passing (sepsis in the quality objectives) is no procedure for it.
        const titled = shown.some((r) => r.lifecycle === 'in-force' && titleNames(`${r.data.meta.id ?? ''} ${r.data.meta.title ?? ''}`, variants));
        if (query && hasSubject(query) && !titled) lines.push([`No document is about ${about}: these only mention it. For guidance, ask ${ask}.`]);
      }
      status.replaceChildren(
        ...lines.map((parts) => {
          const p = root.createElement('p');
          p.append(...parts);
          return p;
        }),
      );
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

  // A search from the address (the header's search box on every page submits to /?q=…) runs on arrival.
  const initial = new URLSearchParams(location.search);
  for (const [key, value] of initial) {
    const field = form.elements.namedItem(key);
    if (field instanceof HTMLInputElement && field.type === 'checkbox') field.checked = value === 'on';
    else if (field instanceof HTMLInputElement || field instanceof HTMLSelectElement) field.value = value;
  }
  if (initial.size > 0) void run();
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

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
  excerpt.className = 'search-result__excerpt';
  excerpt.append(...excerptNodes(root, result.excerpt));
  li.append(heading, badge, ...replacedBy(root, result.meta.replaced_by), owner, excerpt);
  // Its status on the reader's day, not only the day the index was built.
  showStatusToday(badge, result.meta.live_status);
  return li;
}

/** "Superseded by SOP-026 Complaints, concerns and compliments", linked: where a superseded result sends the reader. */
function replacedBy(root: Document, json: string | undefined): HTMLElement[] {
  let replacements: { id: string; title: string }[];
  try {
    replacements = json ? JSON.parse(json) : [];
  } catch {
    return [];
  }
  if (replacements.length === 0) return [];
  const p = root.createElement('p');
  p.className = 'search-result__replaced';
  p.append('Superseded by ');
  replacements.forEach(({ id, title }, i) => {
    if (i > 0) p.append(i === replacements.length - 1 ? ' and ' : ', ');
    const a = root.createElement('a');
    a.href = docUrl(id);
    a.textContent = `${id} ${title}`.trim();
    p.append(a);
  });
  p.append('.');
  return [p];
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
