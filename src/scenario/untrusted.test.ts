/**
 * D30: every scenario is untrusted. One test per finding of the adversarial review that lives in
 * the scenario layer: includes outside the scenario's folder, devices, symlinks, self-includes,
 * oversized and deeply nested input, huge lists and strings, control characters, CR-only line
 * endings, power sums, unbounded numbers.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAnyFile, loadScenarioFile, readTextFile } from './load.js';
import { parseScenarioText } from './parse.js';
import { escapeControl, excerpt } from './text.js';
import { MAX_DESCRIPTION_LENGTH, MAX_ID_LENGTH, MAX_INPUT_BYTES, MAX_LIST_ITEMS, MAX_STOCKPILE_DAYS } from './limits.js';
import { formatIssue } from './issues.js';
import { includeEntryRefusal, isForbiddenPath, isWithin } from './file-policy.js';

const minimal = readFileSync(fileURLToPath(new URL('../../test/fixtures/minimal.yaml', import.meta.url)), 'utf8');
const tmp = mkdtempSync(join(tmpdir(), 'brink-untrusted-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A scenario folder under tmp with `minimal.yaml` plus `include:` lines. */
function scenarioWith(name: string, include: string[], extra = ''): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'scenario.yaml');
  writeFileSync(file, `${minimal}\ninclude:\n${include.map((i) => `  - ${JSON.stringify(i)}`).join('\n')}\n${extra}`);
  return file;
}

const all = (issues: { message: string }[]) => issues.map((i) => formatIssue(i as never)).join('\n');

describe('includes under the file policy', () => {
  it('an absolute include (/etc/passwd, /etc/shadow, /proc/self/environ) is refused, named, never quoted', () => {
    for (const target of ['/etc/passwd', '/etc/shadow', '/proc/self/environ']) {
      const { scenario, issues } = loadScenarioFile(scenarioWith('abs', [target]));
      expect(scenario).toBeNull();
      expect(issues.map((i) => i.code)).toEqual(['include-refused']);
      expect(issues[0]!.message).toContain(target);
      expect(issues[0]!.line).toBeGreaterThan(1);
      expect(all(issues)).not.toMatch(/root:|unknown key/);
    }
  });

  it('../ leaving the scenario folder is refused before the file system is asked', () => {
    const file = scenarioWith('dotdot', ['../../../../../../../../etc/passwd', '../secret.yaml']);
    writeFileSync(join(tmp, 'secret.yaml'), 'parameters:\n  warRho: 0.5\nsecret: hunter2\n');
    const { issues } = loadScenarioFile(file);
    expect(issues.map((i) => i.code)).toEqual(['include-refused', 'include-refused']);
    expect(all(issues)).toContain("leaves the scenario's folder");
    expect(all(issues)).not.toMatch(/hunter2|root:/);
  });

  it('a symlink inside the folder that points outside is refused; one that stays inside is followed', () => {
    const dir = join(tmp, 'links');
    mkdirSync(join(dir, 'params'), { recursive: true });
    writeFileSync(join(tmp, 'outside.yaml'), 'parameters:\n  warRho: 0.5\n');
    writeFileSync(join(dir, 'params', 'inside.yaml'), 'parameters:\n  warRho: 0.02\n');
    symlinkSync(join(tmp, 'outside.yaml'), join(dir, 'out-link.yaml'));
    symlinkSync('/etc/passwd', join(dir, 'passwd.yaml'));
    symlinkSync(join(dir, 'params', 'inside.yaml'), join(dir, 'in-link.yaml'));
    writeFileSync(join(dir, 's.yaml'), `${minimal}\ninclude: [out-link.yaml, passwd.yaml]\n`);
    const bad = loadScenarioFile(join(dir, 's.yaml'));
    expect(bad.issues.map((i) => i.code)).toEqual(['include-refused', 'include-refused']);
    expect(all(bad.issues)).toContain('symbolic link');
    expect(all(bad.issues)).not.toMatch(/root:/);
    writeFileSync(join(dir, 'ok.yaml'), `${minimal}\ninclude: [in-link.yaml]\n`);
    const ok = loadScenarioFile(join(dir, 'ok.yaml'));
    expect(ok.issues).toEqual([]);
    expect(ok.scenario?.parameters.warRho).toBe(0.02);
  });

  it('a device (/dev/zero) is refused at once, whether included (via a link) or named directly', () => {
    const dir = join(tmp, 'dev');
    mkdirSync(dir, { recursive: true });
    symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
    writeFileSync(join(dir, 's.yaml'), `${minimal}\ninclude: [zero.yaml]\n`);
    const t0 = performance.now();
    const inc = loadScenarioFile(join(dir, 's.yaml'));
    const direct = readTextFile('/dev/zero');
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(inc.issues.map((i) => i.code)).toEqual(['include-refused']);
    expect(direct.text).toBeNull();
    expect(direct.issues[0]!.message).toMatch(/never read|not a regular file/);
  });

  it('a FIFO is refused at once instead of blocking the open (included or named directly)', () => {
    const dir = join(tmp, 'fifo');
    mkdirSync(dir, { recursive: true });
    const fifo = join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    writeFileSync(join(dir, 's.yaml'), `${minimal}\ninclude: [pipe.yaml]\n`);
    const inc = loadScenarioFile(join(dir, 's.yaml'));
    expect(inc.issues.map((i) => [i.code, i.message])).toEqual([['include-refused', 'include "pipe.yaml" is refused: not a regular file (a pipe)']]);
    expect(readTextFile(fifo).issues[0]!.message).toBe('is not a regular file (a pipe)');
  });

  it('a self-include and a file included twice are named as such', () => {
    const dir = join(tmp, 'self');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'p.yaml'), 'parameters:\n  warRho: 0.02\n');
    writeFileSync(join(dir, 's.yaml'), `${minimal}\ninclude: [s.yaml, p.yaml, ./p.yaml]\n`);
    const { issues } = loadScenarioFile(join(dir, 's.yaml'));
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['include-cycle', 'include[0]'],
      ['include-cycle', 'include[2]'],
    ]);
    expect(issues[0]!.message).toContain('cannot include itself');
    expect(issues[1]!.message).toContain('same file as include[1]');
  });

  it('an oversized file is refused before it is read; a top-level /proc file too', () => {
    const big = join(tmp, 'big.yaml');
    writeFileSync(big, `description: "${'x'.repeat(MAX_INPUT_BYTES)}"\n`);
    const t0 = performance.now();
    const r = loadAnyFile(big);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(r.issues.map((i) => i.code)).toEqual(['too-large']);
    expect(readTextFile('/proc/self/environ').issues[0]!.message).toContain('never read');
  });
});

describe('limits of the text and the value', () => {
  it('deep nesting is refused before the YAML parser sees it (20,000 brackets used to exhaust its memory)', () => {
    const { issues } = parseScenarioText(`name: ${'['.repeat(20000)}${']'.repeat(20000)}\n`, 'x.yaml');
    expect(issues.map((i) => i.code)).toEqual(['too-deep']);
    expect(issues[0]!.file).toBe('x.yaml');
    const block = parseScenarioText(`a:\n${'- '.repeat(200)}x\n`, 'y.yaml');
    expect(block.issues.map((i) => i.code)).toEqual(['too-deep']);
  });

  it('a list of 5,000 entries is one issue at its line; 150,000 entries are refused before parsing, fast, with no stack overflow', () => {
    const list = (n: number) => minimal.replace('schemaVersion: 1', `schemaVersion: 1\nenablerLinks: [${Array.from({ length: n }, () => '1').join(',')}]`);
    const five = parseScenarioText(list(5000), 'big.yaml');
    expect(five.issues).toHaveLength(1);
    expect(five.issues[0]).toMatchObject({ code: 'too-large', path: 'enablerLinks', file: 'big.yaml', line: 3 });
    expect(five.issues[0]!.message).toContain(`at most ${MAX_LIST_ITEMS}`);
    const t0 = performance.now();
    const huge = parseScenarioText(list(150_000), 'huge.yaml');
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(huge.issues.map((i) => [i.code, i.line])).toEqual([['too-large', 1]]);
  });

  it('a mapping of 40,000 keys is refused fast (the parser\'s duplicate-key check was quadratic)', () => {
    const t0 = performance.now();
    const { issues } = parseScenarioText(`parameters: {${Array.from({ length: 40_000 }, (_, i) => `k${i}: 1`).join(', ')}}\n`);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(issues.map((i) => i.code)).toEqual(['too-large']);
  });

  it('ids and names of 100,000 characters and over-long descriptions are refused naming the field, quoting nothing of them', () => {
    const long = `A${'b'.repeat(99_999)}`;
    const id = parseScenarioText(minimal.replace(/id: RUS/, `id: ${long}`));
    expect(id.issues.map((i) => [i.code, i.path])).toEqual([['too-large', 'actors[0].id']]);
    expect(id.issues[0]!.message).toBe(`100000 characters; an id or value (MAX_ID_LENGTH) has at most ${MAX_ID_LENGTH}`);
    const name = parseScenarioText(minimal.replace('name: minimal', `name: ${long}`));
    expect(name.issues.map((i) => [i.code, i.path, i.line])).toEqual([['too-large', 'name', 3]]);
    const description = parseScenarioText(minimal.replace('name: minimal', `name: minimal\ndescription: "${'d'.repeat(MAX_DESCRIPTION_LENGTH + 1)}"`));
    expect(description.issues.map((i) => [i.code, i.path])).toEqual([['too-large', 'description']]);
    const id65 = parseScenarioText(minimal.replace(/id: RUS/, `id: R${'u'.repeat(MAX_ID_LENGTH)}`));
    expect(id65.issues.map((i) => i.path)).toEqual(['actors[0].id']);
    expect(parseScenarioText(minimal.replace(/id: RUS/, `id: R${'u'.repeat(MAX_ID_LENGTH - 1)}`)).issues.every((i) => i.code !== 'too-large')).toBe(true);
    for (const r of [id, name, description]) for (const i of r.issues) expect(formatIssue(i).length).toBeLessThan(200);
  });

  it('CR-only line endings are read as line breaks, and lines are counted right', () => {
    const text = minimal.replace(/\n/g, '\r').replace(/power: [0-9.]+/, 'power: 7');
    const { issues } = parseScenarioText(text);
    const line = minimal.split('\n').findIndex((l) => /power: [0-9.]+/.test(l)) + 1;
    expect(issues.map((i) => [i.code, i.line])).toEqual([['out-of-range', line]]);
  });

  it('power: all actors at 1 sums over 1; all at 0 leaves no power among those with agency', () => {
    const ones = parseScenarioText(minimal.replace(/power: [0-9.]+/g, 'power: 1'));
    expect(ones.issues.map((i) => [i.code, i.path])).toContainEqual(['power-sum', 'actors']);
    expect(ones.issues.find((i) => i.code === 'power-sum')!.message).toContain('at most 1');
    const zeros = parseScenarioText(minimal.replace(/power: [0-9.]+/g, 'power: 0'));
    expect(zeros.issues.map((i) => i.code)).toContain('power-sum');
    expect(zeros.issues.some((i) => /power > 0/.test(i.message))).toBe(true);
  });

  it('stockpile0 and productionPerDay have upper bounds (1e308 was accepted)', () => {
    const { issues } = parseScenarioText(minimal.replace(/(\n\s+)power: ([0-9.]+)/, '$1power: $2$1stockpile0: 1e308$1productionPerDay: 1e308'));
    expect(issues.map((i) => i.path)).toEqual(['actors[0].stockpile0', 'actors[0].productionPerDay']);
    expect(issues[0]!.message).toContain(`<= ${MAX_STOCKPILE_DAYS}`);
  });
});

describe('escaping', () => {
  it('control characters are escaped, tab and newline kept; excerpts are cut and single-line', () => {
    expect(escapeControl('a\u001b[2Jb\rc\u202ed\te\nf\u0007')).toBe('a\\x1b[2Jb\\rc\\u202ed\te\nf\\x07');
    expect(excerpt(`x\n${'y'.repeat(100)}`)).toMatch(/^x\\ny+…$/);
    expect(excerpt('z'.repeat(100)).length).toBe(40);
  });

  it('an unknown key with control characters is quoted escaped', () => {
    const { issues } = parseScenarioText(minimal.replace('schemaVersion: 1', 'schemaVersion: 1\n"evil\\e]0;pwned\\a": 1'));
    const m = issues.find((i) => i.code === 'unknown-key')!;
    expect(m.message).toContain('\\x1b]0;pwned\\x07');
    expect(m.message).not.toMatch(/\u001b/);
  });
});

describe('escaping keeps JSON parseable', () => {
  it('a JSON line with raw DEL, C1 and bidi characters parses to the same value after escaping', () => {
    const value = { name: 'a\u007fb\u0085c\u202ed\u2028e' };
    const line = JSON.stringify(value);
    expect(escapeControl(line)).not.toBe(line);
    expect(JSON.parse(escapeControl(line))).toEqual(value);
  });
});

describe('file-policy rules (pure)', () => {
  it('isWithin: a sibling with a common prefix is not inside', () => {
    expect(isWithin('/a/b', '/a/b')).toBe(true);
    expect(isWithin('/a/b', '/a/b/c.yaml')).toBe(true);
    expect(isWithin('/a/b/', '/a/b/c.yaml')).toBe(true);
    expect(isWithin('/a/b', '/a/bc/x.yaml')).toBe(false);
    expect(isWithin('/a/b', '/a')).toBe(false);
    expect(isForbiddenPath('/proc/self/environ')).toBe(true);
    expect(isForbiddenPath('/procfs/x')).toBe(false);
  });

  it('includeEntryRefusal: absolute, home, drive and control-character entries are refused lexically', () => {
    for (const e of ['/etc/passwd', '~/x.yaml', 'C:\\x.yaml', '\\\\server\\share', 'a\u0000b', 'x'.repeat(300)]) expect(includeEntryRefusal(e), e).not.toBeNull();
    for (const e of ['params/x.yaml', './x.yaml', '../sibling/x.yaml']) expect(includeEntryRefusal(e), e).toBeNull(); // ../ is judged against the roots
  });
});
