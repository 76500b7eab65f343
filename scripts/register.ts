/**
 * `npm run register -- --on 2026-03-03`: every document of the manual and the version in force on that day,
 * as CSV, the same rows as the page /register/on/ shows for that day (src/qms/views/on-date.ts).
 * Thin on purpose: parse arguments, read the manual and its Git history, print. Exit status: 0 written,
 * 1 the manual cannot be read, 2 usage error.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isIsoDate } from '../src/qms/base/dates.ts';
import { readManualHistory } from '../src/qms/history/index.ts';
import { manualVersions } from '../src/qms/history/versions.ts';
import { loadManual } from '../src/qms/load/manual.ts';
import { onDateCsv, onDateRows } from '../src/qms/views/on-date.ts';
import { processIo, readArguments, usageError, type CommandIo } from './cli.ts';

const USAGE = `Usage: npm run register -- --on YYYY-MM-DD [--output FILE]

  Writes, for every document of the manual, the version that was in force on that day, as CSV: the same
  rows as the page "The manual on a date" (/register/on/). The day is the unit: a version that takes
  effect on a day applies all of that day.

  --on DATE       the day, written YYYY-MM-DD
  --output FILE   write the CSV to FILE instead of printing it
  --help          show this help
`;

export type Io = CommandIo;

export async function main(argv: string[], io: Io): Promise<number> {
  const usage = (message: string) => usageError(io, 'qms-register', USAGE, message);
  const args = readArguments({ args: argv, options: { on: { type: 'string' }, output: { type: 'string' }, help: { type: 'boolean', default: false } }, strict: true }, io, 'qms-register', USAGE);
  if (typeof args === 'number') return args;
  const { values } = args;
  if (values.on === undefined) return usage('name the day with --on, such as --on 2026-03-03');
  if (!isIsoDate(values.on)) return usage(`--on must be a day written YYYY-MM-DD, found "${values.on}"`);

  const manual = loadManual(io.projectRoot);
  if (manual.problems.some((p) => p.rule === 'settings')) {
    io.stderr(`qms-register: the settings or catalogues cannot be read; run npm run check\n`);
    return 1;
  }
  const history = await readManualHistory({ root: io.projectRoot });
  if (!history.available) io.stderr(`qms-register: revision history is unavailable (${history.reason}): only each document's current version is known.\n`);
  const documents = manualVersions(history, manual.documents.map((d) => d.data), manual.settings.history.past_versions);
  const csv = onDateCsv(onDateRows(documents, values.on), values.on);
  if (values.output === undefined) io.stdout(csv);
  else writeFileSync(resolve(io.cwd, values.output), csv);
  return 0;
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2), processIo());
}
