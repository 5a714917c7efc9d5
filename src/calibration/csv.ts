/**
 * A tiny CSV parser for the calibration datasets (/work/shared/data, README there): comma-separated,
 * one header line, fields optionally double-quoted with "" as an escaped quote, LF or CRLF line
 * ends. Pure: takes text, never touches the file system.
 */

export interface CsvTable {
  header: string[];
  rows: string[][];
}

/** Splits CSV text into records of raw string fields (quotes removed, "" unescaped). */
export function parseCsvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let inQuotes = false;
  let fieldStarted = false;
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // byte-order mark
  for (; i < n; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          inQuotes = false;
        }
      } else {
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === '') {
      inQuotes = true;
      fieldStarted = true;
    } else if (ch === ',') {
      record.push(field);
      field = '';
      fieldStarted = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      if (fieldStarted || field !== '' || record.length > 0) {
        record.push(field);
        records.push(record);
      }
      record = [];
      field = '';
      fieldStarted = false;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (inQuotes) throw new Error('CSV: unterminated quoted field');
  if (fieldStarted || field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** Parses CSV text with a header line; every row must have as many fields as the header. */
export function parseCsv(text: string): CsvTable {
  const records = parseCsvRecords(text);
  const header = records[0];
  if (!header) throw new Error('CSV: empty input');
  const rows = records.slice(1);
  rows.forEach((r, k) => {
    if (r.length !== header.length) {
      throw new Error(`CSV: row ${k + 2} has ${r.length} fields, the header has ${header.length}`);
    }
  });
  return { header, rows };
}

/** Rows as objects keyed by header names. */
export function csvObjects(text: string): Record<string, string>[] {
  const { header, rows } = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header.map((h, j) => [h, r[j] ?? ''])));
}

/**
 * A numeric field, or null when missing. The datasets mark missing values by an empty field, `NA`,
 * or -9 (MID/NMC convention; README of the data share).
 */
export function numOrNull(s: string | undefined): number | null {
  if (s === undefined) return null;
  const t = s.trim();
  if (t === '' || t === 'NA' || t === '.') return null;
  const v = Number(t);
  if (!Number.isFinite(v) || v === -9) return null;
  return v;
}
