import { fromHtml } from 'hast-util-from-html';
import { describe, expect, it } from 'vitest';
import { pastedTablesToMarkdown } from '../../../src/cms/widgets/pasted-table.ts';
import { escapeMdxText } from '../../../src/qms/mdx/normalize.ts';
import { parseMdx } from '../../../src/qms/mdx/parse.ts';
import { bodyHtml } from '../../../src/cms/preview.ts';

/** The clipboard's HTML parsed as the browser parses it (parse5 implements the same HTML standard). */
const convert = (html: string) => pastedTablesToMarkdown(fromHtml(html));

/**
 * What Word (Microsoft 365, Windows) puts on the clipboard for a paragraph, a 3 x 4 table and a paragraph:
 * Office namespaces, a style sheet in the head, MsoNormal paragraphs in every cell with <o:p> and &nbsp;,
 * long lines wrapped in the source, conditional comments and the fragment markers.
 */
const WORD = `<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns:m="http://schemas.microsoft.com/office/2004/12/omml"
xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta http-equiv=Content-Type content="text/html; charset=utf-8">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<style>
<!--
p.MsoNormal, li.MsoNormal, div.MsoNormal
	{margin:0cm; font-size:11.0pt; font-family:"Calibri",sans-serif;}
table.MsoTableGrid
	{mso-style-name:"Table Grid"; border:solid windowtext 1.0pt;}
-->
</style>
</head>
<body lang=EN-GB style='tab-interval:36.0pt;word-wrap:break-word'>
<!--StartFragment-->
<p class=MsoNormal>Check the patient&#8217;s identity before
every draw:<o:p></o:p></p>

<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0
 style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;
 mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>
 <tr style='mso-yfti-irow:0;mso-yfti-firstrow:yes'>
  <td width=200 valign=top style='width:150.25pt;border:solid windowtext 1.0pt;
  mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><b>Step<o:p></o:p></b></p>
  </td>
  <td width=200 valign=top style='width:150.25pt;border:solid windowtext 1.0pt;
  border-left:none;padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><b>Who<o:p></o:p></b></p>
  </td>
  <td width=200 valign=top style='width:150.3pt;border:solid windowtext 1.0pt;
  border-left:none;padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><b>When<o:p></o:p></b></p>
  </td>
 </tr>
 <tr style='mso-yfti-irow:1'>
  <td width=200 valign=top style='width:150.25pt;border:solid windowtext 1.0pt;
  border-top:none;padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal>Clean the skin<o:p></o:p></p>
  </td>
  <td width=200 valign=top style='width:150.25pt;padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal>Nurse<o:p></o:p></p>
  </td>
  <td width=200 valign=top style='width:150.3pt;padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal>Before every draw, for 30&nbsp;seconds<o:p></o:p></p>
  </td>
 </tr>
 <tr style='mso-yfti-irow:2'>
  <td width=200 valign=top style='width:150.25pt;padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal>Label the bottles<o:p></o:p></p>
  </td>
  <td width=200 valign=top style='width:150.25pt;padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal>Nurse<o:p></o:p></p>
  </td>
  <td width=200 valign=top style='width:150.3pt;padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal>At the bedside<o:p></o:p></p>
  <p class=MsoNormal>Never in advance<o:p></o:p></p>
  </td>
 </tr>
 <tr style='mso-yfti-irow:3;mso-yfti-lastrow:yes'>
  <td width=200 valign=top style='width:150.25pt;padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal>Record the set number<o:p></o:p></p>
  </td>
  <td width=200 valign=top style='width:150.25pt;padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal>Nurse | phlebotomist<o:p></o:p></p>
  </td>
  <td width=200 valign=top style='width:150.3pt;padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><o:p>&nbsp;</o:p></p>
  </td>
 </tr>
</table>

<p class=MsoNormal><o:p>&nbsp;</o:p></p>

<p class=MsoNormal>Send the sets to the laboratory <![if !supportLineBreakNewLine]><br>
<![endif]>within two hours.<o:p></o:p></p>
<!--EndFragment-->
</body>
</html>`;

const WORD_MARKDOWN = [
  'Check the patient’s identity before every draw:',
  '',
  '| Step | Who | When |',
  '| --- | --- | --- |',
  '| Clean the skin | Nurse | Before every draw, for 30 seconds |',
  '| Label the bottles | Nurse | At the bedside<br />Never in advance |',
  '| Record the set number | Nurse \\| phlebotomist |  |',
  '',
  'Send the sets to the laboratory\nwithin two hours.',
].join('\n');

describe('a table pasted from Word', () => {
  it('becomes a GFM table, with the paragraphs around it as plain text', () => {
    expect(convert(WORD)).toEqual({ markdown: WORD_MARKDOWN, tables: [{ columns: 3, rows: 4 }] });
  });

  it('is read by the checker as a table of four rows of three cells, the two paragraphs of a cell on two lines', () => {
    const tree = parseMdx(escapeMdxText(WORD_MARKDOWN)).tree!;
    const table = tree.children.find((node) => node.type === 'table')!;
    expect(table.children.map((row) => row.children.length)).toEqual([3, 3, 3, 3]);
    const html = bodyHtml(escapeMdxText(WORD_MARKDOWN));
    expect(html).toContain('<td>At the bedside<br>Never in advance</td>');
    expect(html).toContain('<td>Nurse | phlebotomist</td>');
  });
});

describe('a table pasted from elsewhere', () => {
  it('takes its heading row from <thead> or a row of <th>s, wherever it is', () => {
    const html = '<table><tbody><tr><td>Ward A</td><td>3</td></tr></tbody><thead><tr><th>Ward</th><th>Sets</th></tr></thead></table>';
    expect(convert(html)?.markdown).toBe('| Ward | Sets |\n| --- | --- |\n| Ward A | 3 |');
    expect(convert('<table><tr><th>Ward</th><th>Sets</th></tr><tr><td>B</td><td>4</td></tr></table>')?.markdown).toBe('| Ward | Sets |\n| --- | --- |\n| B | 4 |');
  });

  it('fills short rows and merged cells with empty cells, so every cell stays in its column', () => {
    const html = `<table>
      <tr><td>Step</td><td>Who</td><td>When</td></tr>
      <tr><td colspan="2">Clean and label</td><td>Always</td></tr>
      <tr><td rowspan="2">Send</td><td>Porter</td><td>Day</td></tr>
      <tr><td>Nurse</td></tr>
    </table>`;
    expect(convert(html)?.markdown).toBe(
      ['| Step | Who | When |', '| --- | --- | --- |', '| Clean and label |  | Always |', '| Send | Porter | Day |', '|  | Nurse |  |'].join('\n'),
    );
  });

  it('reads an Excel range, with its <col>s and line breaks in a cell', () => {
    const html = `<html xmlns:x="urn:schemas-microsoft-com:office:excel"><body link="#0563C1">
<!--StartFragment--><table border=0 cellpadding=0 cellspacing=0 width=256 style='border-collapse:collapse;width:192pt'>
 <col width=64 span=2 style='width:48pt'>
 <tr height=20 style='height:15.0pt'><td height=20 class=xl65 width=64>Ward</td><td class=xl65 width=64>Contaminated sets</td></tr>
 <tr height=40 style='height:30.0pt'><td height=40 class=xl66>Emergency<br>Department</td><td align=right>3</td></tr>
<!--EndFragment--></table></body></html>`;
    expect(convert(html)).toEqual({ markdown: '| Ward | Contaminated sets |\n| --- | --- |\n| Emergency<br />Department | 3 |', tables: [{ columns: 2, rows: 2 }] });
  });

  it('converts each of several tables, and no table nested in a cell becomes a table of its own', () => {
    const html = '<table><tr><td>A</td></tr></table><p>Between</p><table><tr><td>B</td><td><table><tr><td>x</td><td>y</td></tr></table></td></tr></table>';
    expect(convert(html)).toEqual({ markdown: '| A |\n| --- |\n\nBetween\n\n| B | x y |\n| --- | --- |', tables: [{ columns: 1, rows: 1 }, { columns: 2, rows: 1 }] });
  });
});

describe('a paste without a table', () => {
  it('is left to the browser, as plain text', () => {
    expect(convert('<p><b>Keep contamination</b> below 3%.</p>')).toBeUndefined();
  });
});
