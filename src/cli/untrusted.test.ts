/**
 * D30 at the command line: one test per finding of the adversarial review. Everything here is
 * in-process (runCli) except the interruption property, which kills a spawned `brink run`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { repo, runCli } from './test-helpers.js';
import { OUTPUT_MARKER } from './output.js';

const tmp = mkdtempSync(join(tmpdir(), 'brink-untrusted-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const minimal = readFileSync(join(repo, 'test/fixtures/minimal.yaml'), 'utf8');
const MIN = 'test/fixtures/minimal.yaml';

function file(name: string, text: string): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

/** Runs the CLI and the wall time it took, in ms. */
async function timed(...argv: string[]) {
  const t0 = performance.now();
  const r = await runCli(...argv);
  return { ...r, ms: performance.now() - t0 };
}

describe('includes at the command line', () => {
  it('run, trace and validate refuse include: [/etc/passwd] without quoting it', async () => {
    const s = file('passwd.yaml', `${minimal}\ninclude: [/etc/passwd]\n`);
    for (const argv of [['run', s, '--runs', '10', '--seed', '1'], ['trace', s], ['validate', s]]) {
      const r = await runCli(...argv);
      expect(r.code).toBe(1);
      expect(r.out + r.err).toContain('include "/etc/passwd" is refused');
      expect(r.out + r.err).not.toMatch(/root:|unknown key/);
    }
  });
});

describe('every bad --out is refused before anything is simulated', () => {
  const aFile = file('a-file.txt', 'x');
  const foreign = join(tmp, 'foreign');
  mkdirSync(foreign, { recursive: true });
  writeFileSync(join(foreign, 'thesis.tex'), 'precious');
  const link = join(tmp, 'link-out');
  symlinkSync(foreign, link);
  const cases: [string, string, RegExp][] = [
    ['a file', aFile, /is a file/],
    ['an empty string', '', /empty string/],
    ['/dev/null', '/dev/null', /\/dev/],
    ['/sys', '/sys', /\/sys/],
    ['/proc/x (mkdir spins there)', '/proc/x', /\/proc/],
    ['inside a file', join(aFile, 'sub'), /is a file/],
    ['a folder Brink did not write', foreign, /not written by Brink/],
    ['a symbolic link', link, /symbolic link/],
  ];
  for (const [what, out, message] of cases) {
    it(`${what}: exit 1 at once with --runs 100000`, async () => {
      const r = await timed('run', MIN, '--runs', '100000', '--seed', '1', '--workers', '1', '--out', out);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(message);
      expect(r.err).toContain('--out');
      expect(r.ms).toBeLessThan(5000); // 100,000 runs take minutes
      expect(readFileSync(join(foreign, 'thesis.tex'), 'utf8')).toBe('precious');
    });
  }

  it('compare, sweep and sensitivity check --out the same way', async () => {
    for (const argv of [
      ['compare', MIN, '--policy', 'test/fixtures/forward-posture.policy.yaml', '--policy', 'test/fixtures/forward-posture.policy.yaml'],
      ['sweep', MIN, '--param', 'warRho', '--values', '0.02'],
      ['sensitivity', MIN],
    ]) {
      const r = await timed(...argv, '--runs', '100000', '--seed', '1', '--out', '/dev/null');
      expect(r.code, argv[0]).toBe(1);
      expect(r.ms).toBeLessThan(5000);
    }
  });

  it('calibrate --out DIR is refused before the data are read or fitted', async () => {
    const r = await timed('calibrate', '--mid', 'test/fixtures/mid-tiny', '--out', tmp);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--out .* is a folder; give a file name/);
  });
});

describe('output folders are replaced whole, atomically, only when Brink wrote them', () => {
  it('a second run replaces the first: stale files go, a symlink inside is not followed, the marker names the command', async () => {
    const out = join(tmp, 'out-twice');
    const a = await runCli('run', MIN, '--runs', '20', '--seed', '1', '--workers', '1', '--out', out);
    expect(a.code).toBe(0);
    expect(readdirSync(out)).toContain(OUTPUT_MARKER);
    expect(JSON.parse(readFileSync(join(out, OUTPUT_MARKER), 'utf8'))).toMatchObject({ writtenBy: 'brink', command: 'run' });
    // Someone leaves a stale file and plants a symlink named like an output file.
    writeFileSync(join(out, 'stale.csv'), 'old');
    const victim = file('victim.txt', 'keep me');
    rmSync(join(out, 'report.html'));
    symlinkSync(victim, join(out, 'report.html'));
    // A hard-killed earlier write left a temporary folder (its process is gone): removed, never used.
    const deadPid = spawnSync('true').pid!;
    const stale = join(tmp, `.out-twice.brink-tmp-${deadPid}-abcdef`);
    mkdirSync(stale);
    writeFileSync(join(stale, 'summary.json'), 'half');
    const b = await runCli('run', MIN, '--runs', '20', '--seed', '2', '--workers', '1', '--out', out);
    expect(existsSync(stale)).toBe(false);
    expect(b.code).toBe(0);
    expect(readdirSync(out)).not.toContain('stale.csv');
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).provenance.seed).toBe(2);
    // No temporary or set-aside folder is left beside it.
    expect(readdirSync(tmp).filter((n) => n.includes('brink-tmp') || n.includes('brink-old'))).toEqual([]);
  });
});

describe('flags are parsed strictly', () => {
  it('--seed accepts 2^53−1 and refuses 2^53 and 2^64, naming the limit', async () => {
    const ok = await runCli('trace', MIN, '--seed', String(Number.MAX_SAFE_INTEGER), '--json');
    expect(ok.code).toBe(0);
    for (const seed of ['9007199254740992', '18446744073709551616']) {
      const r = await runCli('trace', MIN, '--seed', seed);
      expect(r.code).toBe(1);
      expect(r.err).toContain('2^53−1 = 9007199254740991');
    }
  });

  it('--runs 0x10, 1e3, +5, 5.0 and " 7" are refused, not read as numbers', async () => {
    for (const runs of ['0x10', '1e3', '+5', '5.0', ' 7', '']) {
      const r = await runCli('run', MIN, '--runs', runs, '--seed', '1');
      expect(r.code, runs).toBe(1);
      expect(r.err).toMatch(/--runs <n>.*must be a decimal integer/);
    }
  });

  it('sweep --param __proto__, constructor, toString, valueOf, hasOwnProperty: exit 1 naming the parameter', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty']) {
      const r = await runCli('sweep', MIN, '--param', name, '--values', '1', '--runs', '10', '--seed', '1');
      expect(r.code, name).toBe(1);
      expect(r.err).toContain(`"${name}" is not a parameter`);
    }
    const s = await runCli('sensitivity', MIN, '--params', '__proto__', '--runs', '10', '--seed', '1');
    expect(s.code).toBe(1);
  });

  it('--workers 1024 says how many threads started and why', async () => {
    const r = await runCli('run', MIN, '--runs', '20', '--seed', '1', '--workers', '1024');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/on 1 thread, inline, not the 1024 asked: 1 chunk of ≤ 256 runs/);
  });

  it('calibrate --holdout 0.99 and backtest --train equal to --mid are refused up front', async () => {
    const h = await timed('calibrate', '--mid', 'test/fixtures/mid-tiny', '--holdout', '0.99');
    expect(h.code).toBe(1);
    expect(h.err).toMatch(/--holdout.*\[0, 0.9\]/);
    const t = await timed('backtest', '--mid', 'test/fixtures/mid-tiny', '--train', 'test/fixtures/mid-tiny/', '--runs', '10');
    expect(t.code).toBe(1);
    expect(t.err).toContain('--train is the same folder as --mid');
  });
});

describe('what is printed', () => {
  it('control characters from a scenario reach the terminal escaped', async () => {
    const s = file('ctrl.yaml', minimal.replace('name: minimal', 'name: "evil\\e]0;owned\\a\\e[2J"'));
    const r = await runCli('run', s, '--runs', '10', '--seed', '1', '--workers', '1');
    expect(r.code).toBe(0);
    expect(r.out + r.err).not.toMatch(/[\u0007\u001b]/);
    expect(r.out).toContain('evil\\x1b]0;owned\\x07\\x1b[2J');
    const bad = file('ctrl-bad.yaml', minimal.replace('id: RUS', 'id: "R\\e[31mUS"'));
    const v = await runCli('validate', bad);
    expect(v.code).toBe(1);
    expect(v.out).not.toMatch(/\u001b/);
    expect(v.out).toContain('\\x1b[31m');
  });

  it('a file with thousands of problems prints the first 50 and counts the rest', async () => {
    const rel = Array.from({ length: 999 }, (_, i) => `  - { from: X${i}, to: Y${i}, hostility: 0.5 }`).join('\n');
    const s = file('many.yaml', minimal.replace(/relations:[\s\S]*?(?=\n\w|$)/, `relations:\n${rel}`));
    const r = await runCli('validate', s);
    expect(r.code).toBe(1);
    const lines = r.out.trim().split('\n');
    expect(lines.length).toBe(52); // 50 issues, the count, the summary
    expect(lines[50]).toMatch(/^… and \d+ more issues$/);
    // A list over MAX_LIST_ITEMS is one issue, not 5,000 lines; 150,000 entries are refused before parsing.
    const long = file('long.yaml', minimal.replace('schemaVersion: 1', `schemaVersion: 1\nenablerLinks: [${'1,'.repeat(5000)}1]`));
    const l = await runCli('validate', long);
    expect(l.code).toBe(1);
    expect(l.out).toMatch(/long\.yaml:3:\d+ enablerLinks: a list of 5001 items; at most 1000/);
    const huge = file('huge.yaml', minimal.replace('schemaVersion: 1', `schemaVersion: 1\nenablerLinks: [${'1,'.repeat(150_000)}1]`));
    const h = await runCli('validate', huge);
    expect(h.code).toBe(1);
    expect(h.out).toMatch(/huge\.yaml:1:1: the text holds more than 50000 lines and commas/);
  });
});

describe('an interrupted run leaves the previous complete output or none (property)', () => {
  const bin = join(repo, 'bin/brink.js');
  it.skipIf(!existsSync(join(repo, 'dist/cli/main.js')))('kill a spawned brink run --out at a random moment, with SIGINT, SIGTERM or SIGKILL', async () => {
    const out = join(tmp, 'interrupted');
    const run = (seed: number, dir = out) =>
      spawn(process.execPath, [bin, 'run', MIN, '--runs', '2000', '--seed', String(seed), '--workers', '1', '--out', dir, '--no-progress'], { cwd: repo, stdio: 'ignore' });
    const finished = (p: ReturnType<typeof spawn>) => new Promise<void>((res) => p.on('exit', () => res()));
    /** Every file of an output folder but timing.json (wall time differs run to run). */
    const contents = (dir: string) => Object.fromEntries(readdirSync(dir).sort().filter((n) => n !== 'timing.json').map((n) => [n, readFileSync(join(dir, n), 'utf8')]));
    await Promise.all([finished(run(1, join(tmp, 'ref-1'))), finished(run(2, join(tmp, 'ref-2')))]);
    const previous = contents(join(tmp, 'ref-1'));
    const next = contents(join(tmp, 'ref-2'));
    const outcomes = { previous: 0, next: 0, none: 0 };
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2500 }), fc.constantFrom<NodeJS.Signals>('SIGINT', 'SIGTERM', 'SIGKILL'), async (delay, signal) => {
        rmSync(out, { recursive: true, force: true });
        await finished(run(1));
        expect(contents(out)).toEqual(previous);
        const p = run(2);
        const done = finished(p);
        await new Promise((r) => setTimeout(r, delay));
        p.kill(signal);
        await done;
        // A hard kill between the two renames leaves no output: acceptable.
        if (!existsSync(out)) return void outcomes.none++;
        const now = contents(out);
        if (JSON.stringify(now) === JSON.stringify(previous)) outcomes.previous++;
        else {
          expect(now).toEqual(next); // the new output, whole: never a mix
          outcomes.next++;
        }
        // No temporary folder is ever taken for the output: only hidden names beside it.
        for (const n of readdirSync(tmp)) if (n.includes('brink-tmp')) expect(n.startsWith('.')).toBe(true);
      }),
      { numRuns: 4 },
    );
    expect(outcomes.previous + outcomes.next + outcomes.none).toBe(4);
    console.log(`interrupted runs: ${JSON.stringify(outcomes)}`);
  });
});
