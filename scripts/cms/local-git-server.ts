import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { git } from './git.ts';
import { LocalGitBackend, type LocalGitBackendOptions } from './local-git-backend.ts';
import { ProtocolError } from './protocol.ts';

/**
 * The local CMS's Git server: Decap's proxy protocol at POST /api/v1, on 127.0.0.1 only, for pages served
 * from this computer only. Like decap-server it has no sign-in, so it answers nothing else: no other
 * origin (CORS), no other host name (a web page that points its own name at 127.0.0.1), no other method.
 */

export interface LocalGitServer {
  /** The API's URL, http://127.0.0.1:<port>/api/v1. */
  url: string;
  backend: LocalGitBackend;
  close(): Promise<void>;
}

export interface LocalGitServerOptions extends LocalGitBackendOptions {
  port: number;
  /** Where refusals and failures are logged; by default, standard error. */
  log?: (line: string) => void;
}

const HOST = '127.0.0.1';
const LOOPBACK_ORIGIN = /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/;
const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost)(:\d+)?$/;
// Decap sends a document with its attachments, base64: the same ceiling as decap-server.
const MAX_BODY = 50 * 1024 * 1024;

export async function startLocalGitServer(options: LocalGitServerOptions): Promise<LocalGitServer> {
  await requireMergeTree();
  const backend = new LocalGitBackend(options);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const server = createServer((request, response) => {
    answer(backend, request, response, log).catch((error: unknown) => {
      log(`qms-cms: ${(error as Error).stack ?? String(error)}`);
      if (!response.headersSent) send(response, 500, { error: (error as Error).message });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${HOST}:${port}/api/v1`,
    backend,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function answer(backend: LocalGitBackend, request: IncomingMessage, response: ServerResponse, log: (line: string) => void): Promise<void> {
  const origin = request.headers.origin;
  if (origin !== undefined && !LOOPBACK_ORIGIN.test(origin)) return send(response, 403, { error: `Requests from ${origin} are refused: only pages on this computer may use the local CMS` });
  if (!LOOPBACK_HOST.test(request.headers.host ?? '')) return send(response, 403, { error: 'Only http://127.0.0.1 and http://localhost reach the local CMS' });
  if (origin) {
    response.setHeader('Access-Control-Allow-Origin', origin);
    response.setHeader('Vary', 'Origin');
  }
  const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
  if (path !== '/api/v1') return send(response, 404, { error: `Not found: ${path} (the API is POST /api/v1)` });
  if (request.method === 'OPTIONS') {
    response.writeHead(204, { 'Access-Control-Allow-Methods': 'POST', 'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Max-Age': '600' });
    return void response.end();
  }
  if (request.method !== 'POST') return send(response, 405, { error: 'Use POST' });
  // A form on another site can post text/plain without asking first; JSON needs the CORS check above.
  if (!/^application\/json\b/.test(request.headers['content-type'] ?? '')) return send(response, 415, { error: 'Send JSON (Content-Type: application/json)' });

  let body: { action?: unknown; params?: Record<string, unknown> };
  try {
    body = JSON.parse(await readBody(request));
  } catch (error) {
    if (error instanceof ProtocolError) return send(response, error.status, error.body);
    return send(response, 400, { error: `The request is not JSON: ${(error as Error).message}` });
  }
  try {
    send(response, 200, await backend.handle(body.action, body.params ?? {}));
  } catch (error) {
    if (error instanceof ProtocolError) {
      if (error.status >= 500 || error.status === 409) log(`qms-cms: ${String(body.action)}: ${error.message}`);
      return send(response, error.status, error.body);
    }
    log(`qms-cms: ${String(body.action)} failed: ${(error as Error).stack ?? String(error)}`);
    send(response, 500, { error: `${String(body.action)} failed: ${(error as Error).message}` });
  }
}

/** Publishing merges with `git merge-tree --write-tree`, which git has since 2.38. */
async function requireMergeTree(): Promise<void> {
  const version = await git(process.cwd(), ['version']);
  const [major, minor] = (/(\d+)\.(\d+)/.exec(version) ?? []).slice(1).map(Number);
  if (major < 2 || (major === 2 && minor < 38)) throw new Error(`the local CMS needs git 2.38 or later to publish (git merge-tree --write-tree); this computer has ${version}`);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new ProtocolError(413, 'The request is larger than 50 MB'));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body ?? null);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  response.end(text);
}
