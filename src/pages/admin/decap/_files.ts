import type { APIRoute, GetStaticPaths } from 'astro';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { projectRoot } from '../../../qms/load/manual.ts';

/**
 * Decap CMS's prebuilt bundle, served by the site itself from node_modules/decap-cms/dist: /admin works on a
 * network with no internet. The main file loads its chunks and WebAssembly from beside itself. Source maps
 * (60 MB) and the duplicate cms.js build are left out. One route per extension: Astro's trailing-slash rule
 * would otherwise apply to a route whose name has none.
 */
const dist = join(dirname(createRequire(join(projectRoot(), 'package.json')).resolve('decap-cms/package.json')), 'dist');
const SERVED = /^((\d+\.)?decap-cms\.js|decap-cms\.js\.LICENSE\.txt|[0-9a-f]+\.wasm)$/;
const TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', wasm: 'application/wasm', txt: 'text/plain; charset=utf-8' };

export function decapRoute(extension: 'js' | 'wasm' | 'txt'): { getStaticPaths: GetStaticPaths; GET: APIRoute } {
  return {
    getStaticPaths: () =>
      readdirSync(dist)
        .filter((file) => SERVED.test(file) && file.endsWith(`.${extension}`))
        .map((file) => ({ params: { name: file.slice(0, -extension.length - 1) } })),
    GET: ({ params }) => {
      const file = `${String(params.name)}.${extension}`;
      if (!SERVED.test(file)) return new Response('Not found', { status: 404 });
      return new Response(readFileSync(join(dist, file)), { headers: { 'Content-Type': TYPES[extension] } });
    },
  };
}
