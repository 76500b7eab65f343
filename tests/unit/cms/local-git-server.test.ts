import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceFixture, type Fixture } from './local-git-fixture.ts';

/*
 * The local CMS's Git server has no sign-in, like decap-server: it listens on 127.0.0.1 only and answers
 * only pages served from this computer, in JSON, at POST /api/v1.
 */

let ws: Fixture;
beforeAll(async () => {
  ws = await workspaceFixture();
});
afterAll(async () => {
  await ws.close();
});

/** A raw request, with the headers a browser (or a hostile page) would send. */
function send(method: string, headers: Record<string, string>, body = ''): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const url = new URL(ws.server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const INFO = JSON.stringify({ action: 'info' });

describe('the local Git server', () => {
  it('listens on 127.0.0.1 and answers pages of this computer with CORS', async () => {
    expect(ws.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
    for (const origin of ['http://127.0.0.1:4321', 'http://localhost:4321']) {
      const answer = await send('POST', { Origin: origin, 'Content-Type': 'application/json' }, INFO);
      expect([answer.status, answer.headers['access-control-allow-origin']]).toEqual([200, origin]);
      expect(JSON.parse(answer.body)).toMatchObject({ publish_modes: ['editorial_workflow'], type: 'local_git' });
    }
    const preflight = await send('OPTIONS', { Origin: 'http://127.0.0.1:4321', 'Access-Control-Request-Method': 'POST' });
    expect([preflight.status, preflight.headers['access-control-allow-headers']]).toEqual([204, 'Content-Type']);
  });

  it('refuses other origins, other host names and anything but JSON', async () => {
    expect((await send('POST', { Origin: 'https://evil.example', 'Content-Type': 'application/json' }, INFO)).status).toBe(403);
    expect((await send('POST', { Origin: 'https://127.0.0.1:4321', 'Content-Type': 'application/json' }, INFO)).status).toBe(403);
    expect((await send('POST', { Host: 'rebound.evil.example', 'Content-Type': 'application/json' }, INFO)).status).toBe(403);
    // A form on another site can post text/plain without a CORS preflight.
    expect((await send('POST', { 'Content-Type': 'text/plain' }, INFO)).status).toBe(415);
    expect((await send('GET', {})).status).toBe(405);
    expect(JSON.parse((await send('POST', { 'Content-Type': 'application/json' }, '{not json')).body).error).toMatch(/not JSON/);
  });

  it('answers errors as { error } with a 4xx status, and a missing draft as 404 Not Found', async () => {
    expect(await ws.post('noSuchAction')).toEqual({ status: 422, body: { error: 'Unknown action noSuchAction' } });
    expect(await ws.post('unpublishedEntry', { collection: 'procedure', slug: 'SOP-099-none' })).toEqual({ status: 404, body: { message: 'Not Found' } });
    expect((await ws.post('getEntry', { branch: 'other', path: 'README.md' })).status).toBe(422);
    expect(await ws.post('getDeployPreview', { collection: 'procedure', slug: 'SOP-004-hand-hygiene' })).toEqual({ status: 200, body: null });
  });
});
