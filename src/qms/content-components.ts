/**
 * What a document body may use besides Markdown: the allow-list the checker enforces (src/qms/mdx/safety.ts),
 * the renderer turns into HTML (contentElement in src/qms/mdx/render.ts), and the README documents. Adding
 * a component is adding it here and there; anything not listed is refused, so a document can never run code.
 */

/** An attribute's allowed values: a fixed set of words, any plain text, or present-or-absent. */
export type AttributeRule =
  | { kind: 'one-of'; values: readonly string[]; required?: boolean }
  | { kind: 'text'; required?: boolean }
  | { kind: 'flag' };

export interface ContentComponent {
  description: string;
  attributes: Readonly<Record<string, AttributeRule>>;
}

export const CALLOUT_TYPES = ['note', 'warning', 'danger'] as const;
export type CalloutType = (typeof CALLOUT_TYPES)[number];

/** The visible label of each callout type: the type is said in words, never by colour alone. */
export const CALLOUT_LABEL: Record<CalloutType, string> = { note: 'Note', warning: 'Warning', danger: 'Danger' };

export const CONTENT_COMPONENTS = {
  Callout: {
    description: 'A boxed note, warning or danger notice with a visible label.',
    attributes: {
      type: { kind: 'one-of', values: CALLOUT_TYPES, required: true },
      title: { kind: 'text' },
    },
  },
} as const satisfies Record<string, ContentComponent>;

export type ContentComponentName = keyof typeof CONTENT_COMPONENTS;

/**
 * Lower-case HTML elements a document may write, each with the only attributes it may carry: those GitHub
 * renders as safe elements in a README (documents are often written there first), so ordinary Markdown with
 * a `<br>` or a list in a table cell renders as its author saw it. URLs in `href` and `src` are checked like
 * Markdown links and images (safe schemes, and images from the manual only).
 */
const text = { kind: 'text' } as const;
const url = { kind: 'text' } as const;
const align = { kind: 'one-of', values: ['left', 'center', 'right'] } as const;
export const CONTENT_HTML_ELEMENTS: Readonly<Record<string, Readonly<Record<string, AttributeRule>>>> = {
  abbr: { title: text },
  br: {},
  wbr: {},
  hr: {},
  sub: {},
  sup: {},
  kbd: {},
  mark: {},
  small: {},
  b: {},
  i: {},
  strong: {},
  em: {},
  u: {},
  s: {},
  del: {},
  ins: {},
  q: {},
  cite: {},
  dfn: {},
  var: {},
  samp: {},
  code: {},
  span: {},
  div: {},
  p: {},
  blockquote: {},
  h2: {},
  h3: {},
  h4: {},
  h5: {},
  h6: {},
  ul: {},
  ol: { start: text },
  li: {},
  details: { open: { kind: 'flag' } },
  summary: {},
  dl: {},
  dt: {},
  dd: {},
  table: {},
  caption: {},
  thead: {},
  tbody: {},
  tfoot: {},
  tr: {},
  th: { align, colspan: text, rowspan: text },
  td: { align, colspan: text, rowspan: text },
  a: { href: url, title: text },
  img: { src: url, alt: text, title: text, width: text, height: text },
  figure: {},
  figcaption: {},
  time: { datetime: text },
};

/** The elements of HTML (and its obsolete ones people still paste), by name: a tag named so was meant as markup. */
export const HTML_ELEMENT_NAMES: ReadonlySet<string> = new Set(
  ('a abbr acronym address area article aside audio b basefont bdi bdo big blink blockquote body br button canvas caption center cite code col colgroup ' +
    'data datalist dd del details dfn dialog dir div dl dt em fieldset figcaption figure font footer h1 h2 h3 h4 h5 h6 head header hgroup hr html i img ' +
    'input ins kbd label legend li main map mark marquee menu meter nav nobr ol optgroup option output p param picture pre progress q rp rt ruby s samp ' +
    'search section select slot small source span strike strong sub summary sup table tbody td textarea tfoot th thead time title tr track tt u ul var video wbr')
    .split(' '),
);

/** Elements with no content, which HTML writes `<br>` and MDX must write `<br />`. */
export const VOID_HTML_ELEMENTS: ReadonlySet<string> = new Set(['br', 'wbr', 'hr', 'img']);

/** Elements that run script, load other documents or take input: refused by name, whatever their case. */
export const UNSAFE_ELEMENTS: ReadonlySet<string> = new Set([
  'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'param', 'style', 'link', 'meta', 'base',
  'form', 'input', 'button', 'textarea', 'select', 'option', 'keygen', 'svg', 'math', 'template', 'noscript',
  'noembed', 'noframes', 'portal', 'fencedframe', 'xmp', 'plaintext', 'listing', 'html', 'head', 'body', 'slot',
]);
