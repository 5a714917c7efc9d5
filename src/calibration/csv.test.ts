import { describe, expect, it } from 'vitest';
import { csvObjects, numOrNull, parseCsv, parseCsvRecords } from './csv.js';

describe('parseCsvRecords', () => {
  it('reads quoted and unquoted fields, escaped quotes and embedded commas', () => {
    expect(parseCsvRecords('"a","b,c",d\n1,"x ""y""",\n')).toEqual([
      ['a', 'b,c', 'd'],
      ['1', 'x "y"', ''],
    ]);
  });

  it('accepts CRLF, a missing final newline, a byte-order mark and quoted newlines', () => {
    expect(parseCsvRecords('\ufeffa,b\r\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseCsvRecords('a\n"x\ny"\n')).toEqual([['a'], ['x\ny']]);
  });

  it('keeps empty fields and skips blank lines', () => {
    expect(parseCsvRecords('a,,b\n\n,\n')).toEqual([
      ['a', '', 'b'],
      ['', ''],
    ]);
  });

  it('reports an unterminated quote', () => {
    expect(() => parseCsvRecords('a,"b\n')).toThrow(/unterminated/);
  });
});

describe('parseCsv / csvObjects / numOrNull', () => {
  it('checks field counts against the header', () => {
    expect(() => parseCsv('a,b\n1\n')).toThrow(/row 2 has 1 fields/);
    expect(parseCsv('a,b\n1,2\n').rows).toEqual([['1', '2']]);
  });

  it('keys rows by header names', () => {
    expect(csvObjects('"ccode","milex"\n2,838814000\n')).toEqual([{ ccode: '2', milex: '838814000' }]);
  });

  it('reads numbers, with empty, NA and -9 as missing', () => {
    expect(numOrNull('1e+05')).toBe(100000);
    expect(numOrNull(' 3.5 ')).toBe(3.5);
    expect(numOrNull('')).toBeNull();
    expect(numOrNull('NA')).toBeNull();
    expect(numOrNull('-9')).toBeNull();
    expect(numOrNull('abc')).toBeNull();
    expect(numOrNull(undefined)).toBeNull();
  });
});
