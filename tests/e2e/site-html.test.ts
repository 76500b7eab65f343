import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { analyseManual, type ManualAnalysis } from '../../src/qms/analysis.ts';
import { loadManual, type Manual } from '../../src/qms/load/manual.ts';
import { IN_FORCE } from '../../src/qms/status.ts';
import { readManualHistory, type ManualHistory } from '../../src/qms/history/index.ts';

// Integration: the sample manual as built by `astro build` (see build-site.ts), read as HTML files.
const siteDir = inject('siteDir');
const asOf = inject('asOf');
let manual: Manual;
let analysis: ManualAnalysis;
let history: ManualHistory;
const page = (path: string) => readFileSync(join(siteDir, path, 'index.html'), 'utf8');

beforeAll(async () => {
  history = await readManualHistory({ root: process.cwd() });
  manual = loadManual(process.cwd());
  analysis = analyseManual(manual.documents.map((d) => d.data), manual.index, manual.settings, asOf);
});

describe('the built sample manual', () => {
  it('loads with no problems and has at least 30 documents of every type', () => {
    expect(manual.problems).toEqual([]);
    expect(manual.documents.length).toBeGreaterThanOrEqual(30);
    const types = new Set(manual.documents.map((d) => d.data.type));
    expect([...types].sort()).toEqual(['form', 'policy', 'procedure', 'work-instruction']);
  });

  it('shows every state the flags are for: overdue, due soon, draft, superseded', () => {
    const states = new Set([...analysis.statuses.values()].map((s) => s.state));
    for (const state of ['current', 'overdue', 'review-due-soon', 'draft', 'superseded'] as const) expect(states).toContain(state);
  });

  it('covers every confirmed ISO 7101 clause with a current document', () => {
    const uncovered = [...analysis.coverage.values()].filter((c) => c.required && c.state !== 'covered' && c.state !== 'excluded');
    expect(uncovered.map((c) => `${c.clause.ref} ${c.state}`)).toEqual([]);
  });

  it('has a page for every document, with its controlled header and status', () => {
    for (const doc of manual.documents) {
      const html = page(`docs/${doc.data.id}`);
      const status = analysis.statuses.get(doc.data.id)!;
      expect(html).toContain(`<h1 data-pagefind-meta="title">${escapeHtml(doc.data.title)}</h1>`);
      expect(html).toContain(`status-banner--${status.state}`);
      expect(html).toContain(`<p class="status-banner__label">${escapeHtml(status.label)}</p>`);
      if (doc.data.owner) expect(html).toContain(`<dt>Owner</dt><dd>${escapeHtml(doc.data.owner)}</dd>`);
    }
  });

  it('indexes documents in force for search, and never drafts or documents in review', () => {
    for (const doc of manual.documents) {
      const state = analysis.statuses.get(doc.data.id)!.state;
      const html = page(`docs/${doc.data.id}`);
      if (state === 'draft' || state === 'in-review') {
        expect(html, doc.data.id).not.toContain('data-pagefind-body');
        expect(html, doc.data.id).toContain('data-pagefind-ignore="all"');
      } else {
        expect(html, doc.data.id).toContain('data-pagefind-body');
        const lifecycle = IN_FORCE.has(state) ? 'in-force' : state === 'not-yet-effective' ? 'upcoming' : 'archived';
        expect(html, doc.data.id).toContain(`<span data-pagefind-filter="lifecycle">${lifecycle}</span>`);
      }
    }
  });

  it('gives a text to index only on document pages, the only pages Pagefind reads', () => {
    const pages = readdirSync(siteDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html'));
    const withText = pages.filter((f) => readFileSync(join(siteDir, f), 'utf8').includes('data-pagefind-body'));
    expect(withText.length).toBeGreaterThan(40);
    expect(withText.filter((f) => !/^docs\/[^/]+\/index\.html$/.test(f.split('\\').join('/')))).toEqual([]);
  });

  it('writes a Pagefind index that holds exactly the indexable documents', () => {
    expect(existsSync(join(siteDir, 'pagefind/pagefind.js'))).toBe(true);
    const entry = JSON.parse(readFileSync(join(siteDir, 'pagefind/pagefind-entry.json'), 'utf8'));
    const indexable = manual.documents.filter((d) => !['draft', 'in-review'].includes(analysis.statuses.get(d.data.id)!.state));
    expect(entry.languages.en.page_count).toBe(indexable.length);
  });

  it('lists every document in the register and its CSV export', () => {
    const html = page('register');
    const csv = readFileSync(join(siteDir, 'register.csv'), 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^\uFEFFDocument ID,Title,Type,Version,Status,/);
    expect(lines).toHaveLength(manual.documents.length + 1);
    for (const doc of manual.documents) {
      expect(html).toContain(`href="/docs/${doc.data.id}/"`);
      expect(lines.some((line) => line.startsWith(`${doc.data.id},`))).toBe(true);
    }
  });

  it('puts every catalogue clause in the cross-reference, each with its own page', () => {
    const tree = page('clauses');
    const catalogue = yaml.load(readFileSync('content/standards/iso-7101-2023.yaml', 'utf8')) as { clauses: { id: string }[] };
    expect(catalogue.clauses.length).toBeGreaterThan(50);
    for (const { id } of catalogue.clauses) {
      expect(tree).toContain(`data-clause="${id}"`);
      expect(existsSync(join(siteDir, 'clauses', id, 'index.html')), id).toBe(true);
    }
  });

  it('never shows an invented title for a clause whose title is unconfirmed', () => {
    const provisional = manual.index.primary!.clauses.filter((c) => !c.confirmed);
    expect(provisional.length).toBeGreaterThan(0);
    const raw = yaml.load(readFileSync('content/standards/iso-7101-2023.yaml', 'utf8')) as { clauses: { id: string; provisional_title?: string }[] };
    for (const clause of provisional) {
      const html = page(`clauses/${clause.id}`);
      const label = raw.clauses.find((c) => c.id === clause.id)?.provisional_title;
      const heading = /<h1>(.*?)<\/h1>/s.exec(html)![1];
      // Named by our topic, in italics, with the words that say it is not the title.
      const qualifier = clause.evidence === 'disputed' ? 'topic; clause not confirmed to exist' : 'topic; official title not confirmed';
      expect(heading).toBe(`${clause.id} <em class="provisional">${escapeHtml(clause.topic!).replaceAll("'", '&#39;')}</em> <small class="muted">(${qualifier})</small>`);
      if (label) expect(/<title>(.*?)<\/title>/s.exec(html)![1]).not.toContain(label);
    }
  });

  it('lists overdue and due-soon documents by owner on the review page', () => {
    const html = page('reviews');
    for (const [owner, items] of analysis.reviewsByOwner) {
      expect(html).toContain(escapeHtml(owner));
      for (const { id } of items) expect(html).toContain(`href="/docs/${id}/"`);
    }
    expect(analysis.reviewsByOwner.size).toBeGreaterThan(0);
  });

  it('shows the revision history of a document from Git, or says plainly that it is unavailable', () => {
    const html = page('docs/SOP-004');
    if (!history.available) {
      expect(html).toContain('data-history="unavailable"');
      expect(html).toContain(`Revision history is unavailable in this copy of the manual: ${history.reason}`);
      return;
    }
    const revisions = history.byId.get('SOP-004')!;
    expect(revisions.length).toBeGreaterThanOrEqual(2);
    const table = /<table data-history="table"[^>]*>(.*?)<\/table>/s.exec(html)![1];
    expect(table.match(/<tr/g)!.length - 1).toBe(revisions.length);
    for (const r of revisions) expect(table).toContain(`<code>${r.commit.slice(0, 8)}</code>`);
  });

  it('shows a redline of version 4 of the hand-hygiene procedure against approved version 3', () => {
    const html = page('docs/SOP-004');
    if (!history.available) {
      expect(html).toContain('needs the revision history, which is unavailable in this copy');
      return;
    }
    const changed = /<section class="what-changed".*?<\/section>/s.exec(html)![0];
    // The earlier version is named by its own approval date, and its text as approved has a page.
    expect(changed).toContain('Compared with <a href="/docs/SOP-004/v3/">version 3, approved 10 Feb 2026</a>');
    expect(changed).toContain('<del><span class="visually-hidden">[deleted: </span>90<span class="visually-hidden">]</span></del>');
    expect(changed).toContain('<ins><span class="visually-hidden">[inserted: </span>95<span class="visually-hidden">]</span></ins>');
    expect(changed).toContain('hand rub dispenser');
  });

  it('lists approved changes newest first on the recent-changes page and in the Atom feed', () => {
    const html = page('changes');
    const feed = readFileSync(join(siteDir, 'changes.xml'), 'utf8');
    expect(html).toContain('<a href="/docs/SOP-004/">SOP-004 Hand hygiene</a>, version 4');
    expect(feed).toMatch(/<id>tag:[^<]+:SOP-004:v4<\/id>/);
    const dates = [...feed.matchAll(/<entry>[\s\S]*?<updated>(.*?)<\/updated>/g)].map((m) => m[1]);
    expect(dates.length).toBeGreaterThan(30);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('publishes every in-force review date as an iCalendar feed', () => {
    const ics = readFileSync(join(siteDir, 'reviews.ics'), 'utf8').replace(/\r\n /g, '');
    const inForce = manual.documents.filter((d) => IN_FORCE.has(analysis.statuses.get(d.data.id)!.state));
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(inForce.length);
    const overdue = manual.documents.find((d) => analysis.statuses.get(d.data.id)!.state === 'overdue')!;
    expect(ics).toContain(`DTSTART;VALUE=DATE:${analysis.statuses.get(overdue.data.id)!.reviewBy!.replaceAll('-', '')}`);
    expect(page('reviews')).toContain('href="/reviews.ics"');
  });

  it('references nothing outside the site: no CDN, web font or analytics', () => {
    const offenders: string[] = [];
    for (const file of readdirSync(siteDir, { recursive: true, encoding: 'utf8' })) {
      // Decap CMS's bundle names the hosted services it can be configured for (Cloudinary, Uploadcare, map
      // tiles); none is configured, and the CMS test in a real browser records any request that leaves the machine.
      if (!/\.(html|css|js)$/.test(file) || file.startsWith('pagefind/') || file.startsWith('admin/decap/')) continue;
      const text = readFileSync(join(siteDir, file), 'utf8');
      for (const m of text.matchAll(/(?:src|href|action)\s*=\s*["']?(https?:)?\/\/[^"'\s>]+|url\(\s*["']?(?:https?:)?\/\/[^)]+\)|@import\s+["']?(?:https?:)?\/\//g)) {
        offenders.push(`${file}: ${m[0]}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}
