import type { APIRoute } from 'astro';
import { feedAuthority, reviewCalendar } from '../qms/feeds.ts';
import { IN_FORCE } from '../qms/status.ts';
import { siteManual } from '../site/manual.ts';

export const GET: APIRoute = async () => {
  const { docs, settings, analysis } = await siteManual();
  const reviews = docs
    .map((d) => ({ doc: d.data, status: analysis.statuses.get(d.data.id)! }))
    .filter(({ status }) => IN_FORCE.has(status.state) && status.reviewBy)
    .map(({ doc, status }) => ({ id: doc.id, title: doc.title, owner: doc.owner ?? 'No owner named', reviewBy: status.reviewBy!, version: doc.version }));
  const authority = feedAuthority(settings.organization);
  const ics = reviewCalendar(reviews, { name: `${settings.organization}: document reviews`, authority, stamp: `${analysis.asOf}T00:00:00Z` });
  return new Response(ics, { headers: { 'Content-Type': 'text/calendar; charset=utf-8' } });
};
