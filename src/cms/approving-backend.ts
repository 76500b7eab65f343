import { today } from '../qms/base/dates.ts';
import type { ClauseIndex } from '../qms/catalogue.ts';
import { readDocumentFile } from '../qms/cms/document-file.ts';
import { approvalMessage, approveForPublication, documentProblems, formatProblems, settingsProblems, type WorkflowContext } from '../qms/cms/workflow.ts';
import type { Finding } from '../qms/findings/finding.ts';
import { readDocumentSource } from '../qms/load/source.ts';
import { withAttachmentHashes } from './attachment-hashes.ts';
import { publicFileOfHref } from '../qms/base/layout.ts';
import { HostRecords, type Asset, type DataFile, type Diff, type Implementation, type PersistOptions } from './host.ts';
import { StaleGuard, staleMessage } from './stale-guard.ts';

/**
 * A Decap CMS backend (proxy for the local server, github, gitlab, forgejo) wrapped so that the manual's
 * rules hold whichever host stores it:
 * - saving writes a file only once it passes the checker's rules for one file (fields, text safety, ID,
 *   references), checked on the exact text that will be committed, and only if nobody saved the file since
 *   this tab loaded it (no lost update); a new document's ID must not be held by another draft either;
 * - uploaded attachments are fingerprinted into the document that lists them;
 * - marking a change Ready prepares the approval (status, version, approval dates, see
 *   approveForPublication) as a commit on the change's branch, so a host that requires CI on the pull
 *   request checks what will be merged; publishing checks it again, stamps it anew if the day changed, and
 *   merges. The approval commit names who approved, and who asked for review and marked it ready;
 * - nothing reaches the published branch outside an approved change: the Media Library's own uploads and
 *   deletions are refused.
 * A refusal is thrown, shown by Decap and, through `onRefused`, in a panel that stays; nothing reaches the
 * repository. So is a host that cannot answer what the rules need: the rules are never run on a guess.
 */

export interface BackendRegistry {
  getBackend(name: string): { init(config: unknown, options: unknown): unknown } | undefined;
}

export interface ApprovalRules {
  context: WorkflowContext;
  /** The clause catalogues, for the settings' exclusions. */
  index: ClauseIndex;
  documentsFolder: string;
  settingsFile: string;
  /** Shows a refusal where it stays until dismissed (src/cms/refusals.ts). */
  onRefused?: (title: string, problems: readonly RefusalLine[]) => void;
}

/** One reason a save or publication was refused: a finding of the checker, or the host's own answer (no code). */
export interface RefusalLine {
  field: string;
  message: string;
  code: string;
  hint?: string;
}

export class RefusedError extends Error {
  readonly problems: readonly Finding[];
  constructor(what: string, problems: readonly Finding[]) {
    super(`${what}:\n${formatProblems(problems)}`);
    // Decap prefixes its message with the error's name: say what happened, not the class.
    this.name = 'Not done';
    this.problems = problems;
  }
}

/** The Git host did not answer what the rules need: nothing is written, and the host's own reason is given. */
export class HostError extends Error {
  constructor(what: string, cause: unknown) {
    super(`${what}: the Git host answered "${cause instanceof Error ? cause.message : String(cause)}". Nothing was changed; try again, or ask the administrator of the Git host.`, { cause });
    this.name = 'Not done';
  }
}

/** A save refused because someone else saved the file since this tab loaded it. */
export class StaleSaveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Not saved';
  }
}

const WORKFLOW_STATUS = { review: 'pending_review', ready: 'pending_publish' } as const;

/** A backend class for `CMS.registerBackend`, wrapping the registered backend `innerName`. */
export function approvingBackend(registry: BackendRegistry, innerName: string, rules: ApprovalRules) {
  return class ApprovingBackend {
    constructor(config: { backend: Record<string, unknown> }, options: unknown) {
      const registered = registry.getBackend(innerName);
      if (!registered) throw new Error(`Decap CMS has no backend named ${innerName}`);
      const inner = registered.init({ ...config, backend: { ...config.backend, name: innerName } }, options) as Implementation;
      const approval = new Approval(inner, rules, new HostRecords(inner, innerName), String(config.backend.branch ?? 'main'));
      const wrapped: Record<PropertyKey, unknown> = {
        entriesByFolder: approval.entriesByFolder,
        entriesByFiles: approval.entriesByFiles,
        getEntry: approval.getEntry,
        unpublishedEntryDataFile: approval.unpublishedEntryDataFile,
        persistEntry: approval.persistEntry,
        updateUnpublishedEntryStatus: approval.updateUnpublishedEntryStatus,
        publishUnpublishedEntry: approval.publishUnpublishedEntry,
        persistMedia: approval.refuseMediaChange,
        deleteFile: approval.refuseMediaChange,
        deleteFiles: approval.refuseMediaChange,
      };
      // Everything else is the host's own backend, unchanged: sign-in, listing media, the workflow board.
      return new Proxy(inner as object, {
        get(target, property) {
          if (Object.hasOwn(wrapped, property) && typeof Reflect.get(target, property, target) === 'function') return wrapped[property];
          const value = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    }
  };
}

/**
 * Attached files the approved version no longer lists: those the published version listed, and those
 * uploaded on the change's branch, in the document's folder. The approval removes them with it, so the
 * published manual never keeps a file that no document lists.
 */
function unlistedAttachments(published: string | null, approved: string, diffs: readonly Diff[]): string[] {
  const listed = (text: string | null) =>
    text === null ? [] : (readDocumentFile(text).attachments ?? []).flatMap((a) => (typeof a?.file === 'string' ? [publicFileOfHref(a.file)] : []));
  const keep = new Set(listed(approved));
  const folders = new Set([...listed(published), ...keep].map((file) => file.slice(0, file.lastIndexOf('/') + 1)));
  const uploaded = diffs.map((d) => d.path).filter((path) => [...folders].some((folder) => path.startsWith(folder)));
  return [...new Set([...listed(published), ...uploaded])].filter((file) => !keep.has(file));
}

class Approval {
  readonly #inner: Implementation;
  readonly #rules: ApprovalRules;
  readonly #records: HostRecords;
  readonly #branch: string;
  readonly #guard = new StaleGuard();
  /** The manual's documents as published, read from the host once, then kept up to date by what is published here. */
  #known?: Promise<Map<string, string>>;

  constructor(inner: Implementation, rules: ApprovalRules, records: HostRecords, branch: string) {
    this.#inner = inner;
    this.#rules = rules;
    this.#records = records;
    this.#branch = branch;
  }

  // ---- Reading: what this tab holds, for the stale-save check ------------------------------------------

  entriesByFolder = async (folder: string, extension: string, depth: number) => {
    const entries = await this.#inner.entriesByFolder(folder, extension, depth);
    for (const { data, file } of entries) if (!this.#guard.knows(file.path)) this.#guard.holds(file.path, data);
    return entries;
  };

  entriesByFiles = async (files: { path: string }[]) => {
    const entries = await this.#inner.entriesByFiles!(files);
    for (const { data, file } of entries) this.#guard.holds(file.path, data);
    return entries;
  };

  getEntry = async (path: string) => {
    const entry = await this.#inner.getEntry(path);
    this.#guard.holds(path, entry.data ?? null);
    return entry;
  };

  unpublishedEntryDataFile = async (collection: string, slug: string, path: string, id: string) => {
    const data = await this.#inner.unpublishedEntryDataFile(collection, slug, path, id);
    this.#guard.holds(path, data);
    return data;
  };

  // ---- Saving ----------------------------------------------------------------------------------------

  persistEntry = async (entry: { dataFiles: DataFile[]; assets: Asset[] }, options: PersistOptions) => {
    const collection = String(options.collectionName ?? '');
    const dataFiles: DataFile[] = [];
    for (const file of entry.dataFiles) {
      const path = file.newPath ?? file.path;
      await this.#refuseStale(collection, file.slug, path, options.newEntry === true);
      const raw = this.#isDocument(path) ? await withAttachmentHashes(file.raw, entry.assets) : file.raw;
      const problems = await this.#problems(path, raw, { reserveDrafts: options.newEntry === true, collection, slug: file.slug });
      if (problems.length > 0) this.#refuse(`${this.#label(path, raw)} was not saved`, problems);
      dataFiles.push({ ...file, raw });
    }
    const result = await this.#inner.persistEntry({ ...entry, dataFiles }, options);
    for (const file of dataFiles) this.#guard.holds(file.newPath ?? file.path, file.raw);
    return result;
  };

  /** The text on the host now: the change's draft when there is one, else the published file. */
  async #current(collection: string, slug: string, path: string): Promise<{ text: string | null; branch: string }> {
    const draft = await this.#draft(collection, slug);
    const diff = draft?.diffs.find((d) => d.path === path);
    if (draft && diff) return { text: await this.#inner.unpublishedEntryDataFile(collection, slug, path, diff.id), branch: `cms/${collection}/${slug}` };
    try {
      return { text: (await this.#inner.getEntry(path)).data ?? null, branch: this.#branch };
    } catch {
      return { text: null, branch: this.#branch }; // a host that answers a missing file with an error
    }
  }

  async #refuseStale(collection: string, slug: string, path: string, created: boolean): Promise<void> {
    const current = await this.#current(collection, slug, path);
    if (!this.#guard.isStale(path, current.text)) return;
    const last = await this.#records.lastChange(current.branch, path);
    const message = staleMessage(this.#label(path, current.text ?? ''), last, created);
    this.#rules.onRefused?.(`${this.#label(path, current.text ?? '')} was not saved`, [{ field: '', message, code: '' }]);
    throw new StaleSaveError(message);
  }

  async #draft(collection: string, slug: string) {
    try {
      return await this.#inner.unpublishedEntry({ collection, slug });
    } catch (error) {
      // Decap's backends answer "not under editorial workflow" for a change with no draft yet.
      if ((error as { name?: string; message?: string }).name === 'EditorialWorkflowError' || /not under editorial workflow|not found/i.test((error as Error).message ?? '')) return undefined;
      throw new HostError('the change could not be read from the host', error);
    }
  }

  // ---- The workflow: Ready prepares the approval, Publish approves -------------------------------------

  updateUnpublishedEntryStatus = async (collection: string, slug: string, status: string) => {
    const result = await this.#inner.updateUnpublishedEntryStatus!(collection, slug, status);
    // The approval is prepared once the change is Ready: a host that requires CI checks this very commit.
    if (status === WORKFLOW_STATUS.ready) await this.#stamp(collection, slug, { force: true });
    return result;
  };

  publishUnpublishedEntry = async (collection: string, slug: string) => {
    await this.#stamp(collection, slug, { force: false });
    try {
      return await this.#inner.publishUnpublishedEntry(collection, slug);
    } catch (error) {
      // The host refused the merge (a conflict with a newer published version, branch protection): say so where it stays.
      this.#rules.onRefused?.(`${slug} was not published`, [{ field: '', message: (error as Error).message, code: '' }]);
      throw error;
    }
  };

  /**
   * Checks every file of the change and writes the approval commit on its branch: always when the change is
   * marked Ready (so the record of who approved what is in Git), and at publishing only when the approval
   * would differ from the one prepared (a new day, a change saved since).
   */
  async #stamp(collection: string, slug: string, { force }: { force: boolean }): Promise<void> {
    const entry = await this.#draft(collection, slug);
    if (!entry) throw new HostError(`${slug} was not published`, 'the change has no branch on the host');
    for (const diff of entry.diffs.filter((d) => !d.binary)) {
      const draft = await this.#inner.unpublishedEntryDataFile(collection, slug, diff.path, diff.id);
      if (!this.#isDocument(diff.path)) {
        const problems = await this.#problems(diff.path, draft);
        if (problems.length > 0) this.#refuse(`${diff.path} was not published`, problems);
        continue;
      }
      const published = diff.newFile ? null : await this.#published(diff.path, slug);
      const outcome = approveForPublication({ draft, published, file: diff.path, today: today() }, await this.#context());
      if (outcome.problems.length > 0) this.#refuse(`${this.#label(diff.path, draft)} was not published`, outcome.problems);
      if (force || outcome.text !== draft) {
        const events = await this.#records.workflowEvents(collection, slug);
        const lastWith = (status: string) => events.filter((e) => e.status === status).at(-1);
        const approvedBy = await this.#records.person();
        await this.#records.persist(
          { dataFiles: [{ path: diff.path, slug, raw: outcome.text }], assets: [] },
          {
            newEntry: false,
            commitMessage: approvalMessage(readDocumentFile(outcome.text), { approvedBy, reviewRequestedBy: lastWith(WORKFLOW_STATUS.review), readyBy: lastWith(WORKFLOW_STATUS.ready) }),
            collectionName: collection,
            useWorkflow: true,
            unpublished: true,
            status: WORKFLOW_STATUS.ready,
          },
          unlistedAttachments(published, outcome.text, entry.diffs),
        );
        this.#guard.holds(diff.path, outcome.text);
      }
      const { id } = readDocumentFile(outcome.text);
      (await this.#knownIds()).set(String(id), diff.path);
    }
  }

  /** Nothing reaches the published branch outside an approved change: files are attached through their document. */
  refuseMediaChange = async () => {
    const message =
      'Files are part of the document they belong to: open the document, add the file in its "Attached files" field, and save. ' +
      'It is then approved with the document, and nothing changes on the published manual until then.';
    this.#rules.onRefused?.('The file was not changed', [{ field: '', message, code: '' }]);
    throw new StaleSaveError(message);
  };

  // ---- The rules and what they need -------------------------------------------------------------------

  #isDocument(path: string): boolean {
    return path.startsWith(`${this.#rules.documentsFolder}/`) && path.endsWith('.mdx');
  }

  /** "SOP-004" for a document, the path for anything else. */
  #label(path: string, text: string): string {
    return (this.#isDocument(path) && readDocumentSource(path, text).declaredId) || path;
  }

  #refuse(title: string, problems: readonly Finding[]): never {
    this.#rules.onRefused?.(title, problems);
    throw new RefusedError(title, problems);
  }

  async #problems(path: string, text: string, reservation?: { reserveDrafts: boolean; collection: string; slug: string }): Promise<Finding[]> {
    if (this.#isDocument(path)) return documentProblems(path, text, await this.#context(reservation?.reserveDrafts ? reservation : undefined));
    if (path === this.#rules.settingsFile) return settingsProblems(text, this.#rules.index);
    return [];
  }

  /**
   * The published text of a document the change edits (the host says it is not new). Publishing compares
   * with it to raise the version and check the change summary, so a host that cannot give it stops the
   * publication: taken for a new document, the change would be stamped without either check.
   */
  async #published(path: string, slug: string): Promise<string> {
    let data: string | null | undefined;
    try {
      data = (await this.#inner.getEntry(path)).data;
    } catch (error) {
      throw new HostError(`${slug} was not published: the published version of ${path} could not be read to compare with`, error);
    }
    if (data === null || data === undefined) {
      throw new HostError(`${slug} was not published: ${path} changes a published document, but the published branch has no such file`, 'file not found');
    }
    return data;
  }

  /** The checker's context: published IDs, and for a new document the IDs other drafts hold (reserved at their save). */
  async #context(reserving?: { collection: string; slug: string }): Promise<WorkflowContext> {
    const knownIds = new Map(await this.#knownIds());
    if (reserving) for (const [id, file] of await this.#draftIds(reserving)) if (!knownIds.has(id)) knownIds.set(id, file);
    return { ...this.#rules.context, knownIds };
  }

  /** The ID of every document in another change waiting in the workflow: an ID is reserved once its draft is saved. */
  async #draftIds(except: { collection: string; slug: string }): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    let keys: string[];
    try {
      keys = (await this.#inner.unpublishedEntries?.()) ?? [];
    } catch (error) {
      throw new HostError('the changes waiting in the workflow could not be listed to check that the new ID is free', error);
    }
    for (const key of keys) {
      if (key === `${except.collection}/${except.slug}`) continue;
      const entry = await this.#inner.unpublishedEntry({ id: key }).catch(() => undefined);
      const [collection, ...rest] = key.split('/');
      for (const diff of entry?.diffs.filter((d) => this.#isDocument(d.path)) ?? []) {
        const text = await this.#inner.unpublishedEntryDataFile(entry?.collection ?? collection, entry?.slug ?? rest.join('/'), diff.path, diff.id).catch(() => '');
        const id = readDocumentSource(diff.path, text).declaredId;
        if (id) ids.set(id, diff.path);
      }
    }
    return ids;
  }

  /**
   * IDs as published now, so a document published since the site was built counts. A host that cannot
   * list the documents stops the save (IDs and references cannot be checked); the next save asks again.
   */
  #knownIds(): Promise<Map<string, string>> {
    this.#known ??= this.#inner.entriesByFolder(this.#rules.documentsFolder, 'mdx', 3).then(
      (entries) => {
        // A host may list in pages; what it did not list is known from the build.
        const ids = new Map(this.#rules.context.knownIds);
        for (const { data, file } of entries) {
          const id = data ? readDocumentSource(file.path, data).declaredId : undefined;
          if (id) ids.set(id, file.path);
        }
        return ids;
      },
      (error: unknown) => {
        this.#known = undefined;
        throw new HostError(`the documents of the manual could not be listed to check IDs and references`, error);
      },
    );
    return this.#known;
  }
}
