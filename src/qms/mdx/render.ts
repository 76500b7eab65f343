import GithubSlugger from 'github-slugger';
import type { Element, ElementContent, Nodes, Parents, Properties, Root, RootContent } from 'hast';
import { toHtml } from 'hast-util-to-html';
import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import { toHast, type Handler, type State } from 'mdast-util-to-hast';
import { CALLOUT_LABEL, CONTENT_HTML_ELEMENTS, type CalloutType } from '../content-components.ts';
import { normalizeMdxText } from './normalize.ts';
import { parseMdx } from './parse.ts';
import { checkUrl } from './safe-url.ts';

/*
 * A document's text as its page shows it, made into HTML here rather than compiled to a JavaScript module:
 * a document may use Markdown, the allow-listed components (content-components.ts) and the allowed HTML
 * elements, and nothing else (the guard refuses the rest before this runs), so its page is a tree of plain
 * elements. The build renders each .mdx body once, in the content layer, and Astro keeps the HTML in its
 * content cache until the text changes: no document becomes a module the bundler must compile, and no text
 * a controller published can ever run, at build time or in a reader's browser.
 *
 * The markup is what Astro 7's MDX compiler gave the same text (tests/unit/render.test.ts): its parser
 * (Sätteri) with GFM and smart punctuation, and an id on each Markdown heading (heading-ids.ts); a Callout
 * as a boxed note; every table in a box that scrolls on a phone. Two things differ, both for the site's
 * Content-Security-Policy, which allows no inline style: a table column's alignment is the cell's `align`
 * attribute, as GitHub writes it, not a `style`; and code blocks are plain (Astro colours them with inline
 * styles the policy blocks). The CMS preview renders with the same code; in the browser, where Sätteri is
 * not registered, from remark-mdx's tree.
 */

export interface BodyHeading {
  depth: number;
  slug: string;
  text: string;
}

export interface RenderedBody {
  html: string;
  headings: BodyHeading[];
}

/** MDX text to a hast tree, with the compiler's features (registered in Node by native-parser.ts). */
export type HastReader = (body: string) => Root;
let compilerHast: HastReader | undefined;
/** Registers the reader (or none: remark-mdx's tree), and returns the one registered before. */
export function renderWith(reader: HastReader | undefined): HastReader | undefined {
  const before = compilerHast;
  compilerHast = reader;
  return before;
}

/** The body of an .mdx document as its page shows it: normalized as the checker checked it, then rendered. */
export function renderMdxBody(body: string): RenderedBody {
  const tree = readTree(normalizeMdxText(body));
  const headings = addHeadingIds(tree);
  finishElements(tree);
  return { html: toHtml(tree), headings };
}

/**
 * The compiler's tree, or remark-mdx's where the compiler's parser is not registered or refuses a text the
 * guard let through (the two parsers differ at the edges: see parse.ts), so a valid text always renders.
 */
function readTree(body: string): Root {
  if (compilerHast) {
    try {
      return withContentElements(compilerHast(body));
    } catch {
      // remark-mdx reads it below.
    }
  }
  return fromRemark(body);
}

/** remark-mdx's tree (the CMS preview in the browser), the JSX elements made content elements on the way. */
function fromRemark(body: string): Root {
  const { tree } = parseMdx(body);
  if (!tree) return { type: 'root', children: [] };
  const jsx: Handler = (state: State, node: MdxJsxFlowElement | MdxJsxTextElement) => contentElement(node, state.all(node) as ElementContent[]);
  const nothing: Handler = () => undefined;
  return toHast(tree, {
    handlers: { mdxJsxFlowElement: jsx, mdxJsxTextElement: jsx, mdxFlowExpression: nothing, mdxTextExpression: nothing, mdxjsEsm: nothing },
  }) as Root;
}

/** The compiler's hast, where JSX elements are still `mdxJsx…` nodes and expressions and ESM still present. */
function withContentElements(tree: Root): Root {
  const convert = (nodes: readonly Nodes[]): ElementContent[] =>
    nodes.flatMap((node): ElementContent[] => {
      switch (node.type as string) {
        case 'mdxJsxFlowElement':
        case 'mdxJsxTextElement': {
          const jsx = node as unknown as MdxJsxFlowElement & { children: Nodes[] };
          return contentElement(jsx, convert(jsx.children));
        }
        // Only {/* comments */} pass the guard: they, and anything else MDX would run, render as nothing.
        case 'mdxFlowExpression':
        case 'mdxTextExpression':
        case 'mdxjsEsm':
          return [];
      }
      if ('children' in node) return [{ ...node, children: convert(node.children) } as ElementContent];
      return [node as ElementContent];
    });
  return { type: 'root', children: convert(tree.children) as RootContent[] };
}

/** Marks an element written as a tag in the text: Astro gives ids only to Markdown headings. */
const WRITTEN_AS_TAG = 'qmsWrittenAsTag';

/**
 * A component or allowed HTML element as the page shows it. Attributes other than the allowed ones, and any
 * element not allowed, are dropped (the element's text stays): the guard refuses both before a build renders,
 * and the preview shows its findings instead of such a text.
 */
function contentElement(node: MdxJsxFlowElement | MdxJsxTextElement, children: ElementContent[]): ElementContent[] {
  const attributes = Object.fromEntries(
    node.attributes.flatMap((a) => (a.type === 'mdxJsxAttribute' && (typeof a.value === 'string' || a.value === null || a.value === undefined) ? [[a.name, a.value ?? true]] : [])),
  );
  if (node.name === 'Callout') {
    // A note, warning or danger notice, its type said in words (CALLOUT_LABEL), never by colour alone.
    const type: CalloutType = String(attributes.type) in CALLOUT_LABEL ? (attributes.type as CalloutType) : 'note';
    const title = typeof attributes.title === 'string' ? `: ${attributes.title}` : '';
    return [
      element('aside', { className: ['callout', `callout--${type}`], role: 'note' }, [
        element('p', { className: ['callout__label'] }, [
          element('span', { className: ['callout__symbol'], ariaHidden: 'true' }, [{ type: 'text', value: type === 'note' ? 'i' : '!' }]),
          { type: 'text', value: ' ' },
          element('span', {}, [{ type: 'text', value: `${CALLOUT_LABEL[type]}${title}` }]),
        ]),
        element('div', { className: ['callout__body'] }, children),
      ]),
    ];
  }
  const allowed = node.name && Object.hasOwn(CONTENT_HTML_ELEMENTS, node.name) ? CONTENT_HTML_ELEMENTS[node.name] : undefined;
  if (!allowed) return children;
  const properties: Properties = Object.fromEntries(Object.entries(attributes).filter(([name]) => Object.hasOwn(allowed, name)));
  return [{ ...element(node.name!, properties, children), data: { [WRITTEN_AS_TAG]: true } as unknown as Element['data'] }];
}

function element(tagName: string, properties: Properties, children: ElementContent[]): Element {
  return { type: 'element', tagName, properties, children };
}

/**
 * Gives each Markdown heading the id Astro's heading-ids plugin gives it: one GitHub slugger per document,
 * over the heading's text as rendered (an image's alt text is not text; a footnote call is its number).
 */
function addHeadingIds(tree: Root): BodyHeading[] {
  const slugger = new GithubSlugger();
  const headings: BodyHeading[] = [];
  visitElements(tree, (node) => {
    if (!/^h[1-6]$/.test(node.tagName) || (node.data as Record<string, unknown> | undefined)?.[WRITTEN_AS_TAG]) return;
    const text = textOf(node);
    const slug = typeof node.properties.id === 'string' ? node.properties.id : slugger.slug(text);
    node.properties.id = slug;
    headings.push({ depth: Number(node.tagName[1]), slug, text });
  });
  return headings;
}

const textOf = (node: Nodes): string => (node.type === 'text' ? node.value : 'children' in node ? node.children.map(textOf).join('') : '');

/**
 * Every table in a box that scrolls sideways on a narrow screen, reachable by keyboard, and every code block
 * likewise reachable, never the whole page scrolling; a column's alignment as the cells' `align` attribute.
 * And, should a text reach here unguarded, no link or image address that runs code: the guard refuses
 * those with a finding (mdx-unsafe-url), and the page never carries one.
 */
export function finishElements(tree: Root): void {
  const visit = (parent: Parents) => {
    parent.children = parent.children.map((child) => {
      if (child.type !== 'element') return child;
      visit(child);
      for (const name of ['href', 'src'] as const) {
        const url = child.properties[name];
        if (url !== undefined && (typeof url !== 'string' || !checkUrl(url).safe)) delete child.properties[name];
      }
      if (child.tagName === 'pre') child.properties.tabIndex = 0;
      if (child.tagName === 'th' || child.tagName === 'td') alignWithoutStyle(child);
      if (child.tagName !== 'table') return child;
      return element('div', { className: ['table-scroll'], tabIndex: 0, role: 'region', ariaLabel: 'Table' }, [child]);
    }) as typeof parent.children;
  };
  visit(tree);
}

function alignWithoutStyle(cell: Element): void {
  const align = /^\s*text-align:\s*(left|center|right)\s*;?\s*$/.exec(String(cell.properties.style ?? ''))?.[1];
  if (!align) return;
  delete cell.properties.style;
  cell.properties.align = align;
}

function visitElements(node: Parents, visit: (element: Element) => void): void {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    visit(child);
    visitElements(child, visit);
  }
}
