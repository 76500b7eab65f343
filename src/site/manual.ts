import { getCollection, type CollectionEntry } from 'astro:content';
import { analyseManual, type ManualAnalysis } from '../qms/analysis.ts';
import { asOfFromEnvironment, type IsoDate } from '../qms/base/dates.ts';
import type { ClauseIndex } from '../qms/catalogue.ts';
import { ManualError } from '../qms/findings/finding.ts';
import { readManualHistory, type ManualHistory } from '../qms/history/index.ts';
import { statusFacts, type LiveSettings, type StatusFacts } from '../qms/live-status.ts';
import { loadAttachmentFiles, type AttachmentFile } from '../qms/load/attachments.ts';
import { loadConfiguration, projectRoot } from '../qms/load/manual.ts';
import type { Settings } from '../qms/schemas/settings.ts';
import type { EffectiveStatus } from '../qms/status.ts';
// Bodies are read with the parser Astro compiles them with (remark-mdx where it must): see parse.ts.
import '../qms/mdx/native-parser.ts';
import { compareIds } from '../qms/base/ids.ts';

export type DocEntry = CollectionEntry<'docs'>;

/** Dates and URLs are made the same in the site and the CMS preview. */
export { formatDate } from '../qms/base/dates.ts';
export { clauseUrl, docUrl } from '../qms/views/urls.ts';

export interface SiteManual {
  settings: Settings;
  index: ClauseIndex;
  docs: DocEntry[];
  byId: Map<string, DocEntry>;
  analysis: ManualAnalysis;
  /** Git history of the documents; `available` is false in a shallow clone or a tree without .git. */
  history: ManualHistory;
  /** The files attached to documents, by the path they are served at. */
  attachments: Map<string, AttachmentFile>;
  root: string;
  status(id: string): EffectiveStatus;
  /** What each document's status depends on, carried by the pages so the reader's browser can work it out again. */
  facts: Map<string, StatusFacts>;
  /**
   * The facts of the document a status belongs to. The build's statuses are one object per document, so a
   * component given only a status (a badge) still finds them.
   */
  factsOf(status: EffectiveStatus): StatusFacts | undefined;
  /** What every page carries once for working statuses out again (src/site/live-status.ts). */
  liveSettings: LiveSettings;
}

/** The as-of date of this build: QMS_AS_OF=2026-01-01 makes a build reproducible; default is today. */
export const buildAsOf = (): IsoDate => asOfFromEnvironment();

let cached: Promise<SiteManual> | undefined;

/** Loads and analyses the manual once per build; every page, /admin included, reads the same result. */
export function siteManual(): Promise<SiteManual> {
  cached ??= (async () => {
    const root = projectRoot();
    const { settings, index, findings } = loadConfiguration(root);
    if (findings.length > 0) throw new ManualError(findings);
    const docs = (await getCollection('docs')).sort((a, b) => compareIds(a.data.id, b.data.id));
    const analysis = analyseManual(docs.map((d) => d.data), index, settings, buildAsOf());
    const byId = new Map(docs.map((d) => [d.data.id, d]));
    const history = await readManualHistory({ root });
    if (!history.available) {
      // QMS_STRICT=1 (as for `npm run check -- --strict`) makes a build without history fail instead.
      if (process.env.QMS_STRICT === '1') throw new Error(`Revision history is unavailable (${history.reason}); QMS_STRICT=1 refuses to build without it.`);
      console.warn(`[qms] Revision history is unavailable: ${history.reason}. Pages will say so.`);
    }
    const facts = statusFacts(docs.map((d) => d.data));
    const factsByStatus = new Map([...analysis.statuses].map(([id, status]) => [status, facts.get(id)]));
    return {
      settings, index, docs, byId, analysis, history, attachments: loadAttachmentFiles(root), root,
      status: (id) => analysis.statuses.get(id)!,
      facts,
      factsOf: (status) => factsByStatus.get(status),
      liveSettings: { asOf: analysis.asOf, review: settings.review, staleAfterDays: settings.build.stale_after_days },
    };
  })();
  return cached;
}
