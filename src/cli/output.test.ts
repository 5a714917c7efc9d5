/**
 * output.ts (D30): a write that fails midway leaves the previous output as it was and no
 * temporary folder; the folder is re-checked just before the swap; single files are replaced
 * atomically and never through a link.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OUTPUT_MARKER, UserError, checkOutputDir, writeOutputDir, writeOutputFile } from './output.js';

const tmp = mkdtempSync(join(tmpdir(), 'brink-output-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('writeOutputDir', () => {
  it('a failure midway leaves the previous output untouched and no temporary folder', () => {
    const out = join(tmp, 'fail');
    writeOutputDir(out, { 'a.csv': 'old a', 'b.csv': 'old b' }, 'run');
    // The second file cannot be written (not a string): the write fails after the first. (A
    // bug, so not a UserError: exit 2; a full disk would be one.)
    expect(() => writeOutputDir(out, { 'a.csv': 'new a', 'b.csv': 42 as unknown as string }, 'run')).toThrow(TypeError);
    expect(readFileSync(join(out, 'a.csv'), 'utf8')).toBe('old a');
    expect(readFileSync(join(out, 'b.csv'), 'utf8')).toBe('old b');
    expect(readdirSync(tmp).filter((n) => n.includes('brink-'))).toEqual([]);
  });

  it('replaces a Brink folder whole; refuses a folder that lost its marker or gained foreign files', () => {
    const out = join(tmp, 'whole');
    writeOutputDir(out, { 'a.csv': '1', 'b.csv': '2' }, 'run');
    writeOutputDir(out, { 'c.csv': '3' }, 'compare');
    expect(readdirSync(out).sort()).toEqual([OUTPUT_MARKER, 'c.csv']);
    rmSync(join(out, OUTPUT_MARKER));
    expect(checkOutputDir(out)).toMatch(/not written by Brink/);
    expect(() => writeOutputDir(out, { 'd.csv': '4' }, 'run')).toThrow(UserError);
    expect(readdirSync(out)).toEqual(['c.csv']);
    // An empty folder is fine.
    const empty = join(tmp, 'empty');
    mkdirSync(empty);
    writeOutputDir(empty, { 'x.csv': 'x' }, 'run');
    expect(readdirSync(empty).sort()).toEqual([OUTPUT_MARKER, 'x.csv']);
  });
});

describe('writeOutputFile', () => {
  it('replaces a file atomically and refuses a symbolic link or a folder', () => {
    const f = join(tmp, 'params.yaml');
    writeOutputFile(f, 'one');
    writeOutputFile(f, 'two');
    expect(readFileSync(f, 'utf8')).toBe('two');
    const victim = join(tmp, 'victim.txt');
    writeFileSync(victim, 'keep');
    const link = join(tmp, 'link.yaml');
    symlinkSync(victim, link);
    expect(() => writeOutputFile(link, 'evil')).toThrow(/symbolic link/);
    expect(readFileSync(victim, 'utf8')).toBe('keep');
    expect(() => writeOutputFile(tmp, 'x')).toThrow(/is a folder/);
    expect(readdirSync(tmp).filter((n) => n.includes('brink-tmp'))).toEqual([]);
  });
});
