/** What converting one existing document tells the person who completes it. */
export interface ConversionNote {
  /** `lost`: not in the imported text at all; `check`: imported, but a person should look at it. */
  kind: 'lost' | 'check';
  message: string;
}

/**
 * Where the links and images of a source document go in the manual. Given the URL as written in the
 * source (a path next to it, a Word hyperlink, a data: URL), each answers the URL to write instead, or
 * undefined to keep it as written. The caller knows the files and the IDs given in the run; the
 * converters only ask.
 */
export interface BodyLinks {
  link(href: string): string | undefined;
  image(src: string, alt: string): string | undefined;
}

export const KEEP_LINKS: BodyLinks = { link: () => undefined, image: () => undefined };

export interface HeadingInfo {
  depth: number;
  text: string;
  /** Whether it is the first thing in the document. */
  leading: boolean;
}

/**
 * Which heading is the document's title: the first heading, when every other heading sits below it
 * ("# Blood cultures" over "## Purpose", "## Scope") and it is a first-level heading or opens the
 * document. A first heading with equals at its level is a section ("# Purpose", "# Scope"), as is a
 * lone "## Purpose" after an introduction; the title then comes from the file name.
 */
export function titleHeadingIndex(headings: readonly HeadingInfo[]): number | undefined {
  const [first, ...rest] = headings;
  if (first === undefined || first.text.trim().length < 3 || !(first.depth === 1 || first.leading)) return undefined;
  return rest.every((h) => h.depth > first.depth) ? 0 : undefined;
}

/** How far to move headings so that sections start at `##`: the page's title is its only first-level heading. */
export function headingShift(depths: readonly number[]): number {
  return depths.length === 0 ? 0 : 2 - Math.min(...depths);
}

export const shiftedDepth = (depth: number, shift: number) => Math.min(6, Math.max(2, depth + shift)) as 2 | 3 | 4 | 5 | 6;

/** Text with its runs of white space made single spaces, as a title is written. */
export const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
