/**
 * The build's own identity: the commit the manual was built from, and the day it was built. Every printed
 * page carries it and /verify/ names it, so a paper copy can be traced to the source it was printed from.
 * This module is the one place that reads it (no Astro import, so a deployment script writing build.json
 * can use it too); a build reads it once.
 */
import { asOfFromEnvironment, formatDate, isIsoDate, type IsoDate } from '../qms/base/dates.ts';
import { RepositoryReadError } from '../qms/history/errors.ts';
import { locateRepository, ObjectReader, resolveHead } from '../qms/history/repository.ts';
import { projectRoot } from '../qms/load/manual.ts';

export interface BuildInfo {
  /** The full hash of the commit built, or null when this copy has no readable Git repository. */
  commit: string | null;
  /** Its first 7 characters, as Git shows it; "unknown" without a commit. */
  shortCommit: string;
  /** The day of that commit (committer date, UTC), or null. */
  commitDate: IsoDate | null;
  /** The day of the build: the as-of date its statuses are computed for. */
  builtOn: IsoDate;
}

export const UNKNOWN_COMMIT = 'unknown';

/**
 * Reads HEAD of the repository holding `root`. A shallow clone still knows its HEAD, so it is accepted;
 * a copy without .git (a downloaded archive), an empty repository or an unreadable one gives "unknown".
 */
export async function readBuildInfo(root: string, builtOn: IsoDate): Promise<BuildInfo> {
  const unknown: BuildInfo = { commit: null, shortCommit: UNKNOWN_COMMIT, commitDate: null, builtOn };
  const located = locateRepository(root, 'accept');
  if (!located.ok) return unknown;
  try {
    const commit = await resolveHead(located.repo);
    if (!commit) return unknown;
    const { time } = await new ObjectReader(located.repo.gitdir).commit(commit);
    return { commit, shortCommit: commit.slice(0, 7), commitDate: new Date(time * 1000).toISOString().slice(0, 10), builtOn };
  } catch (error) {
    if (error instanceof RepositoryReadError) return unknown;
    throw error;
  }
}

let cached: Promise<BuildInfo> | undefined;

/** This build's identity, read once: the project root's HEAD, and QMS_AS_OF (else today) as the build day. */
export function buildInfo(): Promise<BuildInfo> {
  cached ??= readBuildInfo(projectRoot(), asOfFromEnvironment());
  return cached;
}

/** "Built 25 Nov 2026, commit 1a2b3c4", as a paper copy, the footer and /verify/ name the build. */
export function buildLabel(info: BuildInfo): string {
  return `Built ${formatDate(info.builtOn)}, commit ${info.shortCommit}`;
}

/**
 * build.json at the root of every build (src/pages/build.json.ts): the same identity as the footer and
 * /verify/, for `npm run deploy` to check and record, and for IT to read off the server.
 */
export const BUILD_RECORD_FILE = 'build.json';

export interface BuildRecord extends BuildInfo {
  /** buildLabel(): what the footer and /verify/ show. */
  label: string;
}

export function buildRecord(info: BuildInfo): BuildRecord {
  return { ...info, label: buildLabel(info) };
}

/** A build.json read back: the record, or in words why it is not one a build wrote. */
export function parseBuildRecord(text: string): BuildRecord | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: `it is not JSON (${(error as Error).message})` };
  }
  const record = value as Partial<Record<keyof BuildRecord, unknown>>;
  const isDay = (day: unknown) => typeof day === 'string' && isIsoDate(day);
  if (typeof value !== 'object' || value === null) return { problem: 'it is not an object' };
  if (!(record.commit === null || (typeof record.commit === 'string' && /^[0-9a-f]{40}$/.test(record.commit)))) return { problem: 'its commit is neither a full commit hash nor null' };
  if (typeof record.shortCommit !== 'string' || typeof record.label !== 'string') return { problem: 'it has no shortCommit or label' };
  if (!(record.commitDate === null || isDay(record.commitDate)) || !isDay(record.builtOn)) return { problem: 'its commitDate or builtOn is not a day' };
  return record as BuildRecord;
}
