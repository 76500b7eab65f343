import type { APIRoute } from 'astro';
import { manualVersions } from '../../qms/history/versions.ts';
import type { VersionsData } from '../../qms/versions.ts';
import { siteManual } from '../../site/manual.ts';

/** What "the manual on a date" answers from: every document's approved versions, from the one-pass history. */
export const GET: APIRoute = async () => {
  const { docs, history, settings, analysis } = await siteManual();
  const data: VersionsData = {
    builtOn: analysis.asOf,
    historyAvailable: history.available,
    documents: manualVersions(history, docs.map((d) => d.data), settings.history.past_versions),
  };
  return new Response(JSON.stringify(data), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
