import type { APIRoute } from 'astro';
import { feedAuthority, reviewCalendar } from '../qms/views/feeds.ts';
import { reviewDates } from '../qms/views/reviews.ts';
import { siteManual } from '../site/manual.ts';

export const GET: APIRoute = async () => {
  const { docs, settings, analysis } = await siteManual();
  const reviews = reviewDates(docs.map((d) => d.data), analysis.statuses);
  const authority = feedAuthority(settings.organization);
  const ics = reviewCalendar(reviews, { name: `${settings.organization}: document reviews`, authority, stamp: `${analysis.asOf}T00:00:00Z` });
  return new Response(ics, { headers: { 'Content-Type': 'text/calendar; charset=utf-8' } });
};
