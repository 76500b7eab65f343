import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  blockExternalRequests,
  checkAccessibility,
  formatViolations,
  launchBrowser,
  resolveChromium,
  serveStatic,
  type StaticServer,
} from "./browser";

const FIXTURE = fileURLToPath(new URL("./fixtures/harness-site/", import.meta.url));

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  server = await serveStatic(FIXTURE);
  browser = await launchBrowser();
  const exe = await resolveChromium();
  console.info(`e2e harness: Chromium ${browser.version()} from ${exe.source}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("serveStatic", () => {
  const get = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, { redirect: "manual", ...init });

  it("listens on 127.0.0.1 only, on a random port", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it.each([
    ["/", "text/html; charset=utf-8"],
    ["/style.css", "text/css; charset=utf-8"],
    ["/app.js", "text/javascript; charset=utf-8"],
    ["/data.json", "application/json; charset=utf-8"],
    ["/pixel.svg", "image/svg+xml; charset=utf-8"],
    ["/pagefind/test.pf_meta", "application/octet-stream"],
  ])("serves %s as %s", async (path, type) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(type);
    await res.arrayBuffer();
  });

  it("serves binary files byte for byte", async () => {
    const body = new Uint8Array(await (await get("/pagefind/test.pf_meta")).arrayBuffer());
    expect(Array.from(body)).toEqual([0x70, 0x66, 0x00, 0x01, 0x6d, 0x65, 0x74, 0x61]);
  });

  it("maps a directory to its index.html and redirects the slashless form", async () => {
    const res = await get("/sub/");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Sub directory index");
    const redirect = await get("/sub?x=1");
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get("location")).toBe("/sub/?x=1");
  });

  it("falls back to name.html for extensionless URLs", async () => {
    const res = await get("/second");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("<h1>Second page</h1>");
  });

  it("returns 404 (with the site's 404.html) for missing files and path traversal", async () => {
    for (const path of ["/nope.html", "/sub/missing/", "/../package.json", "/%2e%2e/%2e%2e/package.json"]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).toContain("Page not found");
    }
  });

  it("answers only GET and HEAD", async () => {
    expect((await get("/", { method: "POST" })).status).toBe(405);
    const head = await get("/data.json", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe("12");
  });
});

describe("browser", () => {
  let context: BrowserContext;
  let page: Page;
  let blocked: string[];

  beforeEach(async () => {
    context = await browser.newContext();
    page = await context.newPage();
    blocked = await blockExternalRequests(page);
  });

  afterEach(async () => {
    await context.close();
  });

  it("loads and renders the fixture", async () => {
    const res = await page.goto(`${server.url}/`);
    expect(res?.status()).toBe(200);
    await expect(page.title()).resolves.toBe("Harness fixture");
    await expect(page.locator("h1").textContent()).resolves.toBe("Harness fixture");
    // The stylesheet really applied, i.e. the page was rendered, not just parsed.
    const margin = await page.evaluate(() => getComputedStyle(document.body).marginTop);
    expect(margin).toBe("32px");
    const png = await page.screenshot();
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(blocked).toEqual([]);
  });

  it("activates the button with Tab + Enter and follows the link with the keyboard", async () => {
    await page.goto(`${server.url}/`);
    const button = page.locator("#toggle");
    await expect(button.textContent()).resolves.toBe("Show details");

    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("toggle");
    await page.keyboard.press("Enter");
    await expect(button.textContent()).resolves.toBe("Details shown");
    await expect(page.locator("#status").textContent()).resolves.toBe("Details visible.");

    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("next");
    await Promise.all([page.waitForURL(`${server.url}/second.html`), page.keyboard.press("Enter")]);
    await expect(page.locator("h1").textContent()).resolves.toBe("Second page");
  });

  it("finds no WCAG A/AA violations on the accessible fixture", async () => {
    await page.goto(`${server.url}/`);
    const violations = await checkAccessibility(page);
    expect(violations, formatViolations(violations)).toEqual([]);
  });

  it("does report violations on a page that has them (axe really runs)", async () => {
    await page.goto(`${server.url}/inaccessible.html`);
    const ids = (await checkAccessibility(page)).map((v) => v.id).sort();
    expect(ids).toEqual(["button-name", "image-alt"]);
    // Rules can be switched off per call.
    const rest = await checkAccessibility(page, { disableRules: ["image-alt"] });
    expect(rest.map((v) => v.id)).toEqual(["button-name"]);
  });

  it("injects axe even under a strict Content-Security-Policy", async () => {
    await page.goto(`${server.url}/csp.html`);
    const ids = (await checkAccessibility(page)).map((v) => v.id);
    expect(ids).toEqual(["image-alt"]);
  });

  it("blocks and records requests that would leave the machine", async () => {
    const failed: string[] = [];
    page.on("requestfailed", (req) => failed.push(req.url()));
    await page.goto(`${server.url}/second.html`);
    await page.waitForLoadState("load");
    expect(blocked).toEqual(["http://example.invalid/x.png"]);
    expect(failed).toEqual(["http://example.invalid/x.png"]);
    const loaded = await page.locator("img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);
    expect(loaded).toBe(false);

    // fetch() and WebSockets from page scripts are caught too.
    const fetchError = await page.evaluate(() =>
      fetch("https://example.com/beacon").then(
        () => "loaded",
        (err: Error) => err.name,
      ),
    );
    expect(fetchError).toBe("TypeError");
    await page.evaluate(
      () =>
        new Promise<void>((done) => {
          const ws = new WebSocket("wss://example.com/socket");
          ws.onclose = () => done();
          ws.onerror = () => done();
        }),
    );
    expect(blocked).toEqual(["http://example.invalid/x.png", "https://example.com/beacon", "wss://example.com/socket"]);
  });
});
