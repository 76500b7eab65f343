/** One change to one controlled document, as recorded by one commit. */
export interface Revision {
  /** Full commit oid. */
  commit: string;
  /** Committer time, ISO 8601 in UTC without milliseconds (2026-03-01T10:15:00Z). */
  date: string;
  /** Author name. */
  author: string;
  email: string;
  /** Full commit message, trimmed. */
  message: string;
  /** Path of the document at that commit, relative to the project root (the repository root unless the project is in a subfolder). */
  file: string;
  /** Oid of the file's blob at that commit; for a `deleted` revision, the blob it had when it was deleted. */
  blob: string;
  /** Frontmatter `version` at that commit (null if unreadable). */
  version: number | null;
  /** Frontmatter `status` at that commit (null if unreadable). */
  status: string | null;
  changeSummary: string | null;
  /** The approval record at that commit, from the frontmatter (null when absent or unreadable). */
  approved: string | null;
  approver: string | null;
  effective: string | null;
  withdrawn: string | null;
  /** Frontmatter `review_by` at that commit (null when absent: the settings' interval applies). */
  reviewBy: string | null;
  /** The documents this version replaces once it is in force (frontmatter `supersedes`). */
  supersedes: string[];
  /** Frontmatter `title` at that commit (null if unreadable). */
  title: string | null;
  change: 'added' | 'modified' | 'renamed' | 'deleted';
  /** The body (after the frontmatter) differs from the previous revision of this ID; true for the first revision. */
  bodyChanged: boolean;
  /** The version differs from the previous revision of this ID; true for the first revision. */
  versionBumped: boolean;
  /** SHA-1 of the body with line endings and trailing whitespace normalized, and of the attached files' paths and fingerprints: equal hashes, equal content. */
  bodyHash: string;
}

/** What a run of `readManualHistory` cost: for tests, the benchmark and a build log. */
export interface HistoryStats {
  /** Commits read from the repository (the rest came from the cache). */
  commitsRead: number;
  /** Document blobs read and parsed. */
  blobsRead: number;
  /** Commits taken from the on-disk cache. */
  commitsCached: number;
  /** True when the cache already held this HEAD, so no Git object was read at all. */
  cacheHit: boolean;
  /** Where the time went, in milliseconds: reading the cache file and writing it back, walking the commits, reading document versions, building the revisions. */
  ms: { cache: number; commits: number; documents: number; revisions: number };
}

export interface ManualHistory {
  available: boolean;
  /** Why not, in words for a person, when not available: no .git folder, shallow clone, unreadable. */
  reason?: string;
  /** The commit the history was read at; absent when unavailable or when the repository has no commit yet. */
  head?: string;
  /** Revisions per document ID, newest first. */
  byId: Map<string, Revision[]>;
  stats?: HistoryStats;
}
