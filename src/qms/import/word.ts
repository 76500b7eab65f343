import JSZip from 'jszip';
import mammoth from 'mammoth';
import type { ConversionNote } from './conversion.ts';

/**
 * A Word .docx file as HTML, through mammoth, which keeps what a document means (headings, lists, tables,
 * links, images, footnotes, bold and italics) and leaves out how it looks. What mammoth leaves out
 * without a word (comments, headers and footers, equations...) is found by reading the file's own XML,
 * so the report can say what a person must carry over by hand.
 */

/** A .docx file that could be opened, and what in it will not reach the manual. */
export interface WordFile {
  bytes: Uint8Array;
  losses: ConversionNote[];
}

export class WordFileError extends Error {}

/** Opens the file and lists what the conversion will lose; throws WordFileError saying why it cannot be read. */
export async function readWordFile(bytes: Uint8Array): Promise<WordFile> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw new WordFileError('it is not a .docx file that can be opened (a password-protected file, or an old .doc renamed .docx, cannot be read): open it in Word and save it as a Word Document (.docx)');
  }
  const document = await zip.file('word/document.xml')?.async('string');
  if (document === undefined) throw new WordFileError('it is a zip file but not a Word document (it has no word/document.xml): save it from Word as a Word Document (.docx)');
  const comments = (await zip.file('word/comments.xml')?.async('string')) ?? '';
  const headersAndFooters = await Promise.all(
    zip.file(/^word\/(header|footer)\d*\.xml$/).map(async (part) => ({ kind: part.name.includes('header') ? 'header' : 'footer', text: wordText(await part.async('string')) })),
  );
  return { bytes, losses: lossesOf(document, comments, headersAndFooters) };
}

/** The paragraphs of a part of the file, as plain text. */
function wordText(xml: string): string {
  return xml
    .split(/<\/w:p>/)
    .map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decodeXml(m[1])).join(''))
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '')
    .join(' / ');
}

const decodeXml = (text: string) => text.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name] ?? '');

const count = (xml: string, pattern: RegExp) => xml.match(pattern)?.length ?? 0;
const times = (n: number, one: string, many: string) => (n === 1 ? one : `${n} ${many}`);

function lossesOf(document: string, comments: string, headersAndFooters: { kind: string; text: string }[]): ConversionNote[] {
  const notes: ConversionNote[] = [];
  // Word writes a text box twice, as a drawing and as a fallback for older readers: count the drawings.
  const drawn = document.replace(/<mc:Fallback>[\s\S]*?<\/mc:Fallback>/g, '');
  const commentCount = count(comments, /<w:comment[\s>]/g);
  if (commentCount > 0) notes.push({ kind: 'lost', message: `${times(commentCount, 'a Word comment', 'Word comments')}: not imported; read ${commentCount === 1 ? 'it' : 'them'} in Word and settle ${commentCount === 1 ? 'it' : 'them'} in the text` });
  const inserted = count(document, /<w:(ins|moveTo)[\s>]/g);
  const deleted = count(document, /<w:(del|moveFrom)[\s>]/g);
  if (inserted + deleted > 0) {
    notes.push({ kind: 'check', message: `tracked changes (${inserted} inserted, ${deleted} deleted): imported as if all were accepted; compare with the version that was approved in Word` });
  }
  for (const kind of ['header', 'footer']) {
    const texts = [...new Set(headersAndFooters.filter((part) => part.kind === kind && part.text !== '').map((part) => part.text))];
    if (texts.length > 0) notes.push({ kind: 'lost', message: `the page ${kind} (${texts.map((t) => `"${t.length > 80 ? `${t.slice(0, 77)}...` : t}"`).join(', ')}): not imported; the manual's controlled header replaces it, so carry over anything else it says` });
  }
  const textBoxes = count(drawn, /<w:txbxContent[\s>]/g);
  if (textBoxes > 0) notes.push({ kind: 'check', message: `${times(textBoxes, 'a text box', 'text boxes')}: the text is placed after the paragraph that holds it; check where it belongs` });
  const equations = count(document, /<m:oMath[\s>]/g);
  if (equations > 0) notes.push({ kind: 'lost', message: `${times(equations, 'an equation', 'equations')}: not imported; write it out as text (with <sup> and <sub>) or attach it as an image` });
  const charts = count(drawn, /<c:chart[\s>]/g);
  if (charts > 0) notes.push({ kind: 'lost', message: `${times(charts, 'a chart', 'charts')}: not imported; paste it into Word as a picture and import again, or attach it` });
  const smartArt = count(drawn, /<dgm:relIds[\s>]/g);
  if (smartArt > 0) notes.push({ kind: 'lost', message: `${times(smartArt, 'a SmartArt diagram', 'SmartArt diagrams')}: not imported; rewrite it as a list, or attach it as an image` });
  const embedded = count(document, /<o:OLEObject[\s>]/g);
  if (embedded > 0) notes.push({ kind: 'lost', message: `${times(embedded, 'an embedded object', 'embedded objects')} (such as an Excel sheet): only its picture, if any, was imported; attach the file itself to the document` });
  return notes;
}

/** mammoth's style map, added to its own: a Title paragraph is the document's title. */
const STYLE_MAP = ["p[style-name='Title'] => h1.title:fresh", "p[style-name='Subtitle'] => p:fresh"];

/** What mammoth says that the notes above do not: styles it does not know are only looks, equations are already named. */
const SAID_ELSEWHERE = /^(Unrecognised (paragraph|run|table|numbering) style|An unrecognised element was ignored: \{http:\/\/schemas\.openxmlformats\.org\/officeDocument\/2006\/math\})/;

/**
 * The document as HTML: images inline as data: URLs (the caller makes each an attached file), Title
 * paragraphs as `<h1 class="title">`. External files the document links to are never read.
 */
export async function wordToHtml(file: WordFile): Promise<{ html: string; notes: ConversionNote[] }> {
  const result = await mammoth.convertToHtml({ buffer: Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength) }, { styleMap: STYLE_MAP, externalFileAccess: false });
  const notes: ConversionNote[] = [...file.losses];
  for (const message of new Set(result.messages.map((m) => m.message))) {
    if (SAID_ELSEWHERE.test(message)) continue;
    notes.push({ kind: 'check', message: `the converter said: ${message.replace(/\{[^}]*\}/g, '')}` });
  }
  return { html: result.value, notes };
}
