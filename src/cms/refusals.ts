import { humanize } from '../qms/cms/zod-fields.ts';

/**
 * A refused save or publication, said where it cannot be missed: a panel fixed at the top of /admin that
 * stays until the controller dismisses it. Decap's own error toast goes after a few seconds, often before
 * a list of the checker's findings has been read. The panel is plain DOM outside Decap's React tree, so
 * no re-render of the editor can remove it; all text goes in as text, never as HTML.
 */

export interface RefusalProblem {
  /** The field path as the checker gives it: "owner", "clauses.1", "body", or '' for the whole file. */
  field: string;
  message: string;
  /** The rule's code, such as QMS022; empty for a reason that is not a rule's (the Git host's answer). */
  code: string;
  hint?: string;
}

const PANEL_ID = 'qms-refusal';
const STYLE_ID = 'qms-refusal-style';

/** Field labels as the CMS shows them ("approver" is "Approved by"); set from the generated configuration. */
let labels: ReadonlyMap<string, string> = new Map([['body', 'Text']]);

/** Uses the labels of the CMS's fields for the field names in a refusal. */
export function setFieldLabels(fieldLabels: ReadonlyMap<string, string>): void {
  labels = fieldLabels;
}

/** The label of every field of every collection, by name (the first one found, for a name used twice). */
export function fieldLabels(config: { collections: readonly { fields?: readonly FieldConfig[]; files?: readonly { fields: readonly FieldConfig[] }[] }[] }): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (fields: readonly FieldConfig[] = []) => {
    for (const field of fields) {
      if (!found.has(field.name) && field.label) found.set(field.name, field.label);
      visit(field.fields);
    }
  };
  for (const collection of config.collections) {
    visit(collection.fields);
    for (const file of collection.files ?? []) visit(file.fields);
  }
  return found;
}
interface FieldConfig {
  name: string;
  label?: string;
  fields?: readonly FieldConfig[];
}

/** "clauses.1" → "ISO 7101 clauses, item 2"; "review.due_soon_days" → "Review, due soon days". */
export function fieldInWords(field: string, fieldLabel: ReadonlyMap<string, string> = labels): string {
  if (field === '') return '';
  const [name, ...rest] = field.split('.');
  const words = [fieldLabel.get(name) ?? humanize(name), ...rest.map((part) => (/^\d+$/.test(part) ? `item ${Number(part) + 1}` : humanize(part).toLowerCase()))];
  return words.join(', ');
}

/** Shows a refusal, replacing any refusal still shown. */
export function showRefusal(title: string, problems: readonly RefusalProblem[]): void {
  dismissRefusal();
  addStyle();
  const panel = element('section', { id: PANEL_ID, role: 'alert', 'aria-labelledby': `${PANEL_ID}-title` });
  panel.append(element('h2', { id: `${PANEL_ID}-title` }, title));
  if (problems.length > 0) {
    panel.append(element('p', {}, problems.length === 1 ? 'Fix this, then try again:' : `Fix these ${problems.length} things, then try again:`));
    const list = element('ul');
    for (const problem of problems) {
      const item = element('li');
      const where = fieldInWords(problem.field);
      if (where) item.append(element('strong', {}, where), ': ');
      item.append(problem.message);
      if (problem.code) item.append(' ', element('span', { class: `${PANEL_ID}__code` }, `(${problem.code})`));
      if (problem.hint) item.append(element('span', { class: `${PANEL_ID}__hint` }, problem.hint));
      list.append(item);
    }
    panel.append(list);
  }
  const dismiss = element('button', { type: 'button' }, 'Dismiss');
  dismiss.addEventListener('click', dismissRefusal);
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') dismissRefusal();
  });
  panel.append(dismiss);
  // First in the page, so the keyboard reaches Dismiss before the editor. Placed below Decap's top bar,
  // whose Save and Publish stay in reach, and left of where Decap's own messages appear.
  document.body.prepend(panel);
}

/** Removes the refusal panel, if one is shown. */
export function dismissRefusal(): void {
  document.getElementById(PANEL_ID)?.remove();
}

function element(tag: string, attributes: Record<string, string> = {}, text?: string): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function addStyle(): void {
  if (document.getElementById(STYLE_ID)) return;
  const style = document.createElement('style');
  style.id = STYLE_ID;
  style.textContent = `
#${PANEL_ID} {
  position: fixed; top: 72px; left: 16px; z-index: 2147483000;
  box-sizing: border-box; width: min(52rem, calc(100vw - 32px)); max-height: calc(100vh - 84px); overflow: auto;
  padding: 16px 20px; background: #fff; color: #1a1a1a; border: 3px solid #9b1111; border-top-width: 10px; border-radius: 6px;
  box-shadow: 0 8px 28px rgba(0, 0, 0, 0.35); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; overflow-wrap: anywhere;
}
#${PANEL_ID} h2 { margin: 0 0 6px; font-size: 19px; line-height: 1.3; color: #8a0b0b; }
#${PANEL_ID} p { margin: 0 0 6px; }
#${PANEL_ID} ul { margin: 0 0 12px; padding-left: 22px; }
#${PANEL_ID} li { margin: 4px 0; }
#${PANEL_ID} .${PANEL_ID}__code { font-weight: 600; white-space: nowrap; }
#${PANEL_ID} .${PANEL_ID}__hint { display: block; color: #333; }
#${PANEL_ID} button {
  font: inherit; font-weight: 600; padding: 7px 18px; border: 2px solid #8a0b0b; border-radius: 4px; background: #8a0b0b; color: #fff; cursor: pointer;
}
#${PANEL_ID} button:hover { background: #6b0808; }
#${PANEL_ID} button:focus-visible { outline: 3px solid #1a1a1a; outline-offset: 2px; }
`;
  document.head.append(style);
}
