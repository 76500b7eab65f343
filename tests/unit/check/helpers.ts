import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkManual, type CheckOptions, type CheckResult } from '../../../src/qms/check/manual.ts';
import type { Finding } from '../../../src/qms/findings/finding.ts';

/** The date every checker test is run as of. */
export const AS_OF = '2026-11-25';

export const CHECK_FIXTURES = fileURLToPath(new URL('../../fixtures/check/', import.meta.url));
/** Lists files of the base project an overlay removes, one path a line, relative to the project root. */
const DELETE_LIST = '_delete.txt';

const copies: string[] = [];

/**
 * A project in a temporary folder: tests/fixtures/check/base/ with each overlay folder copied over it in
 * turn. An overlay holds only the files that differ from the base, and may list files to remove in
 * `_delete.txt`. Call `removeProjects` in `afterAll`.
 */
export function makeProject(...overlays: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'qms-check-'));
  copies.push(root);
  cpSync(join(CHECK_FIXTURES, 'base'), root, { recursive: true });
  for (const overlay of overlays) {
    const dir = join(CHECK_FIXTURES, overlay);
    if (!existsSync(dir)) throw new Error(`no fixture tests/fixtures/check/${overlay}/`);
    cpSync(dir, root, { recursive: true, filter: (source) => source !== join(dir, DELETE_LIST) });
    const deleteList = join(dir, DELETE_LIST);
    if (!existsSync(deleteList)) continue;
    for (const file of readFileSync(deleteList, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))) {
      if (!existsSync(join(root, file))) throw new Error(`${overlay}/${DELETE_LIST} names ${file}, which the project does not have`);
      rmSync(join(root, file));
    }
  }
  return root;
}

export function removeProjects(): void {
  for (const root of copies.splice(0)) rmSync(root, { recursive: true, force: true });
}

/** Checks the base project with the overlays applied, as of AS_OF unless told otherwise. */
export function checkFixture(overlays: string | string[], options: Partial<Omit<CheckOptions, 'root'>> = {}): CheckResult {
  return checkManual({ root: makeProject(...[overlays].flat()), asOf: AS_OF, ...options });
}

/** What a test pins down about a finding: which rule, where, and how serious. */
export function located(findings: readonly Finding[]) {
  return findings.map(({ rule, code, severity, file, line, field }) => ({ rule, code, severity, file, line, field }));
}
