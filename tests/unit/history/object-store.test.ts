import fs, { readdirSync } from 'node:fs';
import { join } from 'node:path';
import git from 'isomorphic-git';
import { afterAll, describe, expect, it } from 'vitest';
import { blobFacts, documentFacts } from '../../../src/qms/history/document-facts.ts';
import { applyDelta, ObjectStore } from '../../../src/qms/history/object-store.ts';
import { procedure, removeRepos, runGit, TestRepo } from './helpers.ts';

afterAll(removeRepos);

/** A repository with enough versions of a few documents for git to store most of them as deltas. */
async function historyRepo(): Promise<TestRepo> {
  const repo = await TestRepo.create();
  const paragraphs = Array.from({ length: 40 }, (_, i) => `Step ${i + 1}: check the patient's identity band against the request form and the label.`);
  for (let version = 1; version <= 12; version++) {
    paragraphs[(version * 7) % 40] = `Step ${version}: revised in version ${version}, ${'with more words '.repeat(version)}.`;
    const files: Record<string, string> = {};
    for (const id of ['SOP-001', 'SOP-002', 'SOP-003']) {
      files[`content/docs/procedures/${id}.mdx`] = procedure(id, { version, change_summary: `Version ${version}.` }, paragraphs.join('\n\n'));
    }
    if (version % 4 === 0) files[`content/docs/forms/FRM-00${version / 4}.mdx`] = procedure(`FRM-00${version / 4}`, { type: 'form' }, 'Form.');
    await repo.commit({ files, message: `Version ${version}`, date: `2026-01-${String(version).padStart(2, '0')}T00:00:00Z` });
  }
  return repo;
}

describe('the pack reader', () => {
  it.each([
    ['offset deltas', 'true'],
    ['reference deltas', 'false'],
  ])('reads every object of a repacked repository (%s, loose objects, two packs) as isomorphic-git does', async (_, offsets) => {
    const repo = await historyRepo();
    runGit(repo.dir, '-c', `repack.useDeltaBaseOffset=${offsets}`, 'repack', '-a', '-d', '-f', '-q', '--depth=50', '--window=10');
    expect(readdirSync(join(repo.dir, '.git/objects/pack')).filter((f) => f.endsWith('.pack'))).toHaveLength(1);
    // A new commit's objects are loose; packing only those makes a second pack.
    await repo.commit({ files: { 'content/docs/procedures/SOP-001.mdx': procedure('SOP-001', { version: 13, change_summary: 'Thirteen.' }, 'Short now.') }, message: 'Version 13', date: '2026-02-01T00:00:00Z' });
    runGit(repo.dir, 'repack', '-d', '-q');
    await repo.commit({ files: { 'content/docs/procedures/SOP-002.mdx': procedure('SOP-002', { version: 13, change_summary: 'Thirteen.' }, 'Short too.') }, message: 'Version 13 of SOP-002', date: '2026-02-02T00:00:00Z' });

    const oids = runGit(repo.dir, 'rev-list', '--objects', '--all').trim().split('\n').map((line) => line.slice(0, 40));
    const store = new ObjectStore(join(repo.dir, '.git'));
    const deltas = runGit(repo.dir, 'verify-pack', '-v', ...readdirSync(join(repo.dir, '.git/objects/pack')).filter((f) => f.endsWith('.idx')).map((f) => `.git/objects/pack/${f}`));
    expect(deltas).toMatch(/chain length = [2-9]/);
    for (const oid of oids) {
      const ours = store.read(oid)!;
      const theirs = await git.readObject({ fs, dir: repo.dir, oid, format: 'content' });
      expect({ oid, type: ours.type, data: ours.data.toString('latin1') }).toEqual({ oid, type: theirs.type, data: Buffer.from(theirs.object as Uint8Array).toString('latin1') });
    }
    store.close();

    const native = await repo.history({ cacheDir: join(repo.dir, '.cache-native') });
    const isomorphic = await repo.history({ cacheDir: join(repo.dir, '.cache-isomorphic'), engine: 'isomorphic-git' });
    expect(native.byId).toEqual(isomorphic.byId);
    expect(native.byId.get('SOP-001')).toHaveLength(13);
  });

  it('answers undefined for an object it does not have, so the caller can ask isomorphic-git', async () => {
    const repo = await historyRepo();
    const store = new ObjectStore(join(repo.dir, '.git'));
    expect(store.read('0123456789abcdef0123456789abcdef01234567')).toBeUndefined();
    store.close();
  });

  it('applies a Git delta: copies from the base and inserted bytes', () => {
    const base = Buffer.from('The quick brown fox jumps over the lazy dog');
    // Sizes 43 and 41; copy 10 bytes from offset 0 ("The quick "), insert "red", copy 28 bytes from 15 (" fox ... dog").
    const delta = Buffer.from([43, 41, 0x90, 10, 3, ...Buffer.from('red'), 0x91, 15, 28]);
    expect(applyDelta(delta, base).toString()).toBe('The quick red fox jumps over the lazy dog');
    expect(() => applyDelta(delta, Buffer.from('short'))).toThrow('delta does not apply to this base');
  });
});

describe('document facts read from bytes', () => {
  const sources = {
    'a plain document': procedure('SOP-001', {}, '## Purpose\n\nClean hands.'),
    'CRLF line endings': procedure('SOP-001', {}, 'Clean hands.').replace(/\n/g, '\r\n'),
    'no frontmatter': 'Just text.\n',
    'an unterminated frontmatter': '---\nid: SOP-001\nversion: 1\n',
    'an empty body': '---\nid: SOP-001\nversion: 2\n---\n',
    'an empty frontmatter': '---\n---\nBody.\n',
    'trailing spaces and blank lines': `${procedure('SOP-001', {}, 'Body.')}   \n\n\t\n`,
    'a body ending in a no-break space': `${procedure('SOP-001', {}, 'Body.')}\u00a0`,
    'non-ASCII text': procedure('SOP-001', { change_summary: 'Désinfection des mains.' }, 'Händedesinfektion: 30 Sekunden.'),
    'broken YAML': '---\nid: SOP-001\nversion: [1\n---\nBody.\n',
    'a folded change summary': '---\nid: SOP-001\nversion: 3\nchange_summary: >\n  Added the glove rule\n  and the audit sample.\nstatus: approved\n---\nBody.\n',
    'an alias to another field': '---\nid: SOP-001\nbase: &v 4\nversion: *v\n---\nBody.\n',
    'a version written as text': '---\nid: SOP-001\nversion: "2"\n---\nBody.\n',
    'a fence with trailing spaces': '---  \nid: SOP-001\nversion: 5\n---\nBody.\n',
  };

  it.each(Object.entries(sources))('agree with the string reading for %s', (_, source) => {
    expect(blobFacts(Buffer.from(source))).toEqual(documentFacts(source));
  });

  it('read the fields history needs, however they are written', () => {
    expect(documentFacts(sources['a folded change summary'])).toEqual({
      id: 'SOP-001', version: 3, status: 'approved', changeSummary: 'Added the glove rule and the audit sample.', approved: null, approver: null, effective: null, withdrawn: null, reviewBy: null, supersedes: [], title: null, bodyHash: expect.any(String),
    });
    expect(documentFacts(sources['a plain document'])).toMatchObject({ approved: '2026-01-10', approver: 'Medical Director', withdrawn: null, reviewBy: null });
    expect(documentFacts(procedure('SOP-001', { review_by: '2028-01-10' }, 'Body.')).reviewBy).toBe('2028-01-10');
    expect(documentFacts(sources['an alias to another field'])).toMatchObject({ id: 'SOP-001', version: 4 });
    expect(documentFacts(sources['a version written as text'])).toMatchObject({ version: null });
    expect(documentFacts(sources['broken YAML'])).toMatchObject({ id: 'SOP-001', version: null, status: null });
    expect(documentFacts(sources['no frontmatter'])).toMatchObject({ id: null, version: null });
  });

  it('hash the body so that line endings and trailing whitespace do not count as a change', () => {
    const body = documentFacts(sources['a plain document']).bodyHash;
    expect(documentFacts(procedure('SOP-001', {}, '## Purpose\n\nClean hands.').replace(/\n/g, '\r\n')).bodyHash).toBe(body);
    expect(blobFacts(Buffer.from(`${sources['a plain document']}\n\n`)).bodyHash).toBe(body);
    expect(documentFacts(procedure('SOP-001', { version: 9 }, '## Purpose\n\nClean hands.')).bodyHash).toBe(body);
    expect(documentFacts(procedure('SOP-001', {}, '## Purpose\n\nClean hands!')).bodyHash).not.toBe(body);
  });

  it('count an attached file as part of the content: a new fingerprint is a change, as a new sentence would be', () => {
    const withFile = (sha: string) => procedure('SOP-001', {}, '## Purpose\n\nClean hands.').replace('---\n\n', `attachments:\n  - file: /attachments/sop-001/poster.pdf\n    sha256: ${sha}\n---\n\n`);
    const first = documentFacts(withFile('a'.repeat(64))).bodyHash;
    expect(first).not.toBe(documentFacts(sources['a plain document']).bodyHash);
    expect(documentFacts(withFile('b'.repeat(64))).bodyHash).not.toBe(first);
    expect(blobFacts(Buffer.from(withFile('a'.repeat(64)))).bodyHash).toBe(first);
  });
});
