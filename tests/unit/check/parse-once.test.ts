import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkManual } from '../../../src/qms/check/manual.ts';
import { rulesReading } from '../../../src/qms/check/registry.ts';
import { stripByteOrderMark } from '../../../src/qms/base/encoding.ts';
import { AS_OF, makeProject, removeProjects } from './helpers.ts';

/**
 * The build parses each document once: the checker hands the build's guard every text its text rules found
 * nothing in (src/integrations/content-guard.ts), and the guard compiles those without reading them again.
 * A text with a text finding must never be handed over: the guard would then compile it unread.
 */
afterAll(removeProjects);

describe('the texts the checker hands to the build guard as clean', () => {
  const root = makeProject('many-problems');
  const clean = new Map<string, string>();
  const result = checkManual({ root, asOf: AS_OF, onTextClean: (file, text) => clean.set(file, text) });
  const textRules = new Set(rulesReading('text').map((r) => r.id));
  const withTextFindings = new Set(result.findings.filter((f) => textRules.has(f.rule)).map((f) => f.file));

  it('are every document without a text finding, and none with one', () => {
    expect(withTextFindings.size).toBeGreaterThan(0);
    expect(clean.size).toBeGreaterThan(0);
    for (const file of withTextFindings) expect(clean.has(file), file).toBe(false);
    expect(clean.size + withTextFindings.size).toBe(result.documents);
  });

  it('are handed over as the rules read them: the file, without a byte-order mark', () => {
    for (const [file, text] of clean) expect(text).toBe(stripByteOrderMark(readFileSync(join(root, file), 'utf8')));
  });
});
