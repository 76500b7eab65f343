import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { changeControlFindings } from '../../../src/qms/check/rules/change-control.ts';
import { foundBy } from '../../../src/qms/check/run.ts';
import { applySeverities } from '../../../src/qms/findings/finding.ts';
import { changeControlBreaches, type ManualHistory } from '../../../src/qms/history/index.ts';
import { readDocumentSource } from '../../../src/qms/load/source.ts';
import { BEN, procedure, removeRepos, TestRepo } from './helpers.ts';

afterAll(removeRepos);

const SOP = 'content/docs/procedures/SOP-004-hand-hygiene.mdx';
const CHANGE_CONTROL = foundBy('change-control');
const V1 = procedure('SOP-004', {}, 'Use soap.');

/** Change-control findings for the repository as it stands: the current files are those at HEAD. */
async function findingsOf(repo: TestRepo, files: Record<string, string>, options: { includeResolved?: boolean } = {}) {
  const history = await repo.history();
  const current = new Map(Object.keys(files).map((file) => [files[file], readDocumentSource(file, readFileSync(join(repo.dir, file), 'utf8'))]));
  return changeControlFindings(history, current, CHANGE_CONTROL, options);
}

/** A repository with SOP-004 version 1 approved, then the commits given. */
async function sop004(...changes: { text: string; message: string; file?: string }[]): Promise<{ repo: TestRepo; commits: string[] }> {
  const repo = await TestRepo.create();
  const commits = [await repo.commit({ files: { [SOP]: V1 }, message: 'Add SOP-004', date: '2026-01-10T09:00:00Z' })];
  let day = 11;
  for (const { text, message, file = SOP } of changes) {
    commits.push(await repo.commit({ files: { [file]: text }, message, date: `2026-01-${day++}T09:00:00Z`, author: BEN }));
  }
  return { repo, commits };
}

describe('change control (QMS029)', () => {
  it('reports a body changed without a new version, with the commit and the document, on the version line', async () => {
    const { repo, commits } = await sop004({ text: procedure('SOP-004', {}, 'Use soap and water.'), message: 'Reword the soap step\n\nClearer for new staff.' });
    expect(await findingsOf(repo, { [SOP]: 'SOP-004' })).toEqual([
      {
        rule: 'change-control',
        code: 'QMS029',
        severity: 'warning',
        hint: expect.stringContaining('Raise version by one'),
        file: SOP,
        line: 5,
        column: 1,
        field: 'version',
        message: `SOP-004: commit ${commits[1].slice(0, 7)} "Reword the soap step" (2026-01-11, Ben Okafor) changed the body of ${SOP} but kept version 1: the change is not recorded as a new version`,
        documentId: 'SOP-004',
      },
    ]);
  });

  it('takes its code, severity and hint from the rule catalogue', async () => {
    const { repo } = await sop004({ text: procedure('SOP-004', {}, 'Use soap and water.'), message: 'Reword' });
    const [finding] = applySeverities(await findingsOf(repo, { [SOP]: 'SOP-004' }));
    expect(finding).toMatchObject({ code: 'QMS029', severity: 'warning', hint: expect.stringContaining('change_summary') });
  });

  it('accepts a body change with a new version and a new change summary', async () => {
    const { repo } = await sop004({ text: procedure('SOP-004', { version: 2, change_summary: 'Soap and water.' }, 'Use soap and water.'), message: 'Revise' });
    expect(await findingsOf(repo, { [SOP]: 'SOP-004' })).toEqual([]);
  });

  it('accepts a change to the frontmatter alone, such as a new review date', async () => {
    const { repo } = await sop004({ text: procedure('SOP-004', { review_by: '2028-01-01' }, 'Use soap.'), message: 'Confirm review' });
    expect(await findingsOf(repo, { [SOP]: 'SOP-004' })).toEqual([]);
  });

  it('does not count line endings or a final newline as a change to the body', async () => {
    const { repo } = await sop004({ text: `${V1.replace(/\n/g, '\r\n')}\n\n`, message: 'Check out with CRLF' });
    expect(await findingsOf(repo, { [SOP]: 'SOP-004' })).toEqual([]);
  });

  it('reports a new version without a change summary, on the version line', async () => {
    const { repo, commits } = await sop004({ text: procedure('SOP-004', { version: 2, change_summary: undefined }, 'Use soap and water.'), message: 'Revise' });
    expect(await findingsOf(repo, { [SOP]: 'SOP-004' })).toEqual([
      expect.objectContaining({ line: 5, field: 'version', message: `SOP-004: commit ${commits[1].slice(0, 7)} "Revise" (2026-01-11, Ben Okafor) raised the version from 1 to 2 without a change_summary` }),
    ]);
  });

  it('reports a new version that kept the previous change summary, on the change_summary line', async () => {
    const { repo, commits } = await sop004({ text: procedure('SOP-004', { version: 2 }, 'Use soap and water.'), message: 'Revise' });
    expect(await findingsOf(repo, { [SOP]: 'SOP-004' })).toEqual([
      expect.objectContaining({ line: 11, field: 'change_summary', message: `SOP-004: commit ${commits[1].slice(0, 7)} "Revise" (2026-01-11, Ben Okafor) raised the version from 1 to 2 but kept the change_summary of version 1 ("First issue.")` }),
    ]);
  });

  it('never reports the first revision of a document', async () => {
    const { repo } = await sop004();
    expect(await findingsOf(repo, { [SOP]: 'SOP-004' })).toEqual([]);
  });

  it('lets a draft change freely until it is approved, then compares it with the last approved version', async () => {
    const { repo } = await sop004(
      { text: procedure('SOP-004', { version: 2, status: 'draft', change_summary: 'Glove rule added.' }, 'Use soap. Wear gloves.'), message: 'Start version 2' },
      { text: procedure('SOP-004', { version: 2, status: 'draft', change_summary: 'Glove rule added.' }, 'Use soap. Wear gloves for blood.'), message: 'Draft: narrow the glove rule' },
      { text: procedure('SOP-004', { version: 2, status: 'in-review', change_summary: 'Glove rule added.' }, 'Use soap. Wear gloves for body fluids.'), message: 'Review comments' },
      { text: procedure('SOP-004', { version: 2, change_summary: 'Glove rule added.' }, 'Use soap. Wear gloves for body fluids.'), message: 'Approve version 2' },
    );
    expect(await findingsOf(repo, { [SOP]: 'SOP-004' }, { includeResolved: true })).toEqual([]);
  });

  it('lets a new document be drafted freely, and its first approval is not a finding', async () => {
    const repo = await TestRepo.create();
    const draft = (body: string, status = 'draft') => procedure('SOP-004', { status, change_summary: undefined }, body);
    await repo.commit({ files: { [SOP]: draft('One.') }, message: 'Draft', date: '2026-01-01T00:00:00Z' });
    await repo.commit({ files: { [SOP]: draft('Two.') }, message: 'Redraft', date: '2026-01-02T00:00:00Z' });
    await repo.commit({ files: { [SOP]: draft('Three.', 'approved') }, message: 'Approve', date: '2026-01-03T00:00:00Z' });
    expect(await findingsOf(repo, { [SOP]: 'SOP-004' }, { includeResolved: true })).toEqual([]);
  });

  it('reports a body changed when an approved document is sent back to draft without a new version', async () => {
    const { repo, commits } = await sop004({ text: procedure('SOP-004', { status: 'draft' }, 'Use soap and water.'), message: 'Back to draft' });
    const history = await repo.history();
    expect(changeControlBreaches(history).map((i) => [i.kind, i.revision.commit, i.baseline.commit])).toEqual([['unversioned-change', commits[1], commits[0]]]);
  });

  it('reports an approval whose text differs from the last approved version under the same version number', async () => {
    const { repo, commits } = await sop004(
      { text: procedure('SOP-004', { status: 'draft' }, 'Use soap.'), message: 'Back to draft, text unchanged' },
      { text: procedure('SOP-004', { status: 'draft' }, 'Use soap and water.'), message: 'Draft edit' },
      { text: procedure('SOP-004', {}, 'Use soap and water.'), message: 'Approve again' },
    );
    const history = await repo.history();
    expect(changeControlBreaches(history).map((i) => [i.kind, i.revision.commit, i.baseline.commit])).toEqual([['unversioned-change', commits[3], commits[0]]]);
  });

  it('follows the document across a rename, and reports on its current file', async () => {
    const moved = 'content/docs/infection-control/SOP-004.mdx';
    const repo = await TestRepo.create();
    await repo.commit({ files: { [SOP]: V1 }, message: 'Add SOP-004', date: '2026-01-10T09:00:00Z' });
    const edit = await repo.commit({ files: { [SOP]: null, [moved]: procedure('SOP-004', {}, 'Use soap and water.') }, message: 'Move and reword', date: '2026-01-11T09:00:00Z' });
    expect(await findingsOf(repo, { [moved]: 'SOP-004' })).toEqual([
      expect.objectContaining({ file: moved, line: 5, message: expect.stringContaining(`commit ${edit.slice(0, 7)} "Move and reword"`) }),
    ]);
  });

  it('clears a finding once a newer version is issued, and reports it again for an audit', async () => {
    const { repo } = await sop004(
      { text: procedure('SOP-004', {}, 'Use soap and water.'), message: 'Unrecorded change' },
      { text: procedure('SOP-004', { version: 2, change_summary: 'Soap and water.' }, 'Use soap and water.'), message: 'Issue version 2' },
    );
    expect(await findingsOf(repo, { [SOP]: 'SOP-004' })).toEqual([]);
    expect((await findingsOf(repo, { [SOP]: 'SOP-004' }, { includeResolved: true })).map((f) => f.message)).toEqual([expect.stringContaining('"Unrecorded change"')]);
  });

  it('clears a missing change summary once it is written, without a new version', async () => {
    const { repo } = await sop004(
      { text: procedure('SOP-004', { version: 2, change_summary: undefined }, 'Use soap and water.'), message: 'Revise' },
      { text: procedure('SOP-004', { version: 2, change_summary: 'Soap and water.' }, 'Use soap and water.'), message: 'Add the change summary' },
    );
    expect(await findingsOf(repo, { [SOP]: 'SOP-004' })).toEqual([]);
  });

  it('keeps a finding open while the working copy is still at that version, and clears it when the version is raised before committing', async () => {
    const { repo } = await sop004({ text: procedure('SOP-004', {}, 'Use soap and water.'), message: 'Unrecorded change' });
    const history = await repo.history();
    const raised = procedure('SOP-004', { version: 2, change_summary: 'Soap and water.' }, 'Use soap and water.');
    expect(changeControlFindings(history, new Map([['SOP-004', readDocumentSource(SOP, raised)]]), CHANGE_CONTROL)).toEqual([]);
    expect(changeControlFindings(history, new Map([['SOP-004', readDocumentSource(SOP, V1)]]), CHANGE_CONTROL)).toHaveLength(1);
  });

  it('says nothing about a document that is no longer in the manual, or when history is unavailable', async () => {
    const { repo } = await sop004({ text: procedure('SOP-004', {}, 'Use soap and water.'), message: 'Unrecorded change' });
    expect(changeControlFindings(await repo.history(), new Map(), CHANGE_CONTROL)).toEqual([]);
    const unavailable: ManualHistory = { available: false, reason: 'no .git', byId: new Map() };
    expect(changeControlFindings(unavailable, new Map([['SOP-004', readDocumentSource(SOP, V1)]]), CHANGE_CONTROL)).toEqual([]);
  });

  it('reports each offending commit once, oldest first', async () => {
    const { repo, commits } = await sop004(
      { text: procedure('SOP-004', {}, 'Use soap and water.'), message: 'First silent change' },
      { text: procedure('SOP-004', {}, 'Use soap and warm water.'), message: 'Second silent change' },
    );
    expect((await findingsOf(repo, { [SOP]: 'SOP-004' })).map((f) => f.message.slice(0, 26))).toEqual([
      `SOP-004: commit ${commits[1].slice(0, 7)} "F`,
      `SOP-004: commit ${commits[2].slice(0, 7)} "S`,
    ]);
  });
});
