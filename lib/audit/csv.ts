// RFC 4180 CSV: CRLF line ends, fields with a comma, quote or line break in double quotes with
// quotes doubled. A text field that a spreadsheet would run as a formula (=, +, -, @, tab, CR
// first) gets a leading apostrophe (OWASP "CSV injection"): the log holds text others typed.

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: ReadonlyArray<string | number | null | undefined>): string {
  return values.map(csvField).join(',') + '\r\n';
}
