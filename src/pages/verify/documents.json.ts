import type { APIRoute } from 'astro';
import { previousApprovedRevision } from '../../qms/views/changes.ts';
import { verifyData } from '../../qms/views/verify.ts';
import { buildInfo, buildLabel } from '../../site/build-info.ts';
import { siteManual } from '../../site/manual.ts';

/** What /verify/ answers from: every document of this build, with the last approved version before it. */
export const GET: APIRoute = async () => {
  const { docs, history, settings } = await siteManual();
  const build = await buildInfo();
  const data = verifyData(
    docs.map((d) => d.data),
    (doc) => previousApprovedRevision(history.byId.get(doc.id) ?? [], doc.version)?.version ?? null,
    { builtOn: build.builtOn, build: buildLabel(build), review: settings.review },
  );
  return new Response(JSON.stringify(data), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
