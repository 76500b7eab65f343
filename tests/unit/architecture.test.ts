import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layers of the code, bottom first, as the README's "How the code is laid out" names them. A module
 * may import from its own layer's folder or from a layer below, never from above; folders of one layer
 * do not import each other (the presentation layer excepted: pages use components, components use the
 * site's helpers), and no two folders anywhere import each other.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['src/qms/findings'],
  ['src/qms/base'],
  ['src/qms/schemas'],
  ['src/qms'],
  ['src/qms/mdx', 'src/qms/load', 'src/qms/history'],
  ['src/qms/check'],
  ['src/qms/views'],
  ['src/qms/cms'],
  ['src/qms/import'],
  ['src', 'scripts'],
];
const PRESENTATION = LAYERS.length - 1;

const ROOT = process.cwd();
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|astro|mjs)$/.test(f) && !f.includes('node_modules'))
    .map((f) => join(dir, f).split('\\').join('/'));
}

/** Every relative import in src/ and scripts/: [importing file, imported file], paths from the project root. */
const imports: [string, string][] = ['src', 'scripts'].flatMap(sourceFiles).flatMap((file) =>
  [...readFileSync(join(ROOT, file), 'utf8').matchAll(SPECIFIER)].map((m) => [file, relative(ROOT, resolve(ROOT, dirname(file), m[1])).split('\\').join('/')] as [string, string]),
);

/** The layer of a file: the longest layer folder that contains it. */
function layerOf(file: string): { rank: number; folder: string } {
  let best = { rank: -1, folder: '' };
  LAYERS.forEach((folders, rank) => {
    for (const folder of folders) if (file.startsWith(`${folder}/`) && folder.length > best.folder.length) best = { rank, folder };
  });
  return best;
}

const folderOf = (file: string) => dirname(file);

describe('the import graph of src/ and scripts/', () => {
  it('finds the imports it checks', () => {
    expect(imports.length).toBeGreaterThan(200);
    expect(imports).toContainEqual(['src/qms/check/registry.ts', 'src/qms/findings/rules.ts']);
  });

  it('has no upward import: every module imports from its own layer or below', () => {
    const upward = imports
      .map(([from, to]) => ({ from, to, a: layerOf(from), b: layerOf(to) }))
      .filter(({ a, b }) => b.rank > a.rank || (b.rank === a.rank && a.rank !== PRESENTATION && a.folder !== b.folder))
      .map(({ from, to }) => `${from} -> ${to}`);
    expect(upward).toEqual([]);
  });

  it('has no pair of folders that import each other, nor any longer cycle of folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const [from, to] of imports) {
      if (folderOf(from) === folderOf(to)) continue;
      (edges.get(folderOf(from)) ?? edges.set(folderOf(from), new Set()).get(folderOf(from))!).add(folderOf(to));
    }
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const stack: string[] = [];
    const visit = (folder: string) => {
      state.set(folder, 'visiting');
      stack.push(folder);
      for (const next of edges.get(folder) ?? []) {
        if (state.get(next) === 'visiting') cycles.push([...stack.slice(stack.indexOf(next)), next].join(' -> '));
        else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(folder, 'done');
    };
    for (const folder of [...edges.keys()].sort()) if (!state.has(folder)) visit(folder);
    expect(cycles).toEqual([]);
  });

  it('keeps src/qms free of Astro, so the scripts, the CMS and the tests use the same domain', () => {
    const astro = ['src/qms'].flatMap(sourceFiles).filter((file) => /from\s*['"](astro|astro:[^'"]*)['"]/.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(astro).toEqual([]);
  });

  it('keeps Git-running code out of src/qms: the local CMS runs git from scripts/', () => {
    const gitRunning = ['src'].flatMap(sourceFiles).filter((file) => /node:child_process/.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(gitRunning).toEqual([]);
  });

  it('has one YAML line finder: every rule asks the source record for a field\'s line', () => {
    const finders = ['src', 'scripts'].flatMap(sourceFiles).filter((file) => {
      const text = readFileSync(join(ROOT, file), 'utf8');
      return /\.split\('\\n'\)\.findIndex\(/.test(text) || /LineCounter/.test(text);
    });
    expect(finders).toEqual(['src/qms/findings/yaml-positions.ts']);
  });
});
