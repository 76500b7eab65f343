import type { Finding } from '../../findings/finding.ts';
import type { ControlledDocument } from '../../load/document.ts';
import { IN_FORCE } from '../../status.ts';
import type { Check, DocumentInput, ManualInput } from './rule.ts';

const ID_MENTION = /\b(?:POL|SOP|WI|FRM)-\d{3,}\b/g;

/** Where a document names another: `related` and `supersedes` entries, and mentions in the text outside code. */
interface Mention {
  id: string;
  field: string;
  line: number;
  column: number;
}

/** Each document's mentions, read once: two rules ask for them. */
const mentionsRead = new WeakMap<ControlledDocument, Mention[]>();

/** Every ID the text mentions, once per line (a link names its ID twice), outside code spans and fenced blocks. */
function bodyMentions(doc: ControlledDocument): Mention[] {
  let mentions = mentionsRead.get(doc);
  if (!mentions) mentionsRead.set(doc, (mentions = readBodyMentions(doc)));
  return mentions;
}

function readBodyMentions(doc: ControlledDocument): Mention[] {
  const mentions: Mention[] = [];
  let fence: string | null = null;
  doc.body.split('\n').forEach((text, i) => {
    const fenceMatch = /^\s*(```|~~~)/.exec(text);
    if (fenceMatch) {
      fence = fence === null ? fenceMatch[1] : fence === fenceMatch[1] ? null : fence;
      return;
    }
    if (fence !== null || !text.includes('-')) return;
    const seen = new Set<string>();
    for (const m of (text.includes('`') ? text.replace(/`[^`]*`/g, (code) => ' '.repeat(code.length)) : text).matchAll(ID_MENTION)) {
      if (seen.has(m[0])) continue;
      seen.add(m[0]);
      mentions.push({ id: m[0], field: 'body', line: doc.bodyLine + i, column: m.index + 1 });
    }
  });
  return mentions;
}

/** The line of a field's entry is looked up only when a finding needs it: the YAML position map is built on first use. */
function fieldMentions(doc: ControlledDocument, fields: readonly ('related' | 'supersedes')[]): Mention[] {
  return fields.flatMap((field) =>
    doc.data[field].map((id, i) => ({
      id,
      field: `${field}.${i}`,
      get line() {
        return doc.source.positions.lineOf([field, i]);
      },
      column: 1,
    })),
  );
}

/**
 * `related` and `supersedes` must name documents that exist, and so must references in the body:
 * links to /docs/<ID>/ and plain mentions such as "see SOP-004". Known IDs include documents whose
 * frontmatter is invalid, so one broken file does not turn every reference to it into a second finding.
 */
export const unknownReferences: Check<DocumentInput> = ({ parsed, context }, found) => {
  const doc = parsed.document;
  if (!doc) return [];
  const known = (id: string) => context.knownIds.has(id) || id === doc.data.id;
  return [...fieldMentions(doc, ['related', 'supersedes']), ...bodyMentions(doc)]
    .filter((m) => !known(m.id))
    .map((m) =>
      found(
        { file: doc.file, line: m.line, column: m.column, field: m.field, documentId: doc.data.id },
        m.field === 'body' ? `the text refers to ${m.id}, which is not a document in the manual` : `${m.field.split('.')[0]} names ${m.id}, which is not a document in the manual`,
      ),
    );
};

/**
 * A document in force must not send staff to one that is not: a related document or a mention in the text
 * that has been withdrawn or superseded is reported, naming both and what replaced it. (A document's
 * `supersedes` list names old documents on purpose.)
 */
export const referencesToWithdrawn: Check<ManualInput> = ({ manual, analysis }, found) => {
  const titles = new Map(manual.documents.map((d) => [d.data.id, d.data.title]));
  return manual.documents.flatMap((doc) => {
    if (!IN_FORCE.has(analysis.statuses.get(doc.data.id)!.state)) return [];
    return [...fieldMentions(doc, ['related']), ...bodyMentions(doc)].flatMap((m) => {
      const target = analysis.statuses.get(m.id);
      // A replacement naming what it replaces ("this procedure replaces SOP-009") sends nobody there.
      if (!target || (target.state !== 'superseded' && target.state !== 'obsolete') || m.id === doc.data.id || doc.data.supersedes.includes(m.id)) return [];
      const what = `${m.id} ${titles.get(m.id) ?? ''}`.trim();
      const instead = target.supersededBy.length > 0 ? `it is superseded by ${target.supersededBy.join(', ')}: refer to that instead` : 'it was withdrawn (obsolete): refer to the document in force instead, or remove the reference';
      return [found({ file: doc.file, line: m.line, column: m.column, field: m.field, documentId: doc.data.id }, `${doc.data.id}, in force, sends staff to ${what}, but ${instead}`)];
    });
  });
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
