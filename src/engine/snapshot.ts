/**
 * Snapshots of a trajectory in progress (docs/model.md "Snapshots and branches", D40): the
 * complete State at the start of a day, versioned and JSON-serialisable, and resuming from it.
 * Resuming reproduces the uninterrupted trajectory bit for bit (trace, outcome and series).
 *
 * The serialiser knows no State field by name. It walks the State's own fields (and those of the
 * objects it holds: the random source, the event log, the scheduler, the trace book) and encodes
 * numbers (NaN, ±Infinity and −0 tagged), strings, booleans, null, typed arrays (little-endian
 * bytes in base64), arrays, Maps, Sets and nested objects. A field of any other kind (a function,
 * a bigint, a class instance it cannot rebuild) throws, and the round-trip test of snapshot.test.ts
 * fails when State gains one. Only the differences to a freshly constructed State of the same
 * scenario are written (its static tables never are), so a snapshot is small, and a branch whose
 * policy changed a static table (State.pbFlat) gets the changed one.
 *
 * Not written: `sc` and `p` (the compiled scenario, bound by the scenario hash) and the caches
 * that mechanisms build on first use from the scenario alone (CACHE_FIELDS): they are rebuilt with
 * identical values. Restoring validates a snapshot as untrusted input: the header (format, engine
 * version, scenario hash, day), every field against the kind and size of the same field of a fresh
 * State, no key that is not a field of it (so no `__proto__`), bounded nesting, and the counters
 * of the growable pools within their buffers.
 *
 * Synchronous, no I/O: runs unchanged in the browser.
 */
import { ENGINE_VERSION } from '../model/version.js';
import type { CompiledScenario } from '../scenario/compiled.js';
import { Explain } from './explain-book.js';
import type { Simulator } from './simulator.js';
import { N_CATEGORIES, N_TK, State } from './state.js';
import type { RunOptions, TrajectoryResult } from './types.js';

/** The snapshot format; bump when the encoding (not the State) changes. */
export const SNAPSHOT_FORMAT = 'brink/snapshot@1';

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Snapshot {
  format: typeof SNAPSHOT_FORMAT;
  /** The engine that took it: a snapshot resumes only on the same engine version. */
  engineVersion: string;
  /** The scenario it is a state of (CompiledScenario.hash). */
  scenarioHash: string;
  seed: number;
  trajectory: number;
  /** The state at the start of this day, before any of its steps. */
  day: number;
  /** Taken from a traced run: it holds the decision and reason book, so a resumed run can trace. */
  traced: boolean;
  /** The weekly series so far, if the run kept one (encoded). */
  series: Json;
  /** The State's fields that differ from a fresh State of the scenario (encoded). */
  state: { [field: string]: Json };
}

/** Error of a snapshot that cannot be resumed here; the message names the field. */
export class SnapshotError extends Error {}

/** State fields never written: the scenario itself, and caches rebuilt from it on first use. */
const SCENARIO_FIELDS = new Set(['sc', 'p']);
export const CACHE_FIELDS: ReadonlySet<string> = new Set([
  'choiceScratch', 'cohesionPlan', 'movers', 'memberPowerSums', 'alliancePowerVersion', 'warScratch', 'dailyScanLog', 'dailyScanNextEnd',
  // Output buffers State holds for the observers (D38): the explain book is written through
  // `explain` (EXPLAIN_FIELD), the weekly series through `series` of the snapshot, and the reused
  // outcome arrays are written only when a trajectory completes.
  'explainBook', 'series', 'outAlliance', 'outDyads',
]);
/** The trace book: written when the run traced; restored only into a traced resume. */
const EXPLAIN_FIELD = 'explain';

/** Bounds of untrusted input. */
export const SNAPSHOT_LIMITS = { depth: 24, typedArrayElements: 1 << 26, arrayElements: 1 << 24 } as const;

// ---------------------------------------------------------------- encoding

const TYPED = {
  Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array, Uint8ClampedArray,
} as const;
type TypedName = keyof typeof TYPED;
type AnyTyped = InstanceType<(typeof TYPED)[TypedName]>;

function typedName(v: unknown): TypedName | null {
  if (!ArrayBuffer.isView(v) || v instanceof DataView) return null;
  const name = v.constructor.name;
  return name in TYPED ? (name as TypedName) : null;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The elements' bytes, little-endian on any machine. */
function leBytes(a: AnyTyped): Uint8Array {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (LITTLE_ENDIAN || a.BYTES_PER_ELEMENT === 1) return bytes;
  const out = new Uint8Array(bytes.length);
  const w = a.BYTES_PER_ELEMENT;
  for (let i = 0; i < bytes.length; i += w) for (let k = 0; k < w; k++) out[i + k] = bytes[i + w - 1 - k]!;
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_INDEX[B64.charCodeAt(i)] = i;

export function base64Encode(b: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < b.length; i += 3) {
    const x = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    chunk += B64[(x >> 18) & 63]! + B64[(x >> 12) & 63]! + (i + 1 < b.length ? B64[(x >> 6) & 63]! : '=') + (i + 2 < b.length ? B64[x & 63]! : '=');
    if (chunk.length >= 8192) { parts.push(chunk); chunk = ''; }
  }
  parts.push(chunk);
  return parts.join('');
}

/** Strict base64 (padding required, no blanks); null if malformed. */
export function base64Decode(s: string): Uint8Array | null {
  if (s.length % 4 !== 0) return null;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    let x = 0;
    for (let k = 0; k < 4; k++) {
      const c = s.charCodeAt(i + k);
      const last = i + 4 === s.length;
      if (c === 61 && last && k >= 4 - pad) { x <<= 6; continue; }
      const v = c < 128 ? B64_INDEX[c]! : -1;
      if (v < 0) return null;
      x = (x << 6) | v;
    }
    out[o++] = (x >> 16) & 255;
    if (o < out.length) out[o++] = (x >> 8) & 255;
    if (o < out.length) out[o++] = x & 255;
  }
  return out;
}

function encodeNumber(x: number): Json {
  if (Number.isFinite(x) && !Object.is(x, -0)) return x;
  return { $n: Object.is(x, -0) ? '-0' : String(x) };
}

function isPlainish(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Encodes any value the State may hold; throws on a kind it cannot round-trip. `path` names it. */
export function encodeValue(v: unknown, path: string): Json {
  if (v === null) return null;
  switch (typeof v) {
    case 'number': return encodeNumber(v);
    case 'string': case 'boolean': return v;
    case 'undefined': return { $u: 1 };
    case 'object': break;
    default: throw new Error(`snapshot: ${path} is a ${typeof v}, which a snapshot cannot hold`);
  }
  const t = typedName(v);
  if (t !== null) return { $t: t, n: (v as AnyTyped).length, b64: base64Encode(leBytes(v as AnyTyped)) };
  if (ArrayBuffer.isView(v)) throw new Error(`snapshot: ${path} is a ${v.constructor.name}, which a snapshot cannot hold`);
  refuseOpaque(v, path);
  if (Array.isArray(v)) return v.map((x, i) => encodeValue(x, `${path}[${i}]`));
  if (v instanceof Map) return { $m: Array.from(v, ([k, x], i) => [encodeValue(k, `${path} key ${i}`), encodeValue(x, `${path}.get(${String(k)})`)] as Json) };
  if (v instanceof Set) return { $s: Array.from(v, (x, i) => encodeValue(x, `${path} element ${i}`)) };
  return { $o: encodeFields(v as Record<string, unknown>, null, path) };
}

/** Built-in objects whose contents are not own fields (a walk would see them empty). */
const OPAQUE = [WeakMap, WeakSet, Date, RegExp, Promise, ArrayBuffer, Error];
function refuseOpaque(v: object, path: string): void {
  for (const C of OPAQUE) if (v instanceof C) throw new Error(`snapshot: ${path} is a ${C.name}, which a snapshot cannot hold`);
}

/** An object's own fields, those equal to `ref`'s (when given) left out. */
function encodeFields(v: Record<string, unknown>, ref: Record<string, unknown> | null, path: string, skip: ReadonlySet<string> = new Set()): { [k: string]: Json } {
  const out: { [k: string]: Json } = {};
  for (const k of Object.keys(v)) {
    if (skip.has(k)) continue;
    if (k.startsWith('$') || k === '__proto__') throw new Error(`snapshot: field name ${path}.${k} is reserved`);
    const x = v[k];
    if (typeof x === 'function') throw new Error(`snapshot: ${path}.${k} is a function, which a snapshot cannot hold`);
    if (ref !== null && Object.hasOwn(ref, k) && deepEqual(x, ref[k])) continue;
    if (typeof x === 'object' && x !== null && !isPlainish(x) && typedName(x) === null && !Array.isArray(x) && !(x instanceof Map) && !(x instanceof Set)) {
      refuseOpaque(x, `${path}.${k}`);
      // A class instance (the random source, the log, …): its fields, delta to the fresh one's.
      const r = ref !== null && typeof ref[k] === 'object' && ref[k] !== null ? (ref[k] as Record<string, unknown>) : null;
      out[k] = { $o: encodeFields(x as Record<string, unknown>, r, `${path}.${k}`) };
      continue;
    }
    out[k] = encodeValue(x, `${path}.${k}`);
  }
  return out;
}

/** Exact equality (NaN equals NaN, −0 differs from 0), through typed arrays, arrays, Maps, Sets and objects. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (ArrayBuffer.isView(a)) {
    const x = a as AnyTyped, y = b as AnyTyped;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  }
  if (Array.isArray(a)) {
    const y = b as unknown[];
    if (a.length !== y.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], y[i])) return false;
    return true;
  }
  if (a instanceof Map) {
    const y = b as Map<unknown, unknown>;
    if (a.size !== y.size) return false;
    for (const [k, v] of a) if (!y.has(k) || !deepEqual(v, y.get(k))) return false;
    return true;
  }
  if (a instanceof Set) {
    const y = b as Set<unknown>;
    if (a.size !== y.size) return false;
    for (const v of a) if (!y.has(v)) return false;
    return true;
  }
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!Object.hasOwn(b, k) || !deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

// ---------------------------------------------------------------- decoding (untrusted)

const fail = (path: string, what: string): never => {
  throw new SnapshotError(`snapshot field ${path}: ${what}`);
};

function isRecord(j: unknown): j is Record<string, unknown> {
  return typeof j === 'object' && j !== null && !Array.isArray(j);
}

function tagOf(j: Record<string, unknown>): string | null {
  const keys = Object.keys(j);
  for (const k of ['$n', '$t', '$m', '$s', '$o', '$u']) if (Object.hasOwn(j, k)) {
    const allowed = k === '$t' ? ['$t', 'n', 'b64'] : [k];
    if (keys.length !== allowed.length || keys.some((x) => !allowed.includes(x))) return null;
    return k;
  }
  return null;
}

function decodeNumber(j: unknown, path: string): number {
  if (typeof j === 'number') return j;
  if (isRecord(j) && tagOf(j) === '$n') {
    switch (j.$n) {
      case 'NaN': return NaN;
      case 'Infinity': return Infinity;
      case '-Infinity': return -Infinity;
      case '-0': return -0;
    }
  }
  return fail(path, 'expected a number');
}

/**
 * Decoded typed arrays by their JSON record (performance: a branch restores one snapshot object
 * thousands of times; each decodes once). Templates: never handed out, only copied.
 */
const decodedTyped = new WeakMap<object, AnyTyped>();

/** A fresh copy of the typed array j encodes (checked as untrusted). */
function decodeTyped(j: unknown, path: string, want: TypedName | null): AnyTyped {
  return decodeTypedTemplate(j, path, want).slice();
}

function decodeTypedTemplate(j: unknown, path: string, want: TypedName | null): AnyTyped {
  if (isRecord(j)) {
    const hit = decodedTyped.get(j);
    if (hit !== undefined && (want === null || hit.constructor.name === want)) return hit;
  }
  if (!isRecord(j) || tagOf(j) !== '$t') return fail(path, `expected a typed array${want !== null ? ` (${want})` : ''}`);
  const name = j.$t, n = j.n, b64 = j.b64;
  if (typeof name !== 'string' || !Object.hasOwn(TYPED, name)) return fail(path, 'unknown typed array kind');
  if (want !== null && name !== want) return fail(path, `expected a ${want}, found a ${name}`);
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0 || n > SNAPSHOT_LIMITS.typedArrayElements) return fail(path, 'bad element count');
  if (typeof b64 !== 'string') return fail(path, 'missing data');
  const Ctor = TYPED[name as TypedName];
  const bytes = base64Decode(b64);
  if (bytes === null || bytes.length !== n * Ctor.BYTES_PER_ELEMENT) return fail(path, `data is not ${n} elements of base64`);
  const out = new Ctor(n);
  const dst = new Uint8Array(out.buffer);
  if (LITTLE_ENDIAN || Ctor.BYTES_PER_ELEMENT === 1) dst.set(bytes);
  else {
    const w = Ctor.BYTES_PER_ELEMENT;
    for (let i = 0; i < bytes.length; i += w) for (let k = 0; k < w; k++) dst[i + k] = bytes[i + w - 1 - k]!;
  }
  decodedTyped.set(j, out);
  return out;
}

/** Decodes a value with no reference shape (Map contents, elements of lists empty in a fresh State). */
function decodeFree(j: unknown, path: string, depth: number): unknown {
  if (depth > SNAPSHOT_LIMITS.depth) return fail(path, 'nested too deeply');
  if (j === null || typeof j === 'string' || typeof j === 'boolean' || typeof j === 'number') return j;
  if (Array.isArray(j)) {
    if (j.length > SNAPSHOT_LIMITS.arrayElements) return fail(path, 'too many elements');
    return j.map((x, i) => decodeFree(x, `${path}[${i}]`, depth + 1));
  }
  if (!isRecord(j)) return fail(path, 'unexpected value');
  switch (tagOf(j)) {
    case '$n': return decodeNumber(j, path);
    case '$u': return undefined;
    case '$t': return decodeTyped(j, path, null);
    case '$m': {
      const e = j.$m;
      if (!Array.isArray(e)) return fail(path, 'bad map');
      const m = new Map<unknown, unknown>();
      e.forEach((kv, i) => {
        if (!Array.isArray(kv) || kv.length !== 2) fail(`${path} entry ${i}`, 'expected [key, value]');
        const pair = kv as unknown[];
        m.set(decodeFree(pair[0], `${path} key ${i}`, depth + 1), decodeFree(pair[1], `${path} entry ${i}`, depth + 1));
      });
      return m;
    }
    case '$s': {
      const e = j.$s;
      if (!Array.isArray(e)) return fail(path, 'bad set');
      return new Set(e.map((x, i) => decodeFree(x, `${path} element ${i}`, depth + 1)));
    }
    case '$o': {
      const o = j.$o;
      if (!isRecord(o)) return fail(path, 'bad object');
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(o)) {
        if (k === '__proto__' || k === 'constructor' || k === 'prototype') fail(`${path}.${k}`, 'forbidden key');
        Object.defineProperty(out, k, { value: decodeFree(o[k], `${path}.${k}`, depth + 1), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    default: return fail(path, 'unexpected value');
  }
}

/** A copy of a fresh value (the fresh State is shared: nothing of it may end up in a running State). */
function cloneValue(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (typedName(v) !== null) return (v as AnyTyped).slice();
  if (Array.isArray(v)) return v.map(cloneValue);
  if (v instanceof Map) return new Map(Array.from(v, ([k, x]) => [cloneValue(k), cloneValue(x)]));
  if (v instanceof Set) return new Set(Array.from(v, cloneValue));
  if (isPlainish(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = cloneValue((v as Record<string, unknown>)[k]);
    return out;
  }
  throw new Error('snapshot: cannot copy a class instance');
}

/** Decodes j with the kind and size of `ref` (the fresh State's value of the field). */
function decodeLike(j: unknown, ref: unknown, path: string, depth: number): unknown {
  if (depth > SNAPSHOT_LIMITS.depth) return fail(path, 'nested too deeply');
  if (typeof ref === 'number') return decodeNumber(j, path);
  if (typeof ref === 'string') return typeof j === 'string' ? j : fail(path, 'expected a string');
  if (typeof ref === 'boolean') return typeof j === 'boolean' ? j : fail(path, 'expected a boolean');
  if (ref === null || ref === undefined) return j === null ? null : fail(path, `expected ${String(ref)}`);
  const t = typedName(ref);
  if (t !== null) {
    const a = decodeTypedTemplate(j, path, t); // a template: the caller copies it
    // A growable pool (the log, the scheduler, episodes, …) may have grown; no buffer is ever shorter.
    if (a.length < (ref as AnyTyped).length) fail(path, `has ${a.length} elements; this scenario needs at least ${(ref as AnyTyped).length}`);
    return a;
  }
  if (Array.isArray(ref)) {
    if (!Array.isArray(j)) return fail(path, 'expected a list');
    if (j.length > SNAPSHOT_LIMITS.arrayElements) return fail(path, 'too many elements');
    if (ref.length > 0 && j.length !== ref.length && typeof ref[0] === 'object' && ref[0] !== null && typedName(ref[0]) !== null && ref.every((x) => typedName(x) !== null)) {
      // Per-entity tables (one typed array per agent, …) have the scenario's size.
      return fail(path, `has ${j.length} entries; this scenario has ${ref.length}`);
    }
    return j.map((x, i) => {
      if (i >= ref.length) return decodeFree(x, `${path}[${i}]`, depth + 1);
      const v = decodeLike(x, ref[i], `${path}[${i}]`, depth + 1);
      return typedName(v) !== null ? (v as AnyTyped).slice() : v; // templates are never handed out
    });
  }
  if (ref instanceof Map || ref instanceof Set) {
    const v = decodeFree(j, path, depth);
    if (ref instanceof Map ? !(v instanceof Map) : !(v instanceof Set)) fail(path, `expected a ${ref instanceof Map ? 'Map' : 'Set'}`);
    return v;
  }
  if (!isRecord(j) || tagOf(j) !== '$o' || !isRecord(j.$o)) return fail(path, 'expected an object');
  const target = isPlainish(ref) ? (cloneValue(ref) as Record<string, unknown>) : null;
  if (target === null) return fail(path, 'cannot rebuild this object');
  decodeFieldsInto(target, j.$o, ref as Record<string, unknown>, path, depth + 1);
  return target;
}

/**
 * Sets every field of `target` to the snapshot's value, or to the fresh value `ref` holds where the
 * snapshot leaves it out. Class instances (the random source, the log, …) keep their identity and
 * prototype: their fields are set in place.
 */
function decodeFieldsInto(target: Record<string, unknown>, j: Record<string, unknown>, ref: Record<string, unknown>, path: string, depth: number, skip: ReadonlySet<string> = new Set()): void {
  if (depth > SNAPSHOT_LIMITS.depth) fail(path, 'nested too deeply');
  for (const k of Object.keys(j)) {
    if (!Object.hasOwn(ref, k) || skip.has(k)) fail(`${path}.${k}`, 'is not a field of this engine\'s state');
  }
  for (const k of Object.keys(ref)) {
    if (skip.has(k)) continue;
    const r = ref[k];
    const has = Object.hasOwn(j, k);
    const cur = target[k];
    if (typeof r === 'object' && r !== null && !isPlainish(r) && typedName(r) === null && !Array.isArray(r) && !(r instanceof Map) && !(r instanceof Set)) {
      // A class instance: into the target's own instance.
      if (typeof cur !== 'object' || cur === null || Object.getPrototypeOf(cur) !== Object.getPrototypeOf(r)) fail(`${path}.${k}`, 'no such object here');
      const sub = has ? j[k] : { $o: {} };
      if (!isRecord(sub) || tagOf(sub) !== '$o' || !isRecord(sub.$o)) fail(`${path}.${k}`, 'expected an object');
      decodeFieldsInto(cur as Record<string, unknown>, (sub as { $o: Record<string, unknown> }).$o, r as Record<string, unknown>, `${path}.${k}`, depth + 1);
      continue;
    }
    if (typedName(r) !== null) {
      // Into the target's own buffer when it has the size (no allocation), else a copy.
      const src = (has ? decodeLike(j[k], r, `${path}.${k}`, depth + 1) : r) as AnyTyped;
      if (typeof cur === 'object' && cur !== null && cur.constructor === src.constructor && (cur as AnyTyped).length === src.length) (cur as AnyTyped).set(src as never);
      else target[k] = src.slice();
      continue;
    }
    target[k] = has ? decodeLike(j[k], r, `${path}.${k}`, depth + 1) : cloneValue(r);
  }
}

// ---------------------------------------------------------------- fresh States (per scenario)

const freshStates = new WeakMap<CompiledScenario, State>();
/** A State as constructed for sc, never run: the reference of deltas and shapes. Shared; never mutated. */
function freshState(sc: CompiledScenario): State {
  let st = freshStates.get(sc);
  if (st === undefined) {
    st = new State(sc);
    freshStates.set(sc, st);
  }
  return st;
}

function freshExplain(st: State): Explain {
  return new Explain(st.agentActions, N_TK * N_CATEGORIES);
}

// ---------------------------------------------------------------- take, restore, resume

const SKIP = new Set([...SCENARIO_FIELDS, ...CACHE_FIELDS, EXPLAIN_FIELD]);
/** The scenario's sizes, which every loop of the engine runs to: checked equal to the scenario's. */
const DIMENSIONS = ['n', 'nT', 'nAl', 'nAct', 'horizon', 'focal'] as const;

/** Encodes the State of `sim` as it stands (use after sim.runDays(…, day)). */
export function captureSnapshot(sim: Simulator, seed: number, trajectory: number, day: number): Snapshot {
  const st = sim.st;
  const fresh = freshState(sim.sc) as unknown as Record<string, unknown>;
  const state = encodeFields(st as unknown as Record<string, unknown>, fresh, 'state', SKIP);
  if (st.explain !== null) state[EXPLAIN_FIELD] = { $o: encodeFields(st.explain as unknown as Record<string, unknown>, null, `state.${EXPLAIN_FIELD}`) };
  const series = sim.seriesInProgress;
  return {
    format: SNAPSHOT_FORMAT,
    engineVersion: ENGINE_VERSION,
    scenarioHash: sim.sc.hash,
    seed,
    trajectory,
    day,
    traced: st.explain !== null,
    series: series === null ? null : { $o: encodeFields(series as unknown as Record<string, unknown>, null, 'series') },
    state,
  };
}

/** Runs trajectory (seed, trajectory) of sim's scenario to the start of `day` and snapshots it. */
export function takeSnapshot(sim: Simulator, seed: number, trajectory: number, day: number, opts: RunOptions = {}): Snapshot {
  if (!Number.isInteger(day) || day < 0 || day > sim.st.horizon) throw new SnapshotError(`snapshot day ${day} is not a whole day in 0..${sim.st.horizon} (the horizon)`);
  sim.start(seed, trajectory, opts);
  sim.runDays(0, day);
  return captureSnapshot(sim, seed, trajectory, day);
}

/** The header checks: a snapshot of this format, engine and scenario. Throws SnapshotError naming the field. */
export function checkSnapshotHeader(snap: unknown, scenarioHash: string, horizon: number): asserts snap is Snapshot {
  if (!isRecord(snap)) throw new SnapshotError('a snapshot is a JSON object');
  const allowed = ['format', 'engineVersion', 'scenarioHash', 'seed', 'trajectory', 'day', 'traced', 'series', 'state'];
  for (const k of Object.keys(snap)) if (!allowed.includes(k)) throw new SnapshotError(`snapshot field ${k}: unknown field`);
  if (snap.format !== SNAPSHOT_FORMAT) throw new SnapshotError(`snapshot field format: expected "${SNAPSHOT_FORMAT}", found ${JSON.stringify(snap.format)?.slice(0, 40) ?? 'nothing'}`);
  if (snap.engineVersion !== ENGINE_VERSION) {
    throw new SnapshotError(`snapshot field engineVersion: taken by engine ${typeof snap.engineVersion === 'string' ? JSON.stringify(snap.engineVersion.slice(0, 20)) : '?'}; this is engine ${ENGINE_VERSION}, and a snapshot resumes only on the engine that took it`);
  }
  if (snap.scenarioHash !== scenarioHash) {
    throw new SnapshotError(`snapshot field scenarioHash: it is a state of scenario ${typeof snap.scenarioHash === 'string' ? snap.scenarioHash.slice(0, 12) : '?'}, not of this one (${scenarioHash.slice(0, 12)}); resume it with the scenario file (and --set flags) it was taken with`);
  }
  const int = (k: 'seed' | 'trajectory' | 'day', max: number) => {
    const v = snap[k];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > max) throw new SnapshotError(`snapshot field ${k}: expected a whole number in 0..${max}`);
  };
  int('seed', Number.MAX_SAFE_INTEGER);
  int('trajectory', Number.MAX_SAFE_INTEGER);
  int('day', horizon);
  if (typeof snap.traced !== 'boolean') throw new SnapshotError('snapshot field traced: expected true or false');
  if (!isRecord(snap.state)) throw new SnapshotError('snapshot field state: expected an object');
}

/** Counters of the growable pools stay within their buffers (the engine indexes by them). */
function checkPools(st: State): void {
  const within = (what: string, count: number, ...buffers: ArrayLike<unknown>[]) => {
    if (!Number.isSafeInteger(count) || count < 0) fail(what, `must be a whole number ≥ 0, found ${count}`);
    for (const b of buffers) if (count > b.length) fail(what, `${count} exceeds its buffer (${b.length})`);
  };
  const L = st.log;
  within('state.log.count', L.count, L.day, L.actor, L.action, L.target, L.theatre, L.rung, L.note, L.noteVal, L.injected);
  if (L.causes.length < L.count * 4 || L.cap > L.day.length || L.cap < L.count) fail('state.log.cap', 'inconsistent with its buffers');
  for (const b of [L.actor, L.action, L.target, L.theatre, L.note, L.noteVal, L.injected, L.rung]) if (b.length !== L.day.length) fail('state.log', 'buffers of different sizes');
  if (L.causes.length !== L.day.length * 4) fail('state.log.causes', 'buffer of the wrong size');
  const S = st.sched;
  within('state.sched.size', S.size, S.time, S.order, S.kind, S.a, S.b, S.c);
  for (const b of [S.order, S.kind, S.a, S.b, S.c]) if (b.length !== S.time.length) fail('state.sched', 'buffers of different sizes');
  if (!Number.isSafeInteger(S.seq) || S.seq < S.size) fail('state.sched.seq', 'inconsistent with its size');
  within('state.epCount', st.epCount, st.epActive, st.epTheatre, st.epA, st.epB, st.epLeadA, st.epLeadB, st.epRung, st.epOpen, st.epLastHostile, st.epEnd, st.epWar,
    st.epBalance, st.epClock, st.epThreshold, st.epTalksUntil, st.epHostileCount, st.epInitial, st.epOpenEvent, st.epMemberCount);
  if (st.epCap > st.epActive.length || st.epCap < st.epCount) fail('state.epCap', 'inconsistent with its buffers');
  within('state.pendCount', st.pendCount, st.pendDay, st.pendSev, st.pendAlliance, st.pendEvent);
  within('state.touchedCount', st.touchedCount, st.touched);
  for (let e = 0; e < st.epCount; e++) if (st.epWar[e] && (st.epSide[e] === undefined || st.epMembers[e] === undefined)) fail(`state.epSide[${e}]`, 'a war episode without its sides');
  for (const s of st.epSide) if (!(s instanceof Uint8Array) || s.length < st.n) fail('state.epSide', `expected Uint8Arrays of ${st.n} actors`);
  for (const m of st.epMembers) if (!(m instanceof Int32Array)) fail('state.epMembers', 'expected Int32Arrays');
  // Indices the engine follows without a check: in range.
  const inRange = (what: string, a: ArrayLike<number>, count: number, lo: number, hi: number) => {
    for (let i = 0; i < count; i++) if (!(a[i]! >= lo && a[i]! < hi)) fail(what, `entry ${i} is ${a[i]}, outside ${lo}..${hi - 1}`);
  };
  const actorsAndAlliances = st.n + st.nAl;
  inRange('state.log.actor', L.actor, L.count, 0, actorsAndAlliances);
  inRange('state.log.action', L.action, L.count, 0, st.nAct);
  inRange('state.log.target', L.target, L.count, -1, actorsAndAlliances);
  inRange('state.log.theatre', L.theatre, L.count, -1, st.nT);
  inRange('state.epTheatre', st.epTheatre, st.epCount, 0, st.nT);
}

/**
 * Restores a snapshot into sim's State, checked as untrusted input against sim's scenario (whose
 * hash must be `scenarioHash`, or sim's own by default: a branch restores a snapshot of the base
 * scenario into a Simulator of a changed one). Call sim.prepareResume(opts) first. Throws
 * SnapshotError, naming the field.
 */
export function restoreSnapshot(sim: Simulator, snap: unknown, scenarioHash: string = sim.sc.hash): asserts snap is Snapshot {
  const st = sim.st;
  checkSnapshotHeader(snap, scenarioHash, st.horizon);
  const fresh = freshState(sim.sc);
  const j = snap.state;
  const explain = st.explain;
  const { [EXPLAIN_FIELD]: _book, ...fields } = j;
  decodeFieldsInto(st as unknown as Record<string, unknown>, fields, fresh as unknown as Record<string, unknown>, 'state', 0, SKIP);
  // The scenario's dimensions are not state: a snapshot that changes them is not of this scenario.
  for (const k of DIMENSIONS) if (!Object.is(st[k], fresh[k])) fail(`state.${k}`, `is ${st[k]}; this scenario has ${fresh[k]}`);
  // Caches: rebuilt from the scenario on first use, with identical values.
  st.choiceScratch = null; st.cohesionPlan = null; st.movers = null; st.memberPowerSums = null; st.alliancePowerVersion = -1;
  st.explain = explain;
  if (explain !== null) {
    const e = j[EXPLAIN_FIELD];
    if (e === undefined || e === null) throw new SnapshotError('snapshot field state.explain: the snapshot was taken from a run without a trace, so a resumed run cannot trace the days before it (take it with a trace)');
    if (!isRecord(e) || tagOf(e) !== '$o' || !isRecord(e.$o)) fail('state.explain', 'expected an object');
    decodeFieldsInto(explain as unknown as Record<string, unknown>, (e as { $o: Record<string, unknown> }).$o, freshExplain(st) as unknown as Record<string, unknown>, 'state.explain', 1);
  }
  const series = sim.seriesInProgress;
  if (series !== null) {
    if (snap.series === null || snap.series === undefined) throw new SnapshotError('snapshot field series: the snapshot was taken from a run without weekly series');
    const s = snap.series;
    if (!isRecord(s) || tagOf(s) !== '$o' || !isRecord(s.$o)) fail('series', 'expected an object');
    decodeFieldsInto(series as unknown as Record<string, unknown>, (s as { $o: Record<string, unknown> }).$o, series as unknown as Record<string, unknown>, 'series', 1);
  }
  checkPools(st);
}

/** Resumes sim from a snapshot to the horizon; the result is that of the uninterrupted run. */
export function resumeSnapshot(sim: Simulator, snap: Snapshot, opts: RunOptions = {}): TrajectoryResult {
  sim.prepareResume(opts);
  restoreSnapshot(sim, snap);
  sim.runDays(snap.day, sim.st.horizon);
  return sim.complete(snap.seed, snap.trajectory, opts);
}
