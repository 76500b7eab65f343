import { formatDate } from '../base/dates.ts';
import { APPROVAL_LABEL, type ApprovedChange } from './changes.ts';

/** The authority of the feeds' tag URIs, stable per organization: riverside-general-hospital.qms-manual.invalid. */
export function feedAuthority(organization: string): string {
  return `${organization.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}.qms-manual.invalid`;
}

const escape = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&apos;');

/** "Approved on 20 Nov 2026 by Chief Nursing Officer; effective from 24 Nov 2026.": the approval record, in words. */
export function approvalLine(c: Pick<ApprovedChange, 'dateIs' | 'date' | 'approver' | 'effective'>): string {
  if (c.dateIs === 'withdrawn') return `Withdrawn on ${formatDate(c.date)}.`;
  const approved = c.dateIs === 'approved' ? `Approved on ${formatDate(c.date)}` : 'Approval date not recorded';
  return `${approved}${c.approver ? ` by ${c.approver}` : ''}${c.effective ? `; effective from ${formatDate(c.effective)}` : ''}.`;
}

/**
 * An Atom feed (RFC 4287) of approved changes, in the order given (newest approval first). Links are
 * relative to `base`, so the feed works wherever the intranet serves the manual; entry IDs are permanent
 * tag URIs per document version. An entry is dated by its approval (or withdrawal) day, the approval
 * record; the commit that recorded it is not the date of anything a reader acts on.
 */
export function atomFeed(changes: readonly ApprovedChange[], options: { title: string; base: string; updated: string; authority: string }): string {
  const stamp = (day: string) => `${day}T00:00:00Z`;
  const updated = changes.length > 0 ? stamp(changes.map((c) => c.date).sort().at(-1)!) : options.updated;
  const entries = changes.map(
    (c) => `  <entry>
    <id>tag:${escape(options.authority)},2026:${escape(c.id)}:v${c.version}${c.kind === 'withdrawn' ? ':withdrawn' : ''}</id>
    <title>${escape(`${c.id} ${c.title}, ${c.kind === 'withdrawn' ? 'withdrawn' : `version ${c.version}`}`)}</title>
    <category term="${c.kind}" label="${escape(APPROVAL_LABEL[c.kind])}"/>
    <updated>${escape(stamp(c.date))}</updated>
    <link rel="alternate" type="text/html" href="${escape((c.href ?? `/docs/${c.id}/`).replace(/^\//, ''))}"/>
    <author><name>${escape(c.approvedBy ?? c.approver ?? 'Document control')}</name></author>
    <summary>${escape(c.summary || `Version ${c.version} approved.`)}</summary>
    <content type="text">${escape(approvalLine(c))}</content>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="${escape(options.base)}">
  <id>tag:${escape(options.authority)},2026:changes</id>
  <title>${escape(options.title)}</title>
  <updated>${escape(updated)}</updated>
  <link rel="self" type="application/atom+xml" href="changes.xml"/>
  <link rel="alternate" type="text/html" href="changes/"/>
${entries.join('\n')}
</feed>
`;
}

/** One review date for the calendar feed. */
export interface ReviewDate {
  id: string;
  title: string;
  owner: string;
  /** YYYY-MM-DD. */
  reviewBy: string;
  version: number;
}

/** RFC 5545 text: escape \ ; , and newlines, and fold lines longer than 75 octets. */
function icsText(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll(';', '\\;').replaceAll(',', '\\,').replace(/\r?\n/g, '\\n');
}
function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let bytes = 0;
  for (const char of line) {
    const size = utf8Size(char);
    if (bytes + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      bytes = 0;
    }
    current += char;
    bytes += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** The bytes one character (one code point) takes in UTF-8; a lone surrogate is written as U+FFFD, 3 bytes. */
function utf8Size(char: string): number {
  const code = char.codePointAt(0)!;
  return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
}

/**
 * An iCalendar feed (RFC 5545) of review dates, one all-day event per document in force, so owners
 * can subscribe in their calendar. UIDs are stable per document and version.
 */
export function reviewCalendar(reviews: readonly ReviewDate[], options: { name: string; authority: string; stamp: string }): string {
  const stamp = options.stamp.replace(/[-:]/g, '').replace(/\.\d+/, '');
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:-//QMS Manual//Review dates//EN`, 'CALSCALE:GREGORIAN', `X-WR-CALNAME:${icsText(options.name)}`];
  for (const r of reviews) {
    const day = r.reviewBy.replaceAll('-', '');
    lines.push(
      'BEGIN:VEVENT',
      `UID:${r.id}-v${r.version}-review@${options.authority}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${day}`,
      `SUMMARY:${icsText(`Review due: ${r.id} ${r.title}`)}`,
      `DESCRIPTION:${icsText(`Owner: ${r.owner}. Review version ${r.version} and approve a new version or confirm it unchanged.`)}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
