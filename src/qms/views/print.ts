import { IN_FORCE, type EffectiveStatus } from '../status.ts';

/*
 * What every printed page says in its margins: which document, which version, its status, page n of m,
 * the day it was printed, the build it came from, and where to check that the copy is still current.
 * The page's root element carries these as data-print-* attributes; src/styles/print.css reads them into
 * the @page margin boxes (Chromium draws margin boxes on every page, but cannot take their text from an
 * element in the page, and string-set is not supported).
 */

/** The page where a reader checks a paper copy against the manual. */
export const VERIFY_PATH = '/verify/';

/** The verify page's full address on the published manual; undefined when `site_url` is not set. */
export function verifyAddress(siteUrl: string | undefined): string | undefined {
  // The manual's links are root-relative (/docs/SOP-004/), so it is always served at its host's root.
  return siteUrl ? new URL(VERIFY_PATH, siteUrl).href : undefined;
}

/** The controlled-copy line: paper is a copy, and where to check it. A bare path means nothing on paper. */
export function controlledCopyLine(siteUrl: string | undefined): string {
  const address = verifyAddress(siteUrl);
  return address
    ? `Uncontrolled when printed: check it is current at ${address}`
    : 'Uncontrolled when printed: check it is current in the online manual, on its page "Check a printed copy"';
}

/** The document a printed page belongs to. */
export interface PrintedDocument {
  id: string;
  title: string;
  version: string;
  status: EffectiveStatus;
}

export interface PrintFrameInput {
  /** The page's title, the heading of pages that are not a document. */
  pageTitle: string;
  document?: PrintedDocument;
  siteUrl: string | undefined;
  /** "Built 25 Nov 2026, commit 1a2b3c4". */
  build: string;
}

/** The root element's data-print-* attributes, which the print stylesheet draws on every page. */
export function printFrameAttributes({ pageTitle, document, siteUrl, build }: PrintFrameInput): Record<string, string> {
  return {
    'data-print-heading': document ? `${document.id} · ${document.title}` : pageTitle,
    ...(document
      ? {
          'data-print-version': document.version,
          'data-print-status': document.status.label,
          'data-print-in-force': inForceAttribute(document.status.state),
        }
      : {}),
    'data-print-copy': controlledCopyLine(siteUrl),
    'data-print-build': build,
  };
}

/** "yes" for a version staff may follow; "no" makes every printed page say, in words, that it is not. */
export const inForceAttribute = (state: EffectiveStatus['state']): 'yes' | 'no' => (IN_FORCE.has(state) ? 'yes' : 'no');
