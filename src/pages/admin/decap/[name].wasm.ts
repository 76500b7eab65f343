import { decapRoute } from './_files.ts';

export const { getStaticPaths, GET } = decapRoute('wasm');
