/**
 * Kaplan–Meier survival curves from per-day event and censoring counts (MODEL.md §1: time to
 * Article 4, Article 5, drawn in), so that a curve can be built from mergeable histograms
 * instead of a list of event times.
 *
 * Convention: at a tied day, events happen before censorings (the usual convention; a unit
 * censored on day t was at risk for the events of day t). The pointwise 95% interval uses
 * Greenwood's variance on the log(−log S) scale (Kalbfleisch & Prentice 2002), which keeps the
 * limits inside [0, 1]. The median is the first day on which S(t) ≤ 0.5, null if S never gets
 * there (e.g. when most runs are censored at the horizon).
 */
import { Z95 } from './wilson.js';

export interface KaplanMeierPoint {
  day: number;
  atRisk: number;
  events: number;
  censored: number;
  survival: number;
  lo: number;
  hi: number;
}

export interface KaplanMeierCurve {
  /** One point per day with an event (the curve steps down there); day 0 start implicit at S = 1. */
  points: KaplanMeierPoint[];
  n: number;
  events: number;
  /** First day with S(t) ≤ 0.5, or null if not reached. */
  median: number | null;
  /** S at the last day of the arrays. */
  final: number;
}

/**
 * @param events events[d] = number of units with the event on day d
 * @param censored censored[d] = number of units censored on day d (same length or shorter)
 */
export function kaplanMeier(events: ArrayLike<number>, censored: ArrayLike<number>, z: number = Z95): KaplanMeierCurve {
  let n = 0;
  let totalEvents = 0;
  for (let d = 0; d < events.length; d++) {
    n += events[d]!;
    totalEvents += events[d]!;
  }
  for (let d = 0; d < censored.length; d++) n += censored[d]!;
  const days = Math.max(events.length, censored.length);
  let atRisk = n;
  let s = 1;
  let greenwood = 0;
  let median: number | null = null;
  const points: KaplanMeierPoint[] = [];
  for (let d = 0; d < days; d++) {
    const e = d < events.length ? events[d]! : 0;
    const c = d < censored.length ? censored[d]! : 0;
    if (e > 0 && atRisk > 0) {
      s *= 1 - e / atRisk;
      if (atRisk > e) greenwood += e / (atRisk * (atRisk - e));
      let lo: number;
      let hi: number;
      if (s <= 0) {
        lo = 0;
        hi = 0;
      } else if (s >= 1) {
        lo = 1;
        hi = 1;
      } else {
        // log(−log S) transform: se = sqrt(greenwood) / |log S|; limits S^exp(±z·se).
        const se = Math.sqrt(greenwood) / Math.abs(Math.log(s));
        lo = Math.pow(s, Math.exp(z * se));
        hi = Math.pow(s, Math.exp(-z * se));
      }
      points.push({ day: d, atRisk, events: e, censored: c, survival: s, lo, hi });
      if (median === null && s <= 0.5) median = d;
    }
    atRisk -= e + c;
  }
  return { points, n, events: totalEvents, median, final: s };
}

/** S(t) of a curve at day t (a right-continuous step function). */
export function survivalAt(curve: KaplanMeierCurve, day: number): number {
  let s = 1;
  for (const p of curve.points) {
    if (p.day > day) break;
    s = p.survival;
  }
  return s;
}
