import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectRefusal, repo, runCli } from './test-helpers.js';
import { parseVariant } from './set-flags.js';
import type { CompareSummary } from '../analysis/compare.js';
import type { RunSummary } from '../analysis/summary.js';
import type { SweepSummary } from './cmd-sweep.js';
import type { SensitivitySummary } from '../analysis/sensitivity.js';
import type { TraceJson } from './cmd-trace.js';

const tmp = mkdtempSync(join(tmpdir(), 'brink-set-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const MIN = 'test/fixtures/minimal.yaml';
const BASE = 'scenarios/baseline-2025.yaml';
const quick = ['--seed', '4', '--workers', '1', '--json', '--no-progress'];

/** A run's results without its provenance (which names the arm, the sets and the hash). */
const results = (s: RunSummary) => JSON.stringify({ ...s, provenance: null });

describe('--set', () => {
  it('run: changes the scenario hash and the numbers, records the sets; the own value changes nothing', async () => {
    const plain = await runCli('run', MIN, '--runs', '200', ...quick);
    const set = await runCli('run', MIN, '--runs', '200', ...quick, '--set', 'actors[RUS].activity=3', '--set', 'relations[from=RUS,to=NATO].hostility=0.9');
    const same = await runCli('run', MIN, '--runs', '200', ...quick, '--set', 'actors[RUS].activity=1');
    for (const r of [plain, set, same]) expect(r.code).toBe(0);
    const a = JSON.parse(plain.out) as RunSummary;
    const b = JSON.parse(set.out) as RunSummary;
    const c = JSON.parse(same.out) as RunSummary;
    expect(a.provenance.sets).toBeUndefined();
    expect(b.provenance.sets).toEqual(['actors[RUS].activity=3', 'relations[from=RUS,to=NATO].hostility=0.9']);
    expect(b.provenance.scenarioHash).not.toBe(a.provenance.scenarioHash);
    // Three times the tempo and more hostility: more gray-zone events and a higher escalation score.
    expect(b.escalationScore.mean!).toBeGreaterThan(a.escalationScore.mean!);
    expect(results(b)).not.toBe(results(a));
    // activity 1 is the fixture's own (default) value: the same scenario, the same numbers.
    expect(c.provenance.scenarioHash).toBe(a.provenance.scenarioHash);
    expect(results(c)).toBe(results(a));
    const text = await runCli('run', MIN, '--runs', '20', '--seed', '4', '--workers', '1', '--no-progress', '--set', 'actors[RUS].activity=3');
    expect(text.out).toContain('With --set actors[RUS].activity=3');
  });

  it('a bad set: exit 1, the issue printed with the set, nothing simulated, on every command', async () => {
    const bad = ['--set', 'actors[RUSS].activity=1'];
    const line = 'error: --set actors[RUSS].activity=1: actors[RUSS]: no actor "RUSS" (did you mean "RUS"?) [set.unknown-path]';
    const cmds: string[][] = [
      ['run', MIN, '--runs', '10', '--seed', '1'],
      ['compare', MIN, '--variant', 'v:actors[RUS].activity=2', '--runs', '10', '--seed', '1'],
      ['trace', MIN, '--seed', '1'],
      ['sweep', MIN, '--param', 'rationality', '--values', '1', '--runs', '10', '--seed', '1'],
      ['sensitivity', MIN, '--params', 'rationality', '--runs', '10', '--seed', '1'],
    ];
    for (const cmd of cmds) {
      const r = await runCli(...cmd, ...bad);
      expect(r.code, cmd[0]).toBe(1);
      expect(r.err, cmd[0]).toContain(line);
      expect(r.out, cmd[0]).toBe('');
      expect(r.err, cmd[0]).not.toMatch(/runs in .* s|trajectories\/s/);
    }
    // Every problem at once; values out of range as `brink validate` words them; input escaped and cut short.
    const many = await runCli('run', MIN, '--runs', '10', '--seed', '1', '--set', 'actors[RUS].activity=1000', '--set', 'actors[RUS].nuclear=maybe', '--set', `x\u001b[2J${'y'.repeat(500)}`);
    expect(many.code).toBe(1);
    expect(many.err).toContain('error: --set actors[RUS].activity=1000: actors[RUS].activity: number must be <= 100 (got 1000) [out-of-range]');
    expect(many.err).toContain('error: --set actors[RUS].nuclear=maybe: actors[RUS].nuclear: expected true or false (got "maybe") [set.invalid-value]');
    expect(many.err).toContain('\\u001b[2J');
    expect(many.err).not.toContain('\u001b');
    expect(many.err.split('\n').every((l) => l.length < 300)).toBe(true);
    await expectRefusal(runCli('run', MIN, '--runs', '10', '--seed', '1', '--set', 'actors[RUS].activity=0x10'), 'expected a decimal number (got "0x10")');
    await expectRefusal(runCli('run', MIN, '--runs', '10', '--seed', '1', '--set', '__proto__.x=1'), '"__proto__" is not allowed in a path [set.forbidden-key]');
  });

  it('trace: the sets are applied, recorded in the JSON and named in the text', async () => {
    const plain = await runCli('trace', MIN, '--seed', '2', '--json');
    const set = await runCli('trace', MIN, '--seed', '2', '--json', '--set', 'actors[RUS].activity=5');
    expect(plain.code).toBe(0);
    expect(set.code).toBe(0);
    const a = JSON.parse(plain.out) as TraceJson;
    const b = JSON.parse(set.out) as TraceJson;
    expect(a.sets).toBeUndefined();
    expect(b.sets).toEqual(['actors[RUS].activity=5']);
    expect(b.scenarioHash).not.toBe(a.scenarioHash);
    expect(b.events.length).toBeGreaterThan(a.events.length);
    const text = await runCli('trace', MIN, '--seed', '2', '--set', 'actors[RUS].activity=5');
    expect(text.out.split('\n')[1]).toBe('with --set actors[RUS].activity=5');
  });

  it('sensitivity: the sets move the reference and are recorded', async () => {
    const r = await runCli('sensitivity', MIN, '--params', 'rationality', '--runs', '20', ...quick, '--set', 'params.rationality=2');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out) as SensitivitySummary;
    expect(s.provenance.sets).toEqual(['params.rationality=2']);
    expect(s.rows[0]!.value).toBe(2);
    expect(s.rows[0]!.low!.value).toBe(1);
  });
});

describe('brink sweep --field', () => {
  it('sweeps a scenario field on the baseline with paired differences to its own value', async () => {
    const field = 'enablerLinks[from=CHN,to=RUS].supplyRate';
    const r = await runCli('sweep', BASE, '--field', field, '--values', '0,0.6', '--runs', '200', '--seed', '3', '--workers', '2', '--json', '--no-progress');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out) as SweepSummary;
    expect(s.sweep).toEqual({ parameter: field, kind: 'field', reference: 0.15, values: [0, 0.6] });
    expect(s.provenance.arms.map((a) => a.name)).toEqual([`${field}=0.15 (scenario)`, `${field}=0`, `${field}=0.6`]);
    expect(s.provenance.arms.map((a) => a.sets)).toEqual([undefined, [`${field}=0`], [`${field}=0.6`]]);
    expect(new Set(s.provenance.arms.map((a) => a.scenarioHash)).size).toBe(3);
    expect(s.comparisons.map((c) => c.arm)).toEqual([`${field}=0`, `${field}=0.6`]);
    for (const c of s.comparisons) {
      for (const d of c.binary) expect(d.n11 + d.n10 + d.n01 + d.n00, d.key).toBe(200);
      for (const m of c.metrics) if (m.difference !== null) expect(m.lo!).toBeLessThanOrEqual(m.hi!);
    }
    // The supply reaches the engine: Russia's stockpile (median at the horizon) grows with it.
    const stock = s.arms.map((a) => a.fans.series.find((f) => f.key === 'stockpileAdversary')!.q50.filter((x) => x !== null).at(-1)!);
    expect(stock[1]!).toBeLessThan(stock[0]!);
    expect(stock[2]!).toBeGreaterThan(stock[0]!);
    // ...and it changes an outcome (issue 11): the 2025 war lasts longer with more supply and
    // ends sooner without it, each with a paired 95% interval that excludes 0 (D28).
    const war = s.comparisons.map((c) => c.metrics.find((m) => m.key === 'firstEpisodeDays')!);
    expect(war[0]!.hi!).toBeLessThan(0);
    expect(war[1]!.lo!).toBeGreaterThan(0);
  });

  it('the own value gives zero differences; enumerated fields sweep over words; bad values are refused', async () => {
    const r = await runCli('sweep', MIN, '--field', 'policies[baseline].signallingStance', '--values', 'firm,provocative', '--runs', '100', ...quick);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out) as SweepSummary;
    expect(s.sweep).toEqual({ parameter: 'policies[baseline].signallingStance', kind: 'field', reference: 'firm', values: ['firm', 'provocative'] });
    for (const d of s.comparisons[0]!.binary) expect([d.n10, d.n01, d.difference], d.key).toEqual([0, 0, 0]);
    const csv = await runCli('sweep', MIN, '--field', 'policies[baseline].signallingStance', '--values', 'firm,provocative', '--runs', '20', '--seed', '4', '--workers', '1', '--csv');
    expect(csv.out).toMatch(/^drawnIn,.*,policies\[baseline\]\.signallingStance,provocative,0,/m);
    // A field the scenario leaves to its default: the reference is null, shown as "default".
    const d = await runCli('sweep', MIN, '--field', 'params.misperception', '--values', '0.3', '--runs', '20', ...quick);
    expect(d.code).toBe(0);
    expect((JSON.parse(d.out) as SweepSummary).sweep.reference).toBeNull();
    const run = (...a: string[]) => runCli('sweep', MIN, ...a, '--runs', '10', '--seed', '1');
    await expectRefusal(run('--field', 'actors[RUS].activity', '--values', '1,1000,0x1'), '--values 1000: number must be <= 100', '--values 0x1: expected a decimal number');
    await expectRefusal(run('--field', 'policies[baseline].signallingStance', '--values', 'firm,bold'), '--values bold: expected one of restrained, firm, provocative');
    await expectRefusal(run('--field', 'actors[RUS].activity', '--values', '0.5,0.50'), '0.50 is given twice');
    await expectRefusal(run('--field', 'actors[RUZ].activity', '--values', '1'), '--field: no actor "RUZ" (did you mean "RUS"?)');
    await expectRefusal(run('--field', 'actors[RUS]', '--values', '1'), 'is a mapping');
    await expectRefusal(run('--field', 'actors[RUS].activity', '--param', 'rationality', '--values', '1'), 'give one of --param NAME');
  });
});

describe('brink compare --variant and --scenario-arm', () => {
  it('a variant arm equals brink run --set of the same change, arm for arm, number for number', async () => {
    const v1 = 'actors[RUS].activity=2.5';
    const v2 = ['relations[from=RUS,to=NATO].hostility=0.9', 'policies[baseline].forwardPosture=8'];
    const common = ['--runs', '300', ...quick];
    const cmp = await runCli('compare', MIN, '--variant', `tempo:${v1}`, '--variant', `hostile posture:${v2.join(',')}`, ...common);
    expect(cmp.code).toBe(0);
    const c = JSON.parse(cmp.out) as CompareSummary;
    expect(c.provenance.arms.map((a) => a.name)).toEqual(['minimal', 'tempo', 'hostile posture']);
    expect(c.provenance.arms.map((a) => a.sets)).toEqual([undefined, [v1], v2]);
    const runs = [await runCli('run', MIN, ...common), await runCli('run', MIN, ...common, '--set', v1), await runCli('run', MIN, ...common, ...v2.flatMap((x) => ['--set', x]))];
    runs.forEach((r, j) => {
      expect(r.code).toBe(0);
      const s = JSON.parse(r.out) as RunSummary;
      expect(c.provenance.arms[j]!.scenarioHash, `arm ${j}`).toBe(s.provenance.scenarioHash);
      expect(results(c.arms[j]!), `arm ${j}`).toBe(results(s));
    });
    // The paired differences are those of the arms' own figures.
    const drawn = c.comparisons[0]!.binary[0]!;
    expect([drawn.a, drawn.b]).toEqual([c.arms[0]!.probabilities.drawnIn.estimate, c.arms[1]!.probabilities.drawnIn.estimate]);
    const text = await runCli('compare', MIN, '--variant', `tempo:${v1}`, '--runs', '20', '--seed', '4', '--workers', '1', '--no-progress');
    expect(text.out).toContain('Variant tempo: actors[RUS].activity=2.5');
    expect(text.out).toContain('tempo − minimal');
  });

  it('a second scenario file is an arm; --set applies to every arm; arms keep the order given; a mismatched horizon is refused', async () => {
    // The fixture with RUS at activity 2.5, written out: the same scenario as the variant.
    const other = join(tmp, 'minimal-tempo.yaml');
    writeFileSync(other, readFileSync(join(repo, MIN), 'utf8').replace('    agency: true\n', '    agency: true\n    activity: 2.5\n'));
    const r = await runCli('compare', MIN, '--scenario-arm', other, '--policy', 'test/fixtures/forward-posture.policy.yaml', '--variant', 'tempo:actors[RUS].activity=2.5', '--set', 'horizonDays=200', '--runs', '100', ...quick);
    expect(r.code).toBe(0);
    const c = JSON.parse(r.out) as CompareSummary;
    expect(c.provenance.sets).toEqual(['horizonDays=200']);
    expect(c.provenance.horizonDays).toBe(200);
    expect(c.provenance.arms.map((a) => a.name)).toEqual(['minimal', 'minimal (2)', expect.any(String), 'tempo']);
    expect(c.provenance.arms[1]!.policyFile).toBe(other);
    expect(c.provenance.arms[1]!.scenarioHash).toBe(c.provenance.arms[3]!.scenarioHash);
    expect(results(c.arms[1]!)).toBe(results(c.arms[3]!));
    const short = join(tmp, 'minimal-short.yaml');
    writeFileSync(short, readFileSync(join(repo, MIN), 'utf8').replace('horizonDays: 365', 'horizonDays: 100'));
    await expectRefusal(
      runCli('compare', MIN, '--scenario-arm', short, '--runs', '10', '--seed', '1'),
      `error: --scenario-arm ${short}: scenario "minimal" has horizon 100 days and theatres europe; an arm must share those of "minimal" (365 days; europe)`,
    );
    await expectRefusal(runCli('compare', MIN, '--scenario-arm', join(tmp, 'none.yaml'), '--runs', '10', '--seed', '1'), 'none.yaml: file not found');
  });

  it('refuses bad variants with a message naming them (exit 1)', async () => {
    const run = (...a: string[]) => runCli('compare', MIN, ...a, '--runs', '10', '--seed', '1');
    await expectRefusal(run('--variant', 'actors[RUS].activity=2'), 'error: --variant actors[RUS].activity=2: expected NAME:PATH=VALUE');
    await expectRefusal(run('--variant', 'v:actors[RUSS].activity=2'), 'error: --variant v: actors[RUSS].activity=2: actors[RUSS]: no actor "RUSS" (did you mean "RUS"?)');
    await expectRefusal(run('--variant', 'v:actors[RUS].activity=200'), 'number must be <= 100 (got 200) [out-of-range]');
    await expectRefusal(run('--variant', 'v:'), 'expected NAME:PATH=VALUE');
    await expectRefusal(run('--variant', '\u0007bell:horizonDays=5'), 'the name "\\u0007bell" must start with a letter or digit');
    await expectRefusal(run(), 'give at least two --policy files (got 0)');
  });
});

describe('parseVariant', () => {
  it('splits at commas outside brackets', () => {
    expect(parseVariant('no-chn:enablerLinks[from=CHN,to=RUS].supplyRate=0, actors[RUS].activity=0.5')).toEqual({
      name: 'no-chn',
      texts: ['enablerLinks[from=CHN,to=RUS].supplyRate=0', 'actors[RUS].activity=0.5'],
    });
    expect(parseVariant('a b:horizonDays=5')).toEqual({ name: 'a b', texts: ['horizonDays=5'] });
    expect(parseVariant('x:a=1,,b=2')).toMatch(/expected NAME/);
    expect(parseVariant(':a=1')).toMatch(/must start with/);
    expect(parseVariant(`${'n'.repeat(41)}:a=1`)).toMatch(/at most 40/);
  });
});
