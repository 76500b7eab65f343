/**
 * RFC 4180 CSV, as every export of the manual writes it. A cell that a spreadsheet would read as a formula
 * (= + - @ tab or carriage return at the start) is prefixed with an apostrophe: a document title typed in
 * the CMS must not run in a controller's or an auditor's spreadsheet. Starts with a byte-order mark so
 * Excel reads UTF-8 (en dashes, accents) correctly; lines end with CRLF.
 */
export function csvText(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cell = (value: string | number) => {
    let text = String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [header, ...rows].map((line) => line.map(cell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
