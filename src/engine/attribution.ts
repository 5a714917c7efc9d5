/**
 * Detection, attribution and the armed-attack threshold (MODEL.md §4.2, seed 003 "Cyber-Kinetic
 * Crossover"). A hostile event is detected with pDetect and attributed with probability
 * 1 − deniability + patternLearning × (earlier attributed events of the same kind by the same
 * actor), after attributionLagDays. An accidental event is read as deliberate only with
 * pMisattribution. An attributed event is an armed attack when it is deliberate, kinetic and on
 * a member, or a cyber/sabotage event whose casualties exceed
 *     θ(t) = θ0 · (1 − α·pressure_target) · (1 + β·resilience_target).
 */
import { STREAM } from '../random/index.js';
import type { State } from './state.js';

/** Keys for an event's draws: (actor·nAct + action, count of such events so far). */
export function kindKey(st: State, actor: number, action: number): number {
  return actor * st.nAct + action;
}

export function isDetected(st: State, actor: number, action: number, count: number): boolean {
  if (st.aAccidental[action]) return true;
  return st.rng.u(STREAM.detect, kindKey(st, actor, action), count) < st.aDetect[action]!;
}

export function attributionProbability(st: State, actor: number, action: number): number {
  const p = 1 - st.aDeny[action]! + st.p.patternLearning * st.attributedCount[actor * st.nAct + action]!;
  return p > 1 ? 1 : p;
}

export function isAttributed(st: State, actor: number, action: number, count: number): boolean {
  return st.rng.u(STREAM.attribute, kindKey(st, actor, action), count) < attributionProbability(st, actor, action);
}

export function isMisattributed(st: State, actor: number, action: number, count: number): boolean {
  return st.rng.u(STREAM.misattribute, kindKey(st, actor, action), count) < st.p.pMisattribution;
}

/** The moving threshold θ(t) for target j (casualties). */
export function armedAttackThreshold(st: State, j: number): number {
  const p = st.p;
  return p.armedAttackTheta0 * (1 - p.thresholdPressureAlpha * st.pressureNow(j)) * (1 + p.thresholdResilienceBeta * st.resilience[j]!);
}

/** Casualties of a cyber/sabotage event: exponential with the action's mean. */
export function drawCasualties(st: State, actor: number, action: number, count: number): number {
  const mean = st.sc.actions[action]!.effects.casualtiesMean;
  if (mean <= 0) return 0;
  return -Math.log(st.rng.u(STREAM.casualties, kindKey(st, actor, action), count)) * mean;
}
