import type { Html, Nodes, Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { MdxJsxAttribute, MdxJsxExpressionAttribute, MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import { CONTENT_COMPONENTS, CONTENT_HTML_ELEMENTS, UNSAFE_ELEMENTS, type AttributeRule } from '../content-components.ts';
import { finding, type Finding } from '../findings/finding.ts';
import type { RuleId } from '../findings/rules.ts';
import { codeRanges, parseMdx, type BodyReport, type Range } from './parse.ts';
import { LIMITS, tooDeep } from './limits.ts';
import { scanRawText } from './raw-scan.ts';
import { checkUrl, SCRIPT_SCHEMES, unsafeUrlMessage } from './safe-url.ts';

/**
 * A document must never run JavaScript, at build time or in a reader's browser. MDX compiles `import`,
 * `export`, `{expressions}`, component names and attribute expressions into code, and passes HTML elements
 * and attributes through to the page; this module refuses all of them except the allow-list in
 * src/qms/content-components.ts, and every Markdown URL that is not http(s), mailto, tel or a path.
 *
 * remark-mdx is the reference parser of MDX; Astro 7 compiles with its own Rust parser (satteri), which
 * agrees with it on every construct tested in tests/unit/mdx-parser-agreement.test.ts.
 */

export { UNSAFE_ELEMENTS } from '../content-components.ts';

/** Attributes that run script or carry HTML or CSS, besides every on* event handler. */
const UNSAFE_ATTRIBUTES = new Set(['style', 'srcdoc', 'formaction', 'dangerouslysetinnerhtml', 'innerhtml']);
/** Astro's JSX directives (`set:html` writes raw HTML into the page). */
const ASTRO_DIRECTIVE = /^(set|is|client|server|define|transition):/i;
/** Attributes whose value the browser follows or loads as a URL. */
const URL_ATTRIBUTES = new Set([
  'href', 'src', 'xlink:href', 'action', 'formaction', 'poster', 'background', 'cite', 'data', 'codebase', 'srcset',
  'ping', 'manifest', 'longdesc', 'lowsrc', 'dynsrc', 'usemap', 'icon', 'profile', 'archive', 'classid', 'to', 'values', 'from', 'by',
]);

/** Better ways to write what an HTML element outside the allow-list was meant for. */
const MARKDOWN_INSTEAD: Record<string, string> = {
  h1: 'the title is the page\'s only first-level heading: start sections at ## (h2)',
  font: 'write **bold** or *italics* in Markdown: colours and fonts are the site\'s',
  center: 'text alignment is the site\'s',
};

type JsxElement = MdxJsxFlowElement | MdxJsxTextElement;
type JsxAttribute = MdxJsxAttribute | MdxJsxExpressionAttribute;

/**
 * Every way the document body could run code or reach unsafe content, all at once, each with its line in
 * the file (`bodyLine` is the file line where the body starts) and column.
 */
export function mdxSafetyFindings(file: string, body: string, bodyLine: number, documentId?: string): Finding[] {
  const found: Finding[] = [];
  const report: BodyReport = (rule, line, column, message) => {
    found.push(finding(rule, { file, line: bodyLine + line - 1, column, field: 'body', documentId }, message));
  };
  const flagged: Range[] = [];
  const { tree, syntaxRanges } = parseMdx(body, report);
  if (tree && reportTooDeep(tree, report)) return sorted(found);
  if (tree) walk(tree, report, flagged);
  scanRawText(body, codeRanges(body, tree), [...flagged, ...syntaxRanges], report);
  return sorted(found);
}

const markdownParser = unified().use(remarkParse).use(remarkGfm);

const sorted = (found: Finding[]) => found.sort((a, b) => a.line - b.line || a.column - b.column);

/** A tree too deep to compile is reported (rule document-limits) and not read further. */
function reportTooDeep(tree: Root, report: BodyReport): boolean {
  const deep = tooDeep(tree);
  if (!deep) return false;
  const start = deep.node.position?.start;
  report('document-limits', start?.line ?? 1, start?.column ?? 1, `the text here is nested more than ${LIMITS.treeDepth} levels deep (elements inside elements, lists, quotes); flatten the structure`);
  return true;
}

/**
 * The same, for a `.md` document: the site renders it as Markdown, where HTML is HTML (passed through to
 * the page), not JSX. Its raw HTML is read tag by tag and held to the same allow-list.
 */
export function markdownSafetyFindings(file: string, body: string, bodyLine: number, documentId?: string): Finding[] {
  const found: Finding[] = [];
  const report: BodyReport = (rule, line, column, message) => {
    found.push(finding(rule, { file, line: bodyLine + line - 1, column, field: 'body', documentId }, message));
  };
  const flagged: Range[] = [];
  const tree = markdownParser.parse(body);
  if (reportTooDeep(tree, report)) return sorted(found);
  walk(tree, report, flagged, 'markdown');
  scanRawText(body, codeRanges(body, tree), flagged, report);
  return sorted(found);
}

/** `<name attr="v" attr2=v3 flag>` and `</name>`, in raw HTML. */
const HTML_TAG = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/g;
const HTML_ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g;

/** The elements of a raw HTML node, read as JSX elements are, each placed where it starts in the body. */
function htmlElements(node: Html): JsxElement[] {
  const start = node.position?.start;
  const value = node.value.replace(/<!--[\s\S]*?-->/g, (comment) => comment.replace(/[^\n]/g, ' '));
  const elements: JsxElement[] = [];
  // Lines are counted as the tags are met: an HTML block can be thousands of lines long.
  let lineOffset = 0;
  let lines = 0;
  let lastNewline = -1;
  for (const m of value.matchAll(HTML_TAG)) {
    if (m[1] === '/') continue;
    for (; lineOffset < m.index; lineOffset++) {
      if (value[lineOffset] === '\n') {
        lines++;
        lastNewline = lineOffset;
      }
    }
    const line = (start?.line ?? 1) + lines;
    const column = lastNewline !== -1 ? m.index - lastNewline : (start?.column ?? 1) + m.index;
    const offset = (start?.offset ?? 0) + m.index;
    const position = { start: { line, column, offset }, end: { line, column: column + m[0].length, offset: offset + m[0].length } };
    const attributes: MdxJsxAttribute[] = [...m[3].matchAll(HTML_ATTRIBUTE)].map((a) => ({
      type: 'mdxJsxAttribute',
      name: a[1],
      value: a[2] === undefined ? null : a[2].replace(/^(["'])([\s\S]*)\1$/, '$2'),
      position,
    }));
    elements.push({ type: 'mdxJsxTextElement', name: m[2].toLowerCase(), attributes, children: [], position });
  }
  return elements;
}

// ---- The tree: ESM, expressions, elements, attributes and URLs ----------------------------------------

function walk(node: Nodes, reportAt: BodyReport, flagged: Range[], syntax: 'mdx' | 'markdown' = 'mdx'): void {
  // The text scan skips what is reported here: a whole node, or only the opening tag of an element whose
  // content is still read (a Callout with a wrong type can hold other problems).
  const report: Report = (rule, at, message, extent = 'node') => {
    const start = at.position?.start;
    reportAt(rule, start?.line ?? 1, start?.column ?? 1, message);
    const firstChild = extent === 'tag' && 'children' in at ? at.children[0]?.position?.start.offset : undefined;
    const end = firstChild ?? at.position?.end.offset;
    if (start?.offset !== undefined && end !== undefined) flagged.push({ start: start.offset, end });
  };
  switch (node.type) {
    case 'mdxjsEsm':
      report('mdx-esm', node, `"${firstLine(node.value)}": a document cannot import or export code; remove the line`);
      return;
    case 'mdxFlowExpression':
    case 'mdxTextExpression':
      // {/* a comment */} holds no code and compiles to nothing: the comment MDX offers instead of <!-- -->.
      if ((node.data as { estree?: { body: unknown[] } } | undefined)?.estree?.body.length === 0) return;
      report('mdx-expression', node, `{${shorten(node.value)}} is JavaScript that would run when the manual is built; to show the braces as text write \\{ and \\} (npm run check -- --fix does it)`);
      return;
    case 'mdxJsxFlowElement':
    case 'mdxJsxTextElement':
      checkElement(node, report);
      break;
    case 'link':
    case 'image':
    case 'definition': {
      const verdict = checkUrl(node.url);
      const what = node.type === 'image' ? 'image' : node.type === 'definition' ? `link definition [${node.label ?? node.identifier}]:` : 'link to';
      if (!verdict.safe) report('mdx-unsafe-url', node, unsafeUrlMessage(what, node.url, verdict.scheme));
      break;
    }
    case 'html':
      // In MDX, HTML is JSX and never arrives as raw HTML; in Markdown it is passed to the page as written.
      if (syntax === 'mdx') report('mdx-unsafe-element', node, 'raw HTML is not allowed in documents');
      else for (const element of htmlElements(node)) checkElement(element, report);
      return;
  }
  if ('children' in node) for (const child of node.children) walk(child as Nodes, reportAt, flagged, syntax);
}

type Report = (rule: RuleId, at: Nodes | JsxAttribute, message: string, extent?: 'node' | 'tag') => void;

function checkElement(element: JsxElement, report: Report): void {
  const name = element.name;
  const tag = name === null ? '<>' : `<${name}>`;
  const parts = (name ?? '').toLowerCase().split(/[.:]/);
  const component = name !== null && Object.hasOwn(CONTENT_COMPONENTS, name) ? CONTENT_COMPONENTS[name as keyof typeof CONTENT_COMPONENTS] : undefined;
  const html = name !== null && Object.hasOwn(CONTENT_HTML_ELEMENTS, name) ? CONTENT_HTML_ELEMENTS[name] : undefined;
  const allowed = component?.attributes ?? html;

  if (parts.some((part) => UNSAFE_ELEMENTS.has(part))) {
    report('mdx-unsafe-element', element, `${tag} can run script, load another page or take input, and is never allowed in a document`);
  } else if (name === null) {
    report('mdx-unknown-component', element, 'a fragment <>…</> is not allowed in documents; remove the <> and </>', 'tag');
  } else if (!allowed) {
    const components = Object.keys(CONTENT_COMPONENTS).join(', ');
    const instead = MARKDOWN_INSTEAD[name.toLowerCase()];
    report(
      'mdx-unknown-component',
      element,
      /^[a-z][a-z0-9-]*$/.test(name)
        ? `${tag} is not allowed in documents${instead ? `; ${instead}` : ''} (HTML elements allowed: ${Object.keys(CONTENT_HTML_ELEMENTS).join(', ')})`
        : `${tag} is not one of the components documents may use (allowed: ${components}); to show it as text write \\${tag} (npm run check -- --fix does it)`,
      'tag',
    );
  }

  for (const attribute of element.attributes) checkAttribute(tag, attribute, allowed, report);

  if (allowed) {
    const present = new Set(element.attributes.map((a) => (a.type === 'mdxJsxAttribute' ? a.name : '')));
    for (const [attr, rule] of Object.entries(allowed)) {
      if (rule.kind !== 'flag' && rule.required && !present.has(attr)) {
        report('mdx-unknown-component', element, `${tag} needs ${attr}=${describeRule(rule)}`, 'tag');
      }
    }
  }
}

/** One finding per attribute, the gravest that applies. */
function checkAttribute(tag: string, attribute: JsxAttribute, allowed: Readonly<Record<string, AttributeRule>> | undefined, report: Report): void {
  if (attribute.type === 'mdxJsxExpressionAttribute') {
    report('mdx-expression', attribute, `the attribute {${shorten(attribute.value)}} on ${tag} is JavaScript; write attributes as name="text"`);
    return;
  }
  const name = attribute.name;
  const lower = name.toLowerCase();
  if (/^on/.test(lower)) {
    report('mdx-event-handler', attribute, `${name} on ${tag} is an event handler that runs JavaScript in the reader's browser`);
    return;
  }
  if (UNSAFE_ATTRIBUTES.has(lower) || ASTRO_DIRECTIVE.test(name)) {
    report('mdx-event-handler', attribute, `${name} on ${tag} can inject script, HTML or styles into the page`);
    return;
  }
  const value = attribute.value;
  if (value !== null && value !== undefined && typeof value !== 'string') {
    report('mdx-expression', attribute, `${name}={${shorten(value.value)}} on ${tag} is JavaScript; write ${name}="text"`);
    return;
  }
  if (typeof value === 'string') {
    const verdict = checkUrl(value);
    // Outside URL attributes only a script scheme matters (`title="Data: ..."` is text, `to="javascript:..."` is not).
    const scriptScheme = verdict.scheme !== undefined && SCRIPT_SCHEMES.has(verdict.scheme);
    if (!verdict.safe && (URL_ATTRIBUTES.has(lower) || scriptScheme)) {
      report('mdx-unsafe-url', attribute, unsafeUrlMessage(`${name} on ${tag}`, value, verdict.scheme));
      return;
    }
  }
  if (!allowed) return; // the element itself is refused; its other attributes do not matter
  const rule = Object.hasOwn(allowed, name) ? allowed[name] : undefined;
  if (!rule) {
    const names = Object.keys(allowed);
    report('mdx-unknown-component', attribute, `${tag} takes no attribute ${name}${names.length ? ` (allowed: ${names.join(', ')})` : ''}`);
  } else if (rule.kind === 'one-of' && (typeof value !== 'string' || !rule.values.includes(value))) {
    report('mdx-unknown-component', attribute, `${name} on ${tag} must be ${describeRule(rule)}, found ${value === null || value === undefined ? 'no value' : JSON.stringify(value)}`);
  } else if (rule.kind === 'text' && typeof value !== 'string') {
    report('mdx-unknown-component', attribute, `${name} on ${tag} needs a text value: ${name}="..."`);
  }
}

function describeRule(rule: AttributeRule): string {
  if (rule.kind === 'one-of') return rule.values.map((v) => `"${v}"`).join(', ').replace(/, ([^,]*)$/, ' or $1');
  return rule.kind === 'text' ? '"text"' : '(no value)';
}

function firstLine(text: string): string {
  return shorten(text.split('\n')[0] ?? '');
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 50 ? `${flat.slice(0, 47)}...` : flat;
}
