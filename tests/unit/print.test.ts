import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../../src/qms/schemas/settings.ts';
import { effectiveStatus } from '../../src/qms/status.ts';
import { controlledCopyLine, printFrameAttributes, verifyAddress } from '../../src/qms/views/print.ts';
import { makeDoc, makeSettings } from './helpers.ts';

const status = (fields: Parameters<typeof makeDoc>[0]) => effectiveStatus(makeDoc(fields), { asOf: '2026-01-01', review: makeSettings().review });
const BUILD = 'Built 1 Jan 2026, commit 1a2b3c4';
const SITE = 'https://qms.riverside-general.example/';

describe('what every printed page says in its margins', () => {
  it('names the document, its version and status, the build, and the full address to check it at', () => {
    expect(printFrameAttributes({ pageTitle: 'SOP-004 Hand hygiene', document: { id: 'SOP-004', title: 'Hand hygiene', version: '4', status: status({}) }, siteUrl: SITE, build: BUILD })).toEqual({
      'data-print-heading': 'SOP-004 · Hand hygiene',
      'data-print-version': '4',
      'data-print-status': 'Current',
      'data-print-in-force': 'yes',
      'data-print-copy': 'Uncontrolled when printed: check it is current at https://qms.riverside-general.example/verify/',
      'data-print-build': BUILD,
    });
  });

  it('marks every state that is not in force, so each page says so in words', () => {
    const notInForce = [status({ status: 'draft' }), status({ status: 'in-review' }), status({ status: 'obsolete', withdrawn: '2025-12-01' }), status({ effective: '2026-02-01' })];
    for (const s of notInForce) {
      expect(printFrameAttributes({ pageTitle: 'x', document: { id: 'SOP-001', title: 'x', version: '1', status: s }, siteUrl: SITE, build: BUILD })['data-print-in-force']).toBe('no');
    }
  });

  it('heads a page that is not a document with its title, and gives it no version or status', () => {
    const attributes = printFrameAttributes({ pageTitle: 'Document register', siteUrl: SITE, build: BUILD });
    expect(attributes['data-print-heading']).toBe('Document register');
    expect(Object.keys(attributes)).not.toContain('data-print-version');
    expect(Object.keys(attributes)).not.toContain('data-print-status');
  });

  it('says "the online manual" when the manual’s address is not set, never a bare path', () => {
    expect(verifyAddress(undefined)).toBeUndefined();
    expect(controlledCopyLine(undefined)).toBe('Uncontrolled when printed: check it is current in the online manual, on its page "Check a printed copy"');
    expect(controlledCopyLine(undefined)).not.toMatch(/\//);
  });

  it('points at /verify/ on the manual’s host, with or without a trailing slash in the setting', () => {
    expect(verifyAddress('https://qms.example.org')).toBe('https://qms.example.org/verify/');
    expect(verifyAddress('http://qms:8080/')).toBe('http://qms:8080/verify/');
  });
});

describe('the site_url setting', () => {
  it('takes a full http(s) address and refuses anything else, saying what is expected', () => {
    expect(settingsSchema.parse({ organization: 'Test Hospital', site_url: SITE }).site_url).toBe(SITE);
    for (const bad of ['qms.example.org', '/docs/', 'javascript:alert(1)', 'ftp://qms.example.org/']) {
      const result = settingsSchema.safeParse({ organization: 'Test Hospital', site_url: bad });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0].message).toMatch(/^expected the full address of the manual/);
    }
  });
});
