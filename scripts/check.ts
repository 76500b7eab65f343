/**
 * `npm run check`: refuses to publish a manual that is invalid, unsafe, uncovered or expired.
 * Thin on purpose: parse arguments, call src/qms/check, print, return the exit code.
 * Exit status: 0 no errors, 1 errors found, 2 usage or configuration error.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fixManual } from '../src/qms/check/fix.ts';
import { checkManual, checkManualWithHistory } from '../src/qms/check/manual.ts';
import { FORMATS, formatResult, ruleTable, type Format } from '../src/qms/check/format.ts';
import { isIsoDate, today } from '../src/qms/base/dates.ts';
import { projectRoot } from '../src/qms/load/manual.ts';

const USAGE = `Usage: npm run check -- [options]

  --as-of DATE      check as of this date (YYYY-MM-DD); default: today, or QMS_AS_OF
  --strict          treat warnings (such as overdue reviews) as errors; also QMS_STRICT=1
  --format FORMAT   human (default), json, or sarif (for CI annotations)
  --output FILE     write the report to FILE instead of standard output
  --root DIR        the project folder; default: the current folder
  --no-history      do not read the Git history (skips change control and the history check)
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
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'as-of': { type: 'string' },
        strict: { type: 'boolean', default: false },
        format: { type: 'string', default: 'human' },
        output: { type: 'string' },
        root: { type: 'string' },
        'list-rules': { type: 'boolean', default: false },
        'no-history': { type: 'boolean', default: false },
        fix: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.stderr(`qms-check: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (values['list-rules']) {
    io.stdout(ruleTable());
    return 0;
  }
  const asOf = values['as-of'] ?? io.env.QMS_AS_OF ?? today();
  if (!isIsoDate(asOf)) {
    io.stderr(`qms-check: --as-of needs a date written YYYY-MM-DD, found "${asOf}"\n`);
    return 2;
  }
  if (!(FORMATS as readonly string[]).includes(values.format)) {
    io.stderr(`qms-check: --format must be one of ${FORMATS.join(', ')}, found "${values.format}"\n`);
    return 2;
  }
  const options = { root: values.root ?? projectRoot(), asOf, strict: values.strict || io.env.QMS_STRICT === '1' };
  if (values.fix) {
    const fixed = fixManual(options.root);
    const lines = fixed.map(({ file, changes }) => `  ${file}: ${changes.join('; ')}\n`).join('');
    // The report may be JSON or SARIF on standard output: what was fixed goes to standard error.
    io.stderr(fixed.length === 0 ? 'qms-check: --fix found nothing to rewrite\n' : `qms-check: --fix rewrote ${fixed.length} document${fixed.length === 1 ? '' : 's'}:\n${lines}`);
  }
  const result = values['no-history'] ? checkManual(options) : await checkManualWithHistory(options);
  const report = formatResult(result, values.format as Format);
  if (values.output) writeFileSync(values.output, report);
  else io.stdout(report);
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
