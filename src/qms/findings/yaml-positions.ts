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

/** Positions in `text`, a YAML text that starts on line `firstLine` of its file. */
export function yamlPositions(text: string, firstLine: number): YamlPositions {
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
