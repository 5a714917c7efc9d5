/**
 * Mergeable aggregate of a policy comparison with common random numbers (MODEL.md §6).
 *
 * Trajectory k of every arm runs with keyed random numbers (seed, k), so the arms see the same
 * world wherever their policies do not differ, and differences are estimated on pairs. Per arm
 * we keep a full RunAggregate (so each arm gets its own complete summary) and, for every arm
 * after the first, the paired statistics against arm 0:
 *
 * - binary outcomes: the paired 2×2 counts n11, n10, n01, n00 (arm 0 × arm j);
 * - real-valued metrics: exact fixed-point sums of d = x_j − x_0 and of d².
 *
 * Like RunAggregate, everything is an integer, so chunks merge exactly in any order.
 *
 * Beside them, the state probe (state-probe.ts): the engine's end-of-trajectory state digest per
 * arm and paired to arm 0, so that an arm that moves no outcome can name the state it moved (D29).
 * It is empty (no entries) for an engine that gives no digest.
 */
import type { TrajectoryResult } from '../engine/types.js';
import type { Outcome } from '../engine/types.js';
import { ALLIANCE_EVENTS, ALLIANCE_METRICS, EVENTS, METRICS, RunAggregate, createLayout, eventHappened, type AggregateLayout, type AggregateSpec, type AggregateTransfer } from './aggregate.js';
import { FIXED_SCALE, fixedAdd, fixedNormalize } from './fixed-sum.js';
import { StateProbe, type ProbeEntry } from './state-probe.js';

/** Layout of the paired block of one arm (j ≥ 1). */
export interface PairedLayout {
  /**
   * Binary outcomes: EVENTS, then rung ≥ 4 per theatre ("rung4.<theatre>"), then per
   * collective-defence alliance its ALLIANCE_EVENTS ("<alliance>.<event>"), then per dyad
   * ("dyad.<key>").
   */
  binaryKeys: string[];
  /** Real metrics: METRICS order, then per alliance its ALLIANCE_METRICS ("<alliance>.<metric>"). */
  metricKeys: string[];
  /** Where the per-alliance binaries and metrics start. */
  allianceBinary0: number;
  dyadBinary0: number;
  allianceMetric0: number;
  /** Per arm: binary b counts at offset(j) + 4b: n11, n10, n01, n00. */
  binaryBlock: number;
  /** Per arm: metric m sum of d at offset(j) + binaryBlock + 4m, sum of d² at +2. */
  perArm: number;
}

export function createPairedLayout(spec: AggregateSpec): PairedLayout {
  const als = spec.allianceIds ?? [];
  const binaryKeys = [
    ...EVENTS.map((e) => e.key as string),
    ...spec.theatreIds.map((t) => `rung4.${t}`),
    ...als.flatMap((a) => ALLIANCE_EVENTS.map((e) => `${a}.${e.key}`)),
    ...(spec.dyadKeys ?? []).map((k) => `dyad.${k}`),
  ];
  const metricKeys = [...METRICS.map((m) => m.key as string), ...als.flatMap((a) => ALLIANCE_METRICS.map((m) => `${a}.${m.key}`))];
  const binaryBlock = 4 * binaryKeys.length;
  const allianceBinary0 = EVENTS.length + spec.theatreIds.length;
  return {
    binaryKeys,
    metricKeys,
    allianceBinary0,
    dyadBinary0: allianceBinary0 + als.length * ALLIANCE_EVENTS.length,
    allianceMetric0: METRICS.length,
    binaryBlock,
    perArm: binaryBlock + 4 * metricKeys.length,
  };
}

export interface CompareTransfer {
  arms: AggregateTransfer[];
  paired: Float64Array;
  /** The state probe's slots (state-probe.ts); its entries are fixed by the job, not sent. */
  probe: Float64Array;
}

export class CompareAggregate {
  readonly layout: AggregateLayout;
  readonly pairedLayout: PairedLayout;
  readonly arms: RunAggregate[];
  /** (arms − 1) blocks of pairedLayout.perArm slots. */
  readonly paired: Float64Array;
  /** End-of-trajectory state per arm and paired to arm 0 (no entries when the engine gives no digest). */
  readonly probe: StateProbe;
  /** Scratch: binary outcomes of arm 0 for the current trajectory (no allocation per trajectory). */
  private readonly base: Uint8Array;
  private readonly cur: Uint8Array;

  constructor(spec: AggregateSpec | AggregateLayout, nArms: number, transfer?: CompareTransfer, probeEntries: readonly ProbeEntry[] = []) {
    if (nArms < 1) throw new Error('a comparison needs at least one arm');
    this.layout = 'length' in spec ? spec : createLayout(spec);
    this.pairedLayout = createPairedLayout(this.layout.spec);
    this.arms = [];
    for (let j = 0; j < nArms; j++) {
      const t = transfer?.arms[j];
      this.arms.push(t ? RunAggregate.fromTransfer(this.layout, t) : new RunAggregate(this.layout));
    }
    const n = (nArms - 1) * this.pairedLayout.perArm;
    if (transfer && transfer.paired.length !== n) throw new Error(`paired block has ${transfer.paired.length} slots, expected ${n}`);
    this.paired = transfer ? transfer.paired : new Float64Array(n);
    this.probe = new StateProbe(probeEntries, nArms, transfer?.probe);
    this.base = new Uint8Array(this.pairedLayout.binaryKeys.length);
    this.cur = new Uint8Array(this.pairedLayout.binaryKeys.length);
  }

  get runs(): number {
    return this.arms[0]!.runs;
  }

  private binaries(r: TrajectoryResult, out: Uint8Array): void {
    const o = r.outcome;
    // Same rule and order as RunAggregate (EVENTS), so the paired rows line up with the per-arm ones.
    for (let e = 0; e < EVENTS.length; e++) out[e] = eventHappened(EVENTS[e]!, o) ? 1 : 0;
    const ids = this.layout.spec.theatreIds;
    for (let t = 0; t < ids.length; t++) out[EVENTS.length + t] = (o.maxRung[ids[t]!] ?? 0) >= 4 ? 1 : 0;
    const P = this.pairedLayout;
    const nA = (P.dyadBinary0 - P.allianceBinary0) / ALLIANCE_EVENTS.length;
    const b = o.byAlliance;
    for (let q = 0; q < nA; q++)
      for (let e = 0; e < ALLIANCE_EVENTS.length; e++) out[P.allianceBinary0 + q * ALLIANCE_EVENTS.length + e] = b[ALLIANCE_EVENTS[e]!.day][q]! >= 0 ? 1 : 0;
    for (let k = P.dyadBinary0; k < out.length; k++) out[k] = o.dyads.day[k - P.dyadBinary0]! >= 0 ? 1 : 0;
  }

  /** Metric i of pairedLayout.metricKeys in outcome o. */
  private metric(o: Outcome, i: number): number {
    if (i < METRICS.length) return o[METRICS[i]!.field] as number;
    const r = i - METRICS.length;
    const q = Math.floor(r / ALLIANCE_METRICS.length);
    return o.byAlliance[ALLIANCE_METRICS[r - q * ALLIANCE_METRICS.length]!.field][q]!;
  }

  /**
   * Fold in trajectory k of every arm (results[j] = arm j, all run with the same (seed, k)), and
   * its state digests (digests[j] = arm j's; required when the probe has entries).
   */
  add(results: readonly TrajectoryResult[], digests?: readonly Float64Array[]): void {
    if (results.length !== this.arms.length) throw new Error(`expected ${this.arms.length} arm results, got ${results.length}`);
    const r0 = results[0]!;
    for (let j = 0; j < results.length; j++) {
      const r = results[j]!;
      if (r.trajectory !== r0.trajectory || r.seed !== r0.seed) throw new Error('compare arms must share (seed, trajectory)');
      this.arms[j]!.add(r);
    }
    this.binaries(r0, this.base);
    const P = this.pairedLayout;
    const p = this.paired;
    const o0 = r0.outcome;
    for (let j = 1; j < results.length; j++) {
      const rj = results[j]!;
      this.binaries(rj, this.cur);
      const off = (j - 1) * P.perArm;
      for (let b = 0; b < this.base.length; b++) {
        // n11, n10, n01, n00 with the first index for arm 0.
        const cell = this.base[b] === 1 ? (this.cur[b] === 1 ? 0 : 1) : this.cur[b] === 1 ? 2 : 3;
        p[off + 4 * b + cell]!++;
      }
      const oj = rj.outcome;
      for (let m = 0; m < P.metricKeys.length; m++) {
        // Difference of the quantized values, so that d is exactly 0 when the arms agree.
        const dq = Math.round(this.metric(oj, m) * FIXED_SCALE) - Math.round(this.metric(o0, m) * FIXED_SCALE);
        const dv = dq / FIXED_SCALE;
        const at = off + P.binaryBlock + 4 * m;
        fixedAdd(p, at, dv, FIXED_SCALE);
        fixedAdd(p, at + 2, dv * dv, FIXED_SCALE);
      }
    }
    if (this.probe.length > 0) {
      if (digests === undefined) throw new Error('this comparison probes the state: give each arm\'s state digest');
      this.probe.add(digests);
    }
  }

  merge(other: CompareAggregate | CompareTransfer): void {
    if (other.arms.length !== this.arms.length) throw new Error('cannot merge comparisons with different numbers of arms');
    for (let j = 0; j < this.arms.length; j++) this.arms[j]!.merge(other.arms[j]!);
    const p = this.paired;
    const q = other.paired;
    if (q.length !== p.length) throw new Error('paired blocks differ in size');
    for (let i = 0; i < p.length; i++) p[i] = p[i]! + q[i]!;
    const P = this.pairedLayout;
    for (let j = 1; j < this.arms.length; j++) {
      const off = (j - 1) * P.perArm + P.binaryBlock;
      for (let m = 0; m < P.metricKeys.length; m++) {
        fixedNormalize(p, off + 4 * m);
        fixedNormalize(p, off + 4 * m + 2);
      }
    }
    this.probe.merge(other instanceof CompareAggregate ? other.probe.data : other.probe);
  }

  toTransfer(): CompareTransfer {
    return { arms: this.arms.map((a) => a.toTransfer()), paired: this.paired, probe: this.probe.data };
  }
}
