import type { APIRoute } from 'astro';
import { auditClauses, matrixJson } from '../../qms/views/audit.ts';
import { siteManual } from '../../site/manual.ts';

export const GET: APIRoute = async () => {
  const { index, docs, analysis } = await siteManual();
  const json = matrixJson(auditClauses(index, docs.map((d) => d.data), analysis), analysis.asOf);
  return new Response(json, { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
