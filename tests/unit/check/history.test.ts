import * as git from 'isomorphic-git';
import fs, { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkManualWithHistory } from '../../../src/qms/check/manual.ts';
import { AS_OF, located, makeProject, removeProjects } from './helpers.ts';

// The checker over a real Git repository: the base fixture committed, then changed.
afterAll(removeProjects);

const SOP_001 = 'content/docs/procedures/SOP-001-context-and-stakeholders.mdx';
const ANA = { name: 'Ana Silva', email: 'ana.silva@hospital.example', timezoneOffset: 0 };

async function commitAll(dir: string, message: string, date: string): Promise<string> {
  await git.add({ fs, dir, filepath: '.' });
  const person = { ...ANA, timestamp: Date.parse(date) / 1000 };
  return git.commit({ fs, dir, message, author: person, committer: person });
}

async function repositoryWithUnversionedEdit() {
  const root = makeProject();
  await git.init({ fs, dir: root, defaultBranch: 'main' });
  await commitAll(root, 'Issue the manual', '2026-03-01T09:00:00Z');
  const path = join(root, SOP_001);
  writeFileSync(path, readFileSync(path, 'utf8').replace('## Purpose', '## Purpose\n\nA sentence added without a new version.'));
  const commit = await commitAll(root, 'Tidy the purpose of SOP-001', '2026-04-01T09:00:00Z');
  return { root, commit };
}

describe('change control in npm run check', () => {
  it('reports a commit that changed an approved body without a new version, naming the commit and the document', async () => {
    const { root, commit } = await repositoryWithUnversionedEdit();
    const result = await checkManualWithHistory({ root, asOf: AS_OF });
    expect(located(result.findings)).toEqual([
      { rule: 'change-control', code: 'QMS029', severity: 'warning', file: SOP_001, line: 5, field: 'version' },
    ]);
    expect(result.findings[0].message).toContain(commit.slice(0, 7));
    expect(result.findings[0].message).toContain('SOP-001');
  });

  it('makes it an error under --strict, and clears it once the document carries a new version', async () => {
    const { root } = await repositoryWithUnversionedEdit();
    expect((await checkManualWithHistory({ root, asOf: AS_OF, strict: true })).errors).toBe(1);
    const path = join(root, SOP_001);
    writeFileSync(path, readFileSync(path, 'utf8').replace('version: 1', 'version: 2').replace('change_summary: First issue.', 'change_summary: Clarified the purpose.'));
    await commitAll(root, 'SOP-001 version 2', '2026-05-01T09:00:00Z');
    expect((await checkManualWithHistory({ root, asOf: AS_OF, strict: true })).findings).toEqual([]);
  });
});

describe('without usable history', () => {
  it('warns in a tree without .git, and fails under --strict', async () => {
    const root = makeProject();
    const result = await checkManualWithHistory({ root, asOf: AS_OF });
    expect(located(result.findings)).toEqual([{ rule: 'history-unavailable', code: 'QMS026', severity: 'warning', file: 'content/docs', line: 1, field: '' }]);
    expect(result.findings[0].message).toMatch(/revision history is unavailable \(.+\)/);
    expect((await checkManualWithHistory({ root, asOf: AS_OF, strict: true })).errors).toBe(1);
  });

  it('warns in a shallow clone', async () => {
    const { root } = await repositoryWithUnversionedEdit();
    const head = await git.resolveRef({ fs, dir: root, ref: 'HEAD' });
    writeFileSync(join(root, '.git/shallow'), `${head}\n`);
    const result = await checkManualWithHistory({ root, asOf: AS_OF });
    expect(located(result.findings).map((f) => f.code)).toEqual(['QMS026']);
    expect(result.findings[0].message).toMatch(/shallow/);
  });
});
