import { describe, expect, it, vi } from 'vitest';
import { approvingBackend, HostError, RefusedError } from '../../../src/cms/approving-backend.ts';
import { readDocumentFile, writeDocumentFile } from '../../../src/qms/cms/document-file.ts';
import { draftEntry } from '../../../src/qms/cms/workflow.ts';
import { documentedInformationIds } from '../../../src/qms/documented-information.ts';
import { loadManual } from '../../../src/qms/load/manual.ts';

const manual = loadManual(process.cwd());
const FILE = 'content/docs/procedures/SOP-004-hand-hygiene.mdx';
const SLUG = 'SOP-004-hand-hygiene';
const published = manual.sources.get(FILE)!.text;
const rules = {
  context: { clauses: manual.index, documentedInformation: documentedInformationIds(manual.index), knownIds: new Map([...manual.declaredIds].map(([file, id]) => [id, file])) },
  index: manual.index,
  documentsFolder: 'content/docs',
  settingsFile: 'content/settings/organization.yaml',
};
const draft = writeDocumentFile(draftEntry({ ...readDocumentFile(published), body: 'New text.\n', change_summary: 'Rewritten.' }));

/** A host's backend as Decap registers it, answering with what each test gives. */
function fakeHost(answers: { getEntry?: () => Promise<{ data: string | null }>; entriesByFolder?: () => Promise<{ data: string | null; file: { path: string } }[]> }) {
  const inner = {
    entriesByFolder: vi.fn(answers.entriesByFolder ?? (async () => [])),
    getEntry: vi.fn(answers.getEntry ?? (async () => ({ data: published }))),
    unpublishedEntry: vi.fn(async () => ({ status: 'pending_publish', diffs: [{ id: FILE, path: FILE, newFile: false }] })),
    unpublishedEntryDataFile: vi.fn(async () => draft),
    persistEntry: vi.fn(async () => undefined),
    publishUnpublishedEntry: vi.fn(async () => undefined),
  };
  const Backend = approvingBackend({ getBackend: () => ({ init: () => inner }) }, 'proxy', rules);
  // What Decap calls on the backend it was given.
  const backend = new Backend({ backend: { name: 'qms-proxy' } }, {}) as unknown as {
    persistEntry(entry: { dataFiles: { path: string; slug: string; raw: string }[]; assets: unknown[] }, options: Record<string, unknown>): Promise<unknown>;
    publishUnpublishedEntry(collection: string, slug: string): Promise<unknown>;
  };
  return { inner, backend };
}

describe('publishing through a Git host that fails', () => {
  it('refuses, with the host\'s reason, when the published version of a changed document cannot be read, and writes nothing', async () => {
    const { inner, backend } = fakeHost({ getEntry: async () => Promise.reject(new Error('502 Bad Gateway')) });
    const publishing = backend.publishUnpublishedEntry('procedure', SLUG);
    await expect(publishing).rejects.toThrow(HostError);
    await expect(publishing).rejects.toThrow(/published version of content\/docs\/procedures\/SOP-004-hand-hygiene\.mdx could not be read.*502 Bad Gateway/);
    expect(inner.persistEntry).not.toHaveBeenCalled();
    expect(inner.publishUnpublishedEntry).not.toHaveBeenCalled();
  });

  it('refuses a change to a published document whose published file the host does not have, rather than stamping it as new', async () => {
    const { inner, backend } = fakeHost({ getEntry: async () => ({ data: null }) });
    await expect(backend.publishUnpublishedEntry('procedure', SLUG)).rejects.toThrow(/the published branch has no such file/);
    expect(inner.persistEntry).not.toHaveBeenCalled();
    expect(inner.publishUnpublishedEntry).not.toHaveBeenCalled();
  });

  it('stamps the next version against the published one when the host answers', async () => {
    const { inner, backend } = fakeHost({});
    await backend.publishUnpublishedEntry('procedure', SLUG);
    const stamped = readDocumentFile((inner.persistEntry.mock.calls[0] as unknown as [{ dataFiles: { raw: string }[] }])[0].dataFiles[0].raw);
    expect(stamped).toMatchObject({ version: 5, status: 'approved', change_summary: 'Rewritten.' });
    expect(inner.publishUnpublishedEntry).toHaveBeenCalledWith('procedure', SLUG);
  });
});

describe('saving through a Git host that cannot list the documents', () => {
  it('refuses the save with the host\'s reason instead of checking IDs against a stale list, and asks again next time', async () => {
    let failing = true;
    const { inner, backend } = fakeHost({ entriesByFolder: async () => (failing ? Promise.reject(new Error('rate limit exceeded')) : []) });
    const entry = { dataFiles: [{ path: FILE, slug: SLUG, raw: draft }], assets: [] };
    await expect(backend.persistEntry(entry, {})).rejects.toThrow(/could not be listed to check IDs and references.*rate limit exceeded/);
    expect(inner.persistEntry).not.toHaveBeenCalled();
    failing = false;
    await backend.persistEntry(entry, {});
    expect(inner.persistEntry).toHaveBeenCalledTimes(1);
  });

  it('still refuses what the checker refuses, with its rule code', async () => {
    const { inner, backend } = fakeHost({});
    const unsafe = writeDocumentFile(draftEntry({ ...readDocumentFile(published), body: '<script>alert(1)</script>\n' }));
    await expect(backend.persistEntry({ dataFiles: [{ path: FILE, slug: SLUG, raw: unsafe }], assets: [] }, {})).rejects.toThrow(RefusedError);
    expect(inner.persistEntry).not.toHaveBeenCalled();
  });
});
