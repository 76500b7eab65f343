import type { APIRoute } from 'astro';
import { approvedChanges } from '../qms/views/changes.ts';
import { feedAuthority, atomFeed } from '../qms/views/feeds.ts';
import { siteManual } from '../site/manual.ts';

export const GET: APIRoute = async () => {
  const { history, docs, settings, analysis } = await siteManual();
  const changes = approvedChanges(history, docs.map((d) => d.data), { pastVersions: settings.history.past_versions }).slice(0, 100);
  const authority = feedAuthority(settings.organization);
  const xml = atomFeed(changes, { title: `${settings.organization}: approved changes to the quality manual`, base: '/', updated: `${analysis.asOf}T00:00:00Z`, authority });
  return new Response(xml, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
