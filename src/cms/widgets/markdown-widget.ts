import { CALLOUT_LABEL, CALLOUT_TYPES, type CalloutType } from '../../qms/content-components.ts';
import { addStylesheet, createClass, h, type ControlProps, type PreviewProps } from './decap-react.ts';
import { insertBlocks, insertCallout, insertLink, insertTable, toggleBulletedList, toggleHeading, toggleInline, toggleNumberedList, type Edit } from './markdown-actions.ts';
import { domToHast, pastedTablesToMarkdown, type PastedTables } from './pasted-table.ts';

/**
 * `qms-markdown`: the document text as the Markdown it is saved as, in a plain textarea, with a toolbar
 * that writes the Markdown for the controller. Decap's own markdown widget either rewrites text nobody
 * touched (its rich-text mode: list markers, table padding, `3 * 4 * 5`) or, in raw mode, greys out its
 * whole toolbar. Each button runs a pure function of markdown-actions.ts on the text and selection.
 */

type Panel = 'link' | 'callout' | null;
interface State {
  panel: Panel;
  linkText: string;
  linkAddress: string;
  calloutType: CalloutType;
  calloutTitle: string;
  /** Said under the editor (role=status) after a paste was converted. */
  note: string;
  /** The text when the editor opened: after that, the textarea holds it (see componentDidUpdate). */
  initial: string;
}
type Props = ControlProps<string>;
interface KeyEvent {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  preventDefault(): void;
}
interface PasteEvent {
  clipboardData: DataTransfer | null;
  preventDefault(): void;
}
type Change = { target: { value: string } };

const BUTTONS: { label: string; run: (edit: Edit) => Edit; shortcut?: string; className?: string }[] = [
  { label: 'Bold', run: (edit) => toggleInline(edit, 'bold'), shortcut: 'Control+B', className: 'qms-md-bold' },
  { label: 'Italic', run: (edit) => toggleInline(edit, 'italic'), shortcut: 'Control+I', className: 'qms-md-italic' },
  { label: 'Heading', run: toggleHeading },
  { label: 'Bulleted list', run: toggleBulletedList },
  { label: 'Numbered list', run: toggleNumberedList },
];

/** The note after a paste: what was converted, so the controller knows to look at it. */
export function conversionNote(tables: PastedTables['tables']): string {
  if (tables.length === 1) {
    const [{ columns, rows }] = tables;
    return `The pasted table was converted to a Markdown table (${columns} ${columns === 1 ? 'column' : 'columns'}, ${rows} ${rows === 1 ? 'row' : 'rows'} with the heading row). Check it in the preview.`;
  }
  return `The ${tables.length} pasted tables were converted to Markdown tables. Check them in the preview.`;
}

export function markdownWidget() {
  addStylesheet('qms-markdown-widget', STYLES);
  const control = createClass<Props, State, Methods>({
    getInitialState(): State {
      return { panel: null, linkText: '', linkAddress: '', calloutType: 'note', calloutTitle: '', note: '', initial: this.props.value ?? '' };
    },
    area: null,

    setArea(element: HTMLTextAreaElement | null) {
      this.area = element;
    },

    /**
     * The textarea is the browser's while the controller types in it: Decap's copy of the text can lag a
     * keystroke behind (the preview checks and renders the document on every change), and a controlled
     * textarea set back to it loses what was typed in between. Decap's text goes in only when the textarea
     * does not have the focus (an entry loaded, a change reverted).
     */
    componentDidUpdate() {
      const value = this.props.value ?? '';
      if (this.area && document.activeElement !== this.area && this.area.value !== value) this.area.value = value;
    },

    current(): Edit {
      const area = this.area!;
      return { text: area.value, start: area.selectionStart, end: area.selectionEnd };
    },

    /**
     * Writes `next` into the textarea as if typed, so Ctrl+Z undoes a toolbar action or a converted
     * paste: only the changed stretch is replaced, with the browser's insertText command, which fires
     * the input event that reports the text to Decap. Where the command is unavailable, the text is set
     * and given to Decap directly (undo then forgets it).
     */
    apply(next: Edit) {
      const area = this.area;
      if (!area) return;
      const previous = area.value;
      area.focus();
      if (previous !== next.text) {
        let from = 0;
        while (from < previous.length && from < next.text.length && previous[from] === next.text[from]) from++;
        let tail = 0;
        while (tail < previous.length - from && tail < next.text.length - from && previous[previous.length - 1 - tail] === next.text[next.text.length - 1 - tail]) tail++;
        const inserted = next.text.slice(from, next.text.length - tail);
        area.setSelectionRange(from, previous.length - tail);
        const done = inserted === '' ? document.execCommand('delete') : document.execCommand('insertText', false, inserted);
        if (!done || area.value !== next.text) {
          area.value = next.text;
          this.props.onChange(next.text);
        }
      }
      area.setSelectionRange(next.start, next.end);
    },

    run(action: (edit: Edit) => Edit) {
      if (!this.area) return;
      this.apply(action(this.current()));
      this.setState({ panel: null, note: '' });
    },

    open(panel: Panel) {
      if (this.state.panel === panel) return this.setState({ panel: null });
      const { text, start, end } = this.current();
      this.setState({ panel, linkText: panel === 'link' ? text.slice(start, end).trim() : this.state.linkText, linkAddress: '', note: '' });
    },

    close() {
      this.setState({ panel: null });
      this.area?.focus();
    },

    insertLink() {
      if (this.state.linkAddress.trim() === '') return;
      this.run((edit) => insertLink(edit, { text: this.state.linkText, address: this.state.linkAddress }));
    },

    insertCallout() {
      this.run((edit) => insertCallout(edit, { type: this.state.calloutType, title: this.state.calloutTitle }));
    },

    onKeyDown(event: KeyEvent) {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      const key = event.key.toLowerCase();
      if (key !== 'b' && key !== 'i') return;
      event.preventDefault();
      this.run((edit) => toggleInline(edit, key === 'b' ? 'bold' : 'italic'));
    },

    onPanelKeyDown(event: KeyEvent, submit: () => void) {
      if (event.key === 'Escape') {
        event.preventDefault();
        this.close();
      } else if (event.key === 'Enter') {
        event.preventDefault();
        submit();
      }
    },

    /** A table in the clipboard's HTML is pasted as a Markdown table; anything else as the plain text, by the browser. */
    onPaste(event: PasteEvent) {
      const html = event.clipboardData?.getData('text/html') ?? '';
      const converted = /<table[\s>]/i.test(html) ? pastedTablesToMarkdown(domToHast(new DOMParser().parseFromString(html, 'text/html').body)) : undefined;
      if (!converted) {
        if (this.state.note) this.setState({ note: '' });
        return;
      }
      event.preventDefault();
      this.apply(insertBlocks(this.current(), converted.markdown));
      this.setState({ note: conversionNote(converted.tables) });
    },

    render() {
      const { forID, onChange, classNameWrapper, setActiveStyle, setInactiveStyle } = this.props;
      const { panel } = this.state;
      // Toolbar buttons keep the focus (and so the selection) in the text when clicked with the mouse.
      const keepFocus = (event: { preventDefault(): void }) => event.preventDefault();
      const button = (label: string, onClick: () => void, extra: Record<string, unknown> = {}) =>
        h('button', { type: 'button', onMouseDown: keepFocus, onClick, ...extra }, label);
      return h(
        'div',
        { className: `${classNameWrapper} qms-md` },
        h(
          'div',
          { className: 'qms-md-toolbar', role: 'group', 'aria-label': 'Formatting' },
          ...BUTTONS.map(({ label, run, shortcut, className }) =>
            button(label, () => this.run(run), { className, ...(shortcut ? { 'aria-keyshortcuts': shortcut, title: `${label} (Ctrl+${shortcut.slice(-1)})` } : {}) }),
          ),
          button('Link', () => this.open('link'), { 'aria-expanded': panel === 'link', 'aria-controls': `qms-md-panel-${forID}` }),
          button('Table', () => this.run(insertTable)),
          button('Callout', () => this.open('callout'), { 'aria-expanded': panel === 'callout', 'aria-controls': `qms-md-panel-${forID}` }),
        ),
        h('div', { id: `qms-md-panel-${forID}` }, panel === 'link' ? this.linkPanel() : panel === 'callout' ? this.calloutPanel() : null),
        h('textarea', {
          id: forID,
          ref: (element: HTMLTextAreaElement | null) => this.setArea(element),
          className: 'qms-md-text',
          defaultValue: this.state.initial,
          rows: 22,
          spellCheck: true,
          onChange: (event: Change) => onChange(event.target.value),
          onFocus: setActiveStyle,
          onBlur: setInactiveStyle,
          onKeyDown: (event: KeyEvent) => this.onKeyDown(event),
          onPaste: (event: PasteEvent) => this.onPaste(event),
        }),
        h('p', { className: 'qms-md-note', role: 'status' }, this.state.note),
      );
    },

    linkPanel() {
      const submit = () => this.insertLink();
      const keys = (event: KeyEvent) => this.onPanelKeyDown(event, submit);
      return h(
        'div',
        { className: 'qms-md-panel', role: 'group', 'aria-label': 'Insert a link' },
        h('label', null, 'Link text ', h('input', { type: 'text', value: this.state.linkText, onChange: (e: Change) => this.setState({ linkText: e.target.value }), onKeyDown: keys })),
        h('label', null, 'Address ', h('input', { type: 'text', value: this.state.linkAddress, placeholder: '/docs/SOP-004/', autoFocus: true, onChange: (e: Change) => this.setState({ linkAddress: e.target.value }), onKeyDown: keys })),
        h('button', { type: 'button', onClick: submit, disabled: this.state.linkAddress.trim() === '' }, 'Insert link'),
        h('button', { type: 'button', onClick: () => this.close() }, 'Cancel'),
        h('p', { className: 'qms-md-help' }, 'A page of the manual, such as /docs/SOP-004/ (or just SOP-004), or a web address starting https://'),
      );
    },

    calloutPanel() {
      const submit = () => this.insertCallout();
      const keys = (event: KeyEvent) => this.onPanelKeyDown(event, submit);
      return h(
        'div',
        { className: 'qms-md-panel', role: 'group', 'aria-label': 'Insert a callout' },
        h(
          'label',
          null,
          'Type ',
          h('select', { value: this.state.calloutType, autoFocus: true, onChange: (e: Change) => this.setState({ calloutType: e.target.value as CalloutType }), onKeyDown: keys }, ...CALLOUT_TYPES.map((type) => h('option', { key: type, value: type }, CALLOUT_LABEL[type]))),
        ),
        h('label', null, 'Title (optional) ', h('input', { type: 'text', value: this.state.calloutTitle, onChange: (e: Change) => this.setState({ calloutTitle: e.target.value }), onKeyDown: keys })),
        h('button', { type: 'button', onClick: submit }, 'Insert callout'),
        h('button', { type: 'button', onClick: () => this.close() }, 'Cancel'),
        h('p', { className: 'qms-md-help' }, 'The selected lines go inside the callout; with nothing selected, it is added after the current line.'),
      );
    },
  });
  const preview = ({ value }: PreviewProps<string>) => h('pre', { style: { whiteSpace: 'pre-wrap' } }, value ?? '');
  return { control, preview };
}

interface Methods {
  area: HTMLTextAreaElement | null;
  setArea(element: HTMLTextAreaElement | null): void;
  componentDidUpdate(): void;
  current(): Edit;
  apply(next: Edit): void;
  run(action: (edit: Edit) => Edit): void;
  open(panel: Panel): void;
  close(): void;
  insertLink(): void;
  insertCallout(): void;
  onKeyDown(event: KeyEvent): void;
  onPanelKeyDown(event: KeyEvent, submit: () => void): void;
  onPaste(event: PasteEvent): void;
  render(): unknown;
  linkPanel(): unknown;
  calloutPanel(): unknown;
}

const STYLES = `
.qms-md { padding: 12px !important; }
.qms-md-toolbar { display: flex; flex-wrap: wrap; gap: 5px; margin-bottom: 10px; }
.qms-md-toolbar button, .qms-md-panel button {
  font: inherit; font-size: 14px; line-height: 1.2; padding: 6px 9px; border: 1px solid #767b87; border-radius: 4px;
  background: #fff; color: #1e2532; cursor: pointer;
}
.qms-md-toolbar button:hover, .qms-md-panel button:hover:not(:disabled) { background: #e8edf7; border-color: #3a4252; }
.qms-md-toolbar button:focus-visible, .qms-md-panel button:focus-visible, .qms-md-panel input:focus-visible,
.qms-md-panel select:focus-visible, .qms-md-text:focus-visible { outline: 3px solid #2456c4; outline-offset: 1px; }
.qms-md-toolbar button[aria-expanded="true"] { background: #dfe6f5; border-color: #2456c4; }
.qms-md-toolbar .qms-md-bold { font-weight: 700; }
.qms-md-toolbar .qms-md-italic { font-style: italic; }
.qms-md-panel { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 12px; margin-bottom: 10px; padding: 10px; border: 1px solid #b8bcc6; border-radius: 4px; background: #f5f7fb; }
.qms-md-panel label { display: flex; align-items: center; gap: 6px; font-size: 14px; color: #1e2532; }
.qms-md-panel input, .qms-md-panel select { font: inherit; font-size: 14px; padding: 5px 8px; border: 1px solid #767b87; border-radius: 4px; background: #fff; color: #1e2532; }
.qms-md-panel input[type="text"] { width: 16em; }
.qms-md-panel button:disabled { color: #767b87; cursor: not-allowed; }
.qms-md-help { flex-basis: 100%; margin: 0; font-size: 13px; color: #3a4252; }
.qms-md-text {
  display: block; box-sizing: border-box; width: 100%; min-height: 24em; resize: vertical; padding: 10px 12px;
  border: 1px solid #b8bcc6; border-radius: 4px; background: #fff; color: #1e2532; tab-size: 4;
  font: 14px/1.55 ui-monospace, "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace;
}
.qms-md-note { margin: 8px 0 0; font-size: 14px; color: #14532d; }
.qms-md-note:empty { margin: 0; }
`;
