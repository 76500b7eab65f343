import { readDocumentSource } from '../../src/qms/load/source.ts';
import { conflictRef, mergeTree, type Drafts } from './drafts.ts';
import { git, GitError } from './git.ts';
import type { Person } from './identity.ts';
import { ProtocolError, type DraftName } from './protocol.ts';
import type { Repository } from './repository.ts';

/**
 * Publishing is merging a draft's branch into the published branch, three-way and without a working tree
 * (`git merge-tree --write-tree`). A conflict changes nothing that anyone reads: the published branch, the
 * draft and the workspace stay as they were, the controller is told which documents collided with whose
 * change, and every other draft can still be published.
 */

export interface Publication {
  repo: Repository;
  drafts: Drafts;
  published: string;
  person: Person;
}

export async function publishDraft({ repo, drafts, published, person }: Publication, name: DraftName): Promise<string> {
  const draftRef = `refs/heads/${name.branch}`;
  const publishedRef = `refs/heads/${published}`;
  const draft = await repo.commitOf(draftRef);
  if (!draft) throw new ProtocolError(404, `There is no draft of ${name.collection} ${name.slug} to publish: it was published or deleted in the meantime. Reload the page.`);
  const head = await drafts.publishedHead();

  if (await repo.isAncestor(draft, head)) {
    // Already part of the published branch (merged by hand): only the branch is left to tidy away.
    await repo.deleteRef(draftRef, draft);
    await drafts.forget(name);
    return `branch ${name.branch} was already merged to ${published}`;
  }
  const merge = await mergeTree(repo.dir, head, draft);
  if (merge.conflicts.length > 0) {
    const message = await conflictMessage(repo, name, head, draft, merge.conflicts);
    // Remembered outside the branch, so the controller's next save of the draft is taken as the resolution.
    await repo.moveRef(conflictRef(name.branch), head, await repo.commitOf(conflictRef(name.branch)), `cms: ${name.branch} conflicts with ${published}`);
    throw new ProtocolError(409, message);
  }

  const workspace = await checkedOutClean(repo.dir, publishedRef);
  const commit = await repo.commit({ tree: merge.tree, parents: [head, draft], message: await mergeMessage(repo.dir, head, draft, name), person });
  await repo.moveRef(publishedRef, commit, head, `cms: publish ${name.branch}`);
  await repo.deleteRef(draftRef, draft);
  await drafts.forget(name);
  const merged = `branch ${name.branch} merged to ${published}`;
  if (!workspace.checkedOut) return merged;
  if (!workspace.clean) return `${merged}; the workspace has uncommitted changes, so its files were left as they were`;
  try {
    // The only time the working tree changes: it follows the published branch it has checked out.
    await git(repo.dir, ['read-tree', '-m', '-u', head, commit]);
    return merged;
  } catch (error) {
    process.stderr.write(`qms-cms: ${merged}, but the workspace's files could not follow: ${(error as Error).message}\n`);
    return `${merged}; the workspace's files could not follow (git -C ${repo.dir} status)`;
  }
}

/**
 * The approval commit's message (the client writes "Approve ..." just before publishing), or a plain one.
 * Moves through the workflow after the approval change no file, so they do not hide it.
 */
async function mergeMessage(dir: string, head: string, draft: string, name: DraftName): Promise<string> {
  const messages = (await git(dir, ['log', '--format=%B%x1e', `${head}..${draft}`])).split('\x1e').map((m) => m.trim());
  const last = messages.find((m) => m !== '' && !/^Workflow-status: /m.test(m)) ?? '';
  const message = last.startsWith('Approve ') ? last : `Publish ${name.collection} ${name.slug}`;
  return git(dir, ['interpret-trailers', '--trailer', `Merged-from: ${name.branch}`], { input: `${message}\n` });
}

/** Whether the workspace has the published branch checked out, and nothing uncommitted in its tracked files. */
async function checkedOutClean(dir: string, publishedRef: string): Promise<{ checkedOut: boolean; clean: boolean }> {
  let current: string;
  try {
    current = await git(dir, ['symbolic-ref', '--quiet', 'HEAD']);
  } catch (error) {
    if (error instanceof GitError && error.exitCode === 1) return { checkedOut: false, clean: false };
    throw error;
  }
  if (current !== publishedRef) return { checkedOut: false, clean: false };
  return { checkedOut: true, clean: (await git(dir, ['status', '--porcelain', '--untracked-files=no'])) === '' };
}

/**
 * One line per file in conflict: the document it is, and the published change it collided with, then
 * what to do, as the controller will read it in the CMS's "Failed to publish" message.
 */
async function conflictMessage(repo: Repository, name: DraftName, head: string, draft: string, paths: string[]): Promise<string> {
  const base = await repo.mergeBase(head, draft);
  const lines: string[] = [];
  for (const path of paths) {
    const published = await repo.read(head, path);
    const id = published && path.endsWith('.mdx') ? readDocumentSource(path, published.content.toString('utf8')).declaredId : undefined;
    const log = await git(repo.dir, ['--literal-pathspecs', 'log', '-1', '--format=%h%x1f%an%x1f%aI', base ? `${base}..${head}` : head, '--', path]);
    const [commit, author, date] = log.split('\x1f');
    const change = commit ? ` (commit ${commit} by ${author} on ${date.slice(0, 10)})` : '';
    lines.push(`${id ? `${id} (${path})` : path}: the published version changed since this draft began${change}.`);
  }
  return [
    `${name.slug} was not published, and nothing was changed: the draft and the published version both changed the same part of ${paths.length === 1 ? 'a file' : `${paths.length} files`}.`,
    ...lines,
    'Open the draft, bring in the published change by hand, save, and publish again; or delete the draft.',
  ].join('\n');
}
