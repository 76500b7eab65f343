import type { APIRoute } from 'astro';
import { auditClauses, matrixCsv, matrixRows } from '../../qms/views/audit.ts';
import { siteManual } from '../../site/manual.ts';

export const GET: APIRoute = async () => {
  const { index, docs, analysis } = await siteManual();
  const csv = matrixCsv(matrixRows(auditClauses(index, docs.map((d) => d.data), analysis)), analysis.asOf);
  return new Response(csv, { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
};
