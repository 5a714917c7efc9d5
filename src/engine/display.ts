/**
 * Coercion by display (docs/model.md §6 (r), docs/decisions.md D75): an actor that is a major
 * power or nuclear-armed gains displayStatusWeight utility on its choosable threats and displays
 * of force (hostile actions of MID level 2–3: statements, exercises, shows of force, mobilisation,
 * forward deployment, nuclear signalling), so that its choice shifts toward coercion by display
 * without its uses of force losing anything (coercive confidence, choice.ts, lowers those on the
 * dyadic power share; this term is in absolute status, so it also acts between two great powers,
 * where the power share is balanced). Sources: Schelling, *Arms and Influence* (1966), compellence
 * by the threat of force; Sechser & Fuhrmann, *Nuclear Weapons and Coercive Diplomacy* (2017),
 * nuclear states' coercion short of force; seed 003 ("a calibrated response curve … measured
 * against the adversary's perception of a red line"). 2025 meaning: Russia's and the US's
 * nuclear signalling, exercises and deployments as their preferred instruments (every major power
 * of the built-in scenarios is nuclear-armed). 0 (off) in the engine, like the coercive weights:
 * its size is a calibration's, and the built-in scenarios would take a fitted value through
 * scenarios/params/calibrated.yaml (D20). With 0 no state is read and results are unchanged.
 */
import type { State } from './state.js';

/** Utility actor i's choosable threats and displays gain now (0 unless it is a major power or nuclear-armed). */
export function displayBonus(st: State, i: number): number {
  const w = st.p.displayStatusWeight;
  if (w === 0 || i >= st.n) return 0;
  const a = st.sc.actors;
  return a.nuclear[i] === 1 || a.majorPower[i] === 1 ? w : 0;
}
