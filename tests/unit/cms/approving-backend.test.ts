import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { approvingBackend, HostError, RefusedError, type RefusalLine } from '../../../src/cms/approving-backend.ts';
import type { Asset } from '../../../src/cms/host.ts';
import { readDocumentFile, writeDocumentFile } from '../../../src/qms/cms/document-file.ts';
import { draftEntry } from '../../../src/qms/cms/workflow.ts';
import { documentedInformationIds } from '../../../src/qms/documented-information.ts';
import { loadManual } from '../../../src/qms/load/manual.ts';

const manual = loadManual(process.cwd());
const FILE = 'content/docs/procedures/SOP-004-hand-hygiene.mdx';
const SLUG = 'SOP-004-hand-hygiene';
const published = manual.sources.get(FILE)!.text;
const draft = writeDocumentFile(draftEntry({ ...readDocumentFile(published), body: 'New text.\n', change_summary: 'Rewritten.' }));

class EditorialWorkflowError extends Error {
  override name = 'EditorialWorkflowError';
}

interface Host {
  /** Documents on the published branch, by path. */
  files?: Record<string, string>;
  /** Changes waiting in the workflow: key `collection/slug` → the files on their branch. */
  drafts?: Record<string, Record<string, string>>;
  getEntry?: (path: string) => Promise<{ data: string | null }>;
  entriesByFolder?: () => Promise<{ data: string | null; file: { path: string } }[]>;
  /** Answer the local server's own actions (identity, deletions in a save), as `npm run cms` does. */
  local?: boolean;
}

/** A host's backend as Decap registers it, holding the files and drafts each test gives, as the local server would. */
function fakeHost(host: Host = {}) {
  const files: Record<string, string> = { [FILE]: published, ...host.files };
  const drafts = host.drafts ?? {};
  const refusals: { title: string; problems: readonly RefusalLine[] }[] = [];
  const inner = {
    entriesByFolder: vi.fn(host.entriesByFolder ?? (async () => Object.entries(files).map(([path, data]) => ({ data, file: { path } })))),
    getEntry: vi.fn(host.getEntry ?? (async (path: string) => ({ data: files[path] ?? null }))),
    unpublishedEntries: vi.fn(async () => Object.keys(drafts)),
    unpublishedEntry: vi.fn(async ({ id, collection, slug }: { id?: string; collection?: string; slug?: string }) => {
      const key = id ?? `${collection}/${slug}`;
      if (!drafts[key]) throw new EditorialWorkflowError('content is not under editorial workflow');
      const [c, ...s] = key.split('/');
      return { collection: c, slug: s.join('/'), status: 'pending_publish', diffs: Object.keys(drafts[key]).map((path) => ({ id: path, path, newFile: !(path in files) })) };
    }),
    unpublishedEntryDataFile: vi.fn(async (collection: string, slug: string, path: string) => drafts[`${collection}/${slug}`][path]),
    persistEntry: vi.fn(async (entry: { dataFiles: { path: string; raw: string }[] }, options: { collectionName?: string }) => {
      for (const file of entry.dataFiles) {
        const key = `${options.collectionName}/${file.path.split('/').pop()!.replace(/\.mdx$/, '')}`;
        drafts[key] = { ...drafts[key], [file.path]: file.raw };
      }
    }),
    updateUnpublishedEntryStatus: vi.fn(async () => undefined),
    publishUnpublishedEntry: vi.fn(async () => undefined),
    persistMedia: vi.fn(async () => undefined),
    deleteFile: vi.fn(async () => undefined),
    ...(host.local
      ? {
          request: vi.fn(async ({ action, params }: { action: string; params: Record<string, unknown> }) => {
            if (action === 'identity') return { name: 'Quality Manager', email: 'quality@hospital.example' };
            if (action === 'persistEntry') return inner.persistEntry(params as never, params.options as never);
            return [];
          }),
        }
      : {}),
  };
  const rules = {
    context: { clauses: manual.index, documentedInformation: documentedInformationIds(manual.index), knownIds: new Map([...manual.declaredIds].map(([file, id]) => [id, file])) },
    index: manual.index,
    documentsFolder: 'content/docs',
    settingsFile: 'content/settings/organization.yaml',
    onRefused: (title: string, problems: readonly RefusalLine[]) => refusals.push({ title, problems }),
  };
  const Backend = approvingBackend({ getBackend: () => ({ init: () => inner }) }, 'proxy', rules);
  // What Decap calls on the backend it was given.
  const backend = new Backend({ backend: { name: 'qms-proxy', branch: 'main' } }, {}) as unknown as {
    getEntry(path: string): Promise<{ data: string | null }>;
    persistEntry(entry: { dataFiles: { path: string; slug: string; raw: string }[]; assets: Asset[] }, options: Record<string, unknown>): Promise<unknown>;
    updateUnpublishedEntryStatus(collection: string, slug: string, status: string): Promise<unknown>;
    publishUnpublishedEntry(collection: string, slug: string): Promise<unknown>;
    persistMedia(): Promise<unknown>;
    deleteFile(): Promise<unknown>;
  };
  return { inner, backend, drafts, refusals };
}

const save = (raw: string, options: Record<string, unknown> = {}, assets: Asset[] = [], path = FILE, slug = SLUG) => ({
  entry: { dataFiles: [{ path, slug, raw }], assets },
  options: { collectionName: 'procedure', useWorkflow: true, commitMessage: 'Draft', ...options },
});

describe('publishing through a Git host that fails', () => {
  it('refuses, with the host\'s reason, when the published version of a changed document cannot be read, and writes nothing', async () => {
    const { inner, backend } = fakeHost({ drafts: { [`procedure/${SLUG}`]: { [FILE]: draft } }, getEntry: async () => Promise.reject(new Error('502 Bad Gateway')) });
    const publishing = backend.publishUnpublishedEntry('procedure', SLUG);
    await expect(publishing).rejects.toThrow(HostError);
    await expect(publishing).rejects.toThrow(/published version of content\/docs\/procedures\/SOP-004-hand-hygiene\.mdx could not be read.*502 Bad Gateway/);
    expect(inner.persistEntry).not.toHaveBeenCalled();
    expect(inner.publishUnpublishedEntry).not.toHaveBeenCalled();
  });

  it('refuses a change to a published document whose published file the host does not have, rather than stamping it as new', async () => {
    const { inner, backend } = fakeHost({ drafts: { [`procedure/${SLUG}`]: { [FILE]: draft } }, getEntry: async () => ({ data: null }) });
    await expect(backend.publishUnpublishedEntry('procedure', SLUG)).rejects.toThrow(/the published branch has no such file/);
    expect(inner.persistEntry).not.toHaveBeenCalled();
    expect(inner.publishUnpublishedEntry).not.toHaveBeenCalled();
  });

  it('stamps the next version against the published one when the host answers', async () => {
    const { inner, backend, drafts } = fakeHost({ drafts: { [`procedure/${SLUG}`]: { [FILE]: draft } } });
    await backend.publishUnpublishedEntry('procedure', SLUG);
    expect(readDocumentFile(drafts[`procedure/${SLUG}`][FILE])).toMatchObject({ version: 5, status: 'approved', change_summary: 'Rewritten.' });
    expect(inner.publishUnpublishedEntry).toHaveBeenCalledWith('procedure', SLUG);
  });
});

describe('the workflow', () => {
  it('prepares the approval as a commit on the change\'s branch when it is marked Ready, so a host\'s CI checks it, and publishing reuses it', async () => {
    const { inner, backend, drafts } = fakeHost({ drafts: { [`procedure/${SLUG}`]: { [FILE]: draft } } });
    await backend.updateUnpublishedEntryStatus('procedure', SLUG, 'pending_publish');
    expect(inner.updateUnpublishedEntryStatus).toHaveBeenCalledBefore(inner.persistEntry);
    expect(inner.persistEntry.mock.calls[0][1]).toMatchObject({ commitMessage: expect.stringMatching(/^Approve SOP-004 version 5: Hand hygiene/) });
    expect(readDocumentFile(drafts[`procedure/${SLUG}`][FILE])).toMatchObject({ status: 'approved', version: 5 });
    await backend.publishUnpublishedEntry('procedure', SLUG);
    expect(inner.persistEntry).toHaveBeenCalledTimes(1);
    expect(inner.publishUnpublishedEntry).toHaveBeenCalledTimes(1);
  });

  it('refuses the Media Library\'s own uploads and deletions: a file changes only with its document\'s approval', async () => {
    const { inner, backend, refusals } = fakeHost();
    await expect(backend.persistMedia()).rejects.toThrow(/Attached files/);
    await expect(backend.deleteFile()).rejects.toThrow(/part of the document/);
    expect(inner.persistMedia).not.toHaveBeenCalled();
    expect(inner.deleteFile).not.toHaveBeenCalled();
    expect(refusals.map((r) => r.title)).toEqual(['The file was not changed', 'The file was not changed']);
  });
});

describe('an approval that replaces an attached file', () => {
  it('removes, in the approval commit, the files the approved version no longer lists', async () => {
    const old = '/attachments/sop-004/poster.pdf';
    const withOld = writeDocumentFile({ ...readDocumentFile(published), attachments: [{ file: old, sha256: 'a'.repeat(64) }] });
    const replaced = writeDocumentFile(draftEntry({ ...readDocumentFile(withOld), body: 'New text.\n', change_summary: 'New poster.', attachments: [{ file: '/attachments/sop-004/poster-2027.pdf', sha256: 'b'.repeat(64) }] }));
    const { inner, backend } = fakeHost({ local: true, files: { [FILE]: withOld }, drafts: { [`procedure/${SLUG}`]: { [FILE]: replaced } } });
    await backend.updateUnpublishedEntryStatus('procedure', SLUG, 'pending_publish');
    const request = (inner as unknown as { request: ReturnType<typeof vi.fn> }).request;
    const saved = request.mock.calls.map(([call]) => call).find((call) => call.action === 'persistEntry');
    expect(saved.params.deletedPaths).toEqual(['public/attachments/sop-004/poster.pdf']);
    expect(saved.params.options.commitMessage).toContain('Approved-by: Quality Manager <quality@hospital.example>');
  });
});

describe('saving', () => {
  it('refuses a save from a tab that opened the document before someone else saved it, and writes nothing', async () => {
    const { inner, backend, drafts, refusals } = fakeHost();
    await backend.getEntry(FILE);
    // Another tab (or person) saves a draft of SOP-004 meanwhile.
    const theirs = writeDocumentFile(draftEntry({ ...readDocumentFile(published), body: 'Their paragraph.\n', change_summary: 'Theirs.' }));
    drafts[`procedure/${SLUG}`] = { [FILE]: theirs };
    const { entry, options } = save(draft);
    await expect(backend.persistEntry(entry, options)).rejects.toThrow(/SOP-004 was changed after you opened it, so saving would overwrite that change\. Nothing was saved/);
    expect(inner.persistEntry).not.toHaveBeenCalled();
    expect(drafts[`procedure/${SLUG}`][FILE]).toBe(theirs);
    expect(refusals[0].title).toBe('SOP-004 was not saved');
  });

  it('lets the same tab save again on top of its own draft', async () => {
    const { inner, backend } = fakeHost();
    await backend.getEntry(FILE);
    const { entry, options } = save(draft);
    await backend.persistEntry(entry, options);
    const second = save(draft.replace('New text.', 'Newer text.'));
    await backend.persistEntry(second.entry, second.options);
    expect(inner.persistEntry).toHaveBeenCalledTimes(2);
  });

  it('reserves a new document\'s ID at its save: a second new document with the same ID is refused', async () => {
    const other = 'content/docs/procedures/sop-090-blood-cultures.mdx';
    const mine = 'content/docs/procedures/sop-090-specimen-labelling.mdx';
    const newDocument = (title: string) => writeDocumentFile(draftEntry({ id: 'SOP-090', title, type: 'procedure', version: 1, status: 'draft', owner: 'Laboratory Manager', approver: 'Medical Director', change_summary: 'First issue.', body: 'Text.\n' }));
    const { inner, backend } = fakeHost({ drafts: { 'procedure/sop-090-blood-cultures': { [other]: newDocument('Blood cultures') } } });
    const { entry, options } = save(newDocument('Specimen labelling'), { newEntry: true }, [], mine, 'sop-090-specimen-labelling');
    await expect(backend.persistEntry(entry, options)).rejects.toThrow(RefusedError);
    await expect(backend.persistEntry(entry, options)).rejects.toThrow(/duplicate ID SOP-090: content\/docs\/procedures\/sop-090-blood-cultures\.mdx also uses it; give one document another ID \(QMS005\)/);
    expect(inner.persistEntry).not.toHaveBeenCalled();
  });

  it('writes the SHA-256 of each uploaded attachment into the document it is saved with', async () => {
    const { inner, backend } = fakeHost();
    await backend.getEntry(FILE);
    const bytes = new TextEncoder().encode('%PDF-1.4 the poster');
    const withAttachment = writeDocumentFile({ ...readDocumentFile(draft), attachments: [{ file: '/attachments/SOP-004/poster.pdf', title: 'Poster' }] });
    const { entry, options } = save(withAttachment, {}, [{ path: 'public/attachments/SOP-004/poster.pdf', fileObj: new Blob([bytes]) }]);
    await backend.persistEntry(entry, options);
    const saved = readDocumentFile(inner.persistEntry.mock.calls[0][0].dataFiles[0].raw);
    expect(saved.attachments).toEqual([{ file: '/attachments/SOP-004/poster.pdf', title: 'Poster', sha256: createHash('sha256').update(bytes).digest('hex') }]);
  });
});

describe('saving through a Git host that cannot list the documents', () => {
  it('refuses the save with the host\'s reason instead of checking IDs against a stale list, and asks again next time', async () => {
    let failing = true;
    const { inner, backend } = fakeHost({ entriesByFolder: async () => (failing ? Promise.reject(new Error('rate limit exceeded')) : []) });
    await backend.getEntry(FILE);
    const { entry, options } = save(draft);
    await expect(backend.persistEntry(entry, options)).rejects.toThrow(/could not be listed to check IDs and references.*rate limit exceeded/);
    expect(inner.persistEntry).not.toHaveBeenCalled();
    failing = false;
    await backend.persistEntry(entry, options);
    expect(inner.persistEntry).toHaveBeenCalledTimes(1);
  });

  it('still refuses what the checker refuses, with its rule code', async () => {
    const { inner, backend, refusals } = fakeHost();
    await backend.getEntry(FILE);
    const unsafe = writeDocumentFile(draftEntry({ ...readDocumentFile(published), body: '<script>alert(1)</script>\n' }));
    const { entry, options } = save(unsafe);
    await expect(backend.persistEntry(entry, options)).rejects.toThrow(RefusedError);
    expect(inner.persistEntry).not.toHaveBeenCalled();
    expect(refusals[0].problems.map((p) => p.code)).toContain('QMS022');
  });
});
