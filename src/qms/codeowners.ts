import { LAYOUT, publicFileOfHref } from './base/layout.ts';
import type { Settings } from './schemas/settings.ts';

/**
 * The CODEOWNERS file of the manual's repository (`npm run codeowners`): for each document, the account of
 * its approver, so the Git host asks the right person to approve a change to it before it is published.
 *
 * A line names the approver alone. On every host one approval from any account on a file's line is
 * enough, so adding the owner would let the owner approve their own document.
 */

export const CODEOWNERS_HOSTS = ['github', 'gitlab', 'gitea', 'forgejo'] as const;
export type CodeownersHost = (typeof CODEOWNERS_HOSTS)[number];

/** Where each host reads the file (Forgejo, Gitea's fork, reads Gitea's place). */
export const CODEOWNERS_PATH: Record<CodeownersHost, string> = {
  github: '.github/CODEOWNERS',
  gitlab: '.gitlab/CODEOWNERS',
  gitea: '.gitea/CODEOWNERS',
  forgejo: '.gitea/CODEOWNERS',
};

/** What CODEOWNERS needs of a document. */
export interface OwnedDocument {
  /** Path from the project root. */
  file: string;
  id: string;
  title: string;
  approver?: string;
  /** Where its attached files are served (/attachments/...). */
  attachments: readonly string[];
}

export interface UnmappedRole {
  role: string;
  /** What the role approves: document IDs, or the settings and catalogues for the quality lead. */
  approves: string[];
}

export type CodeownersResult =
  | { ok: true; text: string }
  /** Every gap at once: a role no account is given for, and whether the quality lead is not named. */
  | { ok: false; noQualityLead: boolean; unmapped: UnmappedRole[] };

const folderOf = (file: string) => file.slice(0, file.lastIndexOf('/') + 1);
/** By code unit, not locale: the file must come out the same on every machine, or --check would fail. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The quality lead's: the settings and catalogues (whoever approves them decides how every document is
 * approved and checked), and the documents and attached files that have no line of their own yet.
 */
const QUALITY_LEAD_FOLDERS = [folderOf(LAYOUT.settings), `${LAYOUT.standards}/`, `${LAYOUT.documents}/`, `${LAYOUT.attachments}/`];

export function codeowners(host: CodeownersHost, gitHost: Settings['git_host'], documents: readonly OwnedDocument[]): CodeownersResult {
  const accountOf = new Map(gitHost.accounts.map((a) => [a.role, a.account]));
  const lead = gitHost.quality_lead;
  const unmapped = new Map<string, string[]>();
  const need = (role: string, what: string) => {
    if (!accountOf.has(role)) unmapped.set(role, [...(unmapped.get(role) ?? []), what]);
  };
  if (lead) need(lead, 'the settings, the clause catalogues and new documents (quality lead)');
  const sorted = [...documents].sort((a, b) => byText(a.file, b.file));
  for (const doc of sorted) if (doc.approver) need(doc.approver, doc.id);
  if (!lead || unmapped.size > 0) {
    return { ok: false, noQualityLead: !lead, unmapped: [...unmapped].map(([role, approves]) => ({ role, approves })).sort((a, b) => byText(a.role, b.role)) };
  }

  const pattern = host === 'gitea' || host === 'forgejo' ? giteaPattern : gitignorePattern;
  const line = (path: string, role: string) => `${pattern(path)} ${accountOf.get(role)}`;
  const out = [...header(host), '', `# The quality lead (${lead}): the settings, the clause catalogues,`, '# this file, and any document or attached file not listed below (a new one).'];
  for (const folder of QUALITY_LEAD_FOLDERS) out.push(line(folder, lead));
  out.push(line(CODEOWNERS_PATH[host], lead), '', "# Each document and its attached files: the document's approver.");
  for (const doc of sorted) {
    if (!doc.approver) {
      out.push(`# ${doc.id} ${oneLine(doc.title)}: no approver yet, so the quality lead's line above applies`);
      continue;
    }
    out.push(`# ${doc.id} ${oneLine(doc.title)}: approver ${doc.approver}`, line(doc.file, doc.approver));
    for (const href of doc.attachments) out.push(line(publicFileOfHref(href), doc.approver));
  }
  return { ok: true, text: `${out.join('\n')}\n` };
}

/** What to do about each gap, one line each, for the person running the command. */
export function unmappedReport(result: Extract<CodeownersResult, { ok: false }>): string[] {
  return [
    ...(result.noQualityLead ? ['git_host.quality_lead is not set: name the role that approves the settings, the clause catalogues and new documents'] : []),
    ...result.unmapped.map(({ role, approves }) => `"${role}" has no account in git_host.accounts; it approves ${approves.join(', ')}`),
  ];
}

function header(host: CodeownersHost): string[] {
  const rule =
    host === 'gitea' || host === 'forgejo'
      ? ['# Each line is a regular expression for a path. Gitea and Forgejo ask the accounts of every line that', '# matches a changed file to review it.']
      : ['# The last line that matches a file decides who must approve a change to it.'];
  return [
    `# CODEOWNERS for ${host === 'github' ? 'GitHub' : host === 'gitlab' ? 'GitLab' : 'Gitea and Forgejo'}, written by \`npm run codeowners\` from each document's approver`,
    '# and the accounts in content/settings/organization.yaml (git_host). Do not edit it by hand: change those,',
    '# and run the command again.',
    ...rule,
  ];
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** A path from the root as GitHub and GitLab read it (gitignore rules): anchored, special characters escaped. */
function gitignorePattern(path: string): string {
  return `/${path.replace(/[\\\s#*?[\]!]/g, (c) => `\\${c}`)}`;
}

/**
 * A path as Gitea reads it: a regular expression matched against the whole path (a folder takes all beneath
 * it), then written so its tokenizer, which takes a backslash as an escape and `#` as a comment, gives it back.
 */
function giteaPattern(path: string): string {
  const regexp = path.endsWith('/') ? `${escapeRegExp(path)}.*` : escapeRegExp(path);
  return regexp.replace(/[\\\s#]/g, (c) => `\\${c}`);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
