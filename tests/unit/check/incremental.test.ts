import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkManual } from '../../../src/qms/check/manual.ts';
import { located, AS_OF, makeProject, removeProjects } from './helpers.ts';

/**
 * `npm run check -- --incremental`, and every build: the text rules' verdicts are kept between runs, keyed
 * by each file's text, so a run after an edit reads only the edited document; every other rule runs in full,
 * so the findings are always those of a full check.
 */
afterAll(removeProjects);

const POLICY = 'content/docs/policies/POL-001-quality-policy.mdx';

describe('the incremental check', () => {
  const root = makeProject('many-problems');
  const full = () => located(checkManual({ root, asOf: AS_OF }).findings);
  const incremental = () => checkManual({ root, asOf: AS_OF, incremental: true });

  it('reads every document the first time, and finds what a full check finds', () => {
    const first = incremental();
    expect(first.texts).toEqual({ read: first.documents, remembered: 0 });
    expect(first.documents).toBeGreaterThan(1);
    expect(located(first.findings)).toEqual(full());
  });

  it('reads none again when nothing changed, with the same findings', () => {
    const again = incremental();
    expect(again.texts).toEqual({ read: 0, remembered: again.documents });
    expect(located(again.findings)).toEqual(full());
  });

  it('reads again only a document whose text changed, and reports what it now holds', () => {
    writeFileSync(join(root, POLICY), `${readFileSync(join(root, POLICY), 'utf8')}\n<script>alert(1)</script>\n`);
    const after = incremental();
    expect(after.texts).toEqual({ read: 1, remembered: after.documents - 1 });
    expect(after.findings.some((f) => f.file === POLICY && f.rule === 'mdx-unsafe-element')).toBe(true);
    expect(located(after.findings)).toEqual(full());
  });

  it('keeps the rules that read more than one file exact: a document removed is missed by those naming it', () => {
    const before = incremental();
    const named = before.findings.filter((f) => f.rule === 'unknown-reference').length;
    rmSync(join(root, POLICY));
    const after = incremental();
    expect(after.texts!.read).toBe(0);
    expect(located(after.findings)).toEqual(full());
    expect(after.findings.filter((f) => f.rule === 'unknown-reference').length).toBeGreaterThan(named);
  });
});
