import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ManualAnalysis } from '../../src/qms/analysis.ts';
import type { Manual } from '../../src/qms/load/manual.ts';
import { titleNames } from '../../src/qms/search-query.ts';
import { IN_FORCE, STATE_ADVICE } from '../../src/qms/status.ts';
import { searchVocabulary } from '../../src/qms/views/search.ts';
import type { Vocabulary } from '../../src/qms/vocabulary.ts';
import { checkAccessibility, formatViolations } from './browser.ts';
import { siteSession } from './site-session.ts';

// Search on the built sample manual, in a real browser, checked against the sample's own frontmatter.
const site = siteSession();
let manual: Manual;
let analysis: ManualAnalysis;
let vocabulary: Vocabulary;
beforeAll(() => {
  ({ manual, analysis } = site);
  vocabulary = searchVocabulary(manual.documents.map((d) => ({ doc: d.data, status: analysis.statuses.get(d.data.id)!, body: d.body })));
});

const open = (path: string): Promise<Page> => site.open(path);

/** The search's answer once it has one: the status lines, and the results' IDs and excerpts in order. */
async function answer(page: Page) {
  await page.waitForFunction(() => {
    const text = document.querySelector('#search-status')?.textContent ?? '';
    return text !== '' && text !== 'Searching…';
  });
  return page.evaluate(() => ({
    status: document.querySelector('#search-status')?.textContent ?? '',
    ids: [...document.querySelectorAll<HTMLElement>('#search-results .search-result')].map((li) => li.dataset.id ?? ''),
    excerpts: [...document.querySelectorAll('#search-results .search-result__excerpt')].map((p) => p.textContent ?? ''),
  }));
}

/** Does something that starts a search and waits for its own answer, not the one already on screen. */
async function after(page: Page, action: () => Promise<unknown>) {
  await page.evaluate(() => document.querySelector('#search-status')!.replaceChildren());
  await action();
  return answer(page);
}

async function search(page: Page, query: string) {
  return after(page, async () => {
    await page.fill('#search-input', query);
    await page.press('#search-input', 'Enter');
  });
}

const choose = (page: Page, select: string, value: string) => after(page, () => page.selectOption(select, value));
const tick = (page: Page, box: string) => after(page, () => page.check(box));

const inForce = () => manual.documents.filter((d) => IN_FORCE.has(analysis.statuses.get(d.data.id)!.state));
/** "12 current documents found; showing the first 25." → 12. */
const currentCount = (status: string) => Number(/(\d+) current documents? found/.exec(status)?.[1] ?? 0);

describe('the department filter', () => {
  it('finds the documents for the whole organization under every department, with each department\'s own', async () => {
    const departments = manual.settings.departments;
    expect(departments.length).toBeGreaterThan(1);
    const page = await open('/');
    for (const department of departments) {
      const { status, ids } = await choose(page, '#search-department', department);
      const expected = inForce().filter((d) => d.data.departments.length === 0 || d.data.departments.includes(department)).map((d) => d.data.id);
      expect(currentCount(status), department).toBe(expected.length);
      expect(ids.every((id) => expected.includes(id)), department).toBe(true);
    }
  });

  it('keeps the hand-hygiene procedure, written for everyone, under any department', async () => {
    const procedure = inForce().find((d) => d.data.title === 'Hand hygiene')!;
    expect(procedure.data.departments).toEqual([]);
    const page = await open('/');
    for (const department of manual.settings.departments) {
      await page.selectOption('#search-department', department);
      expect((await search(page, 'hand hygiene')).ids, department).toContain(procedure.data.id);
    }
  });
});

describe('the clause filter', () => {
  const under = (clause: string) => inForce().filter((d) => d.data.clauses.some((c) => c === clause || c.startsWith(`${clause}.`))).map((d) => d.data.id);

  it('finds the documents of every subclause under a clause', async () => {
    const page = await open('/');
    const { status, ids } = await choose(page, '#search-clause', '8');
    expect(under('8').length).toBeGreaterThan(under('8').filter((id) => manual.documents.find((d) => d.data.id === id)!.data.clauses.includes('8')).length);
    expect(currentCount(status)).toBe(under('8').length);
    expect(ids.every((id) => under('8').includes(id))).toBe(true);
  });

  it('offers the provisional clauses too, and finds their documents', async () => {
    const provisional = manual.index.primary!.clauses.filter((c) => !c.confirmed);
    expect(provisional.length).toBeGreaterThan(0);
    const page = await open('/');
    const offered = await page.$$eval('#search-clause option', (options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(offered).toEqual(expect.arrayContaining(provisional.map((c) => c.ref)));
    const mapped = provisional.find((c) => under(c.ref).length > 0)!;
    const { ids } = await choose(page, '#search-clause', mapped.ref);
    expect([...ids].sort()).toEqual([...under(mapped.ref)].sort());
  });
});

describe('a misspelt word', () => {
  it('gets a "Did you mean …?" from the manual\'s words, and the results of what was meant', async () => {
    const page = await open('/');
    const { status, ids } = await search(page, 'hand hygene');
    expect(status).toContain('Did you mean hand hygiene?');
    expect(ids[0]).toBe('SOP-004');
    const correct = await search(page, 'hand hygiene');
    expect(correct.status).not.toContain('Did you mean');
    expect(correct.ids).toEqual(ids);
  });

  it('runs the suggestion when it is followed', async () => {
    const page = await open('/');
    await search(page, 'incident reprting');
    // The link is in the status it replaces: the click itself starts the search ("Searching…").
    await page.locator('#search-status').getByRole('link', { name: 'incident reporting' }).click();
    const followed = await answer(page);
    expect(await page.inputValue('#search-input')).toBe('incident reporting');
    expect(followed.status).not.toContain('Did you mean');
    expect(followed.ids.length).toBeGreaterThan(0);
  });
});

describe('synonyms from the settings', () => {
  it('find the documents that word "medication error" as an incident', async () => {
    const group = manual.settings.search.synonyms.find((g) => g.terms.includes('error'))!;
    const named = inForce().filter((d) => titleNames(d.data.title, group.terms)).map((d) => d.data.id);
    expect(named.length).toBeGreaterThan(0);
    const page = await open('/');
    const { ids } = await search(page, 'medication error');
    expect(ids).toEqual(expect.arrayContaining(named));
  });
});

describe('withdrawn versions, when asked for', () => {
  it('come after every current document, and a superseded one names its replacement', async () => {
    const superseded = manual.documents.filter((d) => analysis.statuses.get(d.data.id)!.state === 'superseded');
    expect(superseded.length).toBeGreaterThan(0);
    const page = await open('/');
    await page.check('#search-archived');
    for (const old of superseded) {
      const { ids } = await search(page, old.data.title);
      const states = ids.map((id) => analysis.statuses.get(id)!.state);
      const firstWithdrawn = states.findIndex((s) => !IN_FORCE.has(s));
      expect(states.slice(firstWithdrawn).every((s) => !IN_FORCE.has(s)), old.data.id).toBe(true);
      const [replacement] = analysis.statuses.get(old.data.id)!.supersededBy;
      expect(ids.indexOf(replacement), old.data.id).toBeGreaterThanOrEqual(0);
      expect(ids.indexOf(replacement)).toBeLessThan(ids.indexOf(old.data.id));

      const result = page.locator(`.search-result[data-id="${old.data.id}"]`);
      const title = manual.documents.find((d) => d.data.id === replacement)!.data.title;
      expect(await result.locator('.search-result__replaced').textContent()).toBe(`Superseded by ${replacement} ${title}.`);
      expect(await result.locator('.search-result__replaced a').getAttribute('href')).toBe(`/docs/${replacement}/`);
    }
  });
});

describe('a search no current document answers', () => {
  /** A word of a withdrawn version that no document in force uses, even with another ending (Pagefind stems). */
  const archivedOnly = () => {
    const current = Object.keys(vocabulary).filter((w) => vocabulary[w] > 0);
    return Object.keys(vocabulary).find((w) => vocabulary[w] === 0 && w.length >= 6 && !current.some((c) => c.startsWith(w.slice(0, 5))));
  };

  it('says so plainly and names whom to ask, without offering withdrawn versions', async () => {
    const word = archivedOnly();
    expect(word).toBeDefined();
    const page = await open('/');
    const { status, ids } = await search(page, word!);
    expect(ids).toEqual([]);
    expect(status).toContain(`No current document matches “${word}”`);
    expect(status).toContain(`ask ${manual.settings.search.ask}`);
    expect(status).not.toMatch(/superseded|withdrawn|tick/i);

    const archived = await tick(page, '#search-archived');
    expect(archived.ids.length).toBeGreaterThan(0);
    expect(archived.ids.every((id) => !IN_FORCE.has(analysis.statuses.get(id)!.state))).toBe(true);
    expect(archived.status).toContain('do not follow');
  });

  it('says when the documents found only mention what was searched for', async () => {
    const titles = inForce().map((d) => `${d.data.id} ${d.data.title}`);
    // The rarest word the documents in force use more than once, in none of their titles (as "sepsis").
    const mentioned = Object.entries(vocabulary)
      .sort((a, b) => a[1] - b[1])
      .find(([word, count]) => count >= 2 && word.length >= 7 && !titles.some((t) => titleNames(t, [word])))![0];
    const page = await open('/');
    const { status, ids } = await search(page, mentioned);
    expect(ids.length).toBeGreaterThan(0);
    expect(status).toContain(`No document is about “${mentioned}”: these only mention it. For guidance, ask ${manual.settings.search.ask}.`);
    expect((await search(page, 'hand hygiene')).status).not.toContain('only mention');
  });
});

describe('excerpts', () => {
  it('quote the text of the document, never its status banner or controlled header', async () => {
    const page = await open('/');
    await page.check('#search-archived');
    const boilerplate = [...Object.values(STATE_ADVICE), '· Version', 'Document ID', 'Review by'];
    for (const query of ['hand hygiene', 'complaints', 'incident']) {
      const { excerpts } = await search(page, query);
      expect(excerpts.length).toBeGreaterThan(0);
      for (const excerpt of excerpts) for (const text of boilerplate) expect(excerpt, query).not.toContain(text);
    }
  });
});

describe('a search from the address', () => {
  it('runs on arrival, as the header\'s search box on every page sends it', async () => {
    const page = await open('/?q=hand+hygiene');
    const { ids } = await answer(page);
    expect(ids[0]).toBe('SOP-004');
    expect(await page.inputValue('#search-input')).toBe('hand hygiene');
  });

  it('takes the filters from the address too', async () => {
    const department = manual.settings.departments[0];
    const page = await open(`/?q=hand+hygiene&department=${encodeURIComponent(department)}&archived=on`);
    await answer(page);
    expect(await page.inputValue('#search-department')).toBe(department);
    expect(await page.isChecked('#search-archived')).toBe(true);
  });
});

describe('accessibility of search', () => {
  it('has no violations with a suggestion, a cue and results on screen', async () => {
    const page = await open('/?q=hand+hygene');
    await answer(page);
    const violations = await checkAccessibility(page);
    expect(violations, formatViolations(violations)).toEqual([]);
  });
});
