import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { finding, type Finding } from './finding.ts';
import type { RuleId } from './rules.ts';

/**
 * Where each field of a YAML text is written, so a finding points at the line to fix: the line of a
 * key, of the n-th item of a list (block or flow), of a key inside a section or a list entry. The one
 * place that finds a line in YAML: every reader and rule asks it.
 *
 * Values are read with js-yaml, as Astro reads frontmatter (src/qms/frontmatter.ts); positions come from
 * the `yaml` package's syntax tree, which keeps the offset of every node, comments and blank lines
 * included. It is built on the first question, so a file with no finding never pays for it.
 */
export interface YamlPositions {
  /** 1-based line of the field at `path` in the file; the nearest enclosing field written, else the start. */
  lineOf(path: readonly PropertyKey[]): number;
  /** 1-based line of the entry of the list at `listPath` whose `key` is `value` (`- id: "8.1"`), else of the list. */
  lineOfEntry(listPath: readonly PropertyKey[], key: string, value: string): number;
}

/** What js-yaml tells a listener as it reads (parseYaml's `listener`): a node opens, or closes with what was read. */
export type YamlListener = (event: 'open' | 'close', state: YamlReadState) => void;
/** The part of js-yaml's reading state a listener reads (lines count from 0). */
export interface YamlReadState {
  line: number;
  kind: string | null;
  result: unknown;
  anchor: string | null;
}

/**
 * The line (from 0) of each top-level key of a YAML mapping, and of each item of the lists among their
 * values, heard from js-yaml as it parsed the text (see recordFieldLines).
 */
export type FieldLines = ReadonlyMap<string, { line: number; items?: readonly number[] }>;

interface Heard {
  line: number;
  kind: string | null;
  result: unknown;
  anchor: string | null;
  children: Heard[];
}

/**
 * A listener for parseYaml that keeps the lines of the top-level keys and list items, so that most findings
 * find their line without the second, far slower parse yamlPositions otherwise makes. `lines()` answers
 * only for a text it can vouch for: a mapping of plain keys, each read once, with no anchor, explicit key
 * (`? `) or tag (`!`); for any other, undefined (and the positions come from the syntax tree).
 */
export function recordFieldLines(text: string): { listener: YamlListener; lines(): FieldLines | undefined } {
  const root: Heard[] = [];
  const open: Heard[] = [];
  const listener: YamlListener = (event, state) => {
    if (event === 'open') {
      open.push({ line: state.line, kind: null, result: undefined, anchor: null, children: [] });
      return;
    }
    const node = open.pop();
    if (!node) return;
    node.kind = state.kind;
    node.result = state.result;
    node.anchor = state.anchor;
    (open.at(-1)?.children ?? root).push(node);
  };
  const lines = (): FieldLines | undefined => {
    const [top] = root;
    if (root.length !== 1 || open.length > 0 || top.kind !== 'mapping' || top.anchor !== null || UNVOUCHED.test(text)) return undefined;
    const value = top.result as Record<string, unknown>;
    const pairs = top.children;
    if (pairs.length % 2 !== 0 || pairs.length / 2 !== Object.keys(value).length) return undefined;
    const found = new Map<string, { line: number; items?: number[] }>();
    for (let i = 0; i < pairs.length; i += 2) {
      const [key, entry] = [pairs[i], pairs[i + 1]];
      if (key.kind !== 'scalar' || key.anchor !== null || entry.anchor !== null) return undefined;
      const name = String(key.result);
      if (found.has(name) || !Object.hasOwn(value, name)) return undefined;
      const items = entry.kind === 'sequence' && Array.isArray(entry.result) && entry.children.length === entry.result.length ? entry.children : undefined;
      if (items?.some((item) => item.anchor !== null)) return undefined;
      found.set(name, { line: key.line, items: items?.map((item) => item.line) });
    }
    return found;
  };
  return { listener, lines };
}

/** What the listener's reading is not vouched for: an explicit key, a tag or an alias starting a token. */
const UNVOUCHED = /(?:^|[\s[{,:-])[?!*](?:\S|$)|^\?/m;

/**
 * Positions in `text`, a YAML text that starts on line `firstLine` of its file. `heard`, the lines js-yaml
 * gave while parsing it (recordFieldLines), answers for a top-level key and its list items without the
 * syntax tree.
 */
export function yamlPositions(text: string, firstLine: number, heard?: FieldLines): YamlPositions {
  let tree: { root: Node | null; lines: LineCounter } | undefined;
  const read = () => {
    if (!tree) {
      const lines = new LineCounter();
      const document = parseDocument(text, { lineCounter: lines, uniqueKeys: false, strict: false, prettyErrors: false });
      tree = { root: (document.contents as Node | null) ?? null, lines };
    }
    return tree;
  };
  const lineAt = (offset: number) => read().lines.linePos(offset).line + firstLine - 1;

  /** The node at `path`, and the offset of the deepest part of the path that is written. */
  const walk = (path: readonly PropertyKey[]): { node: Node | null; offset: number | undefined } => {
    let node = read().root;
    let offset: number | undefined;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
        if (!pair) break;
        offset = isScalar(pair.key) ? pair.key.range?.[0] : offset;
        node = (pair.value as Node | null) ?? null;
      } else if (isSeq(node) && typeof key === 'number') {
        const item = node.items[key] as Node | undefined;
        if (!item) break;
        offset = item.range?.[0] ?? offset;
        node = item;
      } else {
        break;
      }
    }
    return { node, offset };
  };

  return {
    lineOf(path) {
      const field = heard && path.length <= 2 ? heard.get(String(path[0])) : undefined;
      if (field && path.length === 1) return field.line + firstLine;
      if (field && typeof path[1] === 'number' && field.items) return (field.items[path[1]] ?? field.line) + firstLine;
      const { offset } = walk(path);
      return offset === undefined ? firstLine : lineAt(offset);
    },
    lineOfEntry(listPath, key, value) {
      const { node, offset } = walk(listPath);
      if (isSeq(node)) {
        for (const item of node.items) {
          if (!isMap(item)) continue;
          const pair = item.items.find((p) => isScalar(p.key) && p.key.value === key);
          if (pair && isScalar(pair.value) && String(pair.value.value) === value && item.range) return lineAt(item.range[0]);
        }
      }
      return offset === undefined ? firstLine : lineAt(offset);
    },
  };
}

/**
 * A YAML syntax error as a finding at its real place in the file. js-yaml counts lines and columns from
 * 0 within the YAML it was given, and writes that position into its message; the finding carries the
 * place in the file instead, so the message keeps only the reason.
 */
export function yamlSyntaxFinding(rule: RuleId, at: { file: string; firstLine: number; what?: string; documentId?: string }, error: unknown): Finding {
  const e = error as { reason?: string; message?: string; mark?: { line: number; column: number } };
  const reason = e.reason ?? (e.message ?? String(error)).split('\n')[0];
  return finding(
    rule,
    { file: at.file, line: at.firstLine + (e.mark?.line ?? 0), column: (e.mark?.column ?? 0) + 1, documentId: at.documentId },
    `${at.what ? `${at.what} is ` : ''}not valid YAML: ${reason}`,
  );
}
