/**
 * `npm run bench:limits`: how long the check of one document takes at the edge of every limit of
 * src/qms/mdx/limits.ts (the largest, deepest and densest documents the checker accepts), and for
 * documents far over them, which are refused before they are parsed. A benchmark, not a test: it prints
 * the time of each (the median of a few runs, after a warm-up) and fails only if the checker throws.
 */
import { documentGuardFindings } from '../../src/qms/mdx/document-safety.ts';
import { LIMITS } from '../../src/qms/mdx/limits.ts';

const HEAD = '---\nid: SOP-990\ntitle: Limits\ntype: procedure\nversion: 1\nstatus: draft\nowner: Head of Quality\nclauses: ["8.1"]\n---\n\n';
const RUNS = 5;

/** Paragraphs of `paragraph` up to the size limit. */
function filled(paragraph: string): string {
  const count = Math.floor((LIMITS.size - HEAD.length - 100) / (paragraph.length + 2));
  return `${paragraph}\n\n`.repeat(count);
}
const nestedList = (depth: number) => Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}- level ${i + 1}`).join('\n');

const CASES: Record<string, string> = {
  'prose, at the size limit': filled('Wash hands before and after patient contact, and after touching the patient surroundings. '.repeat(4)),
  'tables with bold and links, at the size limit': filled(`| Step | Who | See |\n| --- | --- | --- |\n${'| Check the **label** | Nurse | [SOP-004](/docs/SOP-004/) |\n'.repeat(40)}`),
  'paragraphs at the emphasis limit, at the size limit': filled('**b** '.repeat(LIMITS.paragraphMarks / 2)),
  'paragraphs at the link limit, at the size limit': filled('[a](/docs/SOP-004/) '.repeat(LIMITS.paragraphMarks)),
  'lists nested at the limit, at the size limit': filled(nestedList(LIMITS.nesting)),
  'lines at the length limit, at the size limit': filled('word '.repeat(LIMITS.lineLength / 5 - 1)),
  'refused: a list nested 2,000 deep': nestedList(2000),
  'refused: 30,000 <div>s inside one another': `${'<div>\n'.repeat(30_000)}x\n`,
  'refused: a paragraph of 6,000 emphasis marks': `${'*a '.repeat(3000)}${'b* '.repeat(3000)}`,
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

documentGuardFindings('warm-up.mdx', HEAD + CASES['prose, at the size limit']);
const rows: string[] = [];
for (const [name, body] of Object.entries(CASES)) {
  const text = HEAD + body;
  const times: number[] = [];
  let findings = 0;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    findings = documentGuardFindings('content/docs/procedures/SOP-990.mdx', text).length;
    times.push(performance.now() - start);
  }
  rows.push(`| ${name} | ${Math.round(text.length / 1000)} KB | ${findings === 0 ? 'accepted' : `${findings} finding${findings === 1 ? '' : 's'}`} | ${Math.round(median(times))} ms |`);
}
console.log(`One document's check (median of ${RUNS}), at the limits: size ${LIMITS.size / 1000} KB, lines ${LIMITS.lineLength} characters, nesting ${LIMITS.nesting}, ${LIMITS.paragraphMarks} marks a paragraph\n`);
console.log('| document | size | result | check |\n| --- | ---: | --- | ---: |');
console.log(rows.join('\n'));
