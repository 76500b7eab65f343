/**
 * Real-browser test harness: headless Chromium (driven by playwright-core),
 * a loopback-only static file server for the built site, axe-core checks,
 * and a guard that blocks (and records) every request leaving the machine.
 *
 * Where Chromium comes from, first match wins:
 *   1. env CHROMIUM_PATH — an explicit executable; no fallback if it fails.
 *   2. npm `@sparticuz/chromium` (linux x64) — the binary ships brotli-packed
 *      inside the npm tarball (no install script, no download) and is unpacked
 *      at runtime into a per-version cache dir under os.tmpdir().
 *   3. /usr/bin/chromium (Debian: `apt-get install chromium`).
 *
 * playwright-core never downloads browsers itself; `npx playwright install`
 * is neither needed nor used.
 */
import { createReadStream } from "node:fs";
import { access, constants, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, extname, join, resolve, sep } from "node:path";
import { chromium, type Browser, type LaunchOptions, type Page } from "playwright-core";
import type axe from "axe-core";

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------
// Chromium
// ---------------------------------------------------------------------------

/** Flags for running as root, with no GPU, on a closed network. */
export const CHROMIUM_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
  // Belt and braces next to blockExternalRequests(): no host name other than
  // localhost resolves inside the browser, so nothing can leave the machine
  // even through paths page.route() does not see (DNS prefetch, workers...).
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1, EXCLUDE [::1]",
];

export interface ChromiumExecutable {
  executablePath: string;
  /** Where it came from: "CHROMIUM_PATH", "@sparticuz/chromium@<version>" or the system path. */
  source: string;
  /** Extra environment for the browser process. */
  env?: Record<string, string>;
}

const SYSTEM_CHROMIUM = "/usr/bin/chromium";

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Unpack @sparticuz/chromium into `<tmpdir>/qms-e2e-chromium-<version>`.
 *
 * The package's own executablePath() always unpacks into os.tmpdir() itself,
 * writes straight to the final file names and reuses whatever `<tmpdir>/chromium`
 * it finds (even a half-written one, or one from another version). Vitest forks
 * start in parallel, so we serialise with a lock directory across processes,
 * point TMPDIR at a private per-version dir while it unpacks, and mark the dir
 * complete only once everything is on disk.
 */
async function unpackSparticuz(): Promise<ChromiumExecutable> {
  const pkgDir = dirname(dirname(require.resolve("@sparticuz/chromium")));
  const { version } = JSON.parse(await readFile(join(pkgDir, "package.json"), "utf8")) as { version: string };
  const uid = typeof process.getuid === "function" ? process.getuid() : "u";
  const dir = join(tmpdir(), `qms-e2e-chromium-${version}-${uid}`);
  const exe = join(dir, "chromium");
  const done = join(dir, ".complete");
  const lock = `${dir}.lock`;
  const fontsConf = join(dir, "fonts.conf");
  const result: ChromiumExecutable = {
    executablePath: exe,
    source: `@sparticuz/chromium@${version}`,
    // The bundled fontconfig otherwise reads only /etc/fonts, which a slim
    // image may lack; this keeps the system fonts and adds the bundled ones.
    env: { FONTCONFIG_FILE: fontsConf },
  };

  const ready = async () => (await access(done).then(() => true, () => false)) && (await isExecutable(exe));
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (await ready()) return result;
    try {
      await mkdir(lock);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      // Someone else is unpacking. Break a lock left behind by a crashed process.
      const age = Date.now() - (await stat(lock).then((s) => s.mtimeMs, () => Date.now()));
      if (age > 120_000) await rm(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`Timed out waiting for lock ${lock}`);
      await sleep(250);
      continue;
    }
    try {
      if (await ready()) return result;
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true });
      const { default: sparticuz } = (await import("@sparticuz/chromium")) as typeof import("@sparticuz/chromium");
      const savedTmp = process.env.TMPDIR;
      process.env.TMPDIR = dir; // os.tmpdir() reads TMPDIR on every call
      let unpacked: string;
      try {
        unpacked = await sparticuz.executablePath();
      } finally {
        if (savedTmp === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = savedTmp;
      }
      if (resolve(unpacked) !== exe) throw new Error(`@sparticuz/chromium unpacked to ${unpacked}, expected ${exe}`);
      await writeFile(
        fontsConf,
        [
          '<?xml version="1.0"?>',
          '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
          "<fontconfig>",
          '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
          "  <dir>/usr/share/fonts</dir>",
          `  <dir>${join(dir, "fonts")}</dir>`,
          `  <cachedir>${join(dir, "fonts-cache")}</cachedir>`,
          "</fontconfig>",
          "",
        ].join("\n"),
      );
      await writeFile(done, `${version}\n`);
      return result;
    } finally {
      await rm(lock, { recursive: true, force: true });
    }
  }
}

let sparticuzPromise: Promise<ChromiumExecutable> | undefined;

/** Candidate executables, in order of preference (lazily resolved). */
function candidates(): Array<() => Promise<ChromiumExecutable>> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    return [
      async () => {
        if (!(await isExecutable(fromEnv))) throw new Error(`CHROMIUM_PATH=${fromEnv} is not an executable file`);
        return { executablePath: fromEnv, source: "CHROMIUM_PATH" };
      },
    ];
  }
  const list: Array<() => Promise<ChromiumExecutable>> = [];
  if (process.platform === "linux" && process.arch === "x64") {
    list.push(() => {
      sparticuzPromise ??= unpackSparticuz().catch((err) => {
        sparticuzPromise = undefined;
        throw err;
      });
      return sparticuzPromise;
    });
  }
  list.push(async () => {
    if (!(await isExecutable(SYSTEM_CHROMIUM))) throw new Error(`${SYSTEM_CHROMIUM} not found (apt-get install chromium)`);
    return { executablePath: SYSTEM_CHROMIUM, source: SYSTEM_CHROMIUM };
  });
  return list;
}

/** The Chromium that launchBrowser() would try first (unpacks @sparticuz/chromium if needed). */
export async function resolveChromium(): Promise<ChromiumExecutable> {
  const errors: string[] = [];
  for (const candidate of candidates()) {
    try {
      return await candidate();
    } catch (err) {
      errors.push(String((err as Error).message ?? err));
    }
  }
  throw new Error(`No Chromium found:\n  ${errors.join("\n  ")}`);
}

/**
 * Launch headless Chromium. Tries CHROMIUM_PATH, then @sparticuz/chromium,
 * then /usr/bin/chromium, moving on when one cannot be found *or* fails to
 * start (e.g. missing shared libraries). Playwright gives every launch a fresh
 * temporary profile (user-data-dir) and deletes it on browser.close().
 */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  const errors: string[] = [];
  for (const candidate of candidates()) {
    let exe: ChromiumExecutable;
    try {
      exe = await candidate();
    } catch (err) {
      errors.push(String((err as Error).message ?? err));
      continue;
    }
    try {
      return await chromium.launch({
        timeout: 60_000,
        ...options,
        headless: true,
        executablePath: exe.executablePath,
        args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
        env: { ...process.env, ...exe.env, ...options.env } as Record<string, string>,
      });
    } catch (err) {
      errors.push(`${exe.source} (${exe.executablePath}) failed to launch: ${(err as Error).message}`);
    }
  }
  throw new Error(
    `Could not launch Chromium. Set CHROMIUM_PATH, or make sure @sparticuz/chromium is installed ` +
      `(needs Debian libnss3, libnspr4, libexpat1), or apt-get install chromium.\n  ${errors.join("\n  ")}`,
  );
}

// ---------------------------------------------------------------------------
// Static server
// ---------------------------------------------------------------------------

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".htm": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".xsl": "application/xslt+xml; charset=utf-8",
  ".rss": "application/rss+xml; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".ics": "text/calendar; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".pdf": "application/pdf",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".otf": "font/otf",
  // Pagefind's binary index files
  ".pf_meta": "application/octet-stream",
  ".pf_index": "application/octet-stream",
  ".pf_fragment": "application/octet-stream",
  ".pagefind": "application/octet-stream",
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";
}

export interface StaticServer {
  /** Base URL without trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

async function fileAt(path: string): Promise<string | undefined> {
  const s = await stat(path).catch(() => undefined);
  return s?.isFile() ? path : undefined;
}

/**
 * Serve `dir` on 127.0.0.1 at a random free port. GET/HEAD only; never proxies.
 *   /a/b.css   -> file
 *   /a/        -> a/index.html
 *   /a         -> 301 to /a/ when a/ is a directory, else a.html if it exists
 *   otherwise  -> 404 (body: the site's 404.html if present)
 */
export async function serveStatic(dir: string): Promise<StaticServer> {
  const root = resolve(dir);
  if (!(await stat(root).catch(() => undefined))?.isDirectory()) {
    throw new Error(`serveStatic: ${root} is not a directory (did you build the site?)`);
  }

  const send = async (req: IncomingMessage, res: ServerResponse, status: number, file: string) => {
    const s = await stat(file);
    res.writeHead(status, {
      "Content-Type": contentTypeFor(file),
      "Content-Length": s.size,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    });
    if (req.method === "HEAD") return void res.end();
    await new Promise<void>((done, fail) => {
      createReadStream(file).on("error", fail).pipe(res).on("finish", done).on("error", fail);
    });
  };

  const notFound = async (req: IncomingMessage, res: ServerResponse) => {
    const page = await fileAt(join(root, "404.html"));
    if (page) return send(req, res, 404, page);
    res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : "404 Not Found\n");
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD" });
      return void res.end();
    }
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400);
      return void res.end();
    }
    const target = resolve(root, `.${pathname}`);
    if (pathname.includes("\0") || (target !== root && !target.startsWith(root + sep))) {
      return notFound(req, res);
    }
    const s = await stat(target).catch(() => undefined);
    if (s?.isFile()) return send(req, res, 200, target);
    if (s?.isDirectory()) {
      if (!url.pathname.endsWith("/")) {
        res.writeHead(301, { Location: `${url.pathname}/${url.search}` });
        return void res.end();
      }
      const index = await fileAt(join(target, "index.html"));
      return index ? send(req, res, 200, index) : notFound(req, res);
    }
    const html = !pathname.endsWith("/") && (await fileAt(`${target}.html`));
    return html ? send(req, res, 200, html) : notFound(req, res);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
      res.end(String(err));
    });
  });
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => done());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done, fail) => {
        server.close((err) => (err ? fail(err) : done()));
        server.closeAllConnections();
      }),
  };
}

// ---------------------------------------------------------------------------
// External-request guard
// ---------------------------------------------------------------------------

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

export function isLocalUrl(url: URL): boolean {
  return LOCAL_HOSTS.has(url.hostname);
}

/**
 * Abort every request (HTTP and WebSocket) from `page` to a host other than
 * 127.0.0.1/localhost and record its URL. Call before page.goto(). Returns the
 * live list, so a test can `expect(blocked).toEqual([])` at the end.
 */
export async function blockExternalRequests(page: Page): Promise<string[]> {
  const blocked: string[] = [];
  await page.route(
    (url) => !isLocalUrl(url),
    (route) => {
      blocked.push(route.request().url());
      return route.abort("blockedbyclient");
    },
  );
  await page.routeWebSocket(
    (url) => !isLocalUrl(url),
    (ws) => {
      blocked.push(ws.url());
      return ws.close();
    },
  );
  return blocked;
}

// ---------------------------------------------------------------------------
// Accessibility
// ---------------------------------------------------------------------------

/** WCAG 2.0, 2.1 and 2.2, levels A and AA (axe has no separate wcag22a tag yet; unknown tags match nothing). */
export const WCAG_TAGS: readonly string[] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

export type AxeViolation = axe.Result;

export interface AccessibilityOptions {
  /** CSS selector(s) to check, default the whole document. */
  include?: string | string[];
  /** CSS selector(s) to leave out. */
  exclude?: string | string[];
  /** axe rule ids to switch off, e.g. ["color-contrast"]. Use sparingly and say why. */
  disableRules?: string[];
}

let axeSource: string | undefined;

/** Run axe-core in `page` and return the WCAG A/AA violations (empty array = pass). */
export async function checkAccessibility(page: Page, options: AccessibilityOptions = {}): Promise<AxeViolation[]> {
  axeSource ??= await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
  await page.waitForLoadState("load");
  const hasAxe = () => page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === "object");
  if (!(await hasAxe())) {
    // A strict Content-Security-Policy blocks the inline <script>; evaluate() is not subject to CSP.
    await page.addScriptTag({ content: axeSource }).catch(() => undefined);
    if (!(await hasAxe())) await page.evaluate(`${axeSource}\n;undefined`);
    if (!(await hasAxe())) throw new Error("checkAccessibility: could not inject axe-core into the page");
  }
  const list = (v?: string | string[]) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);
  return page.evaluate(
    async ({ tags, include, exclude, disableRules }) => {
      const axeApi = (window as unknown as { axe: typeof axe }).axe;
      const context: axe.ContextObject = include ? { include, ...(exclude ? { exclude } : {}) } : { exclude: exclude ?? [] };
      const result = await axeApi.run(context as axe.ElementContext, {
        runOnly: { type: "tag", values: tags },
        rules: Object.fromEntries(disableRules.map((id) => [id, { enabled: false }])),
        resultTypes: ["violations"],
      });
      return result.violations;
    },
    {
      tags: [...WCAG_TAGS],
      include: list(options.include),
      exclude: list(options.exclude),
      disableRules: options.disableRules ?? [],
    },
  );
}

/** Human-readable summary of axe violations, for assertion messages. */
export function formatViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `[${v.impact ?? "?"}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
        v.nodes.map((n) => `    ${n.target.join(" ")}  ${n.failureSummary?.replace(/\n/g, " ") ?? ""}`).join("\n"),
    )
    .join("\n");
}

/** A loopback port free at the moment of asking, for a server a test starts (nginx, the CMS, the dev server). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createNetServer();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => done(port));
    });
  });
}
