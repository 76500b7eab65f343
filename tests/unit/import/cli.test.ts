import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../scripts/import.ts';
import { sha256 } from '../../../src/qms/import/attachments.ts';
import { existingDocumentIds } from '../../../src/qms/import/files.ts';
import { defibrillatorCheckDocx, fallsProcedureDocx, FIXTURES, PNG } from './word-fixtures.ts';

const ROOT = process.cwd();
const NODE = join(ROOT, 'node_modules/.bin/node');
const work = mkdtempSync(join(tmpdir(), 'qms-import-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the sample manual (settings, catalogue, every document), so the checker can pass on it. */
function copyOfManual(name: string): string {
  const project = join(work, name);
  for (const folder of ['content/settings', 'content/standards', 'content/docs']) cpSync(join(ROOT, folder), join(project, folder), { recursive: true });
  return project;
}

/** The fixture folder as someone's shared drive would hold it: Markdown files, an image, two Word files. */
async function inputFolder(name: string): Promise<string> {
  const input = join(work, name);
  cpSync(join(FIXTURES, 'markdown'), input, { recursive: true });
  writeFileSync(join(input, 'WI - Daily defibrillator check.docx'), await defibrillatorCheckDocx());
  writeFileSync(join(input, 'Falls prevention procedure.docx'), await fallsProcedureDocx('Forms/Falls%20risk%20assessment%20form.md'));
  return input;
}

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: work, projectRoot: join(work, 'no-such-project') });
  return { code, stdout, stderr };
}

const highest = (ids: string[], prefix: string) => Math.max(...ids.filter((id) => id.startsWith(`${prefix}-`)).map((id) => Number(id.slice(prefix.length + 1))));
const id = (prefix: string, n: number) => `${prefix}-${String(n).padStart(3, '0')}`;
const documentFile = (project: string, documentId: string) => {
  const folder = join(project, 'content/docs');
  const file = readdirSync(folder, { recursive: true, encoding: 'utf8' }).find((f) => f.split('/').pop()!.startsWith(`${documentId}-`));
  if (!file) throw new Error(`no file for ${documentId}`);
  return { path: `content/docs/${file}`, text: readFileSync(join(folder, file), 'utf8') };
};

describe('npm run import on a copy of the manual', () => {
  let project: string;
  let before: string[];
  let result: Awaited<ReturnType<typeof run>>;
  let expected: Record<string, string>;

  beforeAll(async () => {
    project = copyOfManual('manual');
    before = existingDocumentIds(project);
    await inputFolder('in');
    result = await run(['in', '--into', 'manual', '--map', join(FIXTURES, 'import-map.yaml')]);
    expected = {
      fallsProcedure: id('SOP', highest(before, 'SOP') + 1),
      bloodCultures: id('SOP', highest(before, 'SOP') + 2),
      fallsForm: id('FRM', highest(before, 'FRM') + 1),
      visiting: id('POL', highest(before, 'POL') + 1),
      defibrillator: id('WI', highest(before, 'WI') + 1),
      commode: id('WI', highest(before, 'WI') + 2),
    };
  }, 60_000);

  it('writes every document and exits 0', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Imported 6 documents as drafts \(1 policy, 2 procedures, 2 work instructions, 1 form\) with 2 attached files\.$/m);
  });

  it('leaves a manual the checker passes: the imported drafts have no errors', () => {
    const check = spawnSync(NODE, ['scripts/check.ts', '--root', project, '--no-history'], { cwd: ROOT, encoding: 'utf8' });
    expect(check.stdout).toMatch(/^0 errors, /m);
    expect(check.status).toBe(0);
  }, 60_000);

  it('gives each document the next free ID of its type, after those already in the manual, in the order of the files', () => {
    const after = existingDocumentIds(project);
    expect(after.filter((i) => !before.includes(i)).sort()).toEqual(Object.values(expected).sort());
    expect(documentFile(project, expected.fallsProcedure).path).toBe(`content/docs/procedures/${expected.fallsProcedure}-falls-prevention.mdx`);
    expect(documentFile(project, expected.defibrillator).path).toBe(`content/docs/work-instructions/${expected.defibrillator}-daily-defibrillator-check.mdx`);
  });

  it('fills in only what it knows: title, type, ID, version 1, draft, where it came from, and the mapping\'s fields', () => {
    const { text } = documentFile(project, expected.fallsProcedure);
    expect(text).toMatch(new RegExp(`^---\\nid: ${expected.fallsProcedure}\\ntitle: Falls prevention\\ntype: procedure\\nversion: 1\\nstatus: draft\\nchange_summary: Imported from Falls prevention procedure.docx.\\n---\\n`));
    expect(text).not.toMatch(/^(owner|approver|approved|effective|review_by|clauses):/m);
    const form = documentFile(project, expected.fallsForm).text;
    expect(form).toContain('owner: Ward Manager\nclauses: ["8.12"]\ndepartments: [Nursing]\n');
  });

  it('makes an embedded Word picture an attached file, with the SHA-256 of its bytes, shown from its path', () => {
    const { text } = documentFile(project, expected.defibrillator);
    const href = `/attachments/${expected.defibrillator.toLowerCase()}/check-label.png`;
    expect(text).toContain(`attachments:\n  - file: ${href}\n    sha256: ${sha256(PNG)}\n`);
    expect(text).toContain(`![Check label](${href})`);
    expect(sha256(readFileSync(join(project, 'public', href)))).toBe(sha256(PNG));
  });

  it('attaches the image a Markdown file shows from beside it', () => {
    const { text } = documentFile(project, expected.bloodCultures);
    const href = `/attachments/${expected.bloodCultures.toLowerCase()}/bottle-order.png`;
    expect(text).toContain(`  - file: ${href}\n    sha256: ${sha256(PNG)}\n`);
    expect(text).toContain(`![Order of the bottles](${href})`);
    expect(existsSync(join(project, 'public', href))).toBe(true);
  });

  it('makes a Word table a GFM table, lines in a cell separated by <br />', () => {
    const { text } = documentFile(project, expected.defibrillator);
    expect(text).toContain('| Item | Expected |\n| --- | --- |\n| Battery | Green light<br />no warning |\n| Pads | Two sets<br />Adult and child |\n');
  });

  it('converts the Word headings, lists, link, footnote and subscript to Markdown, sections from ##', () => {
    const { text } = documentFile(project, expected.defibrillator);
    expect(text).toContain('title: Daily defibrillator check\n');
    expect(text).not.toMatch(/^# /m);
    expect(text).toContain('## Purpose\n');
    expect(text).toContain('### Steps\n');
    expect(text).toContain('- Power on and self-test passed\n- Pads in date and sealed\n');
    expect(text).toContain('1. Switch the defibrillator on.\n2. Record the result on the check sheet.\n');
    expect(text).toContain('[Resuscitation Council UK](https://www.resus.org.uk/)');
    expect(text).toContain('[^1]: Resuscitation Council UK, quality standards, 2020.');
    expect(text).toContain('O<sub>2</sub>');
  });

  it('keeps Markdown as written, with braces and angle brackets escaped and <br> closed', () => {
    const { text } = documentFile(project, expected.visiting);
    const source = readFileSync(join(FIXTURES, 'markdown/Policies/Visiting policy.md'), 'utf8');
    expect(text).toContain(source.slice(source.indexOf('## Purpose'), source.indexOf('| Adult wards')));
    expect(text).toContain('| Adult wards | 11:00 to 20:00 | Two visitors at a bed<br />Children under 12 with an adult |');
    expect(text).toContain('| Intensive care | By arrangement | Ring the unit first<br />Hand rub on entry |');
    expect(text).toContain('Keep the number of visitors below \\{limit\\} per bed space');
    expect(documentFile(project, expected.fallsForm).text).toContain('Ward: \\<enter ward name>.');
  });

  it('points links between imported documents at their pages', () => {
    expect(documentFile(project, expected.visiting).text).toContain(`[blood culture procedure](/docs/${expected.bloodCultures}/)`);
    expect(documentFile(project, expected.fallsProcedure).text).toContain(`[falls risk assessment form](/docs/${expected.fallsForm}/)`);
  });

  it('reports, per document, what to complete before approval and the placeholders to fill in, at their lines', () => {
    const visiting = documentFile(project, expected.visiting);
    const line = visiting.text.split('\n').findIndex((l) => l.includes('[insert ward name]')) + 1;
    expect(result.stdout).toContain(`${visiting.path}  written from in/Policies/Visiting policy.md\n  ${expected.visiting} "Visiting policy": policy (type from the file name), draft, version 1\n  complete before approval: owner, approver, clauses, review_by (or the settings' review interval applies), summary\n`);
    expect(result.stdout).toContain(`${visiting.path}:${line}  fill in the placeholder [insert ward name]`);
    expect(result.stdout).toContain('(type from the mapping "Forms/**"), draft, version 1\n  complete before approval: approver, review_by');
  });

  it('reports what the Word conversion lost or changed', () => {
    const report = result.stdout.slice(result.stdout.indexOf(`${expected.fallsProcedure}-falls-prevention.mdx`));
    const section = report.slice(0, report.indexOf('\n\n'));
    expect(section).toContain('lost in conversion: a Word comment: not imported');
    expect(section).toContain('lost in conversion: the page header ("Document no. NUR-12, version 4")');
    expect(section).toContain('lost in conversion: the page footer ("Uncontrolled when printed")');
    expect(section).toContain('lost in conversion: an equation: not imported');
    expect(section).toContain('check: tracked changes (1 inserted, 1 deleted): imported as if all were accepted');
    expect(section).toContain('check: a text box: the text is placed after the paragraph that holds it');
    const text = documentFile(project, expected.fallsProcedure).text;
    expect(text).toContain('Round hourly.');
    expect(text).not.toContain('every two hours');
  });

  it('continues the numbers on the next run, after those it wrote', async () => {
    const again = await run([join(FIXTURES, 'markdown/Work instructions'), '--into', 'manual']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`${id('WI', highest(before, 'WI') + 3)} "Cleaning a commode"`);
  });
});

describe('what the import leaves for the checker and the person', () => {
  it('leaves a script or a frame in the text, and the report says the checker refuses it', async () => {
    const project = copyOfManual('unsafe-manual');
    const { code, stdout } = await run([join(FIXTURES, 'unsafe'), '--into', project]);
    expect(code).toBe(0);
    const written = readFileSync(join(project, stdout.slice(0, stdout.indexOf('  '))), 'utf8');
    expect(written).toContain("<script>alert('tracking')</script>");
    expect(stdout).toMatch(/:\d+:1 {2}refused by the checker until changed: QMS022 <script>/);
    expect(stdout).toMatch(/:\d+:1 {2}refused by the checker until changed: QMS022 <iframe>/);
    expect(stdout).toContain('1 document has text the checker refuses');
  });
});

describe('exit status and options', () => {
  it('writes nothing with --dry-run, and says what it would write', async () => {
    const project = copyOfManual('dry-run-manual');
    const { code, stdout } = await run([join(FIXTURES, 'markdown'), '--into', project, '--dry-run']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^content\/docs\/policies\/POL-\d{3}-visiting-policy\.mdx {2}would be written from /m);
    expect(stdout).toContain('Dry run: nothing was written.');
    expect(existsSync(join(project, 'public'))).toBe(false);
    expect(readdirSync(join(project, 'content/docs/policies')).some((f) => f.includes('visiting'))).toBe(false);
  });

  it('is 1 when a file could not be converted, naming it and why, and still writes the others', async () => {
    const project = copyOfManual('partial-manual');
    const input = join(work, 'partial-in');
    mkdirSync(input);
    writeFileSync(join(input, 'Consent policy.doc'), 'old Word');
    writeFileSync(join(input, 'Broken procedure.docx'), 'not a zip');
    writeFileSync(join(input, 'Hand care.md'), '# Hand care\n\nText.\n');
    const { code, stdout } = await run([input, '--into', project]);
    expect(code).toBe(1);
    expect(stdout).toContain('Not imported (3):');
    expect(stdout).toContain('partial-in/Consent policy.doc: a Word 97-2003 document (.doc) cannot be read: open it in Word and save it as a Word Document (.docx)');
    expect(stdout).toContain('partial-in/Broken procedure.docx: it is not a .docx file that can be opened');
    expect(stdout).toMatch(/partial-in\/Hand care\.md: its type could not be told from its name or folder: .* give --type/);
    const withType = await run([join(input, 'Hand care.md'), '--into', project, '--type', 'WI']);
    expect(withType.code).toBe(0);
    expect(withType.stdout).toContain('work instruction (type from --type)');
  });

  it('is 2 on a usage error, saying what is wrong', async () => {
    const project = copyOfManual('usage-manual');
    const cases: [string[], string][] = [
      [[], 'name the files or folders to import'],
      [['in', '--into', project, '--colour'], "Unknown option '--colour'"],
      [['in', '--into', project, '--type', 'guideline'], '--type must be one of policy, procedure, work-instruction, form, found "guideline"'],
      [['nowhere', '--into', project], 'not found: nowhere'],
      [['in'], 'is not a manual\'s project folder'],
      [['in', '--into', project, '--map', join(FIXTURES, 'unsafe/Patient leaflet policy.md')], 'the mapping file'],
    ];
    for (const [argv, message] of cases) {
      const { code, stderr } = await run(argv);
      expect({ argv, code }).toEqual({ argv, code: 2 });
      expect(stderr).toContain(message);
    }
  });

  it('runs as npm run import does: paths from where the command was typed, the project from where npm runs it', () => {
    const project = copyOfManual('child-manual');
    const child = spawnSync(NODE, [join(ROOT, 'scripts/import.ts'), 'markdown/Policies', '--dry-run'], { cwd: project, encoding: 'utf8', env: { ...process.env, INIT_CWD: FIXTURES } });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(child.stdout).toContain('would be written from markdown/Policies/Visiting policy.md');
  });
});
