import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The IIS file (scripts/serve/web.config) cannot be run here; the nginx file is, in tests/e2e/nginx.test.ts.
// So the IIS file is held to the nginx file: the same policies, the same headers, the same caching.
const nginx = readFileSync(join(process.cwd(), 'scripts/serve/qms-manual.nginx.conf'), 'utf8');
const iis = readFileSync(join(process.cwd(), 'scripts/serve/web.config'), 'utf8');

/** The live text of the IIS file: without its comments (the HSTS header waits in one). */
const iisLive = iis.replace(/<!--[\s\S]*?-->/g, '');

/** A map block of the nginx file: its default, and the value for each location pattern. */
function nginxMap(variable: string): Map<string, string> {
  const block = new RegExp(`map \\$uri \\$${variable} \\{([\\s\\S]*?)\\n\\}`).exec(nginx)?.[1] ?? '';
  return new Map([...block.matchAll(/^\s*(\S+)\s+"([^"]*)";/gm)].map((m) => [m[1], m[2]]));
}

/** The headers the nginx server block adds with a fixed value. */
const nginxHeaders = new Map([...nginx.matchAll(/^\s*add_header (\S+) "([^"]*)" always;/gm)].map((m) => [m[1], m[2]]));

/** The headers a part of the IIS file adds (<customHeaders>). */
function iisHeaders(text: string): Map<string, string> {
  return new Map([...text.matchAll(/<add name="([^"]+)" value="([^"]*)" \/>/g)].map((m) => [m[1], m[2]]));
}
const [site, ...locations] = iisLive.split('<location ');
const iisLocation = (path: string) => locations.find((l) => l.startsWith(`path="${path}"`)) ?? '';

describe('the IIS web.config', () => {
  it('sends the nginx file\'s Content-Security-Policy, the site\'s and /admin/\'s own', () => {
    const csp = nginxMap('qms_content_security_policy');
    expect(csp.size).toBe(2);
    expect(iisHeaders(site).get('Content-Security-Policy')).toBe(csp.get('default'));
    expect(iisHeaders(iisLocation('admin')).get('Content-Security-Policy')).toBe(csp.get('~^/admin/'));
    expect(iisLocation('admin')).toContain('<remove name="Content-Security-Policy" />');
  });

  it('sends every other security header the nginx file sends, with the same value, and HSTS only in a comment', () => {
    expect(nginxHeaders.size).toBeGreaterThanOrEqual(5);
    const headers = iisHeaders(site);
    for (const [name, value] of nginxHeaders) expect(headers.get(name), name).toBe(value);
    expect(headers.has('Strict-Transport-Security')).toBe(false);
    expect(iis).toContain('<add name="Strict-Transport-Security" value="max-age=31536000" />');
  });

  it('revalidates pages, keeps /_astro/ for a year, and answers a miss with /404.html', () => {
    const cache = nginxMap('qms_cache_control');
    expect(cache.get('default')).toBe('no-cache');
    expect(cache.get('~^/_astro/')).toBe('public, max-age=31536000, immutable');
    expect(site).toContain('<clientCache cacheControlMode="DisableCache" />');
    expect(iisLocation('_astro')).toContain('cacheControlMode="UseMaxAge" cacheControlMaxAge="365.00:00:00" cacheControlCustom="public, immutable"');
    expect(nginx).toMatch(/^\s*error_page 404 \/404\.html;/m);
    expect(site).toContain('<error statusCode="404" path="/404.html" responseMode="ExecuteURL" />');
  });

  it('gives WebAssembly and Pagefind\'s index files their types', () => {
    for (const [extension, type] of [['.wasm', 'application/wasm'], ['.pf_meta', 'application/octet-stream'], ['.pf_index', 'application/octet-stream'], ['.pf_fragment', 'application/octet-stream'], ['.pagefind', 'application/octet-stream']]) {
      expect(site, extension).toContain(`<mimeMap fileExtension="${extension}" mimeType="${type}" />`);
    }
  });
});
