/**
 * Keyed, counter-based random numbers (MODEL.md §6).
 *
 * A draw is a pure function of (seed, trajectory, stream, counter): there is no generator state
 * to advance, so a change that draws more or fewer numbers in one mechanism never shifts a draw
 * in another, and any split of trajectories across workers or machines sees identical numbers.
 *
 * The mixer is a chain of 32-bit integer finalisers ("lowbias32", Wellons 2018, a murmur3-style
 * avalanche with measured bias ~0.17) applied to each key word in turn. Two independent chains
 * with different constants give the high 21 and low 32 bits of a 53-bit uniform double. Only
 * 32-bit integer arithmetic (Math.imul, >>>) is used, which is exact and identical on every
 * JavaScript engine; BigInt splitmix64 gave the same quality at ~8x the cost (docs/decisions.md).
 */

/** Avalanche a 32-bit integer (lowbias32). */
export function mix32(x: number): number {
  x = x >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Second, independent avalanche (different multipliers: "triple32"-style constants). */
function mix32b(x: number): number {
  x = x >>> 0;
  x ^= x >>> 17;
  x = Math.imul(x, 0xed5ad4bb);
  x ^= x >>> 11;
  x = Math.imul(x, 0xac4c1b51);
  x ^= x >>> 15;
  x = Math.imul(x, 0x31848bab);
  x ^= x >>> 14;
  return x >>> 0;
}

/** Hash a string to a 32-bit stream id (FNV-1a then avalanche); used once, at compile time. */
export function hashString32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/**
 * Stream ids: one per (mechanism, purpose). Fixed numbers, never reordered, so that adding a
 * stream never changes an existing one's draws.
 */
export const STREAM = {
  choiceClock: 101, // Exp(1) thresholds of an actor's competing-hazards clock
  choicePick: 102, // which category / action fires
  choiceTarget: 103, // which target
  detect: 201,
  attribute: 202,
  misattribute: 203,
  casualties: 204,
  partnerAttribution: 205,
  perceptionBias: 301, // drawn once per trajectory per directed pair
  redLineBias: 302,
  voteNoise: 401, // once per deliberation per member
  art4Outcome: 402,
  unilateral: 403,
  joinBelowWar: 404, // joining.ts: does a member join its attacked ally below war
  art4Nonviolent: 405, // article4.ts: does a nonviolent act prompt a request (art4NonviolentTriggerProb)
  episodeEnd: 501,
  ceasefire: 502,
  statement: 601,
  playbookTest: 602,
  spillover: 701,
  nuclear: 801,
  inject: 901,
} as const;

/** Stream ids below this have their first mixing step cached per trajectory (KeyedRandom.s1/s2). */
const STREAM_TABLE = 1024;
const STREAM_IDS = Int32Array.from(Object.values(STREAM).filter((x) => x >= 0 && x < STREAM_TABLE));
const KNOWN_STREAM = new Uint8Array(STREAM_TABLE);
for (let q = 0; q < STREAM_IDS.length; q++) KNOWN_STREAM[STREAM_IDS[q]!] = 1;

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

/**
 * A keyed random source for one (seed, trajectory). Cheap to create; holds the two pre-mixed
 * key words and their first mix with each STREAM id. `u(stream, a, b)` gives a uniform in (0,1) for the key
 * (seed, trajectory, stream, a, b). `stream` names the mechanism and purpose (see STREAM),
 * `a` is usually an actor or entity index and `b` a per-entity counter or day.
 */
export class KeyedRandom {
  readonly seed: number;
  readonly trajectory: number;
  private k1 = 0;
  private k2 = 0;
  /**
   * The first link of both chains for every STREAM id, mixed once per (seed, trajectory) at
   * rekey (performance: a draw then mixes 2 + 2 words instead of 3 + 3, with identical results;
   * a trajectory makes hundreds of draws on ~20 streams). Other stream ids are mixed per draw.
   */
  private readonly s1 = new Uint32Array(STREAM_TABLE);
  private readonly s2 = new Uint32Array(STREAM_TABLE);

  constructor(seed: number, trajectory: number) {
    if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`seed must be a non-negative safe integer, got ${seed}`);
    if (!Number.isSafeInteger(trajectory) || trajectory < 0) throw new Error(`trajectory must be a non-negative safe integer, got ${trajectory}`);
    this.seed = seed;
    this.trajectory = trajectory;
    this.rekey(seed, trajectory);
  }

  /** Re-point this source at another (seed, trajectory) without allocating. */
  rekey(seed: number, trajectory: number): void {
    const seedLo = seed % TWO_POW_32;
    const seedHi = Math.floor(seed / TWO_POW_32);
    const trLo = trajectory % TWO_POW_32;
    const trHi = Math.floor(trajectory / TWO_POW_32);
    (this as { seed: number }).seed = seed;
    (this as { trajectory: number }).trajectory = trajectory;
    this.k1 = mix32(mix32(mix32(mix32(seedLo ^ 0x9e3779b9) ^ seedHi) ^ trLo) ^ trHi);
    this.k2 = mix32b(mix32b(mix32b(mix32b(seedLo ^ 0x85ebca6b) ^ seedHi) ^ trLo) ^ trHi);
    for (let q = 0; q < STREAM_IDS.length; q++) {
      const id = STREAM_IDS[q]!;
      this.s1[id] = mix32(this.k1 ^ id);
      this.s2[id] = mix32b(this.k2 ^ id);
    }
  }

  /** Uniform in the open interval (0, 1), 53 bits, for key (stream, a, b). */
  u(stream: number, a: number, b: number): number {
    let m1: number, m2: number;
    if (stream >= 0 && stream < STREAM_TABLE && KNOWN_STREAM[stream] === 1) {
      m1 = this.s1[stream]!;
      m2 = this.s2[stream]!;
    } else {
      m1 = mix32(this.k1 ^ stream);
      m2 = mix32b(this.k2 ^ stream);
    }
    const h1 = mix32(mix32(m1 ^ a) ^ b);
    const h2 = mix32b(mix32b(m2 ^ a) ^ b);
    // 21 high bits from h1, 32 low bits from h2 -> integer in [0, 2^53); shift into (0,1).
    return ((h1 >>> 11) * TWO_POW_32 + h2 + 0.5) / TWO_POW_53;
  }
}

// Acklam's coefficients (module constants: array literals inside the function were allocated on
// every call, ~250 calls per trajectory reset).
const NA = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239] as const;
const NB = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1] as const;
const NC = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783] as const;
const ND = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416] as const;

/** Standard normal by inverse CDF (Acklam's rational approximation, |rel err| < 1.2e-9). */
export function normalFromUniform(p: number): number {
  const a = NA, b = NB, c = NC, d = ND;
  const pLow = 0.02425;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - pLow) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** Exponential(1) from a uniform in (0,1). */
export function exp1FromUniform(u: number): number {
  return -Math.log(u);
}
