import type { ControlledDocument } from '../../load/document.ts';
import type { Manual } from '../../load/manual.ts';
import { mayEmbed, plainLinkUrls } from '../../mdx/body-links.ts';
import { normalizeUrl } from '../../mdx/safe-url.ts';
import type { Check, ManualInput } from './rule.ts';
import { clauseProblem, decoded, documentFileOf, isOffSite, siteMapOf, sitePathFrom, SITE_PAGES, splitUrl, urlsOf, type SiteMap } from './links-site.ts';

/*
 * A controlled document sends staff to other documents, clauses and sections: a link that leads nowhere
 * is a dead end in a procedure. Links are judged against what the built site serves (links-site.ts);
 * links off the site (http, mailto, tel) are not followed.
 */

/** Every internal link, image and address in a document's text leads to a page, heading or file of the site. */
export const brokenLinks: Check<ManualInput> = ({ manual }, found) => {
  const site = siteMapOf(manual);
  return manual.documents.flatMap((doc) => {
    const problemOf = (url: string) => linkProblem(url, doc, site, manual);
    // Most documents link only as [text](/docs/SOP-004/): when each such address leads somewhere, the body
    // need not be parsed (a parse per document was a quarter of a 5,000-document check).
    if (plainLinkUrls(doc.body)?.every((url) => problemOf(url) === undefined)) return [];
    return urlsOf(doc.source).flatMap((written) => {
      const problem = problemOf(written.url);
      return problem ? [found(placeInBody(doc, written), problem)] : [];
    });
  });
};

/** Images and other media are files of the manual: from another site they can change after approval, or not load at all. */
export const remoteMedia: Check<ManualInput> = ({ manual }, found) =>
  manual.documents.flatMap((doc) =>
    (mayEmbed(doc.body) ? urlsOf(doc.source) : []).flatMap((written) => {
      const url = normalizeUrl(written.url).replace(/\\/g, '/');
      if (!written.embedded || !(/^https?:/.test(url) || url.startsWith('//'))) return [];
      const what = written.via === 'attribute' && written.element !== 'img' ? `the <${written.element}> source` : 'the image';
      return [found(placeInBody(doc, written), `${what} ${written.url} is loaded from ${hostOf(url)}, not from the manual`)];
    }),
  );

export const ignoredFiles: Check<ManualInput> = ({ manual }, found) =>
  manual.ignoredFiles.map((file) =>
    found(
      { file },
      /\.(md|mdx)$/i.test(file)
        ? `the site reads documents ending in .md or .mdx in lower case, and ignores ${file}: rename it with a lower-case extension`
        : `${file} is not a document (.md or .mdx), and the site ignores it: attach the file to its document (the Attached files field in the CMS) instead`,
    ),
  );

function hostOf(url: string): string {
  try {
    return new URL(url, 'https://manual.invalid/').host || 'another site';
  } catch {
    return 'another site';
  }
}

const placeInBody = (doc: ControlledDocument, at: { line: number; column: number }) => ({
  file: doc.file,
  line: doc.bodyLine + at.line - 1,
  column: at.column,
  field: 'body',
  documentId: doc.data.id,
});

/** IDs as unknown-reference (QMS010) finds them in the text: an unknown one there is reported by that rule, once. */
const ID_FORM = /^(?:POL|SOP|WI|FRM)-\d{3,}$/;

/** Why `url`, written in `doc`, leads nowhere on the site; undefined when it leads somewhere, or is not ours to judge. */
export function linkProblem(url: string, doc: ControlledDocument, site: SiteMap, manual: Manual): string | undefined {
  const written = url.trim();
  if (written === '') return 'the link has no address: write where it leads, such as /docs/<ID>/';
  if (isOffSite(written)) return undefined;
  const { path, fragment } = splitUrl(written);
  const id = doc.data.id;
  if (path === '') return fragment === undefined ? undefined : anchorProblem(written, fragment, id, id, site);

  const file = documentFileOf(path, doc.file, site.idOfFile);
  if (file) {
    const page = `/docs/${file.id}/${fragment === undefined ? '' : `#${fragment}`}`;
    return `the text links to the file ${written}, which the site does not serve: link to the document's page, ${page} (npm run check -- --fix rewrites the link)`;
  }
  if (!path.startsWith('/')) {
    if (/\.mdx?$/i.test(decoded(path))) {
      const [elsewhere] = site.filesNamed(decoded(path).slice(decoded(path).lastIndexOf('/') + 1));
      return elsewhere
        ? `the text links to ${written}, which is not a file next to this document: link to the page of ${elsewhere}, /docs/${site.idOfFile.get(elsewhere)}/`
        : `the text links to ${written}, which is not a document of the manual: link to a document's page, /docs/<ID>/`;
    }
    const resolved = sitePathFrom(path, id);
    // Attached files written with a relative path are not seen by attachment-missing (QMS035), which reads /attachments/ links.
    if (resolved.startsWith('/attachments/')) return manual.attachments.has(resolved) ? undefined : `the text links to ${written}, which leads to ${resolved}, not a file of the manual`;
    const problem = pathProblem(resolved, site, manual);
    if (problem !== undefined) return `the text links to ${written}, which leads to ${resolved} from this page: ${problem}`;
    return documentAnchor(resolved, fragment, written, id, site);
  }

  const target = decoded(path);
  // attachment-missing (QMS035) reports links to attached files that do not exist.
  if (target.startsWith('/attachments/') || target.startsWith('/media/')) return undefined;
  const docs = /^\/docs\/([^/]+)/.exec(target);
  if (docs && !site.ids.has(docs[1]) && ID_FORM.test(docs[1])) return undefined;
  const problem = pathProblem(target, site, manual);
  if (problem !== undefined) return `the text links to ${written}: ${problem}`;
  return documentAnchor(target, fragment, written, id, site);
}

/** Why a site path is not a page or file of the site; undefined when it is. */
function pathProblem(path: string, site: SiteMap, manual: Manual): string | undefined {
  if (site.pages.has(path)) return undefined;
  if (site.pages.has(`${path}/`)) return `the site's pages end in /; link to ${path}/`;
  const docs = /^\/docs\/([^/]*)\/?(.*)$/.exec(path);
  if (docs) {
    const [, id, rest] = docs;
    if (id === '') return 'not a page of the manual; documents are at /docs/<ID>/, and listed at /register/';
    if (site.ids.has(id)) return `not a page of the manual; the page of ${id} is /docs/${id}/`;
    if (site.ids.has(id.toUpperCase())) return `document IDs are upper case; link to /docs/${id.toUpperCase()}/${rest}`;
    return `the manual has no document ${id}`;
  }
  if (path.startsWith('/clauses/')) {
    return clauseProblem(path, manual.index);
  }
  // Files under public/ other than attachments are the site's own (its icon): Manual does not list them, so they are not judged.
  if (/\.[a-z0-9]+$/i.test(path)) return undefined;
  return `not a page of the manual (its pages: ${SITE_PAGES.slice(0, 5).join(', ')}, /docs/<ID>/, /clauses/<number>/)`;
}

/** The anchor of a link to a document page, judged against that document's headings. */
function documentAnchor(path: string, fragment: string | undefined, written: string, from: string, site: SiteMap): string | undefined {
  const docs = /^\/docs\/([^/]+)\/$/.exec(path);
  if (!docs || fragment === undefined) return undefined;
  return anchorProblem(written, fragment, docs[1], from, site);
}

function anchorProblem(written: string, fragment: string, id: string, from: string, site: SiteMap): string | undefined {
  const anchor = decoded(fragment);
  // An empty fragment and #top lead to the top of the page (HTML: "scroll to the fragment").
  if (anchor === '' || anchor.toLowerCase() === 'top') return undefined;
  const anchors = site.anchorsOf(id);
  if (!anchors || anchors.has(anchor)) return undefined;
  const headings = [...anchors].filter((a) => !a.startsWith('user-content-') && a !== 'footnote-label');
  const near = headings.find((a) => a === anchor.toLowerCase());
  const listed = headings.length === 0 ? 'it has no headings' : `its headings: ${headings.slice(0, 8).map((a) => `#${a}`).join(', ')}${headings.length > 8 ? `, … (${headings.length} in all)` : ''}`;
  const whose = id === from ? `${id} has no heading with that anchor` : `${id} has no heading with the anchor #${anchor}`;
  return `the text links to ${written}, but ${whose} (${near ? `anchors are lower case: #${near}` : listed})`;
}
