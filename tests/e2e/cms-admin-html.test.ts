import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { adminPayload } from '../../src/qms/cms/admin-payload.ts';
import { loadCmsSettings } from '../../src/qms/load/cms-settings.ts';
import { loadManual } from '../../src/qms/load/manual.ts';

// /admin as the build writes it: served by the site itself, configured from the schemas and the catalogue.
const siteDir = inject('siteDir');
const admin = readFileSync(join(siteDir, 'admin/index.html'), 'utf8');

describe('/admin in the built site', () => {
  it('loads Decap CMS from the site itself, with its chunks and WebAssembly beside it', () => {
    expect(admin).toContain('<script src="/admin/decap/decap-cms.js"></script>');
    const served = readdirSync(join(siteDir, 'admin/decap'));
    expect(served).toContain('decap-cms.js');
    expect(served.filter((f) => /^\d+\.decap-cms\.js$/.test(f)).length).toBeGreaterThan(20);
    expect(served.some((f) => f.endsWith('.wasm'))).toBe(true);
    expect(served.some((f) => f.endsWith('.map'))).toBe(false);
    expect(readFileSync(join(siteDir, 'admin/preview.css'), 'utf8')).toContain('.controlled-header');
  });

  it('carries the configuration generated from the schemas and catalogue as they are now (no drift)', () => {
    const json = /<script type="application\/json" id="qms-cms-config">(.*?)<\/script>/s.exec(admin)![1];
    const root = process.cwd();
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(adminPayload(loadManual(root), loadCmsSettings(root, {})))));
  });

  it('keeps the 5 MB CMS bundle off every other page', () => {
    const pages = readdirSync(siteDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html') && !f.startsWith('admin/'));
    expect(pages.length).toBeGreaterThan(50);
    for (const page of pages) expect(readFileSync(join(siteDir, page), 'utf8'), page).not.toMatch(/decap|qms-cms-config/);
    const adminScript = /<script type="module" src="(\/_astro\/[^"]+)"/.exec(admin)![1];
    expect(statSync(join(siteDir, adminScript)).size).toBeLessThan(1_500_000);
  });
});
