import { formatDate, type IsoDate } from '../base/dates.ts';
import { idKey } from '../base/ids.ts';
import type { DocumentFrontmatter } from '../schemas/document.ts';
import type { Settings } from '../schemas/settings.ts';
import { effectiveStatuses, IN_FORCE, STATE_ADVICE, type EffectiveStatus } from '../status.ts';
import { docUrl } from './urls.ts';

/*
 * "Is this paper copy still current?": /verify/ answers it from the ID and version printed on the copy.
 * The build writes what it knows of every document (/verify/documents.json); the answer is worked out in
 * the reader's browser, for the reader's date, with the same status function as the build, so a copy
 * checked weeks after the build is not told "current" when a review has passed or a replacement is in force.
 */

/** What the build knows of one document, enough to tell any printed version of it where it stands. */
export interface VerifyRecord {
  id: string;
  title: string;
  type: DocumentFrontmatter['type'];
  status: DocumentFrontmatter['status'];
  version: number;
  effective?: IsoDate;
  review_by?: IsoDate;
  withdrawn?: IsoDate;
  supersedes: string[];
  /**
   * The last approved version before this one (from Git): the text in force while this version is a draft
   * or not yet effective. Null when there is none, or when the build had no history.
   */
  previousApproved: number | null;
}

export interface VerifyData {
  /** The day of the build: a reader's date before it (a wrong clock) counts as the build's. */
  builtOn: IsoDate;
  /** "Built 25 Nov 2026, commit 1a2b3c4". */
  build: string;
  review: Settings['review'];
  documents: VerifyRecord[];
}

type Verifiable = Pick<DocumentFrontmatter, 'id' | 'title' | 'type' | 'status' | 'effective' | 'review_by' | 'withdrawn' | 'supersedes'> & { version: number };

/** The data /verify/ answers from: each document as it stands in this build, and its last approved version. */
export function verifyData(
  docs: readonly Verifiable[],
  previousApproved: (doc: Verifiable) => number | null,
  context: Omit<VerifyData, 'documents'>,
): VerifyData {
  return {
    ...context,
    documents: docs.map((doc) => ({
      id: doc.id,
      title: doc.title,
      type: doc.type,
      status: doc.status,
      version: doc.version,
      ...(doc.effective ? { effective: doc.effective } : {}),
      ...(doc.review_by ? { review_by: doc.review_by } : {}),
      ...(doc.withdrawn ? { withdrawn: doc.withdrawn } : {}),
      supersedes: doc.supersedes,
      previousApproved: previousApproved(doc),
    })),
  };
}

interface Named {
  id: string;
  title: string;
}

/** Where the printed version stands. */
export type Verdict =
  | { kind: 'unknown-document'; id: string }
  | { kind: 'unknown-version'; doc: Named; version: number; latest: number; status: EffectiveStatus }
  /** The printed version is in force; `next` is a newer version not in force yet (approved for later, or a draft). */
  | { kind: 'current'; doc: Named; version: number; status?: EffectiveStatus; next?: { version: number; status: EffectiveStatus; effective?: IsoDate } }
  | { kind: 'newer-version'; doc: Named; version: number; inForce: number }
  | { kind: 'replaced'; doc: Named; version: number; by: Named[] }
  | { kind: 'withdrawn'; doc: Named; version: number; withdrawn?: IsoDate }
  | { kind: 'not-yet-effective'; doc: Named; version: number; effective?: IsoDate; inForce: number | null }
  | { kind: 'not-approved'; doc: Named; version: number; status: EffectiveStatus; inForce: number | null };

/** "sop 4", "SOP-004 " → the key of SOP-004; the same key as the manual's own IDs. */
export const typedIdKey = (typed: string): string => idKey(typed.trim().replace(/[\s_–—]+/g, '-'));

/** "4", "v4", "Version 4" → 4; anything else → null. */
export function parseVersion(typed: string): number | null {
  const match = /^\s*(?:v(?:ersion)?\.?\s*)?(\d{1,6})\s*$/i.exec(typed);
  const version = match ? Number(match[1]) : 0;
  return version >= 1 ? version : null;
}

/** Where version `version` of document `typedId` stands on `readerDate`, by the build's data. */
export function verifyCopy(data: VerifyData, typedId: string, version: number, readerDate: IsoDate): Verdict {
  const key = typedIdKey(typedId);
  const record = data.documents.find((d) => idKey(d.id) === key);
  if (!record) return { kind: 'unknown-document', id: typedId.trim().toUpperCase() };
  const asOf = readerDate > data.builtOn ? readerDate : data.builtOn;
  const statuses = effectiveStatuses(data.documents, { asOf, review: data.review });
  const status = statuses.get(record.id)!;
  const doc = { id: record.id, title: record.title };
  const titled = (id: string): Named => ({ id, title: data.documents.find((d) => d.id === id)?.title ?? '' });

  if (version > record.version) return { kind: 'unknown-version', doc, version, latest: record.version, status };
  if (status.state === 'superseded') return { kind: 'replaced', doc, version, by: status.supersededBy.map(titled) };
  if (status.state === 'obsolete') return { kind: 'withdrawn', doc, version, ...(record.withdrawn ? { withdrawn: record.withdrawn } : {}) };
  if (IN_FORCE.has(status.state)) {
    return version === record.version ? { kind: 'current', doc, version, status } : { kind: 'newer-version', doc, version, inForce: record.version };
  }
  // This build holds a version not in force yet (a draft, in review, or approved for a later date):
  // the last approved version before it is the text in force.
  const inForce = record.previousApproved;
  if (version === record.version) {
    return status.state === 'not-yet-effective'
      ? { kind: 'not-yet-effective', doc, version, ...(record.effective ? { effective: record.effective } : {}), inForce }
      : { kind: 'not-approved', doc, version, status, inForce };
  }
  if (inForce === version) {
    return { kind: 'current', doc, version, next: { version: record.version, status, ...(record.effective ? { effective: record.effective } : {}) } };
  }
  if (inForce !== null && version < inForce) return { kind: 'newer-version', doc, version, inForce };
  // Between the last approved version and this one: a version that was never approved.
  return { kind: 'not-approved', doc, version, status, inForce };
}

/** The answer, in words: a headline that says whether to use the copy, and what to do. */
export interface VerdictMessage {
  /** use: the copy may be followed; check: follow it only after checking; stop: do not use it; unknown: not a copy of this manual. */
  tone: 'use' | 'check' | 'stop' | 'unknown';
  headline: string;
  details: string[];
  /** The pages to go to: the document, or what replaced it. */
  links: { href: string; text: string }[];
}

export function verdictMessage(verdict: Verdict): VerdictMessage {
  if (verdict.kind === 'unknown-document') {
    return {
      tone: 'unknown',
      headline: `Unknown: the manual has no document ${verdict.id}.`,
      details: ['Check the ID printed at the top of each page of the copy. A copy of a document the manual does not hold is not controlled: ask the document controller.'],
      links: [{ href: '/register/', text: 'The document register' }],
    };
  }
  const message = verdictWords(verdict);
  const targets = verdict.kind === 'replaced' ? verdict.by : [verdict.doc];
  return { ...message, links: targets.map((d) => ({ href: docUrl(d.id), text: `${d.id} ${d.title}`.trim() })) };
}

function verdictWords(verdict: Exclude<Verdict, { kind: 'unknown-document' }>): Omit<VerdictMessage, 'links'> {
  const { doc, version } = verdict;
  const name = `${doc.id} ${doc.title}`;
  const inForceLine = (inForce: number | null) =>
    inForce === null ? 'No earlier version of it is recorded as approved.' : `Version ${inForce} is the version in force: use that one.`;
  switch (verdict.kind) {
    case 'unknown-version':
      return {
        tone: 'unknown',
        headline: `Unknown version: ${doc.id} has no version ${version}.`,
        details: [`The manual's latest version of ${name} is version ${verdict.latest} (${verdict.status.label}). Check the version printed on the copy.`],
      };
    case 'current': {
      const details = [`This copy of ${name} is the approved version in force.`];
      if (verdict.status && verdict.status.state !== 'current') details.push(`${verdict.status.label}: ${STATE_ADVICE[verdict.status.state]}`);
      if (verdict.next) {
        details.push(
          verdict.next.status.state === 'not-yet-effective'
            ? `Version ${verdict.next.version} is approved and takes effect on ${formatDate(verdict.next.effective)}: from that day, use version ${verdict.next.version} instead.`
            : `A version ${verdict.next.version} is being prepared (${verdict.next.status.label.toLowerCase()}); this copy stays in force until it is approved.`,
        );
      }
      return { tone: verdict.status?.state === 'overdue' ? 'check' : 'use', headline: `Current: version ${version} is in force.`, details };
    }
    case 'newer-version':
      return {
        tone: 'stop',
        headline: `Superseded by version ${verdict.inForce}: do not use this copy.`,
        details: [`Version ${version} of ${name} has been replaced by version ${verdict.inForce}. Print or read version ${verdict.inForce} instead.`],
      };
    case 'replaced': {
      const by = verdict.by.map((d) => `${d.id} ${d.title}`.trim()).join(' and ');
      return {
        tone: 'stop',
        headline: `Replaced by ${verdict.by.map((d) => d.id).join(' and ')}: do not use this copy.`,
        details: [`${name} is no longer in force: ${by} replaced it. Follow ${verdict.by.length === 1 ? 'that document' : 'those documents'} instead.`],
      };
    }
    case 'withdrawn':
      return {
        tone: 'stop',
        headline: `Withdrawn${verdict.withdrawn ? ` on ${formatDate(verdict.withdrawn)}` : ''}: do not use this copy.`,
        details: [`${name} is no longer in force and nothing replaces it. It is kept for the audit trail only.`],
      };
    case 'not-yet-effective':
      return {
        tone: 'check',
        headline: `Not in force yet: version ${version} takes effect on ${formatDate(verdict.effective)}.`,
        details: [`Version ${version} of ${name} is approved, but not in force yet.`, verdict.inForce === null ? 'Until then, no version of it is in force.' : `Until then, follow version ${verdict.inForce}.`],
      };
    case 'not-approved':
      return {
        tone: 'stop',
        headline: `Not approved: version ${version} is a ${verdict.status.state === 'in-review' ? 'draft in review' : 'draft'}. Do not use this copy.`,
        details: [`Version ${version} of ${name} has not been approved: do not use it for patient care or operations.`, inForceLine(verdict.inForce)],
      };
  }
}
