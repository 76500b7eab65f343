import type { ControlledDocument } from '../load.ts';
import { yamlLineFinder } from '../problems.ts';
import { splitFrontmatter } from '../frontmatter.ts';
import type { RawFinding } from './findings.ts';

const ID_MENTION = /\b(?:POL|SOP|WI|FRM)-\d{3,}\b/g;

/**
 * `related` and `supersedes` must name documents that exist, and so must references in the body:
 * links to /docs/<ID>/ and plain mentions such as "see SOP-004". `knownIds` includes documents whose
 * frontmatter is invalid, so one broken file does not turn every reference to it into a second finding.
 */
export function referenceFindings(doc: ControlledDocument, source: string, knownIds: ReadonlySet<string>): RawFinding[] {
  const findings: RawFinding[] = [];
  const { frontmatter, frontmatterLine } = splitFrontmatter(source);
  const lineOf = yamlLineFinder(frontmatter, frontmatterLine);
  for (const field of ['related', 'supersedes'] as const) {
    doc.data[field].forEach((id, i) => {
      if (!knownIds.has(id)) {
        findings.push({ rule: 'unknown-reference', file: doc.file, line: lineOf([field, i]), field: `${field}.${i}`, message: `${field} names ${id}, which is not a document in the manual`, documentId: doc.data.id });
      }
    });
  }
  const lines = doc.body.split('\n');
  let fence: string | null = null;
  lines.forEach((text, i) => {
    const fenceMatch = /^\s*(```|~~~)/.exec(text);
    if (fenceMatch) {
      fence = fence === null ? fenceMatch[1] : fence === fenceMatch[1] ? null : fence;
      return;
    }
    if (fence !== null) return;
    // A link such as [SOP-098 Escalation](/docs/SOP-098/) names the ID twice: one finding per ID and line.
    const reported = new Set<string>();
    for (const m of text.replace(/`[^`]*`/g, (code) => ' '.repeat(code.length)).matchAll(ID_MENTION)) {
      if (knownIds.has(m[0]) || reported.has(m[0])) continue;
      reported.add(m[0]);
      findings.push({ rule: 'unknown-reference', file: doc.file, line: doc.bodyLine + i, column: m.index + 1, field: 'body', message: `the text refers to ${m[0]}, which is not a document in the manual`, documentId: doc.data.id });
    }
  });
  return findings;
}

/**
 * Supersession must run one way. Reports each cycle once, on the `supersedes` line of the document
 * with the lowest ID in it.
 */
export function supersessionCycleFindings(docs: readonly ControlledDocument[], sources: ReadonlyMap<string, string>): RawFinding[] {
  const byId = new Map(docs.map((d) => [d.data.id, d]));
  const findings: RawFinding[] = [];
  const reported = new Set<string>();
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string) => {
    state.set(id, 'visiting');
    stack.push(id);
    for (const next of byId.get(id)?.data.supersedes ?? []) {
      if (next === id || !byId.has(next)) continue;
      if (state.get(next) === 'visiting') {
        const cycle = stack.slice(stack.indexOf(next));
        const key = [...cycle].sort().join(' ');
        if (!reported.has(key)) {
          reported.add(key);
          const first = [...cycle].sort()[0];
          const doc = byId.get(first)!;
          const { frontmatter, frontmatterLine } = splitFrontmatter(sources.get(doc.file) ?? '');
          const ordered = [...cycle.slice(cycle.indexOf(first)), ...cycle.slice(0, cycle.indexOf(first)), first];
          findings.push({ rule: 'supersedes-cycle', file: doc.file, line: yamlLineFinder(frontmatter, frontmatterLine)(['supersedes']), field: 'supersedes', message: `supersession runs in a circle: ${ordered.join(' supersedes ')}`, documentId: first });
        }
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const id of [...byId.keys()].sort()) if (!state.has(id)) visit(id);
  return findings;
}
