import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { applyPolicy } from '../scenario/policy.js';
import { loadPolicyFile, loadScenarioFile } from '../scenario/load.js';
import type { Scenario } from '../scenario/index.js';
import { CompareAggregate } from './compare-aggregate.js';
import { inlineExecutor } from './executor.js';
import { fixedBigInt } from './fixed-sum.js';
import type { Job } from './job.js';
import { poolExecutor } from './pool-node.js';
import { StateProbe, type ProbeEntry } from './state-probe.js';

const ENTRIES: ProbeEntry[] = [
  { key: 'stockpile.A', label: 'stockpile A', unit: 'days' },
  { key: 'pressure.A', label: 'domestic pressure A', unit: '' },
  { key: 'aid.B', label: 'aid to B', unit: '' },
];

/** A deterministic pseudo-digest of trajectory k under arm j (arm 2 equals arm 0). */
function digest(j: number, k: number): Float64Array {
  const u = ((k * 2654435761) % 1000) / 1000;
  const shift = j === 1 ? 1 : 0;
  return Float64Array.from([90 + 300 * u + 425 * shift, u / 3 + 0.01 * shift * u, 1 / 3 + u]);
}

function probeOf(ks: number[]): StateProbe {
  const p = new StateProbe(ENTRIES, 3);
  for (const k of ks) p.add([digest(0, k), digest(1, k), digest(2, k)]);
  return p;
}

describe('StateProbe', () => {
  it('merges to the identical integers for any split (property)', () => {
    const ks = Array.from({ length: 50 }, (_, k) => k);
    const whole = probeOf(ks);
    fc.assert(
      fc.property(fc.array(fc.nat(50), { maxLength: 6 }), (cuts) => {
        const sorted = [...new Set(cuts)].sort((a, b) => a - b);
        const total = new StateProbe(ENTRIES, 3);
        let at = 0;
        for (const c of [...sorted, 50]) {
          total.merge(probeOf(ks.slice(at, c)).data);
          at = c;
        }
        expect(Array.from(total.data)).toEqual(Array.from(whole.data));
      }),
      { numRuns: 40 },
    );
  });

  it('sums each arm and the paired differences; exactly zero against an identical arm', () => {
    const ks = Array.from({ length: 40 }, (_, k) => k);
    const p = probeOf(ks);
    const sum = (j: number, l: number) => ks.reduce((s, k) => s + Math.round(digest(j, k)[l]! * 1e6), 0);
    for (let l = 0; l < ENTRIES.length; l++) {
      expect(fixedBigInt(p.data, p.sumAt(0, l))).toBe(BigInt(sum(0, l)));
      expect(fixedBigInt(p.data, p.sumAt(1, l))).toBe(BigInt(sum(1, l)));
      // Arm 2 is arm 0: its Σd and Σd² are exactly zero.
      expect(fixedBigInt(p.data, p.pairedAt(2, l))).toBe(0n);
      expect(fixedBigInt(p.data, p.pairedAt(2, l) + 2)).toBe(0n);
    }
    // Arm 1 moved the stockpile by exactly 425 in every run, and left aid alone.
    expect(fixedBigInt(p.data, p.pairedAt(1, 0))).toBe(BigInt(425e6 * ks.length));
    expect(fixedBigInt(p.data, p.pairedAt(1, 2) + 2)).toBe(0n);
  });

  it('refuses digests or transfers of the wrong shape', () => {
    const p = new StateProbe(ENTRIES, 3);
    expect(() => p.add([digest(0, 1), digest(1, 1)])).toThrow(/expected 3 state digests/);
    expect(() => p.merge(new Float64Array(4))).toThrow(/differ in size/);
    expect(() => new StateProbe(ENTRIES, 3, new Float64Array(5))).toThrow(/expected/);
  });

  it('is empty and free when there are no entries (an engine without a state digest)', () => {
    const p = new StateProbe([], 4);
    expect(p.data.length).toBe(0);
    p.add([]);
    p.merge(new Float64Array(0));
  });
});

describe('state probe of a real comparison', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const { scenario } = loadScenarioFile(`${root}scenarios/stray-missile.yaml`);
  const arm = (file: string): Scenario => applyPolicy(scenario!, loadPolicyFile(`${root}scenarios/policies/${file}`).policyFile!);
  const job: Job = { kind: 'compare', arms: [arm('status-quo.yaml'), arm('aid-fast.yaml'), arm('art4-often.yaml')], seed: 6, runs: 96, chunkSize: 1 };
  const pools: ReturnType<typeof poolExecutor>[] = [];
  afterAll(async () => {
    for (const p of pools) await p.close();
  });

  it('is identical inline and on 2 workers, for any chunk size', async () => {
    const a = (await inlineExecutor().execute(job)).aggregate as CompareAggregate;
    const b = (await inlineExecutor().execute({ ...job, chunkSize: 40 })).aggregate as CompareAggregate;
    const pool = poolExecutor({ workers: 2 });
    pools.push(pool);
    const c = (await pool.execute({ ...job, chunkSize: 7 })).aggregate as CompareAggregate;
    expect(a.probe.length).toBeGreaterThan(100);
    expect(c.probe.entries.map((e) => e.key)).toEqual(a.probe.entries.map((e) => e.key));
    expect(Array.from(b.probe.data)).toEqual(Array.from(a.probe.data));
    expect(Array.from(c.probe.data)).toEqual(Array.from(a.probe.data));
    // The aid lever moves the aid level to the partner (which this scenario has).
    const aid = a.probe.entries.findIndex((e) => e.key === 'aid.UKR');
    expect(fixedBigInt(a.probe.data, a.probe.pairedAt(1, aid) + 2)).toBeGreaterThan(0n);
  });

  it('is left out when the job says so (the cost measurement)', async () => {
    const off = (await inlineExecutor().execute({ ...job, runs: 4, stateProbe: false })).aggregate as CompareAggregate;
    expect(off.probe.length).toBe(0);
    expect(off.probe.data.length).toBe(0);
  });
});
