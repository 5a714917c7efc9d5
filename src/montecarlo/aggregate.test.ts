import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EVENTS, PATHWAY_EXAMPLES, RunAggregate, keepExample, weeksForHorizon, type AggregateSpec } from './aggregate.js';
import { CompareAggregate } from './compare-aggregate.js';
import { syntheticTrajectory } from './synthetic.js';
import { fixedAdd, fixedBigInt, fixedValue } from './fixed-sum.js';
import type { TrajectoryResult } from '../engine/types.js';

const SPEC: AggregateSpec = { theatreIds: ['europe', 'indo-pacific'], horizonDays: 730, weeks: weeksForHorizon(730) };
const N = 120;
const RESULTS: TrajectoryResult[] = Array.from({ length: N }, (_, k) => syntheticTrajectory(7, k));

function aggregateOf(rs: TrajectoryResult[]): RunAggregate {
  const a = new RunAggregate(SPEC);
  for (const r of rs) a.add(r);
  return a;
}

/** Split indices 0..n-1 into contiguous pieces at the given cut points. */
function pieces<T>(xs: T[], cuts: number[]): T[][] {
  const cs = [...new Set(cuts.map((c) => c % (xs.length + 1)))].sort((a, b) => a - b);
  const out: T[][] = [];
  let prev = 0;
  for (const c of cs) {
    out.push(xs.slice(prev, c));
    prev = c;
  }
  out.push(xs.slice(prev));
  return out;
}

describe('fixed-point sums', () => {
  it('are exact and order-independent where floating sums are not', () => {
    const xs = [1e15, 0.1, -1e15, 0.2, 0.3, 1e-7, 123456.789];
    const a = new Float64Array(2);
    const b = new Float64Array(2);
    for (const x of xs) fixedAdd(a, 0, x, 1e6);
    for (const x of [...xs].reverse()) fixedAdd(b, 0, x, 1e6);
    expect(fixedBigInt(a, 0)).toBe(fixedBigInt(b, 0));
    expect(fixedValue(a, 0, 1e6)).toBeCloseTo(123457.389, 6);
  });
  it('carry between limbs beyond 2^53 quanta', () => {
    const a = new Float64Array(2);
    for (let i = 0; i < 3000; i++) fixedAdd(a, 0, 1e10, 1e6); // 3e19 quanta > 2^53
    expect(fixedBigInt(a, 0)).toBe(3000n * 10n ** 16n);
  });
});

describe('RunAggregate', () => {
  it('counts what it was given', () => {
    const a = aggregateOf(RESULTS);
    expect(a.runs).toBe(N);
    const drawn = RESULTS.filter((r) => r.outcome.drawnIn).length;
    expect(a.data[a.layout.eventCount]).toBe(drawn);
    const costSum = fixedValue(a.data, a.layout.metricSum + 4 * 3, 1e6);
    const direct = RESULTS.reduce((s, r) => s + r.outcome.costTotal, 0);
    expect(costSum).toBeCloseTo(direct, 3);
    const paths = RESULTS.filter((r) => r.outcome.pathway !== '').length;
    expect([...a.pathways.values()].reduce((s, x) => s + x, 0)).toBe(paths);
  });

  it('merges to the identical aggregate for any split (property)', () => {
    const whole = aggregateOf(RESULTS).canonical();
    fc.assert(
      fc.property(fc.array(fc.nat(N), { maxLength: 12 }), fc.boolean(), (cuts, reverse) => {
        const parts = pieces(RESULTS, cuts).map(aggregateOf);
        if (reverse) parts.reverse();
        const total = new RunAggregate(SPEC);
        for (const p of parts) total.merge(p);
        expect(total.canonical()).toEqual(whole);
      }),
      { numRuns: 60 },
    );
  });

  it('merge is associative: (a+b)+c = a+(b+c) (property)', () => {
    fc.assert(
      fc.property(fc.nat(N), fc.nat(N), (x, y) => {
        const [i, j] = x < y ? [x, y] : [y, x];
        const A = () => aggregateOf(RESULTS.slice(0, i));
        const B = () => aggregateOf(RESULTS.slice(i, j));
        const C = () => aggregateOf(RESULTS.slice(j));
        const left = A();
        left.merge(B());
        left.merge(C());
        const bc = B();
        bc.merge(C());
        const right = A();
        right.merge(bc);
        expect(left.canonical()).toEqual(right.canonical());
      }),
      { numRuns: 30 },
    );
  });

  it('survives a transfer round trip', () => {
    const a = aggregateOf(RESULTS.slice(0, 30));
    const t = a.toTransfer();
    const b = RunAggregate.fromTransfer(SPEC, structuredClone({ data: t.data, pathways: t.pathways, pathwayExamples: t.pathwayExamples }));
    expect(b.canonical()).toEqual(a.canonical());
  });

  it('keeps, per pathway, the smallest trajectory indices in which it happened, with the day (D54)', () => {
    const a = aggregateOf(RESULTS);
    // A scan of the results, as brink run --list would do it.
    const scan = new Map<string, number[]>();
    for (const r of RESULTS) {
      if (r.outcome.pathway === '') continue;
      const l = scan.get(r.outcome.pathway) ?? [];
      if (l.length < 2 * PATHWAY_EXAMPLES) l.push(r.trajectory, r.outcome.pathwayDay);
      scan.set(r.outcome.pathway, l);
    }
    expect(new Map(a.pathwayExamples)).toEqual(scan);
    expect([...scan.values()].some((l) => l.length === 2 * PATHWAY_EXAMPLES)).toBe(true);
    expect([...scan.values()].some((l) => l.length < 2 * PATHWAY_EXAMPLES)).toBe(true);
  });

  it('keeps the same examples whatever order the trajectories come in (property)', () => {
    const whole = aggregateOf(RESULTS).canonical();
    fc.assert(
      fc.property(fc.shuffledSubarray(RESULTS, { minLength: N, maxLength: N }), (shuffled) => {
        expect(aggregateOf(shuffled).canonical()).toEqual(whole);
      }),
      { numRuns: 10 },
    );
  });

  it('keepExample: the k smallest distinct indices of all offers, any order (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(50), { maxLength: 30 }), (ks) => {
        const list: number[] = [];
        for (const k of ks) keepExample(list, k, 1000 + k);
        const want = [...new Set(ks)].sort((x, y) => x - y).slice(0, PATHWAY_EXAMPLES).flatMap((k) => [k, 1000 + k]);
        expect(list).toEqual(want);
      }),
    );
  });

  it('refuses to merge different scenarios', () => {
    const a = new RunAggregate(SPEC);
    const b = new RunAggregate({ ...SPEC, theatreIds: ['europe'] });
    expect(() => a.merge(b)).toThrow(/different scenarios/);
  });

  it('keeps a fixed-size state: the same buffer after any number of runs (no per-run lists)', () => {
    // Heap sampling is too noisy for a test; the flat-RSS check lives in `npm run bench`.
    const a = new RunAggregate(SPEC);
    const buffer = a.data;
    const length = a.data.length;
    for (let i = 0; i < 20000; i++) a.add(RESULTS[i % N]!);
    expect(a.runs).toBe(20000);
    expect(a.data).toBe(buffer);
    expect(a.data.length).toBe(length);
    const distinct = new Set(RESULTS.map((r) => r.outcome.pathway).filter((p) => p !== ''));
    expect(a.pathways.size).toBe(distinct.size);
  });
});

describe('CompareAggregate', () => {
  const arms = (k: number) => [syntheticTrajectory(7, k), syntheticTrajectory(7, k, { risk: 1.3 })];
  const cmpOf = (ks: number[]) => {
    const c = new CompareAggregate(SPEC, 2);
    for (const k of ks) c.add(arms(k));
    return c;
  };
  it('merges exactly for any split (property)', () => {
    const ks = Array.from({ length: 60 }, (_, k) => k);
    const whole = cmpOf(ks);
    fc.assert(
      fc.property(fc.array(fc.nat(60), { maxLength: 8 }), (cuts) => {
        const total = new CompareAggregate(SPEC, 2);
        for (const p of pieces(ks, cuts)) total.merge(cmpOf(p));
        expect(Array.from(total.paired)).toEqual(Array.from(whole.paired));
        expect(total.arms[1]!.canonical()).toEqual(whole.arms[1]!.canonical());
      }),
      { numRuns: 30 },
    );
  });
  it('pairs each binary outcome with the same outcome of the per-arm counts (margins match)', () => {
    const c = cmpOf(Array.from({ length: 80 }, (_, k) => k));
    const P = c.pairedLayout;
    const L = c.arms[0]!.layout;
    const count = (arm: number, b: number) => c.arms[arm]!.data[b < EVENTS.length ? L.eventCount + b : L.rung4 + (b - EVENTS.length)]!;
    let some = 0;
    for (let b = 0; b < P.binaryKeys.length; b++) {
      const [n11, n10, n01] = [c.paired[4 * b]!, c.paired[4 * b + 1]!, c.paired[4 * b + 2]!];
      expect(n11 + n10, P.binaryKeys[b]).toBe(count(0, b));
      expect(n11 + n01, P.binaryKeys[b]).toBe(count(1, b));
      some += count(0, b);
    }
    expect(some).toBeGreaterThan(0);
  });
  it('has no discordant pairs and zero sums against itself', () => {
    const c = new CompareAggregate(SPEC, 2);
    for (let k = 0; k < 50; k++) c.add([syntheticTrajectory(7, k), syntheticTrajectory(7, k)]);
    const P = c.pairedLayout;
    for (let b = 0; b < P.binaryKeys.length; b++) {
      expect(c.paired[4 * b + 1]).toBe(0);
      expect(c.paired[4 * b + 2]).toBe(0);
    }
    for (let i = P.binaryBlock; i < P.perArm; i++) expect(c.paired[i]).toBe(0);
  });
});

describe('RunAggregate input checks', () => {
  it('names a non-finite outcome field', () => {
    const a = new RunAggregate(SPEC);
    const r = syntheticTrajectory(7, 1);
    expect(() => a.add({ ...r, outcome: { ...r.outcome, costRisk: NaN } })).toThrow('Outcome.costRisk is NaN');
  });
});

describe('RunAggregate per alliance and dyad (D26)', () => {
  const SPEC2: AggregateSpec = { ...SPEC, weeks: 0, allianceIds: ['NATO', 'USPAC'], dyadKeys: ['USA-CHN', 'USA-RUS'], defaultFocal: 'NATO' };
  const RS = Array.from({ length: 150 }, (_, k) => syntheticTrajectory(3, k, { series: false, allianceIds: ['NATO', 'USPAC'], dyadKeys: ['USA-CHN', 'USA-RUS'] }));
  const agg = (rs: TrajectoryResult[]) => {
    const a = new RunAggregate(SPEC2);
    for (const r of rs) a.add(r);
    return a;
  };

  it('counts each alliance\'s events and sums its costs, and each dyad', () => {
    const a = agg(RS);
    const [nato, uspac] = a.layout.alliances;
    const count = (q: number, f: (o: TrajectoryResult['outcome'], q: number) => boolean) => RS.filter((r) => f(r.outcome, q)).length;
    expect(a.data[uspac!.eventCount]).toBe(count(1, (o, q) => o.byAlliance.drawnInDay[q]! >= 0));
    expect(a.data[uspac!.eventCount + 2]).toBe(count(1, (o, q) => o.byAlliance.art5Day[q]! >= 0));
    // The default focal's block equals the top-level slots (synthetic alliance 0 mirrors the top level).
    expect(a.data[nato!.eventCount]).toBe(a.data[a.layout.eventCount]);
    expect(fixedValue(a.data, uspac!.metricSum + 4 * 3, 1e6)).toBeCloseTo(RS.reduce((s, r) => s + r.outcome.byAlliance.costTotal[1]!, 0), 3);
    expect(a.data[a.layout.dyads[0]!.count]).toBe(RS.filter((r) => r.outcome.dyads.day[0]! >= 0).length);
    expect(a.data[a.layout.dyads[0]!.count]).toBeGreaterThan(0);
  });

  it('merges to the identical aggregate for any split (property)', () => {
    const whole = agg(RS).canonical();
    fc.assert(
      fc.property(fc.array(fc.nat(RS.length), { maxLength: 6 }), (cuts) => {
        const parts = pieces(RS, cuts).map(agg);
        const total = new RunAggregate(SPEC2);
        for (const p of parts.reverse()) total.merge(p);
        expect(total.canonical()).toEqual(whole);
      }),
      { numRuns: 25 },
    );
  });

  it('refuses to merge aggregates with other alliances or dyads, and an outcome with another number of alliances', () => {
    const other = new RunAggregate({ ...SPEC2, allianceIds: ['NATO'] });
    expect(() => agg(RS.slice(0, 2)).merge(other)).toThrow(/alliances/);
    const one = syntheticTrajectory(3, 0, { series: false, allianceIds: ['NATO'], dyadKeys: ['USA-CHN', 'USA-RUS'] });
    expect(() => new RunAggregate(SPEC2).add(one)).toThrow(/byAlliance has 1 alliances, the aggregate 2/);
  });
});
