/**
 * D30 fuzz test: `brink validate` (in-process, through main(), as a user would run it) on
 * mutations of the built-in scenarios and policies (character flips, deletions, duplications,
 * huge and odd numbers, deep nesting, control characters) and on schema-shaped values with random
 * fields replaced. Whatever the input: exit 0 or 1, never 2 (a bug); no hang; at most the cap of
 * issues printed; every issue line names the file and a line. A few thousand cases in about a
 * minute on one core (the counts below were set from a measured run; see D30).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from './main.js';
import { repo } from './test-helpers.js';
import { MAX_ISSUES_SHOWN } from '../scenario/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'brink-fuzz-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// The smaller built-ins: YAML parsing costs ~3 ms a kilobyte on the shared host, and the
// 40 kB scenarios would allow a few hundred cases a minute instead of thousands.
const sources = [
  join(repo, 'scenarios/calibrated-mid.yaml'),
  join(repo, 'test/fixtures/minimal.yaml'),
  join(repo, 'scenarios/params/calibrated.yaml'),
  ...readdirSync(join(repo, 'scenarios/policies')).slice(0, 4).map((f) => join(repo, 'scenarios/policies', f)),
].map((f) => readFileSync(f, 'utf8'));

const file = join(tmp, 'fuzz.yaml');
const TEXT_CASES = 2000;
const SCHEMA_CASES = 1000;
let slowest = 0;

/** Validates `text` as a user would; checks the contract; returns the exit code. */
async function check(text: string): Promise<number> {
  writeFileSync(file, text);
  let out = '';
  let err = '';
  const t0 = performance.now();
  const code = await main(['validate', file], { stdout: (s) => void (out += s), stderr: (s) => void (err += s) });
  const ms = performance.now() - t0;
  slowest = Math.max(slowest, ms);
  expect(ms, 'a single validation must not hang').toBeLessThan(10_000);
  expect([0, 1], `exit ${code}: ${err.slice(0, 300)}`).toContain(code);
  expect(err).toBe('');
  const lines = out.trimEnd().split('\n');
  if (code === 0) {
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/: valid /);
    return code;
  }
  expect(lines.length).toBeLessThanOrEqual(MAX_ISSUES_SHOWN + 2);
  expect(lines[lines.length - 1]).toMatch(/: \d+ problems?$/);
  for (const line of lines.slice(0, -1)) {
    if (line.startsWith('… and ')) continue;
    // file:line[:column] — every issue says where (an included file may be another file).
    expect(line, 'an issue names its file and line').toMatch(/^\/\S*:\d+(:\d+)?[ :]/);
    expect(line).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  }
  return code;
}

const oddChar = fc.constantFrom('\u0000', '\u001b', '\r', '\t', '\n', '"', "'", '[', ']', '{', '}', ':', '-', '#', '&', '*', '!', '|', '>', '%', '@', '`', ',', '?', '\\', ' ', 'x', '9', '\u202e', '\ufeff');
const hugeNumber = fc.constantFrom('1e308', '-1e308', '1e400', '.nan', '.inf', '-.inf', '9007199254740993', '-0', '0x10', '1_000', '0o17', '~', 'null', '""', '[]', '{}');

type Mutation = (t: string) => string;
const at = (t: string, u: number) => Math.floor(u * (t.length + 1));
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), oddChar).map(([u, c]) => (t: string) => { const i = at(t, u); return t.slice(0, i) + c + t.slice(i + 1); }),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 400 })).map(([u, n]) => (t: string) => { const i = at(t, u); return t.slice(0, i) + t.slice(i + n); }),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 8 })).map(([u, n, k]) => (t: string) => { const i = at(t, u); return t.slice(0, i) + t.slice(i, i + n).repeat(k) + t.slice(i); }),
  fc.tuple(fc.nat(), hugeNumber).map(([k, v]) => (t: string) => { let m = 0; return t.replace(/(?<=: )-?[0-9.]+(?=\s)/g, (x) => (m++ === k % 200 ? v : x)); }),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 400 }), fc.constantFrom('[', '{', '- ', ' ', 'a: ')).map(([u, n, open]) => (t: string) => { const i = at(t, u); return t.slice(0, i) + open.repeat(n) + t.slice(i); }),
  fc.constant((t: string) => t.replace(/\n/g, '\r')),
  fc.constant((t: string) => t.replace(/\n/g, '\r\n')),
);

describe('brink validate never crashes, hangs or floods (fuzz)', () => {
  it('text mutations of the built-in scenarios and policies', async () => {
    const t0 = performance.now();
    const codes = { 0: 0, 1: 0 } as Record<number, number>;
    await fc.assert(
      fc.asyncProperty(fc.nat(sources.length - 1), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (k, ms) => {
        const code = await check(ms.reduce((t, m) => m(t), sources[k]!));
        codes[code] = (codes[code] ?? 0) + 1;
      }),
      { numRuns: TEXT_CASES, seed: 30 },
    );
    // Both outcomes occur: the mutations are neither all harmless nor all fatal.
    expect(codes[0]).toBeGreaterThan(10);
    expect(codes[1]).toBeGreaterThan(100);
    console.log(`text fuzz: ${TEXT_CASES} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s, slowest ${slowest.toFixed(0)} ms, exits ${JSON.stringify(codes)}`);
  });

  it('schema-shaped values: a scenario with random fields set to random values', async () => {
    const base = parse(sources[1]!) as Record<string, unknown>; // minimal.yaml: every section, 1 kB
    const t0 = performance.now();
    const value = fc.oneof(
      fc.anything({ maxDepth: 3, withNullPrototype: false }),
      fc.double(),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.constantFrom('__proto__', 'constructor', 'toString', 'RUS', 'NATO', 'europe'),
      fc.array(fc.integer(), { maxLength: 1500 }),
      fc.constant('x'.repeat(70_000)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.array(fc.oneof(fc.nat(60), fc.constantFrom('actors', 'alliances', 'relations', 'theatres', 'injects', 'parameters', 'policies', 'actions', 'id', 'power', 'members', 'name', '__proto__', 'include')), { minLength: 1, maxLength: 4 }), value), { minLength: 1, maxLength: 3 }), async (edits) => {
        const s = structuredClone(base);
        for (const [path, v] of edits) {
          let cur: Record<string | number, unknown> = s;
          for (let j = 0; j < path.length - 1; j++) {
            const next = cur[path[j]!];
            if (next === null || typeof next !== 'object') break;
            cur = next as Record<string | number, unknown>;
          }
          Object.defineProperty(cur, path[path.length - 1]!, { value: v, enumerable: true, writable: true, configurable: true });
        }
        let text: string;
        try {
          text = stringify(s);
        } catch {
          return; // not representable as YAML (e.g. a symbol): nothing to validate
        }
        await check(text);
      }),
      { numRuns: SCHEMA_CASES, seed: 31 },
    );
    console.log(`schema fuzz: ${SCHEMA_CASES} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s, slowest ${slowest.toFixed(0)} ms`);
  });
});
