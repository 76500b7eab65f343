import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { main } from '../../scripts/codeowners.ts';
import { codeowners, unmappedReport, type OwnedDocument } from '../../src/qms/codeowners.ts';
import { settingsSchema } from '../../src/qms/schemas/settings.ts';

const ROOT = process.cwd();
const temp = mkdtempSync(join(tmpdir(), 'qms-codeowners-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** `main()` in-process: what it printed, and its exit code. */
function run(argv: string[], projectRoot = ROOT) {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: temp, projectRoot });
  return { code, stdout, stderr };
}

/** The sample manual, read here without the project's loader: each document's path and frontmatter. */
const settings = parseYaml(readFileSync(join(ROOT, 'content/settings/organization.yaml'), 'utf8'));
const accountOf = new Map<string, string>(settings.git_host.accounts.map((a: { role: string; account: string }) => [a.role, a.account]));
const leadAccount = accountOf.get(settings.git_host.quality_lead);
const sample = readdirSync(join(ROOT, 'content/docs'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.mdx'))
  .map((file) => {
    const text = readFileSync(join(ROOT, 'content/docs', file), 'utf8');
    return { path: `content/docs/${file}`, frontmatter: parseYaml(text.split(/^---$/m)[1]) as { id: string; approver?: string } };
  });

const approved = sample.filter((d) => d.frontmatter.approver !== undefined);
const unassigned = sample.filter((d) => d.frontmatter.approver === undefined);

/** A CODEOWNERS file's rules, in order: [pattern, accounts], with the backslash escapes undone. */
function rules(text: string): [string, string[]][] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const tokens = line.match(/(?:\\.|[^\s])+/g)!.map((token) => token.replace(/\\(.)/g, '$1'));
      return [tokens[0], tokens.slice(1)];
    });
}

/** GitHub and GitLab: the accounts of the last rule that matches (the rules written are folders and files, from the root). */
function gitignoreOwners(text: string, path: string): string[] {
  const matching = rules(text).filter(([pattern]) => (pattern.endsWith('/') ? `/${path}`.startsWith(pattern) : pattern === `/${path}`));
  return matching.at(-1)?.[1] ?? [];
}

/** Gitea and Forgejo: every rule whose regular expression matches the whole path adds its accounts. */
function giteaOwners(text: string, path: string): string[] {
  const owners = rules(text).filter(([pattern]) => new RegExp(`^${pattern}$`).test(path)).flatMap(([, accounts]) => accounts);
  return [...new Set(owners)].sort();
}

describe('npm run codeowners on the sample manual', () => {
  const github = join(temp, 'github-CODEOWNERS');
  const written = run(['--host', 'github', '--output', github]);
  const text = readFileSync(github, 'utf8');

  it('writes the file and says where', () => {
    expect(written).toEqual({ code: 0, stdout: `qms-codeowners: wrote github-CODEOWNERS\n`, stderr: '' });
    expect(approved.length).toBeGreaterThan(50);
  });

  it("makes each document's approver, by the account mapped to its role, the one who approves a change to it", () => {
    for (const { path, frontmatter } of approved) {
      const account = accountOf.get(frontmatter.approver!);
      expect(account, `${frontmatter.approver} (${path})`).toMatch(/^@riverside\//);
      expect(gitignoreOwners(text, path), path).toEqual([account]);
      expect(text, path).toContain(`# ${frontmatter.id} `);
    }
    // One rule a document with an approver, besides the quality lead's five.
    expect(rules(text)).toHaveLength(approved.length + 5);
  });

  it('leaves a draft that names no approver yet to the quality lead, and says so', () => {
    expect(unassigned.map((d) => d.frontmatter.id)).toContain('SOP-024');
    for (const { path, frontmatter } of unassigned) {
      expect(gitignoreOwners(text, path), path).toEqual([leadAccount]);
      expect(text).toMatch(new RegExp(`^# ${frontmatter.id} .*: no approver yet, so the quality lead's line above applies$`, 'm'));
    }
  });

  it("gives the settings, the clause catalogues, CODEOWNERS itself and a new document to the quality lead's account", () => {
    expect(leadAccount).toBe('@riverside/quality-and-patient-safety');
    for (const path of ['content/settings/organization.yaml', 'content/settings/cms.yaml', 'content/standards/iso-7101-2023.yaml', '.github/CODEOWNERS', 'content/docs/procedures/SOP-099-new.mdx', 'public/attachments/sop-099/form.pdf']) {
      expect(gitignoreOwners(text, path), path).toEqual([leadAccount]);
    }
    expect(gitignoreOwners(text, 'src/qms/status.ts')).toEqual([]);
  });

  it('writes the same rules for GitLab, in its own place', () => {
    const gitlab = join(temp, 'gitlab-CODEOWNERS');
    expect(run(['--host', 'gitlab', '--output', gitlab]).code).toBe(0);
    const gitlabText = readFileSync(gitlab, 'utf8');
    expect(rules(gitlabText)).toEqual(rules(text).map(([pattern, accounts]) => [pattern === '/.github/CODEOWNERS' ? '/.gitlab/CODEOWNERS' : pattern, accounts]));
  });

  it('writes regular expressions for Gitea and Forgejo, which ask every matching rule: the approver and the quality lead', () => {
    const gitea = join(temp, 'gitea-CODEOWNERS');
    expect(run(['--host', 'forgejo', '--output', gitea]).code).toBe(0);
    const giteaText = readFileSync(gitea, 'utf8');
    for (const { path, frontmatter } of approved) {
      expect(giteaOwners(giteaText, path), path).toEqual([...new Set([accountOf.get(frontmatter.approver!)!, leadAccount!])].sort());
    }
    for (const { path } of unassigned) expect(giteaOwners(giteaText, path), path).toEqual([leadAccount]);
    // A dot is a dot, not any character.
    expect(giteaOwners(giteaText, sample[0].path.replace('.mdx', 'xmdx'))).toEqual([leadAccount]);
    expect(giteaOwners(giteaText, '.gitea/CODEOWNERS')).toEqual([leadAccount]);
    expect(giteaOwners(giteaText, 'xgitea/CODEOWNERS')).toEqual([]);
  });

  it('--check passes while the file is up to date, and fails, saying what to run, once it is not', () => {
    expect(run(['--host', 'github', '--output', github, '--check'])).toEqual({ code: 0, stdout: '', stderr: '' });
    writeFileSync(github, text.replace('@riverside/chief-executive', '@riverside/someone-else'));
    expect(run(['--host', 'github', '--output', github, '--check'])).toEqual({
      code: 1,
      stdout: '',
      stderr: `qms-codeowners: github-CODEOWNERS is out of date: run npm run codeowners -- --host github --output ${github} and commit it.\n`,
    });
    expect(run(['--host', 'github', '--output', join(temp, 'missing'), '--check']).stderr).toContain('missing does not exist');
  });

  it('needs a host: from --host, or from the CMS settings', () => {
    expect(existsSync(join(ROOT, 'content/settings/cms.yaml'))).toBe(false);
    expect(run([]).code).toBe(2);
    expect(run([]).stderr).toMatch(/^qms-codeowners: name the Git host with --host/);
    expect(run(['--host', 'bitbucket']).stderr).toMatch(/^qms-codeowners: --host must be one of github, gitlab, gitea, forgejo, found "bitbucket"/);
  });
});

describe('a role without an account', () => {
  it('stops the command, which lists every such role at once with what it approves, and writes nothing', () => {
    const project = join(temp, 'unmapped');
    cpSync(join(ROOT, 'content'), join(project, 'content'), { recursive: true });
    const file = join(project, 'content/settings/organization.yaml');
    const yaml = readFileSync(file, 'utf8');
    writeFileSync(file, yaml.replace(/^ {4}- \{ role: (Chief Executive|Head of Medical Engineering),.*\n/gm, ''));
    const { code, stdout, stderr } = run(['--host', 'github'], project);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const approvedBy = (role: string) => sample.filter((d) => d.frontmatter.approver === role).map((d) => d.frontmatter.id).sort();
    expect(stderr).toBe(
      'qms-codeowners: every approver needs an account on the Git host; nothing was written.\n' +
        `  "Chief Executive" has no account in git_host.accounts; it approves ${approvedBy('Chief Executive').join(', ')}\n` +
        `  "Head of Medical Engineering" has no account in git_host.accounts; it approves ${approvedBy('Head of Medical Engineering').join(', ')}\n` +
        'Add them under git_host in content/settings/organization.yaml, then run npm run codeowners again.\n',
    );
    expect(approvedBy('Chief Executive').length).toBeGreaterThan(5);
    expect(existsSync(join(project, '.github/CODEOWNERS'))).toBe(false);
  });

  it('is reported with the quality lead, when none is named', () => {
    const result = codeowners('github', { accounts: [] }, [doc({ approver: 'Medical Director' })]);
    expect(result.ok).toBe(false);
    expect(unmappedReport(result as Extract<typeof result, { ok: false }>)).toEqual([
      'git_host.quality_lead is not set: name the role that approves the settings, the clause catalogues and new documents',
      '"Medical Director" has no account in git_host.accounts; it approves SOP-001',
    ]);
    const noLeadAccount = codeowners('github', { quality_lead: 'Head of Quality', accounts: [{ role: 'Medical Director', account: '@h/md' }] }, [doc({ approver: 'Medical Director' })]);
    expect(noLeadAccount).toEqual({ ok: false, noQualityLead: false, unmapped: [{ role: 'Head of Quality', approves: ['the settings, the clause catalogues and new documents (quality lead)'] }] });
  });
});

describe('the rules written', () => {
  const gitHost = { quality_lead: 'Head of Quality', accounts: [{ role: 'Head of Quality', account: '@h/quality' }, { role: 'Medical Director', account: 'md@hospital.example' }] };
  const textOf = (host: 'github' | 'gitea', docs: OwnedDocument[]) => {
    const result = codeowners(host, gitHost, docs);
    if (!result.ok) throw new Error('expected CODEOWNERS');
    return result.text;
  };

  it("give a document's attached files to its approver", () => {
    const text = textOf('github', [doc({ attachments: ['/attachments/sop-001/audit sheet.pdf'] })]);
    expect(gitignoreOwners(text, 'public/attachments/sop-001/audit sheet.pdf')).toEqual(['md@hospital.example']);
    expect(text).toContain('/public/attachments/sop-001/audit\\ sheet.pdf md@hospital.example\n');
    expect(gitignoreOwners(text, 'public/attachments/sop-001/other.pdf')).toEqual(['@h/quality']);
  });

  it('leave a document without an approver yet to the quality lead, and say so', () => {
    const text = textOf('github', [doc({ approver: undefined })]);
    expect(text).toContain("# SOP-001 Document control: no approver yet, so the quality lead's line above applies\n");
    expect(gitignoreOwners(text, 'content/docs/procedures/SOP-001-document-control.mdx')).toEqual(['@h/quality']);
  });

  it('escape what a path could mean beyond itself: spaces, #, wildcards, and for Gitea the characters of a regular expression', () => {
    const odd = doc({ file: 'content/docs/procedures/#1 [draft] *copy*.mdx' });
    expect(textOf('github', [odd])).toContain('/content/docs/procedures/\\#1\\ \\[draft\\]\\ \\*copy\\*.mdx md@hospital.example\n');
    expect(gitignoreOwners(textOf('github', [odd]), odd.file)).toEqual(['md@hospital.example']);
    const gitea = textOf('gitea', [odd]);
    expect(gitea).toContain('content/docs/procedures/\\#1\\ \\\\[draft\\\\]\\ \\\\*copy\\\\*\\\\.mdx md@hospital.example\n');
    expect(giteaOwners(gitea, odd.file)).toEqual(['@h/quality', 'md@hospital.example']);
    expect(giteaOwners(gitea, 'content/docs/procedures/#1 d *copyy*.mdx')).toEqual(['@h/quality']);
  });
});

describe('the accounts in the settings', () => {
  const parse = (accounts: unknown) => settingsSchema.safeParse({ organization: 'Hospital', git_host: { accounts } });

  it('accept users, teams, GitLab subgroups and e-mail addresses, and default to none', () => {
    expect(settingsSchema.parse({ organization: 'Hospital' }).git_host).toEqual({ accounts: [] });
    const accounts = [
      { role: 'A', account: '@jane-doe' },
      { role: 'B', account: '@riverside/cno' },
      { role: 'C', account: '@riverside/nursing/cno' },
      { role: 'D', account: 'cno@riverside.example' },
    ];
    expect(parse(accounts).success).toBe(true);
  });

  it('refuse an account that is not one, and a role listed twice', () => {
    const bad = parse([{ role: 'Chief Nursing Officer', account: 'riverside/cno' }]);
    expect(bad.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['git_host.accounts.0.account', 'expected @user, @organization/team or the e-mail address of an account']]);
    const twice = parse([{ role: 'Medical Director', account: '@a' }, { role: 'Medical Director', account: '@b' }]);
    expect(twice.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['git_host.accounts.1.role', 'the role "Medical Director" is listed twice']]);
  });
});

function doc(fields: Partial<OwnedDocument> = {}): OwnedDocument {
  return { file: 'content/docs/procedures/SOP-001-document-control.mdx', id: 'SOP-001', title: 'Document control', approver: 'Medical Director', attachments: [], ...fields };
}
