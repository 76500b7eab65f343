import { today } from '../qms/base/dates.ts';
import type { ClauseIndex } from '../qms/catalogue.ts';
import { readDocumentFile } from '../qms/cms/document-file.ts';
import { approveForPublication, documentProblems, formatProblems, settingsProblems, type WorkflowContext } from '../qms/cms/workflow.ts';
import type { Finding } from '../qms/findings/finding.ts';
import { readDocumentSource } from '../qms/load/source.ts';

/**
 * A Decap CMS backend (proxy for decap-server, github, gitlab, gitea) wrapped so that the manual's rules
 * hold whichever host stores it:
 * - saving writes a file only once it passes the checker's rules for one file (fields, text safety, ID,
 *   references), checked on the exact text that will be committed;
 * - publishing is the approval: before the change's branch is merged, the document is stamped (status,
 *   version, approval dates, see approveForPublication) and checked again, as one more commit on the branch.
 * A refusal is thrown, and Decap shows it to the controller ("Failed to persist entry: ...", "Failed to
 * publish: ..."); nothing reaches the repository. So is a host that cannot answer what the rules need (the
 * published version of a changed document, the list of documents): the rules are never run on a guess.
 */

interface DataFile {
  path: string;
  slug: string;
  raw: string;
  newPath?: string;
}
interface Diff {
  id: string;
  path: string;
  newFile?: boolean;
  binary?: boolean;
}
interface Implementation {
  entriesByFolder(folder: string, extension: string, depth: number): Promise<{ data: string | null; file: { path: string } }[]>;
  getEntry(path: string): Promise<{ data: string | null }>;
  unpublishedEntry(args: { collection: string; slug: string }): Promise<{ status: string; diffs: Diff[] }>;
  unpublishedEntryDataFile(collection: string, slug: string, path: string, id: string): Promise<string>;
  persistEntry(entry: { dataFiles: DataFile[]; assets: unknown[] }, options: Record<string, unknown>): Promise<unknown>;
  publishUnpublishedEntry(collection: string, slug: string): Promise<unknown>;
}
export interface BackendRegistry {
  getBackend(name: string): { init(config: unknown, options: unknown): unknown } | undefined;
}

export interface ApprovalRules {
  context: WorkflowContext;
  /** The clause catalogues, for the settings' exclusions. */
  index: ClauseIndex;
  documentsFolder: string;
  settingsFile: string;
}

export class RefusedError extends Error {
  constructor(what: string, problems: readonly Finding[]) {
    super(`${what}:\n${formatProblems(problems)}`);
    this.name = 'RefusedError';
  }
}

/** The Git host did not answer what the rules need: nothing is written, and the host's own reason is given. */
export class HostError extends Error {
  constructor(what: string, cause: unknown) {
    super(`${what}: the Git host answered "${cause instanceof Error ? cause.message : String(cause)}". Nothing was changed; try again, or ask the administrator of the Git host.`, { cause });
    this.name = 'HostError';
  }
}

/** A backend class for `CMS.registerBackend`, wrapping the registered backend `innerName`. */
export function approvingBackend(registry: BackendRegistry, innerName: string, rules: ApprovalRules) {
  return class ApprovingBackend {
    constructor(config: { backend: Record<string, unknown> }, options: unknown) {
      const registered = registry.getBackend(innerName);
      if (!registered) throw new Error(`Decap CMS has no backend named ${innerName}`);
      const inner = registered.init({ ...config, backend: { ...config.backend, name: innerName } }, options) as Implementation;
      const approval = new Approval(inner, rules);
      // Everything else is the host's own backend, unchanged: sign-in, listing, media, the workflow board.
      return new Proxy(inner as object, {
        get(target, property) {
          if (property === 'persistEntry') return approval.persistEntry;
          if (property === 'publishUnpublishedEntry') return approval.publishUnpublishedEntry;
          const value = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    }
  };
}

class Approval {
  #inner: Implementation;
  #rules: ApprovalRules;
  /** The manual's documents as published, read from the host once, then kept up to date by what is published here. */
  #known?: Promise<Map<string, string>>;

  constructor(inner: Implementation, rules: ApprovalRules) {
    this.#inner = inner;
    this.#rules = rules;
  }

  persistEntry = async (entry: { dataFiles: DataFile[]; assets: unknown[] }, options: Record<string, unknown>) => {
    for (const file of entry.dataFiles) {
      const problems = await this.#problems(file.newPath ?? file.path, file.raw);
      if (problems.length > 0) throw new RefusedError(`${file.path} was not saved`, problems);
    }
    return this.#inner.persistEntry(entry, options);
  };

  publishUnpublishedEntry = async (collection: string, slug: string) => {
    const entry = await this.#inner.unpublishedEntry({ collection, slug });
    for (const diff of entry.diffs.filter((d) => !d.binary)) {
      const draft = await this.#inner.unpublishedEntryDataFile(collection, slug, diff.path, diff.id);
      if (!this.#isDocument(diff.path)) {
        const problems = await this.#problems(diff.path, draft);
        if (problems.length > 0) throw new RefusedError(`${diff.path} was not published`, problems);
        continue;
      }
      const published = diff.newFile ? null : await this.#published(diff.path, slug);
      const outcome = approveForPublication({ draft, published, file: diff.path, today: today() }, await this.#context());
      if (outcome.problems.length > 0) throw new RefusedError(`${diff.path} was not published`, outcome.problems);
      const { id, version, title } = readDocumentFile(outcome.text);
      if (outcome.text !== draft) {
        await this.#inner.persistEntry(
          { dataFiles: [{ path: diff.path, slug, raw: outcome.text }], assets: [] },
          { newEntry: false, commitMessage: `Approve ${String(id)} version ${String(version)}: ${String(title)}`, collectionName: collection, useWorkflow: true, unpublished: true, status: entry.status },
        );
      }
      (await this.#knownIds()).set(String(id), diff.path);
    }
    return this.#inner.publishUnpublishedEntry(collection, slug);
  };

  #isDocument(path: string): boolean {
    return path.startsWith(`${this.#rules.documentsFolder}/`) && path.endsWith('.mdx');
  }

  async #problems(path: string, text: string): Promise<Finding[]> {
    if (this.#isDocument(path)) return documentProblems(path, text, await this.#context());
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

  async #context(): Promise<WorkflowContext> {
    return { ...this.#rules.context, knownIds: await this.#knownIds() };
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
