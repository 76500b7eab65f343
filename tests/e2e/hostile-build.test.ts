import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { astroBuild, copyProject } from './temp-project.ts';

/**
 * A real `astro build` of a manual with hostile documents: it must refuse before compiling any content,
 * so nothing reaches dist/ and no expression runs on the build machine. Without the content guard this
 * very project builds, publishes the <script> and runs the expression (checked by hand on Astro 7.3.5).
 */
const REPO = process.cwd();
const MARKER = join(tmpdir(), `qms-pwned-${randomUUID()}`);

/** Writes the marker file if, and only if, the expression is ever run. */
const EXPRESSION_DOC = readFileSync(join(REPO, 'tests/fixtures/hostile/expression-flow.mdx'), 'utf8')
  .replace('id: SOP-929', 'id: SOP-961')
  .replace(/^\{.*\}$/m, `{globalThis.process.getBuiltinModule('node:fs').writeFileSync(${JSON.stringify(MARKER)}, 'x')}`);

let project: string;
let build: { code: number | null; output: string };

/** A copy of this project: the sample manual and three hostile documents. */
function makeProject(): string {
  const { dir, docs } = copyProject('qms-hostile-');
  cpSync(join(REPO, 'tests/fixtures/hostile/script-tag.mdx'), join(docs, 'SOP-901-script-tag.mdx'));
  cpSync(join(REPO, 'tests/fixtures/hostile-frontmatter/closing-fence-with-script.mdx'), join(docs, 'SOP-951-closing-fence.mdx'));
  writeFileSync(join(docs, 'SOP-961-expression.mdx'), EXPRESSION_DOC);
  return dir;
}

beforeAll(async () => {
  project = makeProject();
  build = await astroBuild(project);
}, 120_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
  rmSync(MARKER, { force: true });
});

describe('building a manual with hostile documents', () => {
  it('fails', () => {
    expect(build.code).not.toBe(0);
  });

  it('names every hostile file with its line, column and rule code', () => {
    // The build runs the checker first and prints its report, as `npm run check` does.
    expect(build.output).toContain('content/docs/procedures/SOP-901-script-tag.mdx:12:1  error    QMS022');
    expect(build.output).toContain('content/docs/procedures/SOP-951-closing-fence.mdx:10:5  error    QMS022');
    expect(build.output).toContain('content/docs/procedures/SOP-961-expression.mdx:12:1  error    QMS021');
    expect(build.output).toContain('content/docs/procedures/SOP-951-closing-fence.mdx:10:4  error    QMS028');
    expect(build.output).toMatch(/^4 errors, /m);
  });

  it('publishes no page at all, hostile or not', () => {
    for (const id of ['SOP-901', 'SOP-951', 'SOP-961', 'SOP-001']) {
      expect(existsSync(join(project, 'dist/docs', id, 'index.html')), id).toBe(false);
    }
    expect(existsSync(join(project, 'dist/index.html'))).toBe(false);
  });

  it('never runs the expression', () => {
    expect(existsSync(MARKER)).toBe(false);
  });
});
