import { DOCUMENT_TYPES, TYPE_LABEL, type DocumentType } from '../schemas/document.ts';

/**
 * The type of an existing document, told from how hospitals name their files and folders:
 * "Hand hygiene policy.docx", "SOP-12 Blood cultures.md", "Forms/Patient property record.docx".
 */

/** Words in a name that say its type. Abbreviations count only in capitals, so "Wi-Fi" is not a work instruction. */
const TYPE_WORDS: Record<string, DocumentType> = {
  policy: 'policy',
  policies: 'policy',
  procedure: 'procedure',
  procedures: 'procedure',
  form: 'form',
  forms: 'form',
};
const ABBREVIATIONS: Record<string, DocumentType> = { POL: 'policy', SOP: 'procedure', SOPS: 'procedure', WI: 'work-instruction', FRM: 'form' };
const TWO_WORDS: Record<string, DocumentType> = { 'work instruction': 'work-instruction', 'work instructions': 'work-instruction' };

/** The words of a name: "HandHygiene_SOP-12 v3" → Hand, Hygiene, SOP, 12, v3. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

export type NameVerdict = { type: DocumentType } | { ambiguous: DocumentType[] } | undefined;

/**
 * The type a file or folder name says. A name that names two types ("Consent form procedure") says
 * nothing for sure, unless exactly one of them is a capitalized abbreviation ("SOP for the consent form").
 */
export function typeFromName(name: string): NameVerdict {
  const words = wordsOf(name);
  const found: DocumentType[] = [];
  const abbreviated: DocumentType[] = [];
  words.forEach((word, i) => {
    const pair = TWO_WORDS[`${word} ${words[i + 1] ?? ''}`.toLowerCase()];
    const type = pair ?? ABBREVIATIONS[word] ?? TYPE_WORDS[word.toLowerCase()];
    if (type === undefined) return;
    found.push(type);
    if (ABBREVIATIONS[word]) abbreviated.push(type);
  });
  const distinct = [...new Set(found)];
  if (distinct.length === 0) return undefined;
  if (distinct.length === 1) return { type: distinct[0] };
  const distinctAbbreviated = [...new Set(abbreviated)];
  if (distinctAbbreviated.length === 1) return { type: distinctAbbreviated[0] };
  return { ambiguous: distinct };
}

export interface TypeFromPath {
  type?: DocumentType;
  /** Where the type was read, for the report: 'the file name', 'the folder "Forms"'. */
  from?: string;
  /** Names that named more than one type, for the report when nothing else decides. */
  ambiguous: string[];
}

/**
 * The type said by the file name, else by the nearest folder that says one (`folders` nearest first,
 * ending with the name of the folder given on the command line, if any).
 */
export function typeFromPath(fileName: string, folders: readonly string[]): TypeFromPath {
  const ambiguous: string[] = [];
  const candidates: [string, string][] = [[stemOf(fileName), 'the file name'], ...folders.map((f): [string, string] => [f, `the folder "${f}"`])];
  for (const [name, from] of candidates) {
    const verdict = typeFromName(name);
    if (verdict === undefined) continue;
    if ('type' in verdict) return { type: verdict.type, from, ambiguous };
    ambiguous.push(`${from} names ${verdict.ambiguous.map((t) => TYPE_LABEL[t].toLowerCase()).join(' and ')}`);
  }
  return { ambiguous };
}

/**
 * A type as a person writes it on the command line or in a mapping file: the manual's own name
 * (`work-instruction`), its label (`Work instruction`), or a word or abbreviation the names use (`SOP`, `WI`).
 */
export function typeFromWord(value: string): DocumentType | undefined {
  const word = value.trim();
  const canonical = DOCUMENT_TYPES.find((type) => type === word.toLowerCase() || TYPE_LABEL[type].toLowerCase() === word.toLowerCase());
  if (canonical) return canonical;
  return ABBREVIATIONS[word.toUpperCase()] ?? TYPE_WORDS[word.toLowerCase()] ?? TWO_WORDS[word.toLowerCase().replace(/[-_\s]+/g, ' ')];
}

/** The name without its extension. */
export function stemOf(fileName: string): string {
  return fileName.replace(/\.[^.]+$/, '');
}

/** A former document number at the start of a name ("SOP-12 Blood cultures", "POL_003 Consent"), as written. */
const FORMER_NUMBER = /^\s*((?:POL|SOP|WI|FRM)[\s_.-]*\d+)[\s_.-]*/i;

export function formerNumber(fileName: string): string | undefined {
  return FORMER_NUMBER.exec(stemOf(fileName))?.[1];
}

/**
 * A title made from a file name, for a document without a title heading: "hand_hygiene_policy.md" →
 * "Hand hygiene policy"; a former number at the start is left out, since the manual gives a new ID.
 */
export function titleFromFileName(fileName: string): string {
  const stem = stemOf(fileName);
  let title = stem.replace(FORMER_NUMBER, '').replace(/_/g, ' ');
  // "hand-hygiene-policy" is a slug; "Follow-up care" keeps its hyphen.
  if (!/\s/.test(title)) title = title.replace(/-/g, ' ');
  title = title.replace(/\s+/g, ' ').trim();
  if (title.length < 3) title = stem.trim();
  return title.charAt(0).toUpperCase() + title.slice(1);
}
