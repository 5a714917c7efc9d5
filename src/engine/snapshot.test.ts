/**
 * Snapshots (snapshot.ts, D40): resuming reproduces the uninterrupted trajectory bit for bit; the
 * serialiser round-trips every field State has (a new field of a kind it cannot hold fails here);
 * a snapshot of another engine, format or scenario, or a tampered one, is refused naming the field.
 */
import { describe, expect, it } from 'vitest';
import { ENGINE_VERSION } from '../model/version.js';
import { Simulator } from './simulator.js';
import {
  CACHE_FIELDS, SnapshotError, base64Decode, base64Encode, captureSnapshot, deepEqual, encodeValue, restoreSnapshot, resumeSnapshot, takeSnapshot, type Snapshot,
} from './snapshot.js';
import { builtin, withHorizon } from './test-helpers.js';
import type { TrajectoryResult } from './types.js';

const json = (r: TrajectoryResult) => JSON.stringify(r, (_k, v: unknown) => (v instanceof Float64Array ? Array.from(v) : v));
/** Through text, as a file would carry it. */
const viaText = (s: Snapshot): unknown => JSON.parse(JSON.stringify(s));

describe('snapshot and resume', () => {
  const sc = withHorizon(builtin('baseline-2025'), 400);

  it('resuming at any day reproduces the uninterrupted trajectory: trace, outcome and series identical', () => {
    const whole = new Simulator(sc);
    const sim = new Simulator(sc);
    const resumed = new Simulator(sc);
    for (const [seed, k, day] of [[1, 0, 0], [1, 0, 1], [7, 3, 137], [7, 3, 203], [2, 5, 399], [2, 5, 400]] as const) {
      const opts = { trace: true, series: true };
      const ref = json(whole.run(seed, k, opts));
      const snap = viaText(takeSnapshot(sim, seed, k, day, opts)) as Snapshot;
      expect(json(resumeSnapshot(resumed, snap, opts))).toBe(ref);
    }
  });

  it('an untraced snapshot resumes an untraced run; the result equals the traced one without its trace', () => {
    const snap = viaText(takeSnapshot(new Simulator(sc), 4, 2, 150)) as Snapshot;
    expect(snap.traced).toBe(false);
    const r = resumeSnapshot(new Simulator(sc), snap);
    expect(json(r)).toBe(json(new Simulator(sc).run(4, 2)));
    expect(() => resumeSnapshot(new Simulator(sc), snap, { trace: true })).toThrow(/taken from a run without a trace/);
  });

  it('round-trips every State field except the scenario and its caches (fails when State gains a field it cannot hold)', () => {
    const sim = new Simulator(sc);
    const snap = viaText(takeSnapshot(sim, 9, 1, 222, { trace: true })) as Snapshot;
    const other = new Simulator(sc);
    other.run(3, 8, { trace: true }); // another trajectory's leftovers must all be overwritten
    other.prepareResume({ trace: true });
    restoreSnapshot(other, snap);
    const a = sim.st as unknown as Record<string, unknown>;
    const b = other.st as unknown as Record<string, unknown>;
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    const differing = Object.keys(a).filter((k) => k !== 'sc' && k !== 'p' && !CACHE_FIELDS.has(k) && !deepEqual(a[k], b[k]));
    expect(differing).toEqual([]);
    expect(b.sc).toBe(a.sc);
    // The snapshot leaves the static tables out: smaller than the State it describes.
    expect(JSON.stringify(snap).length).toBeLessThan(2_000_000);
    expect(Object.keys(snap.state)).not.toContain('agents');
  });

  it('encodes NaN, ±Infinity, −0, typed arrays, Maps and Sets exactly, and refuses what it cannot hold', () => {
    const v = { a: [NaN, Infinity, -Infinity, -0, 0, 1.5], t: Float64Array.from([NaN, -0, 1e-300]), m: new Map([[1, ['x']]]), s: new Set([2]) };
    const e = JSON.parse(JSON.stringify(encodeValue(v, 'v'))) as unknown;
    expect(e).toMatchObject({ $o: { a: [{ $n: 'NaN' }, { $n: 'Infinity' }, { $n: '-Infinity' }, { $n: '-0' }, 0, 1.5] } });
    expect(() => encodeValue({ f: () => 1 }, 'v')).toThrow(/function/);
    expect(() => encodeValue({ b: 1n }, 'v')).toThrow(/bigint/);
    expect(() => encodeValue({ w: new WeakMap() }, 'v')).toThrow(/WeakMap/);
    expect(() => captureSnapshot(Object.assign(new Simulator(sc), {}), 1, 0, 0)).not.toThrow();
    const sim = new Simulator(sc);
    (sim.st as unknown as Record<string, unknown>).cache = new WeakMap();
    expect(() => captureSnapshot(sim, 1, 0, 0)).toThrow(/state.cache is a WeakMap/);
    for (const n of [0, 1, 2, 3, 4, 5, 100]) {
      const bytes = Uint8Array.from({ length: n }, (_x, i) => (i * 37 + 11) & 255);
      expect(base64Decode(base64Encode(bytes))).toEqual(bytes);
    }
    expect(base64Decode('ab=c')).toBeNull();
    expect(base64Decode('abc')).toBeNull();
  });
});

describe('a snapshot is untrusted input', () => {
  const sc = withHorizon(builtin('baseline-2025'), 300);
  const good = () => viaText(takeSnapshot(new Simulator(sc), 1, 0, 100)) as Snapshot & Record<string, unknown>;
  const refuse = (s: unknown, msg: RegExp) => {
    const sim = new Simulator(sc);
    sim.prepareResume();
    expect(() => restoreSnapshot(sim, s)).toThrow(SnapshotError);
    expect(() => restoreSnapshot(sim, s)).toThrow(msg);
  };

  it('refuses another format, engine version or scenario, and a day outside the horizon', () => {
    refuse({ ...good(), format: 'brink/snapshot@0' }, /field format/);
    refuse({ ...good(), engineVersion: '0.0.1' }, new RegExp(`engineVersion: taken by engine "0.0.1"; this is engine ${ENGINE_VERSION.replace(/\./g, '\\.')}`));
    refuse({ ...good(), scenarioHash: 'f'.repeat(64) }, /not of this one/);
    const other = viaText(takeSnapshot(new Simulator(withHorizon(builtin('two-theatre'), 300)), 1, 0, 100));
    refuse(other, /field scenarioHash: it is a state of scenario [0-9a-f]{12}, not of this one/);
    refuse({ ...good(), day: 301 }, /field day/);
    refuse({ ...good(), day: 1.5 }, /field day/);
    refuse({ ...good(), extra: 1 }, /field extra: unknown/);
    refuse([], /JSON object/);
  });

  it('refuses unknown fields (no prototype pollution), wrong kinds and sizes, and counters past their buffers', () => {
    const s = good();
    refuse({ ...s, state: JSON.parse('{"__proto__": {"polluted": 1}}') }, /state.__proto__: is not a field/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    refuse({ ...s, state: { ...s.state, notAField: 1 } }, /state.notAField: is not a field/);
    refuse({ ...s, state: { ...s.state, sc: null } }, /state.sc: is not a field/);
    refuse({ ...s, state: { ...s.state, hostility: 3 } }, /state.hostility: expected a typed array \(Float64Array\)/);
    refuse({ ...s, state: { ...s.state, hostility: { $t: 'Float64Array', n: 1, b64: 'AAAAAAAAAAA=' } } }, /state.hostility: has 1 elements; this scenario needs at least/);
    refuse({ ...s, state: { ...s.state, hostility: { $t: 'Float64Array', n: 2, b64: 'AAAAAAAAAAA=' } } }, /not 2 elements of base64/);
    refuse({ ...s, state: { ...s.state, hostility: { $t: 'Int32Array', n: 2, b64: 'AAAAAAAAAAA=' } } }, /expected a Float64Array/);
    refuse({ ...s, state: { ...s.state, epCount: 1e9 } }, /state.epCount: 1000000000 exceeds its buffer/);
    refuse({ ...s, state: { ...s.state, n: 1e6 } }, /state.n: is 1000000; this scenario has/);
    refuse({ ...s, state: { ...s.state, day: 'x' } }, /state.day: expected a number/);
    refuse({ ...s, state: { ...s.state, log: { $o: { count: -1 } } } }, /state.log.count/);
    refuse({ ...s, state: { ...s.state, log: { $o: { __proto__x: 1 } } } }, /state.log.__proto__x: is not a field/);
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    refuse({ ...s, state: { ...s.state, endedDurations: deep } }, /nested too deeply/);
  });
});
