import { bodyFormatOf, mayHaveUrls, outlineBody } from '../../mdx/body-links.ts';
import { documentFileOf, documentIds, isOffSite, splitUrl, type DocumentFiles } from './links-site.ts';

/**
 * `npm run check -- --fix` for broken-link (QMS039): a link to a document's file
 * (`../procedures/SOP-007-patient-identification.mdx#steps`), which works in an editor but never on the
 * site, becomes a link to its page (`/docs/SOP-007/#steps`). Only the address of such a link changes;
 * every other byte of the body stays as it was. `file` is the path of the document the body belongs to,
 * from the project root, so relative links resolve as an editor resolves them.
 */
export function fixDocumentLinks(body: string, file: string, documents: DocumentFiles): string {
  if (!mayHaveUrls(body)) return body;
  const idOfFile = documentIds(documents);
  let fixed = body;
  // From the end, so the offsets of the addresses before each one stay true.
  for (const written of [...outlineBody(body, bodyFormatOf(file)).urls].reverse()) {
    if (written.embedded || isOffSite(written.url)) continue;
    const target = documentFileOf(splitUrl(written.url).path, file, idOfFile);
    if (!target) continue;
    // The query and #anchor stay as written.
    const raw = body.slice(written.range.start, written.range.end);
    fixed = fixed.slice(0, written.range.start) + `/docs/${target.id}/` + raw.slice(splitUrl(raw).path.length) + fixed.slice(written.range.end);
  }
  return fixed;
}
