/**
 * Credibility debt (MODEL.md §4.3, seed 003 "salami-slicing"). Each attributed sub-threshold
 * event not answered within answerWindowDays adds severity/10; each alliance response pays down
 * `debtPaydown`; the debt decays with debtHalfLife (closed form on read). Adversaries read it as
 * debt/(debt + K) in P̂ (choice.ts). An answer when there is no debt is over-forceful and raises
 * the adversary's hostility.
 */
import { addInfluence } from './influence.js';
import type { State } from './state.js';

export function addPending(st: State, al: number, severity: number, ev: number): void {
  if (st.pendCount === st.pendDay.length) {
    const k = st.pendCount * 2;
    const g = <T extends Float64Array | Int32Array>(x: T): T => {
      const y = new (x.constructor as new (n: number) => T)(k);
      y.set(x);
      return y;
    };
    st.pendDay = g(st.pendDay); st.pendSev = g(st.pendSev); st.pendAlliance = g(st.pendAlliance); st.pendEvent = g(st.pendEvent);
  }
  const q = st.pendCount++;
  st.pendDay[q] = st.t; st.pendSev[q] = severity; st.pendAlliance[q] = al; st.pendEvent[q] = ev;
}

/**
 * An alliance response: answers all of its pending events and pays down debt. The part of the
 * paydown that exceeds what was owed (debt + pending severity/10) is over-force: it raises the
 * adversary's hostility by overreactionHostility × excess / paydown (§4.3, seed 003: responding
 * "with force ... validates the adversary's goal of widening the conflict").
 */
export function answer(st: State, al: number, adversary: number): void {
  let w = 0;
  let owed = 0;
  for (let q = 0; q < st.pendCount; q++) {
    if (st.pendAlliance[q] === al) owed += st.pendSev[q]! / 10;
    else {
      st.pendDay[w] = st.pendDay[q]!; st.pendSev[w] = st.pendSev[q]!; st.pendAlliance[w] = st.pendAlliance[q]!; st.pendEvent[w] = st.pendEvent[q]!;
      w++;
    }
  }
  st.pendCount = w;
  const d = st.debtNow(al);
  const paydown = st.p.debtPaydown;
  const excess = paydown - (d + owed);
  if (excess > 0 && paydown > 0 && adversary >= 0) {
    const m = st.sc.alliances[al]!.members;
    const dh = (st.p.overreactionHostility * excess) / paydown;
    for (let k = 0; k < m.length; k++) if (st.sc.relation[adversary * st.n + m[k]!]) st.addHostility(adversary, m[k]!, dh);
  }
  st.setDebt(al, d - paydown);
}

/** Move unanswered events past their window into debt. */
export function expirePending(st: State): void {
  let w = 0;
  const win = st.p.answerWindowDays;
  const K = st.p.debtK;
  for (let q = 0; q < st.pendCount; q++) {
    if (st.pendDay[q]! + win <= st.t) {
      const al = st.pendAlliance[q]!;
      const before = st.debtNow(al);
      const after = before + st.pendSev[q]! / 10;
      st.setDebt(al, after);
      // The unanswered event raised its author's (and every rival's) appetite for probing.
      const ev = st.pendEvent[q]!;
      const author = st.log.actor[ev]!;
      if (author < st.n) addInfluence(st, author, ev, st.p.debtWeight * (after / (after + K) - before / (before + K)) * 4, st.n + al);
    } else {
      st.pendDay[w] = st.pendDay[q]!; st.pendSev[w] = st.pendSev[q]!; st.pendAlliance[w] = st.pendAlliance[q]!; st.pendEvent[w] = st.pendEvent[q]!;
      w++;
    }
  }
  st.pendCount = w;
}
