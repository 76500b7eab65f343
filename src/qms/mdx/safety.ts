import type { Nodes } from 'mdast';
import type { MdxJsxAttribute, MdxJsxExpressionAttribute, MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import { CONTENT_COMPONENTS, CONTENT_HTML_ELEMENTS, type AttributeRule } from '../content-components.ts';
import { finding, type Finding } from '../findings/finding.ts';
import type { RuleId } from '../findings/rules.ts';
import { codeRanges, parseMdx, type BodyReport, type Range } from './parse.ts';
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

/** Elements that run script, load other documents or take input: refused by name, whatever their case. */
export const UNSAFE_ELEMENTS = new Set([
  'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'param', 'style', 'link', 'meta', 'base',
  'form', 'input', 'button', 'textarea', 'select', 'option', 'keygen', 'svg', 'math', 'template', 'noscript',
  'noembed', 'noframes', 'portal', 'fencedframe', 'xmp', 'plaintext', 'listing', 'html', 'head', 'body', 'slot',
]);

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
  a: 'write links in Markdown: [text](/docs/SOP-004/)',
  img: 'write images in Markdown: ![description](/images/file.png)',
  table: 'write tables in Markdown with | pipes |',
  p: 'separate paragraphs with a blank line',
  strong: 'write **bold** in Markdown', b: 'write **bold** in Markdown',
  em: 'write *italics* in Markdown', i: 'write *italics* in Markdown',
  ul: 'write lists in Markdown with - items', ol: 'write lists in Markdown with 1. items', li: 'write lists in Markdown',
  h1: 'write headings in Markdown with #', h2: 'write headings in Markdown with ##', h3: 'write headings in Markdown with ###',
  code: 'write code in Markdown with `backticks`', pre: 'write code blocks in Markdown between ``` fences',
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
  if (tree) walk(tree, report, flagged);
  scanRawText(body, codeRanges(body, tree), [...flagged, ...syntaxRanges], report);
  return found.sort((a, b) => a.line - b.line || a.column - b.column);
}

// ---- The tree: ESM, expressions, elements, attributes and URLs ----------------------------------------

function walk(node: Nodes, reportAt: BodyReport, flagged: Range[]): void {
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
      if (node.data?.estree?.body.length === 0) return;
      report('mdx-expression', node, `{${shorten(node.value)}} is JavaScript that would run when the manual is built; write \\{ and \\} to show braces as text`);
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
      report('mdx-unsafe-element', node, 'raw HTML is not allowed in documents');
      return;
  }
  if ('children' in node) for (const child of node.children) walk(child as Nodes, reportAt, flagged);
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
        : `${tag} is not one of the components documents may use (allowed: ${components})`,
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
