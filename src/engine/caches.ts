/**
 * Types of the structures State keeps for the mechanisms that build them on first use (State's
 * `choiceScratch`, `cohesionPlan`, …). A file of its own so that state.ts and the mechanism
 * modules can both name them without importing each other.
 */

/** choice.ts: scratch buffers per State (allocated once, reused). */
export interface Scratch {
  pHatGen: Int32Array; // generation stamp per bloc
  pHatVal: Float64Array; // P̂ per bloc
  expoVal: Float64Array; // exposure per bloc
  gen: number;
  kCount: Float64Array; // per target kind
  kVuln: Float64Array;
  kHost: Float64Array;
  kRisk: Float64Array; // mean P̂·exposure
  kRetal: Float64Array;
  kAlliance: Float64Array; // per kind × alliance: candidate counts (for playbook strength)
  kcU: Float64Array; // per kind × category: the utility terms shared by every action of that pair
  kcGen: Int32Array; // generation stamp of kcU
  /**
   * Per agent slot, its choosable actions packed row by row (performance: one contiguous row per
   * action instead of a dozen per-action columns; docs/performance.md). Static per scenario.
   * Integer columns (ATI_*) and float columns (ATF_*), stride AT_STRIDE.
   */
  actI: Int32Array[];
  actF: Float64Array[];
  /** Per action row of the agent being recomputed: exp's argument κ·u (0 if not open), then e^(κ·u). */
  rowArg: Float64Array;
  rowOpen: Uint8Array;
  /** Out-parameters and buffers of single calls (no value survives the call): responseProbability's exposure, candidates' list, chooseTarget's weights. */
  /** accumulateN's summed vulnerability, hostility and risk of the candidates it adds (choice.ts). */
  acc: Float64Array;
  expoOut: { expo: number };
  cand: { list: ArrayLike<number>; offset: number; count: number };
  targetW: Float64Array;
  /**
   * chooseTarget's static candidate lists, built on first use from the scenario alone: per actor
   * and hostile member/rival kind with its reach (index (i·2 + member?0:1)·3 + reach), the rivals
   * that pass the static tests (an alliance where they meet for a member kind, the reach bits) and
   * each one's static weight factor (1 + targetProximityWeight across a border, else 1).
   */
  targets: ({ j: Int32Array; mult: Float64Array } | null)[];
}

/** cohesion.ts, per alliance: the members it steps (each actor once, by its first alliance) and its share below the spending norm. */
export interface CohesionPlan {
  own: Int32Array[];
  belowShare: Float64Array;
}
