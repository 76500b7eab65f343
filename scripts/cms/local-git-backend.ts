import { basename } from 'node:path';
import { Drafts, mediaFile } from './drafts.ts';
import { git, Mutex } from './git.ts';
import type { Person } from './identity.ts';
import { publishDraft } from './publish.ts';
import {
  DRAFT_PREFIX,
  draftFromContentKey,
  draftName,
  isWorkflowStatus,
  ProtocolError,
  requirePath,
  requireString,
  type Asset,
  type DataFile,
} from './protocol.ts';
import { RefMovedError, Repository } from './repository.ts';

/**
 * The actions of Decap's proxy protocol on the workspace's Git repository, as decap-server's Git mode
 * answers them, except that nothing is written to the working tree, nothing reaches the published branch
 * except by publishing an approved change, and every commit names the person running the CMS. Plus three
 * actions of our own for the CMS client: fileHistory, workflowEvents and identity.
 */

export interface LocalGitBackendOptions {
  /** The workspace: a clone of the developer's repository (scripts/cms/workspace.ts). */
  workspace: string;
  /** The published branch. */
  branch: string;
  person: Person;
  /** When commits are dated; by default, now. */
  clock?: () => Date;
}

type Params = Record<string, unknown>;

const MEDIA_REFUSED =
  'Files are not uploaded to or deleted from the media library on their own here: attach a file to a document ' +
  "through the document's Attachments field, so that it is approved with the document. Nothing outside an " +
  'approved change reaches the published branch.';

export class LocalGitBackend {
  readonly repo: Repository;
  readonly drafts: Drafts;
  readonly #options: LocalGitBackendOptions;
  readonly #writes = new Mutex();

  constructor(options: LocalGitBackendOptions) {
    this.#options = options;
    this.repo = new Repository(options.workspace, options.clock);
    this.drafts = new Drafts(this.repo, options.branch, options.person);
  }

  /** Answers one request; a refusal is thrown as a ProtocolError. */
  async handle(action: unknown, params: Params = {}): Promise<unknown> {
    if (action === 'info') return { repo: basename(this.#options.workspace), publish_modes: ['editorial_workflow'], type: 'local_git' };
    if (action === 'identity') return { ...this.#options.person };
    const published = this.#options.branch;
    if (params.branch !== undefined && params.branch !== published && !(action === 'fileHistory' && String(params.branch).startsWith(DRAFT_PREFIX))) {
      throw new ProtocolError(422, `This CMS publishes to the branch '${published}', but the page asked for '${String(params.branch)}'. Reload the page.`);
    }
    try {
      switch (action) {
        case 'entriesByFolder':
          return await this.#entries(await this.drafts.publishedHead(), requirePath(params.folder, 'folder'), String(params.extension ?? ''), Number(params.depth ?? 1));
        case 'entriesByFiles':
          return await this.#entriesByFiles(Array.isArray(params.files) ? (params.files as { path: unknown; label?: string }[]) : []);
        case 'getEntry':
          return (await this.#entriesByFiles([{ path: params.path }]))[0];
        case 'unpublishedEntries':
          return await this.drafts.keys();
        case 'unpublishedEntry':
          return await this.drafts.entry(params.id ? draftFromContentKey(params.id) : draftName(params.collection, params.slug), params.cmsLabelPrefix as string | undefined);
        case 'unpublishedEntryDataFile':
          return { data: await this.drafts.dataFile(draftName(params.collection, params.slug), requirePath(params.path, 'path')) };
        case 'unpublishedEntryMediaFile':
          return await this.drafts.mediaFile(draftName(params.collection, params.slug), requirePath(params.path, 'path'));
        case 'deleteUnpublishedEntry': {
          const name = draftName(params.collection, params.slug);
          const kept = await this.#writes.run(() => this.drafts.remove(name));
          return { message: `deleted branch: ${name.branch} (its commits are kept under ${kept})` };
        }
        case 'persistEntry':
          await this.#persist(params);
          return { message: 'entry persisted' };
        case 'updateUnpublishedEntryStatus': {
          const name = draftName(params.collection, params.slug);
          if (!isWorkflowStatus(params.newStatus)) throw new ProtocolError(422, `"${String(params.newStatus)}" is not a workflow status (draft, pending_review, pending_publish)`);
          const status = params.newStatus;
          const label = await this.#writes.run(() => this.drafts.move(name, status, params.cmsLabelPrefix as string | undefined));
          return { message: `${name.branch} description was updated to ${label}` };
        }
        case 'publishUnpublishedEntry': {
          const name = draftName(params.collection, params.slug);
          const message = await this.#writes.run(() => publishDraft({ repo: this.repo, drafts: this.drafts, published, person: this.#options.person }, name));
          return { message };
        }
        case 'getMedia': {
          const head = await this.drafts.publishedHead();
          const files = await this.repo.files(head, requirePath(params.mediaFolder, 'mediaFolder'), { depth: 1 });
          const blobs = await this.repo.readBlobs(files.map((f) => f.oid));
          return files.map((f) => mediaFile(f.path, f.oid, blobs.get(f.oid)!));
        }
        case 'getMediaFile': {
          const path = requirePath(params.path, 'path');
          const found = await this.repo.read(await this.drafts.publishedHead(), path);
          if (!found) throw new ProtocolError(404, `${published} has no file ${path}`);
          return mediaFile(path, found.file.oid, found.content);
        }
        case 'persistMedia':
        case 'deleteFile':
        case 'deleteFiles':
          throw new ProtocolError(422, MEDIA_REFUSED);
        case 'getDeployPreview':
          return null;
        case 'fileHistory':
          return await this.#fileHistory(params);
        case 'workflowEvents':
          return await this.drafts.events(draftName(params.collection, params.slug));
        default:
          throw new ProtocolError(422, `Unknown action ${String(action)}`);
      }
    } catch (error) {
      if (error instanceof RefMovedError) throw new ProtocolError(409, error.message);
      throw error;
    }
  }

  async #entries(commit: string, folder: string, extension: string, depth: number) {
    const files = await this.repo.files(commit, folder, { extension, depth });
    const blobs = await this.repo.readBlobs(files.map((f) => f.oid));
    return files.map((f) => ({ data: blobs.get(f.oid)!.toString('utf8'), file: { path: f.path, id: f.oid } }));
  }

  /** Files of the published branch by path; a missing one is `data: null`, as Decap expects. */
  async #entriesByFiles(files: { path: unknown; label?: string }[]) {
    const head = await this.drafts.publishedHead();
    const paths = files.map((f) => requirePath(f.path, 'path'));
    const found = await this.repo.filesAt(head, paths);
    const blobs = await this.repo.readBlobs([...found.values()].map((f) => f.oid));
    return files.map(({ label }, i) => {
      const file = found.get(paths[i]);
      const meta = { path: paths[i], ...(label === undefined ? {} : { label }), id: file?.oid ?? null };
      return { data: file ? blobs.get(file.oid)!.toString('utf8') : null, file: meta };
    });
  }

  /** Saves one change as a commit on its own branch: the editorial workflow is the only way in. */
  async #persist(params: Params): Promise<void> {
    const options = (params.options ?? {}) as Params;
    if (options.useWorkflow !== true) {
      throw new ProtocolError(422, `Saving straight to ${this.#options.branch} is refused: every change is saved as a draft and reaches ${this.#options.branch} only when it is published (approved).`);
    }
    const dataFiles = (Array.isArray(params.dataFiles) ? params.dataFiles : params.entry ? [params.entry] : []) as DataFile[];
    if (dataFiles.length === 0) throw new ProtocolError(422, 'persistEntry needs dataFiles');
    for (const file of dataFiles) {
      requirePath(file.path, 'dataFiles.path');
      if (file.newPath !== undefined) requirePath(file.newPath, 'dataFiles.newPath');
      if (typeof file.raw !== 'string') throw new ProtocolError(422, `dataFiles.raw of ${file.path} must be text`);
    }
    const assets = (Array.isArray(params.assets) ? params.assets : []) as Asset[];
    for (const asset of assets) {
      requirePath(asset.path, 'assets.path');
      if (asset.encoding !== 'base64' || typeof asset.content !== 'string') throw new ProtocolError(422, `assets ${asset.path} must be base64`);
    }
    const deletedPaths = Array.isArray(params.deletedPaths) ? params.deletedPaths.map((p) => requirePath(p, 'deletedPaths')) : [];
    const name = draftName(options.collectionName, dataFiles[0].slug);
    const request = {
      dataFiles,
      assets,
      deletedPaths,
      commitMessage: requireString(options.commitMessage, 'options.commitMessage'),
      status: typeof options.status === 'string' && options.status !== '' ? options.status : 'draft',
      labelPrefix: params.cmsLabelPrefix as string | undefined,
    };
    await this.#writes.run(() => this.drafts.save(name, request));
  }

  /** Who changed a file on a branch, newest first: for "someone else saved this since you opened it". */
  async #fileHistory(params: Params) {
    const branch = typeof params.branch === 'string' ? params.branch : this.#options.branch;
    const path = requirePath(params.path, 'path');
    const limit = Math.max(1, Math.min(Number(params.limit ?? 10) || 10, 1000));
    const head = await this.repo.commitOf(`refs/heads/${branch}`);
    if (!head) return [];
    const out = await git(this.repo.dir, ['--literal-pathspecs', 'log', `--max-count=${limit}`, '--format=%H%x1f%an%x1f%ae%x1f%aI%x1f%s%x1e', head, '--', path]);
    return out
      .split('\x1e')
      .map((record) => record.trim())
      .filter((record) => record !== '')
      .map((record) => {
        const [commit, author, email, date, subject] = record.split('\x1f');
        return { commit, author, email, date: new Date(date).toISOString(), subject };
      });
  }
}
