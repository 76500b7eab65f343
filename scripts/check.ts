/**
 * `npm run check`: refuses to publish a manual that is invalid, unsafe, uncovered or expired.
 * Thin on purpose: parse arguments, call src/qms/check, print, return the exit code.
 * Exit status: 0 no errors, 1 errors found, 2 usage or configuration error.
 */
import { writeFileSync } from 'node:fs';
import { fixManual } from '../src/qms/check/fix.ts';
import { checkManual, checkManualWithHistory } from '../src/qms/check/manual.ts';
import { FORMATS, formatResult, ruleTable, type Format } from '../src/qms/check/format.ts';
import { isIsoDate, today } from '../src/qms/base/dates.ts';
import { projectRoot } from '../src/qms/load/manual.ts';
import { readArguments } from './cli.ts';

const USAGE = `Usage: npm run check -- [options]

  --as-of DATE      check as of this date (YYYY-MM-DD); default: today, or QMS_AS_OF
  --strict          treat warnings (such as overdue reviews) as errors; also QMS_STRICT=1
  --format FORMAT   human (default), json, sarif (annotations: GitHub code scanning and others),
                    junit (test report: GitLab, Jenkins...) or codequality (GitLab's code-quality widget)
  --output FILE     write the report to FILE instead of standard output. Both may be repeated, the first
                    --output taking the first --format and so on, so one run writes several reports:
                    --format junit --output a.xml --format sarif --output b.sarif. When no file gets the
                    human report, it still goes to standard output.
  --root DIR        the project folder; default: the current folder
  --no-history      do not read the Git history (skips change control and the history check)
  --incremental     read again only the documents whose text changed since the last incremental check
                    (or build): the text rules' verdicts are kept in node_modules/.cache/qms-check; every
                    rule that reads more than one file still runs in full
  --fix             first rewrite what can be written as its author meant it (code in braces and
                    unknown components as text, links to document files as links to their pages)
  --list-rules      print the rule table and exit
  --help            show this help
`;

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const args = readArguments(
    {
      args: argv,
      options: {
        'as-of': { type: 'string' },
        strict: { type: 'boolean', default: false },
        format: { type: 'string', multiple: true },
        output: { type: 'string', multiple: true },
        root: { type: 'string' },
        'list-rules': { type: 'boolean', default: false },
        'no-history': { type: 'boolean', default: false },
        incremental: { type: 'boolean', default: false },
        fix: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    },
    io,
    'qms-check',
    USAGE,
  );
  if (typeof args === 'number') return args;
  const { values } = args;
  if (values['list-rules']) {
    io.stdout(ruleTable());
    return 0;
  }
  const asOf = values['as-of'] ?? io.env.QMS_AS_OF ?? today();
  if (!isIsoDate(asOf)) {
    io.stderr(`qms-check: --as-of needs a date written YYYY-MM-DD, found "${asOf}"\n`);
    return 2;
  }
  const formats = values.format ?? ['human'];
  const unknown = formats.find((format) => !(FORMATS as readonly string[]).includes(format));
  if (unknown !== undefined) {
    io.stderr(`qms-check: --format must be one of ${FORMATS.join(', ')}, found "${unknown}"\n`);
    return 2;
  }
  const outputs = values.output ?? [];
  if (outputs.length > 0 ? formats.length !== outputs.length : formats.length > 1) {
    io.stderr(`qms-check: give each --format its own --output file (found ${formats.length} --format and ${outputs.length} --output)\n\n${USAGE}`);
    return 2;
  }
  const options = { root: values.root ?? projectRoot(), asOf, strict: values.strict || io.env.QMS_STRICT === '1', incremental: values.incremental };
  if (values.fix) {
    const fixed = fixManual(options.root);
    const lines = fixed.map(({ file, changes }) => `  ${file}: ${changes.join('; ')}\n`).join('');
    // The report may be JSON or SARIF on standard output: what was fixed goes to standard error.
    io.stderr(fixed.length === 0 ? 'qms-check: --fix found nothing to rewrite\n' : `qms-check: --fix rewrote ${fixed.length} document${fixed.length === 1 ? '' : 's'}:\n${lines}`);
  }
  const result = values['no-history'] ? checkManual(options) : await checkManualWithHistory(options);
  if (result.texts) io.stderr(`qms-check: incremental: ${result.texts.read} document texts read, ${result.texts.remembered} unchanged since the last check\n`);
  if (outputs.length === 0) io.stdout(formatResult(result, formats[0] as Format));
  outputs.forEach((file, i) => writeFileSync(file, formatResult(result, formats[i] as Format)));
  // A CI job that writes reports for the host to read still shows every finding in its log.
  if (outputs.length > 0 && !formats.includes('human')) io.stdout(formatResult(result, 'human'));
  if (result.configurationError) {
    io.stderr('qms-check: the settings or a clause catalogue is invalid (see above), so the manual could not be checked as configured.\n');
    return 2;
  }
  return result.errors > 0 ? 1 : 0;
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
  });
}
