import type { APIRoute } from 'astro';
import { buildInfo, buildRecord } from '../site/build-info.ts';

/**
 * /build.json: the build's identity (the commit, its day, the build's day), from the same reading as the
 * footer, /verify/ and every printed page, so all four agree. `npm run deploy` checks it before copying a build.
 */
export const GET: APIRoute = async () => {
  return new Response(`${JSON.stringify(buildRecord(await buildInfo()), null, 2)}\n`, { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
