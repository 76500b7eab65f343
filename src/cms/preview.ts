import { today, type IsoDate } from '../qms/base/dates.ts';
import type { ClauseIndex } from '../qms/catalogue.ts';
import type { AdminPayload } from '../qms/cms/admin-payload.ts';
import type { Finding } from '../qms/findings/finding.ts';
import { escapeMdxText } from '../qms/mdx/normalize.ts';
import { renderMdxBody } from '../qms/mdx/render.ts';
import { DOCUMENT_STATES, DOCUMENT_TYPES, type DocumentState, type DocumentType } from '../qms/schemas/document.ts';
import type { Settings } from '../qms/schemas/settings.ts';
import { effectiveStatus, IN_FORCE, STATE_SYMBOL, type EffectiveStatus } from '../qms/status.ts';
import { documentView, type HeaderRow, type ViewedDocument } from '../qms/views/document.ts';
import type { Inline, StatusBannerView } from '../qms/views/status.ts';

/**
 * The document page as the CMS preview shows it: the same view model as src/pages/docs/[id].astro
 * (src/qms/views/document.ts), rendered with the page's markup and the site's own stylesheet, so a
 * controller sees the published page while typing. The text is shown as saving will write it (braces and
 * angle brackets typed as text escaped, so "{limit}" shows as typed), and only once it passes the
 * checker's safety rules; until then the preview lists what stops it instead.
 */

export interface PreviewContext {
  index: ClauseIndex;
  review: Settings['review'];
  /** The documents that replace others (see AdminPayload): whether this one is superseded today. */
  replacements: AdminPayload['replacements'];
  asOf?: IsoDate;
}

const esc = (text: unknown) =>
  String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
const text = (value: unknown): string | undefined => (value === undefined || value === null || String(value).trim() === '' ? undefined : String(value));

/** The fields as the editor holds them, read the way the page reads a valid document. */
export function viewedDocument(data: Record<string, unknown>): ViewedDocument {
  const type = (DOCUMENT_TYPES as readonly unknown[]).includes(data.type) ? (data.type as DocumentType) : 'procedure';
  const optional = (key: string) => (text(data[key]) !== undefined ? { [key]: text(data[key]) } : {});
  return {
    id: String(data.id ?? ''),
    title: String(data.title ?? ''),
    type,
    version: typeof data.version === 'number' ? data.version : String(data.version ?? ''),
    clauses: list(data.clauses),
    departments: list(data.departments),
    related: list(data.related),
    supersedes: list(data.supersedes),
    attachments: Array.isArray(data.attachments)
      ? data.attachments.flatMap((a) => (a && typeof a === 'object' && typeof (a as { file?: unknown }).file === 'string' ? [{ file: (a as { file: string }).file, ...(text((a as { title?: unknown }).title) ? { title: text((a as { title?: unknown }).title)! } : {}) }] : []))
      : [],
    ...['owner', 'approver', 'approved', 'effective', 'review_by', 'withdrawn', 'summary', 'change_summary'].reduce((all, key) => ({ ...all, ...optional(key) }), {}),
  };
}

/** The status the page will show, as of `asOf`: superseded when a replacement in force names the document. */
export function previewStatus(doc: ViewedDocument, state: unknown, context: PreviewContext, asOf: IsoDate): EffectiveStatus {
  const options = { asOf, review: context.review };
  const supersededBy = context.replacements
    .filter((r) => r.id !== doc.id && r.supersedes.includes(doc.id) && IN_FORCE.has(effectiveStatus(r, options).state))
    .map((r) => r.id);
  const status: DocumentState = (DOCUMENT_STATES as readonly unknown[]).includes(state) ? (state as DocumentState) : 'draft';
  return effectiveStatus({ id: doc.id, type: doc.type, status, effective: doc.effective, review_by: doc.review_by }, options, supersededBy);
}

export function previewHtml(data: Record<string, unknown>, problems: readonly Finding[], context: PreviewContext): string {
  const doc = viewedDocument(data);
  const asOf = context.asOf ?? today();
  const status = previewStatus(doc, data.status, context, asOf);
  const view = documentView({
    doc,
    status,
    asOf,
    clause: (ref) => context.index.get(ref),
    linked: () => undefined,
  });
  const safety = problems.filter((p) => p.field === 'body');
  return `<article class="document document--${status.state}">
  ${problems.length > 0 ? problemList(problems) : ''}
  <p class="document__kicker">${esc(view.kicker)}</p>
  <h1>${esc(view.title)}</h1>
  ${bannerHtml(view.banner)}
  ${headerHtml(view.header)}
  ${view.summary ? `<p class="document__summary">${esc(view.summary)}</p>` : ''}
  <div class="document__body prose">${safety.length > 0 ? '' : bodyHtml(escapeMdxText(String(data.body ?? '')))}</div>
  ${view.attachments.length > 0 ? `<section class="document__attachments"><h2>Attached files</h2><ul class="doc-list">${view.attachments.map((a) => `<li>${esc(a.name)} <span class="muted">(${esc(a.type)})</span></li>`).join('')}</ul></section>` : ''}
</article>`;
}

const inlines = (parts: readonly Inline[]) => parts.map((p) => (p.href ? `<a href="${esc(p.href)}">${esc(p.text)}</a>` : esc(p.text))).join('');

/** The markup of src/components/StatusBanner.astro. */
function bannerHtml(banner: StatusBannerView): string {
  return `<div class="status-banner status-banner--${banner.state}" data-state="${banner.state}" role="note" aria-label="Document status">
    <p class="status-banner__label">${esc(banner.label)}</p>
    <p class="status-banner__advice">${esc(banner.advice)}</p>
    ${banner.notes.map((note) => `<p>${inlines(note)}</p>`).join('')}
    <p class="status-banner__as-of">${esc(banner.asOfNote)}</p>
  </div>`;
}

/** The markup of src/components/ControlledHeader.astro (and StatusBadge.astro for the status). */
function headerHtml(rows: readonly HeaderRow[]): string {
  const value = ({ value }: HeaderRow) => {
    switch (value.kind) {
      case 'text':
        return esc(value.text);
      case 'status':
        return `<span class="badge badge--${value.status.state}" data-state="${value.status.state}"><span aria-hidden="true">${STATE_SYMBOL[value.status.state]}</span> ${esc(value.status.label)}</span>`;
      case 'clauses':
        return value.clauses.length === 0
          ? 'None mapped'
          : `<ul class="inline-list">${value.clauses.map((c) => `<li><a href="${esc(c.href)}">${esc(c.ref)}</a> <span class="muted">${esc(c.title)}</span></li>`).join('')}</ul>`;
    }
  };
  return `<section class="controlled-header" aria-label="Document control">
    <dl>${rows.map((row) => `<div${row.wide ? ' class="controlled-header__wide"' : ''}><dt>${esc(row.label)}</dt><dd>${value(row)}</dd></div>`).join('')}</dl>
  </section>`;
}

function problemList(problems: readonly Finding[]): string {
  return `<aside class="callout callout--danger" role="alert">
    <p class="callout__label"><span class="callout__symbol" aria-hidden="true">!</span> <span>Not ready: saving refuses this document until these are fixed</span></p>
    <div class="callout__body"><ul>${problems.map((p) => `<li>${p.field ? `<strong>${esc(p.field)}</strong>: ` : ''}${esc(p.message)} (${esc(p.code)})</li>`).join('')}</ul></div>
  </aside>`;
}

/**
 * The text as the page renders it (src/qms/mdx/render.ts): normalized as the build renders it, then
 * Markdown with GFM, the Callout component and the allowed HTML elements.
 */
export const bodyHtml = (body: string): string => renderMdxBody(body).html;
