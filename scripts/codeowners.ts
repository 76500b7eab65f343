/**
 * `npm run codeowners`: writes the CODEOWNERS file that makes the Git host ask each document's approver to
 * approve a change to it (src/qms/codeowners.ts), from the documents and the accounts in the settings.
 * Thin on purpose: parse arguments, read the manual, write. Exit status: 0 written (or up to date, with
 * --check), 1 a role has no account (nothing is written) or, with --check, the file is out of date,
 * 2 usage error or settings that cannot be read.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { CODEOWNERS_HOSTS, CODEOWNERS_PATH, codeowners, unmappedReport, type CodeownersHost } from '../src/qms/codeowners.ts';
import { loadCmsSettings } from '../src/qms/load/cms-settings.ts';
import { loadManual } from '../src/qms/load/manual.ts';
import { processIo, readArguments, usageError, type CommandIo } from './cli.ts';

const USAGE = `Usage: npm run codeowners -- [--host HOST] [--output FILE] [--check]

  Writes CODEOWNERS: each document's file, and its attached files, with the account of its approver, and
  the settings, clause catalogues and new documents with the quality lead's. Accounts come from git_host in
  content/settings/organization.yaml. A role without an account is reported, all at once, and nothing
  is written.

  --host HOST     github (.github/CODEOWNERS), gitlab (.gitlab/CODEOWNERS), gitea or forgejo
                  (.gitea/CODEOWNERS); default: the backend in content/settings/cms.yaml
  --output FILE   write to FILE instead of the host's place
  --check         write nothing: exit 1 if the file is missing or differs from what would be written
  --help          show this help
`;

export type Io = CommandIo;

export function main(argv: string[], io: Io): number {
  const usage = (message: string) => usageError(io, 'qms-codeowners', USAGE, message);
  const args = readArguments(
    {
      args: argv,
      options: { host: { type: 'string' }, output: { type: 'string' }, check: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
      strict: true,
    },
    io,
    'qms-codeowners',
    USAGE,
  );
  if (typeof args === 'number') return args;
  const { values } = args;
  let host = values.host;
  if (host === undefined) {
    let backend;
    try {
      backend = loadCmsSettings(io.projectRoot, {})?.backend.name;
    } catch (error) {
      return usage((error as Error).message);
    }
    if (backend === undefined || backend === 'local') return usage('name the Git host with --host (content/settings/cms.yaml names none)');
    host = backend;
  }
  if (!(CODEOWNERS_HOSTS as readonly string[]).includes(host)) return usage(`--host must be one of ${CODEOWNERS_HOSTS.join(', ')}, found "${host}"`);

  const manual = loadManual(io.projectRoot);
  const settingsProblems = manual.problems.filter((p) => p.rule === 'settings');
  if (settingsProblems.length > 0) {
    io.stderr(`qms-codeowners: the settings or catalogues cannot be read (npm run check says more):\n${settingsProblems.map((p) => `  ${p.file}:${p.line}: ${p.field ? `${p.field}: ` : ''}${p.message}\n`).join('')}`);
    return 2;
  }
  const result = codeowners(
    host as CodeownersHost,
    manual.settings.git_host,
    manual.documents.map(({ file, data }) => ({ file, id: data.id, title: data.title, approver: data.approver, attachments: (data.attachments ?? []).map((a) => a.file) })),
  );
  if (!result.ok) {
    io.stderr(`qms-codeowners: every approver needs an account on the Git host; nothing was written.\n${unmappedReport(result).map((line) => `  ${line}\n`).join('')}Add them under git_host in content/settings/organization.yaml, then run npm run codeowners again.\n`);
    return 1;
  }
  const listed = new Set(manual.documents.map((d) => d.file));
  const unlisted = [...manual.parsed.keys()].filter((file) => !listed.has(file));
  if (unlisted.length > 0) {
    io.stderr(`qms-codeowners: ${unlisted.length} document file${unlisted.length === 1 ? '' : 's'} could not be read (npm run check says why), so the quality lead's line covers ${unlisted.length === 1 ? 'it' : 'them'}:\n${unlisted.map((file) => `  ${file}\n`).join('')}`);
  }

  const file = values.output === undefined ? join(io.projectRoot, CODEOWNERS_PATH[host as CodeownersHost]) : resolve(io.cwd, values.output);
  const shown = relative(io.cwd, file).startsWith('..') ? file : relative(io.cwd, file);
  if (values.check) {
    if (existsSync(file) && readFileSync(file, 'utf8') === result.text) return 0;
    const again = argv.filter((arg) => arg !== '--check');
    io.stderr(`qms-codeowners: ${shown} ${existsSync(file) ? 'is out of date' : 'does not exist'}: run npm run codeowners${again.length > 0 ? ` -- ${again.join(' ')}` : ''} and commit it.\n`);
    return 1;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, result.text);
  io.stdout(`qms-codeowners: wrote ${shown}\n`);
  return 0;
}

if (import.meta.main) {
  process.exitCode = main(process.argv.slice(2), processIo());
}
