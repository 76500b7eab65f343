import type { Element, ElementContent, Properties } from 'hast';
import { toHtml } from 'hast-util-to-html';
import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import { toHast, type Handler, type State } from 'mdast-util-to-hast';
import { parseMdx } from '../qms/check/mdx-parse.ts';
import { CALLOUT_LABEL, CONTENT_HTML_ELEMENTS, type CalloutType } from '../qms/content-components.ts';
import { formatDate, today } from '../qms/dates.ts';
import type { WorkflowProblem } from '../qms/cms/workflow.ts';
import { TYPE_LABEL, type DocumentType } from '../qms/schemas/document.ts';
import type { Settings } from '../qms/schemas/settings.ts';
import { effectiveStatus, STATE_ADVICE } from '../qms/status.ts';

/**
 * The document page as the CMS preview shows it: the markup of src/pages/docs/[id].astro (kicker, title,
 * status banner, controlled header, summary, text) with the site's own stylesheet, so a controller sees
 * the published page while typing. The text is rendered only once it passes the checker's safety rules;
 * until then the preview lists what stops it instead.
 */

export interface PreviewContext {
  clauseTitles: Readonly<Record<string, string>>;
  review: Settings['review'];
  asOf?: string;
}

const esc = (text: unknown) =>
  String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

export function previewHtml(data: Record<string, unknown>, problems: readonly WorkflowProblem[], context: PreviewContext): string {
  const type = (String(data.type) in TYPE_LABEL ? data.type : 'procedure') as DocumentType;
  const status = effectiveStatus(
    { id: String(data.id ?? ''), type, status: (data.status as never) ?? 'draft', effective: (data.effective as string) || undefined, review_by: (data.review_by as string) || undefined },
    { asOf: context.asOf ?? today(), review: context.review },
  );
  const departments = list(data.departments);
  const clauses = list(data.clauses);
  const row = (label: string, value: string, wide = false) => `<div${wide ? ' class="controlled-header__wide"' : ''}><dt>${label}</dt><dd>${value}</dd></div>`;
  const clauseList = clauses.length === 0
    ? 'None mapped'
    : `<ul class="inline-list">${clauses.map((ref) => `<li><a href="#">${esc(ref)}</a> <span class="muted">${esc(context.clauseTitles[ref] ?? 'Unknown clause')}</span></li>`).join('')}</ul>`;
  const safety = problems.filter((p) => p.field === 'body');
  return `<article class="document document--${status.state}">
  ${problems.length > 0 ? problemList(problems) : ''}
  <p class="document__kicker">${esc(TYPE_LABEL[type])} · ${esc(data.id)} · Version ${esc(data.version)}</p>
  <h1>${esc(data.title)}</h1>
  <div class="status-banner status-banner--${status.state}" data-state="${status.state}" role="note" aria-label="Document status">
    <p class="status-banner__label">${esc(status.label)}</p>
    <p class="status-banner__advice">${esc(STATE_ADVICE[status.state])}</p>
  </div>
  <section class="controlled-header" aria-label="Document control">
    <dl>
      ${row('Document ID', esc(data.id))}
      ${row('Version', esc(data.version))}
      ${row('Status', `<span class="badge badge--${status.state}" data-state="${status.state}">${esc(status.label)}</span>`)}
      ${row('Type', esc(TYPE_LABEL[type]))}
      ${row('Owner', esc(data.owner || '—'))}
      ${row('Approved by', esc(data.approver || 'Not approved'))}
      ${row('Approved on', esc(formatDate(data.approved as string)))}
      ${row('Effective from', esc(formatDate(data.effective as string)))}
      ${row('Review by', esc(formatDate(status.reviewBy)) + (!data.review_by && status.reviewBy ? ' (standard interval)' : ''))}
      ${row('Applies to', esc(departments.length ? departments.join(', ') : 'Whole organization'))}
      ${row('ISO 7101 clauses', clauseList, true)}
      ${data.change_summary ? row('Changes in this version', esc(data.change_summary), true) : ''}
    </dl>
  </section>
  ${data.summary ? `<p class="document__summary">${esc(data.summary)}</p>` : ''}
  <div class="document__body prose">${safety.length > 0 ? '' : bodyHtml(String(data.body ?? ''))}</div>
</article>`;
}

function problemList(problems: readonly WorkflowProblem[]): string {
  return `<aside class="callout callout--danger" role="alert">
    <p class="callout__label"><span class="callout__symbol" aria-hidden="true">!</span> <span>Not ready: saving refuses this document until these are fixed</span></p>
    <div class="callout__body"><ul>${problems.map((p) => `<li>${p.field ? `<strong>${esc(p.field)}</strong>: ` : ''}${esc(p.message)} (${esc(p.code)})</li>`).join('')}</ul></div>
  </aside>`;
}

/** The text as the page renders it: Markdown with GFM, the Callout component and the allowed HTML elements. */
export function bodyHtml(body: string): string {
  const { tree } = parseMdx(body);
  if (!tree) return '';
  const hast = toHast(tree, { handlers: { mdxJsxFlowElement: jsxElement, mdxJsxTextElement: jsxElement, mdxFlowExpression: nothing, mdxTextExpression: nothing, mdxjsEsm: nothing } });
  return toHtml(hast);
}

const nothing: Handler = () => undefined;

function jsxElement(state: State, node: MdxJsxFlowElement | MdxJsxTextElement): Element | ElementContent[] | undefined {
  const attributes = Object.fromEntries(node.attributes.flatMap((a) => (a.type === 'mdxJsxAttribute' && (typeof a.value === 'string' || a.value === null) ? [[a.name, a.value ?? true]] : [])));
  const children = state.all(node) as ElementContent[];
  if (node.name === 'Callout') {
    // The markup of src/components/content/Callout.astro.
    const type: CalloutType = String(attributes.type) in CALLOUT_LABEL ? (attributes.type as CalloutType) : 'note';
    const title = typeof attributes.title === 'string' ? `: ${attributes.title}` : '';
    return element('aside', { className: ['callout', `callout--${type}`], role: 'note' }, [
      element('p', { className: ['callout__label'] }, [
        element('span', { className: ['callout__symbol'], ariaHidden: 'true' }, [{ type: 'text', value: type === 'note' ? 'i' : '!' }]),
        { type: 'text', value: ' ' },
        element('span', {}, [{ type: 'text', value: `${CALLOUT_LABEL[type]}${title}` }]),
      ]),
      element('div', { className: ['callout__body'] }, children),
    ]);
  }
  const allowed = node.name !== null && Object.hasOwn(CONTENT_HTML_ELEMENTS, node.name) ? CONTENT_HTML_ELEMENTS[node.name] : undefined;
  if (!allowed) return children;
  const properties: Properties = Object.fromEntries(Object.entries(attributes).filter(([name]) => Object.hasOwn(allowed, name)));
  return element(node.name!, properties, children);
}

function element(tagName: string, properties: Properties, children: ElementContent[]): Element {
  return { type: 'element', tagName, properties, children };
}
