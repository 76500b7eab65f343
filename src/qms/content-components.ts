/**
 * What a document body may use besides Markdown: the allow-list the checker enforces (src/qms/mdx/safety.ts),
 * the document page passes to MDX, and the README documents. Adding a component is adding it here and in
 * src/components/content/; anything not listed is refused, so a document can never run code.
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
 * Lower-case HTML elements a document may write, for what Markdown has no syntax for, each with the only
 * attributes it may carry. Links, images and tables are written in Markdown, where the checker reads the URL.
 */
export const CONTENT_HTML_ELEMENTS: Readonly<Record<string, Readonly<Record<string, AttributeRule>>>> = {
  abbr: { title: { kind: 'text' } },
  br: {},
  sub: {},
  sup: {},
  kbd: {},
  mark: {},
  small: {},
  details: { open: { kind: 'flag' } },
  summary: {},
  dl: {},
  dt: {},
  dd: {},
};
