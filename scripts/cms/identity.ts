import { execFileSync } from 'node:child_process';

/**
 * The person running `npm run cms`. Every commit the local CMS writes (a save, a move through the
 * workflow, an approval) is authored by them: a controlled document's history names who changed it, so
 * there is no shared or invented identity to fall back on.
 */

export interface Person {
  name: string;
  email: string;
}

export class IdentityError extends Error {
  override name = 'IdentityError';
}

/** Asks one question on the terminal and resolves with the answer. */
export type Ask = (question: string) => Promise<string>;

const HOW_TO_SET = (repo: string) =>
  `Set them once for this repository, then start again:\n` +
  `  git -C ${repo} config user.name "Your Name"\n` +
  `  git -C ${repo} config user.email "you@hospital.example"`;

/**
 * The developer repository's `user.name` and `user.email` (its own config first, then the global one, as
 * `git config` resolves them). When one is missing and `ask` is given (a terminal), asks for it once and
 * stores it in the repository's own config; without `ask`, stops with how to set it.
 */
export async function personRunningCms(repo: string, ask?: Ask): Promise<Person> {
  let name = read(repo, 'user.name');
  let email = read(repo, 'user.email');
  if (name && email) return { name, email };
  if (!ask) {
    throw new IdentityError(
      `Git has no ${!name && !email ? 'name or email' : name ? 'email' : 'name'} for you in ${repo}, and the CMS records every change under the name of the person who makes it.\n${HOW_TO_SET(repo)}`,
    );
  }
  const answer = async (question: string) => {
    try {
      return (await ask(question)).trim();
    } catch {
      // Ctrl+D or Ctrl+C at the question.
      throw new IdentityError(`No name and email were given, and the CMS records every change under the name of the person who makes it.\n${HOW_TO_SET(repo)}`);
    }
  };
  while (!name || problemWithName(name)) {
    if (name) process.stderr.write(`${problemWithName(name)}\n`);
    name = await answer('Your name, as it should appear on every change you save or approve: ');
  }
  while (!email || problemWithEmail(email)) {
    if (email) process.stderr.write(`${problemWithEmail(email)}\n`);
    email = await answer('Your email address: ');
  }
  execFileSync('git', ['config', '--local', 'user.name', name], { cwd: repo, stdio: 'ignore' });
  execFileSync('git', ['config', '--local', 'user.email', email], { cwd: repo, stdio: 'ignore' });
  return { name, email };
}

/** Git refuses angle brackets and line breaks in a name or an email. */
function problemWithName(name: string): string | undefined {
  return /[<>\n]/.test(name) ? 'A name cannot contain < or >.' : undefined;
}

function problemWithEmail(email: string): string | undefined {
  return /^[^\s<>@]+@[^\s<>@]+$/.test(email) ? undefined : `"${email}" is not an email address (name@example.org).`;
}

function read(repo: string, key: string): string {
  try {
    return execFileSync('git', ['config', '--get', key], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

/** "Name <email>", as in a commit's author line and the Changed-by trailer. */
export function formatPerson(person: Person): string {
  return `${person.name} <${person.email}>`;
}

export function parsePerson(text: string): Person | null {
  const match = /^(.*?)\s*<([^>]*)>\s*$/.exec(text.trim());
  return match ? { name: match[1], email: match[2] } : null;
}
