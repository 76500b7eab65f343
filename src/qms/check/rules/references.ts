import type { Finding } from '../../findings/finding.ts';
import type { Check, DocumentInput, ManualInput } from './rule.ts';

const ID_MENTION = /\b(?:POL|SOP|WI|FRM)-\d{3,}\b/g;

/**
 * `related` and `supersedes` must name documents that exist, and so must references in the body:
 * links to /docs/<ID>/ and plain mentions such as "see SOP-004". Known IDs include documents whose
 * frontmatter is invalid, so one broken file does not turn every reference to it into a second finding.
 */
export const unknownReferences: Check<DocumentInput> = ({ parsed, source, context }, found) => {
  const doc = parsed.document;
  if (!doc) return [];
  const known = (id: string) => context.knownIds.has(id) || id === doc.data.id;
  const findings: Finding[] = [];
  for (const field of ['related', 'supersedes'] as const) {
    doc.data[field].forEach((id, i) => {
      if (!known(id)) {
        findings.push(found({ file: doc.file, line: source.positions.lineOf([field, i]), field: `${field}.${i}`, documentId: doc.data.id }, `${field} names ${id}, which is not a document in the manual`));
      }
    });
  }
  let fence: string | null = null;
  doc.body.split('\n').forEach((text, i) => {
    const fenceMatch = /^\s*(```|~~~)/.exec(text);
    if (fenceMatch) {
      fence = fence === null ? fenceMatch[1] : fence === fenceMatch[1] ? null : fence;
      return;
    }
    if (fence !== null) return;
    // A link such as [SOP-098 Escalation](/docs/SOP-098/) names the ID twice: one finding per ID and line.
    const reported = new Set<string>();
    for (const m of text.replace(/`[^`]*`/g, (code) => ' '.repeat(code.length)).matchAll(ID_MENTION)) {
      if (known(m[0]) || reported.has(m[0])) continue;
      reported.add(m[0]);
      findings.push(found({ file: doc.file, line: doc.bodyLine + i, column: m.index + 1, field: 'body', documentId: doc.data.id }, `the text refers to ${m[0]}, which is not a document in the manual`));
    }
  });
  return findings;
};

/**
 * Supersession must run one way. Reports each cycle once, on the `supersedes` line of the document
 * with the lowest ID in it. (A document that supersedes itself is refused by the schema.)
 */
export const supersessionCycles: Check<ManualInput> = ({ manual }, found) => {
  const byId = new Map(manual.documents.map((d) => [d.data.id, d]));
  const findings: Finding[] = [];
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
          const ordered = [...cycle.slice(cycle.indexOf(first)), ...cycle.slice(0, cycle.indexOf(first)), first];
          findings.push(found({ file: doc.file, line: doc.source.positions.lineOf(['supersedes']), field: 'supersedes', documentId: first }, `supersession runs in a circle: ${ordered.join(' supersedes ')}`));
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
};
