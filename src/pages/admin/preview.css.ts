import type { APIRoute } from 'astro';
import css from '../../styles/global.css?raw';

/** The site's stylesheet, for the CMS preview: a document looks as it will once published. */
export const GET: APIRoute = () => new Response(css, { headers: { 'Content-Type': 'text/css; charset=utf-8' } });
