/**
 * What the CMS's approval wrapper asks of the Git host: the methods of a Decap CMS backend it uses, and,
 * on this machine (`npm run cms`, src/qms scripts/cms/local-git-server.ts), the local server's own
 * actions: who is editing, who last changed a file, who moved a change through the workflow.
 */

export interface DataFile {
  path: string;
  slug: string;
  raw: string;
  newPath?: string;
}

/** A file Decap uploads with an entry (decap-cms-core's AssetProxy). */
export interface Asset {
  path: string;
  fileObj?: Blob;
  toBase64?(): Promise<string>;
}

export interface Diff {
  id: string;
  path: string;
  newFile?: boolean;
  binary?: boolean;
}

export interface PersistOptions {
  newEntry?: boolean;
  commitMessage?: string;
  collectionName?: string;
  useWorkflow?: boolean;
  unpublished?: boolean;
  status?: string;
  [option: string]: unknown;
}

/** The Decap backend methods the wrapper calls (decap-cms-lib-util's Implementation). */
export interface Implementation {
  entriesByFolder(folder: string, extension: string, depth: number): Promise<{ data: string | null; file: { path: string } }[]>;
  entriesByFiles?(files: { path: string }[]): Promise<{ data: string | null; file: { path: string } }[]>;
  getEntry(path: string): Promise<{ data: string | null }>;
  unpublishedEntries?(): Promise<string[]>;
  unpublishedEntry(args: { id?: string; collection?: string; slug?: string }): Promise<{ collection?: string; slug?: string; status: string; diffs: Diff[] }>;
  unpublishedEntryDataFile(collection: string, slug: string, path: string, id: string): Promise<string>;
  persistEntry(entry: { dataFiles: DataFile[]; assets: Asset[] }, options: PersistOptions): Promise<unknown>;
  updateUnpublishedEntryStatus?(collection: string, slug: string, status: string): Promise<unknown>;
  publishUnpublishedEntry(collection: string, slug: string): Promise<unknown>;
  /** The local server (Decap's proxy backend) answers any action through this. */
  request?(payload: { action: string; params: Record<string, unknown> }): Promise<unknown>;
  /** GitHub and the like: the signed-in account. */
  api?: { user?(): Promise<{ name?: string | null; login?: string; email?: string | null }> };
}

export interface Person {
  name: string;
  email?: string;
}

/** Who changed a file last, when the host can say (the local server can; Decap's host backends do not expose it). */
export interface LastChange {
  author: string;
  date: string;
  commit: string;
  subject: string;
}

/** A move of a change through the workflow, as the local server records it. */
export interface WorkflowEvent {
  status: string;
  name: string;
  email?: string;
  date: string;
}

/** The local server's own actions, when the inner backend is Decap's proxy backend talking to it; else nothing. */
export class HostRecords {
  readonly #inner: Implementation;
  readonly #local: boolean;
  #person?: Promise<Person | undefined>;

  constructor(inner: Implementation, innerName: string) {
    this.#inner = inner;
    this.#local = innerName === 'proxy' && typeof inner.request === 'function';
  }

  /** The person saving and publishing: the local CMS's Git identity, or the host's signed-in account. */
  person(): Promise<Person | undefined> {
    this.#person ??= (async () => {
      if (this.#local) return (await this.#ask<Person>('identity', {})) ?? undefined;
      const user = await this.#inner.api?.user?.().catch(() => undefined);
      const name = user?.name || user?.login;
      return name ? { name, ...(user?.email ? { email: user.email } : {}) } : undefined;
    })();
    return this.#person;
  }

  /** Who last changed `path` on `branch`. */
  async lastChange(branch: string, path: string): Promise<LastChange | undefined> {
    if (!this.#local) return undefined;
    const history = await this.#ask<{ author: string; date: string; commit: string; subject: string }[]>('fileHistory', { branch, path, limit: 1 });
    return history?.[0];
  }

  /**
   * Saves on the change's branch, removing `deletedPaths` in the same commit when the host can: the local
   * server can; Decap's host backends cannot delete through a save, and the checker then reports the file
   * that no document lists (QMS034) until it is removed.
   */
  async persist(entry: { dataFiles: DataFile[]; assets: Asset[] }, options: PersistOptions, deletedPaths: readonly string[]): Promise<unknown> {
    if (!this.#local || deletedPaths.length === 0) return this.#inner.persistEntry(entry, options);
    return this.#inner.request!({ action: 'persistEntry', params: { dataFiles: entry.dataFiles, assets: [], options, deletedPaths } });
  }

  /** How a change moved through the workflow (oldest first). */
  async workflowEvents(collection: string, slug: string): Promise<WorkflowEvent[]> {
    if (!this.#local) return [];
    return (await this.#ask<WorkflowEvent[]>('workflowEvents', { collection, slug })) ?? [];
  }

  async #ask<T>(action: string, params: Record<string, unknown>): Promise<T | undefined> {
    try {
      return (await this.#inner.request!({ action, params })) as T;
    } catch {
      // An older server without the action: the records are extras, the rules do not depend on them.
      return undefined;
    }
  }
}
