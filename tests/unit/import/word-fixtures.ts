import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  AlignmentType,
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  DeletedTextRun,
  Document,
  ExternalHyperlink,
  Footer,
  FootnoteReferenceRun,
  Header,
  HeadingLevel,
  ImageRun,
  InsertedTextRun,
  LevelFormat,
  Math as WordMath,
  MathRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  Textbox,
  TextRun,
} from 'docx';

/**
 * Word files built the way Word writes them (with the `docx` package), so the import is tested on real
 * .docx structure without committing binary documents.
 */

export const FIXTURES = fileURLToPath(new URL('../../fixtures/import/', import.meta.url));
/** The picture both the Markdown fixture and the Word file show: a 2×1 PNG. */
export const PNG = readFileSync(`${FIXTURES}markdown/images/bottle-order.png`);

const cell = (...paragraphs: (string | Paragraph)[]) => new TableCell({ children: paragraphs.map((p) => (typeof p === 'string' ? new Paragraph(p) : p)) });

/** A work instruction as a ward would write it: Title, sections, both kinds of list, a table, a link, a picture, a footnote. */
export async function defibrillatorCheckDocx(): Promise<Buffer> {
  const document = new Document({
    footnotes: { 1: { children: [new Paragraph('Resuscitation Council UK, quality standards, 2020.')] } },
    numbering: { config: [{ reference: 'steps', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }] }] },
    sections: [
      {
        children: [
          new Paragraph({ text: 'Daily defibrillator check', heading: HeadingLevel.TITLE }),
          new Paragraph({ text: 'Purpose', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            children: [
              new TextRun('Every defibrillator on [insert ward name] is checked daily, and the pads replaced when fewer than {limit} remain.'),
              new FootnoteReferenceRun(1),
              new TextRun(' Keep the O'),
              new TextRun({ text: '2', subScript: true }),
              new TextRun(' cylinder above a < b.'),
            ],
          }),
          new Paragraph({ text: 'What to check', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: 'Power on and self-test passed', bullet: { level: 0 } }),
          new Paragraph({ text: 'Pads in date and sealed', bullet: { level: 0 } }),
          new Paragraph({ text: 'Steps', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: 'Switch the defibrillator on.', numbering: { reference: 'steps', level: 0 } }),
          new Paragraph({ text: 'Record the result on the check sheet.', numbering: { reference: 'steps', level: 0 } }),
          new Table({
            rows: [
              new TableRow({ children: [cell('Item'), cell('Expected')] }),
              new TableRow({ children: [cell('Battery'), cell(new Paragraph({ children: [new TextRun('Green light'), new TextRun({ text: 'no warning', break: 1 })] }))] }),
              new TableRow({ children: [cell('Pads'), cell('Two sets', 'Adult and child')] }),
            ],
          }),
          new Paragraph({ children: [new TextRun('See the '), new ExternalHyperlink({ link: 'https://www.resus.org.uk/', children: [new TextRun('Resuscitation Council UK')] }), new TextRun('.')] }),
          new Paragraph({ children: [new ImageRun({ type: 'png', data: PNG, transformation: { width: 40, height: 20 }, altText: { name: 'label', description: 'Check label', title: 'Check label' } })] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

/**
 * A procedure with what the conversion cannot keep: a comment, tracked changes, a page header and footer,
 * an equation and a text box; and a link to another file imported with it.
 */
export async function fallsProcedureDocx(linkTo: string): Promise<Buffer> {
  const document = new Document({
    comments: { children: [{ id: 0, author: 'Quality Lead', date: new Date('2025-01-01T00:00:00Z'), children: [new Paragraph('Is the hourly round still right?')] }] },
    sections: [
      {
        headers: { default: new Header({ children: [new Paragraph('Document no. NUR-12, version 4')] }) },
        footers: { default: new Footer({ children: [new Paragraph('Uncontrolled when printed')] }) },
        children: [
          new Paragraph({ text: 'Falls prevention', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: 'Assessment', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({
            children: [new CommentRangeStart(0), new TextRun('Assess every patient on admission.'), new CommentRangeEnd(0), new TextRun({ children: [new CommentReference(0)] })],
          }),
          new Paragraph({ children: [new TextRun('Use the '), new ExternalHyperlink({ link: linkTo, children: [new TextRun('falls risk assessment form')] }), new TextRun('.')] }),
          new Paragraph({
            children: [
              new TextRun('Round '),
              new InsertedTextRun({ text: 'hourly', id: 1, author: 'Quality Lead', date: '2025-01-01T00:00:00Z' }),
              new DeletedTextRun({ text: 'every two hours', id: 2, author: 'Quality Lead', date: '2025-01-01T00:00:00Z' }),
              new TextRun('.'),
            ],
          }),
          new Paragraph({ children: [new WordMath({ children: [new MathRun('score = a + b')] })] }),
          new Textbox({ alignment: AlignmentType.CENTER, style: { width: '200pt', height: 'auto' }, children: [new Paragraph('Call for help: do not get up alone')] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
