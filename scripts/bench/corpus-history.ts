/**
 * A Git history for a generated corpus (scripts/bench/generate-corpus.ts), for the pipeline benchmark
 * (scripts/bench/pipeline.ts): two earlier approved editions of each document, each edition in its own
 * commit, then the corpus as generated; and, after a full build, one more approval to measure the rebuild.
 * The result passes the checker at the corpus's as-of date, so the whole build runs on it (the repository
 * of `npm run bench:history` is made for history extraction only and does not).
 *
 * Every date is derived from the as-of date, so each commit is dated no earlier than the approvals it records:
 * an edition `back` steps before the current one is approved EDITION_STEP_DAYS × back days before it and
 * committed that many days before the as-of date (the generator approves nothing after the as-of date).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays } from '../../src/qms/base/dates.ts';

/** Days between two editions of a document, and between the commits that record them. */
export const EDITION_STEP_DAYS = 200;
/** Earlier editions written before the current one. */
export const EARLIER_EDITIONS = 2;

const AUTHOR = { name: 'Ana Silva', email: 'ana@hospital.example' };

/** The frontmatter's lines and the rest of the file (from the closing fence on). */
function splitFile(text: string): { lines: string[]; rest: string } {
  const end = text.indexOf('\n---', 4);
  if (!text.startsWith('---\n') || end === -1) throw new Error('a generated document starts with its frontmatter');
  return { lines: text.slice(4, end).split('\n'), rest: text.slice(end + 1) };
}

const fieldOf = (line: string) => /^([a-z_]+):/.exec(line)?.[1];
const valueOf = (lines: string[], field: string) => lines.find((l) => fieldOf(l) === field)?.slice(field.length + 1).trim();

/**
 * The text of a document `back` editions before `text`, approved then (null when the document did not
 * exist yet: its version would be below 1). The frontmatter is edited line by line, so everything else
 * stays as the generator wrote it; a sentence at the end of the body makes each edition's text differ.
 */
export function earlierEdition(text: string, back: number, asOf: string): string | null {
  const { lines, rest } = splitFile(text);
  const version = Number(valueOf(lines, 'version')) - back;
  if (!Number.isInteger(version) || version < 1) return null;
  const shift = (date: string) => addDays(date, -EDITION_STEP_DAYS * back);
  const out: string[] = [];
  for (const line of lines) {
    const field = fieldOf(line);
    // Only the current edition is withdrawn or replaces another.
    if (field === 'withdrawn' || field === 'supersedes' || field === 'change_summary') continue;
    if (field === 'version') out.push(`version: ${version}`);
    else if (field === 'status') out.push('status: approved');
    else if (field === 'approved' || field === 'effective') out.push(`${field}: ${shift(line.slice(field.length + 1).trim())}`);
    else out.push(line);
  }
  if (valueOf(lines, 'approved') === undefined) {
    // A draft never approved in its current edition: its earlier editions were, a month before the step.
    const approved = shift(addDays(asOf, -30));
    out.splice(out.findIndex((l) => fieldOf(l) === 'status') + 1, 0, 'approver: Chief Executive', `approved: ${approved}`, `effective: ${addDays(approved, 14)}`);
  }
  if (version > 1) out.push(`change_summary: "Edition ${version}: wording brought up to date."`);
  return `---\n${out.join('\n')}\n${rest.trimEnd()}\n\nThis edition (${version}) was in force before the current one.\n`;
}

/** The commit date of the edition `back` steps before the current one (0: the current one, the day before the as-of date). */
export function editionCommitDate(back: number, asOf: string): string {
  return back === 0 ? `${addDays(asOf, -1)}T10:00:00Z` : `${addDays(asOf, -EDITION_STEP_DAYS * back)}T10:00:00Z`;
}

/**
 * One more approved version of a current document, approved and in force on the as-of date, with a
 * paragraph added: what the CMS commits when an approver publishes an edit. Throws on a document that is
 * not approved, as the edit would then not be an approval.
 */
export function approvedEdit(text: string, asOf: string): string {
  const { lines, rest } = splitFile(text);
  if (valueOf(lines, 'status') !== 'approved') throw new Error('only an approved document gets a new approved version');
  const version = Number(valueOf(lines, 'version')) + 1;
  const out = lines
    .filter((l) => fieldOf(l) !== 'change_summary' && fieldOf(l) !== 'supersedes')
    .map((l) => {
      const field = fieldOf(l);
      if (field === 'version') return `version: ${version}`;
      if (field === 'approved' || field === 'effective') return `${field}: ${asOf}`;
      return l;
    });
  out.push(`change_summary: "Edition ${version}: one paragraph added."`);
  return `---\n${out.join('\n')}\n${rest.trimEnd()}\n\nStaff who find a step unclear ask the document owner, who answers within one working day.\n`;
}

/** The documents of a corpus, as paths from its root, sorted. */
export function documentFiles(dir: string): string[] {
  return readdirSync(join(dir, 'content/docs'), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.mdx?$/.test(f))
    .map((f) => `content/docs/${f.split('\\').join('/')}`)
    .sort();
}

/**
 * A document that can take an approved edit without breaking a rule: approved, in force, not replacing
 * another, and with its review date far enough ahead (the first such file, so every run edits the same one).
 */
export function editableDocument(dir: string, asOf: string): string {
  const file = documentFiles(dir).find((f) => {
    const { lines } = splitFile(readFileSync(join(dir, f), 'utf8'));
    const reviewBy = valueOf(lines, 'review_by');
    return valueOf(lines, 'status') === 'approved' && valueOf(lines, 'withdrawn') === undefined && valueOf(lines, 'supersedes') === undefined
      && (valueOf(lines, 'effective') ?? asOf) <= asOf && reviewBy !== undefined && reviewBy > addDays(asOf, 180);
  });
  if (!file) throw new Error(`no document in ${dir} can take an approved edit`);
  return file;
}

export function git(dir: string, args: string[], date?: string): string {
  return execFileSync('git', ['-c', 'commit.gpgsign=false', ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: AUTHOR.name,
      GIT_AUTHOR_EMAIL: AUTHOR.email,
      GIT_COMMITTER_NAME: AUTHOR.name,
      GIT_COMMITTER_EMAIL: AUTHOR.email,
      ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}),
    },
  });
}

/** Gives the corpus in `dir` its history: EARLIER_EDITIONS commits of earlier editions, then the corpus as generated. */
export function giveHistory(dir: string, asOf: string): { commits: number; editions: number } {
  const current = new Map(documentFiles(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
  if (!existsSync(join(dir, '.git'))) git(dir, ['init', '-q', '-b', 'main']);
  let editions = 0;
  for (let back = EARLIER_EDITIONS; back >= 1; back--) {
    for (const [file, text] of current) {
      const edition = earlierEdition(text, back, asOf);
      if (edition === null) rmSync(join(dir, file), { force: true });
      else {
        writeFileSync(join(dir, file), edition);
        editions++;
      }
    }
    git(dir, ['add', '-A', 'content']);
    git(dir, ['commit', '-q', '-m', `Approved editions, ${back} before the current ones`], editionCommitDate(back, asOf));
  }
  for (const [file, text] of current) writeFileSync(join(dir, file), text);
  git(dir, ['add', '-A', 'content']);
  git(dir, ['commit', '-q', '-m', 'Current editions'], editionCommitDate(0, asOf));
  return { commits: EARLIER_EDITIONS + 1, editions };
}

/** Publishes an approved edit of `file` in `dir` as its own commit, dated on the as-of date; returns the new text. */
export function commitApprovedEdit(dir: string, file: string, asOf: string): string {
  const text = approvedEdit(readFileSync(join(dir, file), 'utf8'), asOf);
  writeFileSync(join(dir, file), text);
  git(dir, ['add', '--', file]);
  git(dir, ['commit', '-q', '-m', `Approve ${file}`], `${asOf}T09:00:00Z`);
  return text;
}
