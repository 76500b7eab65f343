import { git } from './git.ts';
import { formatPerson, parsePerson, type Person } from './identity.ts';
import { labelToStatus, ProtocolError, statusToLabel, DRAFT_PREFIX, type Asset, type DataFile, type Diff, type DraftName, type MediaFile, type WorkflowStatus } from './protocol.ts';
import type { Repository, TreeChanges } from './repository.ts';

/**
 * Changes waiting for approval: one branch per change, `cms/<collection>/<slug>`, started from the
 * published branch and only ever committed on top of, never rebased. Its place in the workflow (Drafts,
 * In review, Ready) is kept where decap-server kept it (the branch's description) and recorded in the
 * branch's history as an empty commit per move, named for the person who moved it.
 */

export interface UnpublishedEntry {
  collection: string;
  slug: string;
  status: string;
  /** Files the change adds or edits, against where it began (the merge base with the published branch). */
  diffs: Diff[];
  /** Files the change removes (not in `diffs`: Decap would try to read them from the branch). */
  deletedPaths: string[];
  updatedAt: string;
  /** Who began the change: Decap shows it as the entry's author. */
  pullRequestAuthor?: string;
}

export interface WorkflowEvent {
  status: string;
  name: string;
  email: string;
  date: string;
}

export interface SaveRequest {
  dataFiles: DataFile[];
  assets: Asset[];
  deletedPaths: string[];
  commitMessage: string;
  status: string;
  labelPrefix?: string;
}

/** What each move through the workflow says in the branch's history. */
const MOVE_SUBJECT: Record<WorkflowStatus, (what: string, from: string) => string> = {
  draft: (what) => `Return ${what} to draft`,
  pending_review: (what, from) => (from === 'pending_publish' ? `Return ${what} to review` : `Request review of ${what}`),
  pending_publish: (what) => `Mark ${what} ready for approval`,
};

/** The published commit a draft was last refused against (see publish.ts): its next save is taken as the resolution. */
export const conflictRef = (branch: string) => `refs/qms/conflicts/${branch}`;
const descriptionKey = (branch: string) => `branch.${branch}.description`;

export class Drafts {
  private readonly repo: Repository;
  /** The published branch, e.g. main. */
  private readonly published: string;
  private readonly person: Person;

  constructor(repo: Repository, published: string, person: Person) {
    this.repo = repo;
    this.published = published;
    this.person = person;
  }

  async publishedHead(): Promise<string> {
    const head = await this.repo.commitOf(`refs/heads/${this.published}`);
    if (!head) throw new ProtocolError(422, `Default branch '${this.published}' doesn't exist`);
    return head;
  }

  /** Content keys (`collection/slug`) of every change waiting. */
  async keys(): Promise<string[]> {
    return (await this.repo.branches(DRAFT_PREFIX)).map((branch) => branch.slice(DRAFT_PREFIX.length));
  }

  async head(name: DraftName): Promise<string | null> {
    return this.repo.commitOf(`refs/heads/${name.branch}`);
  }

  /** A draft's head, or the 404 that Decap's proxy client reads as "not under editorial workflow". */
  async existingHead(name: DraftName): Promise<string> {
    const head = await this.head(name);
    if (!head) throw new ProtocolError(404, 'Not Found', { message: 'Not Found' });
    return head;
  }

  async entry(name: DraftName, labelPrefix?: string): Promise<UnpublishedEntry> {
    const head = await this.existingHead(name);
    const base = (await this.repo.mergeBase(await this.publishedHead(), head)) ?? head;
    const { diffs, deletedPaths } = await this.changes(base, head);
    const log = await git(this.repo.dir, ['log', '--format=%cI%x1f%an', `${base}..${head}`]);
    const lines = log === '' ? [] : log.split('\n');
    const [updated] = (lines[0] ?? '').split('\x1f');
    const author = (lines.at(-1) ?? '').split('\x1f')[1];
    return {
      collection: name.collection,
      slug: name.slug,
      status: await this.status(name, head, labelPrefix),
      diffs,
      deletedPaths,
      updatedAt: (updated ? new Date(updated) : this.repo.clock()).toISOString(),
      ...(author ? { pullRequestAuthor: author } : {}),
    };
  }

  /** The draft's text of one file, or null when the draft has no such file. */
  async dataFile(name: DraftName, path: string): Promise<string | null> {
    const found = await this.repo.read(await this.existingHead(name), path);
    return found ? found.content.toString('utf8') : null;
  }

  async mediaFile(name: DraftName, path: string): Promise<MediaFile> {
    const found = await this.repo.read(await this.existingHead(name), path);
    if (!found) throw new ProtocolError(404, `${name.branch} has no file ${path}`);
    return mediaFile(path, found.file.oid, found.content);
  }

  async status(name: DraftName, head: string, labelPrefix?: string): Promise<string> {
    const label = await this.repo.config(descriptionKey(name.branch));
    if (label) return labelToStatus(label, labelPrefix);
    // A branch whose description was lost still says where it is in its last move.
    const moved = await git(this.repo.dir, ['log', '-1', '--format=%(trailers:key=Workflow-status,valueonly,separator=%x2C)', '--grep=^Workflow-status:', `${await this.publishedHead()}..${head}`]);
    return moved.trim().split(',').at(-1) || 'draft';
  }

  /**
   * Commits the files of one save on the draft's branch, creating the branch from the published head on
   * the first save. A save that changes nothing on an existing draft commits nothing, except an approval:
   * its commit is the record of who approved the change (a withdrawal may change no byte of the file).
   */
  async save(name: DraftName, request: SaveRequest): Promise<void> {
    const ref = `refs/heads/${name.branch}`;
    const head = await this.head(name);
    const parent = head ?? (await this.publishedHead());
    const changes: TreeChanges = { write: [], remove: [...request.deletedPaths] };
    for (const file of request.dataFiles) {
      const to = file.newPath ?? file.path;
      changes.write.push({ path: to, content: Buffer.from(file.raw, 'utf8') });
      if (to !== file.path) changes.remove.push(file.path);
    }
    for (const asset of request.assets) changes.write.push({ path: asset.path, content: Buffer.from(asset.content, 'base64') });
    const parentTree = await this.repo.treeOf(parent);
    const tree = await this.repo.writeTree(parentTree, changes);
    if (head && tree === parentTree && !request.commitMessage.startsWith('Approve ')) return;
    const saved = await this.repo.commit({ tree, parents: [parent], message: request.commitMessage, person: this.person });
    // The approval stamp, written just before publishing, is never taken for a resolution of a conflict.
    const resolved = head && !request.commitMessage.startsWith('Approve ') ? await this.resolution(name, head, saved, changes, request.commitMessage) : null;
    await this.repo.moveRef(ref, resolved?.commit ?? saved, head, `cms: ${request.commitMessage.split('\n')[0]}`);
    if (resolved) await this.repo.deleteRef(conflictRef(name.branch), resolved.against);
    if (!head) await this.repo.setConfig(descriptionKey(name.branch), statusToLabel(request.status, request.labelPrefix));
  }

  /**
   * After a publication was refused for a conflict, the controller was told to bring the published change
   * into the draft by hand and save: that save becomes a merge of the published commit it was refused
   * against, with the saved text for the files in conflict, so the next publication starts from there.
   * A save that does not cover every file in conflict is an ordinary save, and the conflict still stands.
   */
  private async resolution(name: DraftName, head: string, saved: string, changes: TreeChanges, message: string): Promise<{ commit: string; against: string } | null> {
    const against = await this.repo.commitOf(conflictRef(name.branch));
    if (!against || (await this.repo.isAncestor(against, head))) return null;
    const merge = await mergeTree(this.repo.dir, against, saved);
    const written = new Map(changes.write.map((w) => [w.path, w]));
    if (!merge.conflicts.every((path) => written.has(path) || changes.remove.includes(path))) return null;
    const tree = await this.repo.writeTree(merge.tree, {
      write: merge.conflicts.filter((path) => written.has(path)).map((path) => written.get(path)!),
      remove: merge.conflicts.filter((path) => !written.has(path)),
    });
    const short = against.slice(0, 7);
    const commit = await this.repo.commit({ tree, parents: [head, against], message: `${message.trimEnd()}\n\nBrings-in: ${this.published}@${short}\n`, person: this.person });
    return { commit, against };
  }

  /** Records a move through the workflow: the branch's description, and an empty commit that says it. */
  async move(name: DraftName, status: WorkflowStatus, labelPrefix?: string): Promise<string> {
    const head = await this.existingHead(name);
    const from = await this.status(name, head, labelPrefix);
    if (from !== status) {
      const subject = MOVE_SUBJECT[status](`${name.collection} ${name.slug}`, from);
      const message = `${subject}\n\nWorkflow-status: ${status}\nChanged-by: ${formatPerson(this.person)}\n`;
      const commit = await this.repo.commit({ tree: await this.repo.treeOf(head), parents: [head], message, person: this.person });
      await this.repo.moveRef(`refs/heads/${name.branch}`, commit, head, `cms: ${subject}`);
    }
    const label = statusToLabel(status, labelPrefix);
    await this.repo.setConfig(descriptionKey(name.branch), label);
    return label;
  }

  /** The moves through the workflow since the draft began, oldest first. */
  async events(name: DraftName): Promise<WorkflowEvent[]> {
    const head = await this.head(name);
    if (!head) return [];
    const format = '%aI%x1f%an%x1f%ae%x1f%(trailers:key=Workflow-status,valueonly,separator=%x2C)%x1f%(trailers:key=Changed-by,valueonly,separator=%x2C)%x1e';
    const out = await git(this.repo.dir, ['log', '--reverse', `--format=${format}`, '--grep=^Workflow-status:', `${await this.publishedHead()}..${head}`]);
    return out
      .split('\x1e')
      .map((record) => record.trim().split('\x1f'))
      .filter(([, , , status]) => status?.trim())
      .map(([date, authorName, authorEmail, status, changedBy]) => {
        const person = parsePerson(changedBy.trim()) ?? { name: authorName, email: authorEmail };
        return { status: status.trim(), name: person.name, email: person.email, date: new Date(date).toISOString() };
      });
  }

  /** Deletes a draft's branch, keeping its commits under refs/qms/deleted/ so that nothing is ever lost. */
  async remove(name: DraftName): Promise<string> {
    const head = await this.existingHead(name);
    const stamp = this.repo.clock().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
    const kept = `refs/qms/deleted/${name.branch}/${stamp}`;
    await this.repo.moveRef(kept, head, null, `cms: deleted draft ${name.branch}`);
    await this.repo.deleteRef(`refs/heads/${name.branch}`, head);
    await this.forget(name);
    return kept;
  }

  /** Removes what the server kept about a branch that is gone (published or deleted). */
  async forget(name: DraftName): Promise<void> {
    await this.repo.setConfig(descriptionKey(name.branch), null);
    const conflict = await this.repo.commitOf(conflictRef(name.branch));
    if (conflict) await this.repo.deleteRef(conflictRef(name.branch), conflict);
  }

  /** Files added, edited or moved between two commits, with git's own judgement of binary content. */
  private async changes(base: string, head: string): Promise<{ diffs: Diff[]; deletedPaths: string[] }> {
    const raw = (await git(this.repo.dir, ['diff-tree', '-r', '-z', '-M', '--no-abbrev', '--raw', base, head])).split('\0');
    const numstat = (await git(this.repo.dir, ['diff-tree', '-r', '-z', '-M', '--numstat', base, head])).split('\0');
    const binary = new Set<string>();
    for (let i = 0; i < numstat.length; i++) {
      const [added, , path] = numstat[i].split('\t');
      // A rename is "added<TAB>deleted<TAB>" then the old and new paths as two more fields.
      const newPath = path === '' ? numstat[(i += 2)] : path;
      if (added === '-' && newPath) binary.add(newPath);
    }
    const diffs: Diff[] = [];
    const deletedPaths: string[] = [];
    for (let i = 0; i < raw.length; i++) {
      if (!raw[i].startsWith(':')) continue;
      const [, , , newOid, letter] = raw[i].slice(1).split(' ');
      const renamed = letter.startsWith('R') || letter.startsWith('C');
      const oldPath = raw[++i];
      const path = renamed ? raw[++i] : oldPath;
      if (letter === 'D') {
        deletedPaths.push(path);
        continue;
      }
      const status = letter === 'A' ? 'added' : renamed ? 'renamed' : 'modified';
      diffs.push({ oldPath, newPath: path, status, newFile: letter === 'A', path, id: newOid, binary: binary.has(path) || path.endsWith('.svg') });
    }
    return { diffs, deletedPaths };
  }
}

export function mediaFile(path: string, oid: string, content: Buffer): MediaFile {
  return { id: oid, content: content.toString('base64'), encoding: 'base64', path, name: path.split('/').at(-1)! };
}

/** `git merge-tree --write-tree`: a three-way merge of two commits written as a tree, with no working tree. */
export async function mergeTree(dir: string, ours: string, theirs: string): Promise<{ tree: string; conflicts: string[] }> {
  let out: string;
  try {
    out = await git(dir, ['merge-tree', '--write-tree', '-z', '--name-only', '--no-messages', ours, theirs]);
  } catch (error) {
    // Exit 1 is "merged, with conflicts"; the output is the same shape.
    const failed = error as { exitCode?: number; stdout?: Buffer };
    if (failed.exitCode !== 1 || !failed.stdout) throw error;
    out = failed.stdout.toString('utf8');
  }
  const [tree, ...paths] = out.split('\0');
  return { tree, conflicts: [...new Set(paths.filter((p) => p !== ''))] };
}
