import type { APIRoute } from 'astro';
import { registerCsv, registerRows } from '../qms/views/register.ts';
import { siteManual } from '../site/manual.ts';

export const GET: APIRoute = async () => {
  const { docs, analysis } = await siteManual();
  const csv = registerCsv(registerRows(docs.map((d) => d.data), analysis.statuses), analysis.asOf);
  return new Response(csv, { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
};
