/**
 * Liveness: no parameter of the catalog (PARAM_NAMES) is dead. Changing one by ±50% (clamped to
 * its [min, max]; a parameter whose value is 0 is set to ±0.5) must move some outcome of a small batch of trajectories. Under common random
 * numbers an unchanged parameter gives byte-identical results, so exact inequality of the outcome
 * record (every Outcome field, episode durations and the event trace) is the test.
 *
 * Scenarios are tried cheapest first until one moves: a stress world that exercises every
 * mechanism, a nuclear war in sustained defeat, then the built-in scenarios.
 */
import { describe, expect, it } from 'vitest';
import { PARAM_NAMES, PARAM_SPECS, type ParamName } from '../model/params.js';
import type { CompiledScenario } from '../scenario/compiled.js';
import { Simulator } from './simulator.js';
import {
  builtin, compile, doubtInput, injectedInput, nuclearInput, stressInput, tempoInput, withHorizon, withParams,
} from './test-helpers.js';

const SEED = 20250;

function enabledWarInput() {
  const s = injectedInput();
  s.name = 'enabled-war';
  s.actors.push({ id: 'E', power: 0.05, theatreShare: { east: 1 } });
  s.enablerLinks.push({ from: 'E', to: 'ADV', supplyRate: 0.5, diplomaticCover: 0.5, kind: 'dual-use' });
  return s;
}

interface Arm { name: string; sc: CompiledScenario; runs: number }

let suite: Arm[] | null = null;
function getSuite(): Arm[] {
  suite ??= [
    { name: 'stress', sc: withHorizon(compile(stressInput()), 180), runs: 2 },
    { name: 'injected', sc: compile(injectedInput()), runs: 2 },
    // 10 runs (5 before the reach rule): with fewer, no strike in the batch moved the nuclear clock (strikeImpulse).
    { name: 'nuclear', sc: compile(nuclearInput()), runs: 10 },
    { name: 'doubt', sc: compile(doubtInput()), runs: 4 },
    { name: 'tempo', sc: compile(tempoInput()), runs: 2 },
    { name: 'stray-missile', sc: builtin('stray-missile'), runs: 8 },
    { name: 'two-theatre', sc: builtin('two-theatre'), runs: 5 },
    { name: 'baseline-2025', sc: withHorizon(builtin('baseline-2025'), 365), runs: 5 },
    // The scripted general war that ends in a ceasefire, its attacker supplied by an enabler: the
    // enablers' hold on a war's end (enablerSettlementDamping) shows only in a war that ends.
    { name: 'enabled-war', sc: compile(enabledWarInput()), runs: 2 },
  ];
  return suite;
}

/** Everything a batch of trajectories lets one observe, as one string. */
function observe(sc: CompiledScenario, runs: number): string {
  const sim = new Simulator(sc);
  const out: string[] = [];
  for (let k = 0; k < runs; k++) {
    const r = sim.run(SEED, k, { trace: true });
    out.push(JSON.stringify(r.outcome), r.episodeDurations.join(','), String(r.openEpisodes));
    for (const e of r.events!) out.push(`${e.day}|${e.actor}|${e.action}|${e.target}|${e.rung}|${e.note ?? ''}|${e.causes.join(',')}`);
  }
  return out.join('\n');
}

const baseObs = new Map<string, string>();
function baseline(arm: Arm): string {
  let b = baseObs.get(arm.name);
  if (b === undefined) {
    b = observe(arm.sc, arm.runs);
    baseObs.set(arm.name, b);
  }
  return b;
}

/**
 * The first (scenario, ×factor) under which the outcomes move when `name` is set to its value ×0.5 or
 * ×1.5 (clamped to [min, max]); cheap scenarios are tried in both directions before costly ones.
 */
function moves(name: ParamName): { moved: string | null; tried: string[] } {
  const spec = PARAM_SPECS[name];
  const tried: string[] = [];
  for (const arm of getSuite()) {
    for (const factor of [1.5, 0.5]) {
      const from = arm.sc.params[name];
      // A parameter that is off by default (0, e.g. the coercive-confidence weights) is tried at ±0.5.
      const to = Math.min(spec.max, Math.max(spec.min, from === 0 ? factor - 1 : from * factor));
      if (to === from) continue; // at its bound: the change clamps back to the value
      tried.push(`${arm.name} ${from}→${to}`);
      if (observe(withParams(arm.sc, { [name]: to }), arm.runs) !== baseline(arm)) return { moved: `${arm.name} ×${factor}`, tried };
    }
  }
  return { moved: null, tried };
}

/**
 * Parameters found dead: each entry says why; `npm test` keeps checking that they are still dead
 * (so the list cannot silently rot) and the final report lists them for the lead.
 */
const KNOWN_DEAD: Partial<Record<ParamName, string>> = {};

describe('liveness: every parameter moves some outcome', () => {
  it('the suite sees its mechanisms at work (nuclear use, Article 5, red line, counter-strikes, coordination)', () => {
    const seen = new Set<string>();
    for (const arm of getSuite().slice(0, 3)) {
      const sim = new Simulator(arm.sc);
      // A few more runs than the liveness batches, so that rare mechanisms surely show.
      for (let k = 0; k < arm.runs * 4; k++) {
        const r = sim.run(SEED, k, { trace: true });
        for (const e of r.events!) seen.add(e.note?.startsWith('aid crosses') ? 'red-line' : e.action);
      }
    }
    for (const a of ['nuclear-use', 'article-5-invocation', 'red-line', 'counter-strike', 'accidental-spillover', 'ceasefire', 'playbook-activation', 'article-4-consultation', 'secondary-sanctions', 'long-range-strike'])
      expect(seen.has(a), a).toBe(true);
  });

  for (const name of PARAM_NAMES) {
    const dead = KNOWN_DEAD[name];
    it(`${name}${dead ? ' (KNOWN DEAD)' : ''}`, () => {
      const { moved, tried } = moves(name);
      expect(tried.length, `${name}: ±50% changes no scenario's value`).toBeGreaterThan(0);
      if (dead) expect(moved, `${name} is listed dead but moved in ${moved}: remove it from KNOWN_DEAD`).toBeNull();
      else expect(moved, `${name} moved no outcome (${tried.join('; ')})`).not.toBeNull();
    });
  }
});
