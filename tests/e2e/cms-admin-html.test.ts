import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';

// /admin as the build writes it: served by the site itself. The sample manual has no content/settings/cms.yaml,
// so its build does not know where the repository is: /admin says how to set that up instead of shipping an
// editor that fails on every screen. (The editor itself is driven in Chromium in cms-*.test.ts.)
const siteDir = inject('siteDir');
const admin = readFileSync(join(siteDir, 'admin/index.html'), 'utf8');

describe('/admin in the built site', () => {
  it('says, without a backend setting, how to set one up, and loads no editor that could not save', () => {
    expect(admin).toContain('data-admin="not-configured"');
    expect(admin).toContain('content/settings/cms.yaml');
    expect(admin).toContain('npm run cms');
    expect(admin).not.toMatch(/decap-cms\.js|qms-cms-config/);
  });

  it('serves Decap CMS from the site itself, with its chunks and WebAssembly beside it, for a manual that sets a backend', () => {
    const served = readdirSync(join(siteDir, 'admin/decap'));
    expect(served).toContain('decap-cms.js');
    expect(served.filter((f) => /^\d+\.decap-cms\.js$/.test(f)).length).toBeGreaterThan(20);
    expect(served.some((f) => f.endsWith('.wasm'))).toBe(true);
    expect(served.some((f) => f.endsWith('.map'))).toBe(false);
    expect(readFileSync(join(siteDir, 'admin/preview.css'), 'utf8')).toContain('.controlled-header');
  });

  it('keeps the 5 MB CMS bundle off every other page', () => {
    const pages = readdirSync(siteDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html') && !f.startsWith('admin/'));
    expect(pages.length).toBeGreaterThan(50);
    for (const page of pages) expect(readFileSync(join(siteDir, page), 'utf8'), page).not.toMatch(/decap|qms-cms-config/);
    expect(statSync(join(siteDir, 'admin/decap/decap-cms.js')).size).toBeGreaterThan(1_000_000);
  });
});
