/**
 * A plain-language reading of a summary, for readers who will never open the JSON. Generated
 * from the numbers only (no judgement beyond ordering and a few thresholds), so it is as
 * reproducible as the summary itself.
 */
import type { CompareSummary } from './compare.js';
import { fmtBn, fmtDay, fmtInt, fmtNum, fmtPct, fmtPp, fmtSigned } from './format.js';
import type { Probability, RunSummary } from './summary.js';
import { fmtProb, heavyTailed, pathwayLead } from './trust.js';

/** "7.5% (7.0–8.0%)", or "0 (≤ 1.2%)" for an outcome that happened in no run. */
function share(p: Probability): string {
  return fmtProb(p);
}

function rareOrShare(p: Probability, runs: string, what: string): string {
  if (p.count === 0) return `${what} in none of the ${runs} runs (95% upper bound ${fmtPct(p.hi)}).`;
  return `${what} in ${share(p)} of the ${runs} runs.`;
}

/** A pathway step that is a scripted event (a scenario inject) is written `inject:<action>` (D32). */
const INJECT_PREFIX = 'inject:';

function stepsText(steps: string[]): string {
  return steps.join(' → ');
}

/** A pathway as words: a lone step says it had no earlier cause, an inject says it was scripted. */
function roadText(steps: string[]): string {
  if (steps.length > 1) return stepsText(steps);
  return steps[0]!.startsWith(INJECT_PREFIX) ? `the scripted ${steps[0]!.slice(INJECT_PREFIX.length)}, a scenario inject` : `${steps[0]} alone, with no earlier event among its causes`;
}

/** "1 distinct pathway", "133 distinct pathways". */
export function distinctPathways(n: number): string {
  return `${fmtInt(n)} distinct pathway${n === 1 ? '' : 's'}`;
}

/** Sentences, most important first. */
export function narrateRun(s: RunSummary): string[] {
  const runs = fmtInt(s.provenance.runs);
  const horizon = `${fmtInt(s.provenance.horizonDays)} days`;
  const P = s.probabilities;
  const T = s.timeToEvent;
  const out: string[] = [];

  const who = s.focal ?? 'the alliance';
  let drawn =
    P.drawnIn.count === 0
      ? `In none of ${runs} simulated runs of ${horizon} was ${who} drawn in (95% upper bound ${fmtPct(P.drawnIn.hi)}): no member and adversary state fought deliberately (rung 4 or higher).`
      : `In ${share(P.drawnIn)} of ${runs} simulated runs of ${horizon}, ${who} was drawn in: a member and an adversary state fought deliberately (rung 4 or higher).`;
  if (P.drawnIn.count > 0 && T.drawnIn.medianIfHappened !== null) drawn += ` When it happened, the median was ${fmtDay(T.drawnIn.medianIfHappened)}.`;
  out.push(drawn);

  let a4 = `At least one ${s.focal !== null ? `${s.focal} ` : ''}Article 4 consultation was requested in ${share(P.article4)} of runs`;
  a4 += `, ${fmtNum(s.article4Consultations.mean, 2)} consultations per run on average`;
  if (T.article4.median !== null) a4 += `; half of all runs had seen one by ${fmtDay(T.article4.median)}`;
  out.push(`${a4}.`);

  out.push(
    P.article5.count === 0
      ? `${s.focal !== null ? `${s.focal}'s ` : ''}Article 5 was never invoked (95% upper bound ${fmtPct(P.article5.hi)}).`
      : `${s.focal !== null ? `${s.focal}'s ` : ''}Article 5 was invoked in ${share(P.article5)} of runs${T.article5.medianIfHappened !== null ? `, at a median ${fmtDay(T.article5.medianIfHappened)} when it was` : ''}.`,
  );
  // Another collective-defence alliance (e.g. a US Pacific treaty) may invoke where the focal one does not.
  if (P.collectiveDefense.count > P.article5.count) {
    out.push(`Counting every collective-defence alliance of the scenario, collective defence was invoked in ${share(P.collectiveDefense)} of runs.`);
  }

  out.push(`The conflict spread horizontally (a new theatre, kinetic domain or belligerent) in ${share(P.horizontal)} of runs.`);
  out.push(rareOrShare(P.partnerCollapse, runs, 'The partner collapsed'));
  out.push(rareOrShare(P.nuclearUse, runs, 'Nuclear weapons were used'));

  const theatreBits = Object.entries(P.rung4ByTheatre).map(([t, p]) => `${t} ${share(p)}`);
  if (theatreBits.length > 0) out.push(`A direct clash or worse (rung ≥ 4) by theatre: ${theatreBits.join('; ')}.`);

  const c = s.costs;
  if (c.costTotal.mean !== null) {
    const parts: [string, number | null][] = [
      ['aid', c.costAid.mean],
      ['deterrence', c.costDeterrence.mean],
      ['risk (damage and war)', c.costRisk.mean],
    ];
    const total = c.costTotal.mean;
    const largest = [...parts].sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))[0]!;
    let cost = `The expected total cost to ${who} was ${fmtBn(total)} (90% of runs between ${fmtBn(c.costTotal.q05)} and ${fmtBn(c.costTotal.q95)}; median ${fmtBn(c.costTotal.q50)})`;
    if (total > 0 && largest[1] !== null) cost += `; ${largest[0]} made up ${fmtPct(largest[1] / total, 0)} of it`;
    const heavy = ([['C_aid', c.costAid], ['C_deterrence', c.costDeterrence], ['C_risk', c.costRisk], ['C_total', c.costTotal]] as const).filter(([, x]) => heavyTailed(x)).map(([k]) => k);
    if (heavy.length > 0) cost += `. ${heavy.join(', ')} ${heavy.length === 1 ? 'is' : 'are'} heavy-tailed: the mean exceeds the 95th percentile, so a few very costly runs carry it and the median is the typical run`;
    out.push(`${cost}.`);
  }

  // The other alliances' points of view, and the dyads.
  for (const a of Object.values(s.byAlliance)) {
    if (a.id === s.focal) continue;
    const Q = a.probabilities;
    out.push(
      `From ${a.id}'s point of view: drawn in ${share(Q.drawnIn)}, Article 4 ${share(Q.article4)}, Article 5 ${share(Q.article5)} of runs; expected total cost ${fmtBn(a.costs.costTotal.mean)}.`,
    );
  }
  const dyads = Object.entries(s.dyads);
  if (dyads.length > 0) out.push(`Direct combat between states: ${dyads.map(([k, d]) => `${k} ${share(d.probability)}`).join('; ')} of runs.`);

  const top = s.pathways.top[0];
  const lead = pathwayLead(s);
  if (top && lead !== null && lead.tie) {
    // Within sampling error of each other: name neither as "the" road (D34).
    const tied = [lead.first, lead.second];
    out.push(
      `No single road to a direct clash stands out: the top two pathways, ${tied.map((p) => `${roadText(p.steps)} (${fmtPct(p.share)})`).join(' and ')}, are indistinguishable at this number of runs (the difference of their shares, ${fmtPp(lead.difference)}, has a 95% interval of ${fmtPp(lead.lo)} to ${fmtPp(lead.hi)}), among the ${fmtInt(s.pathways.runsReachingRung4)} runs that reached rung 4 (${distinctPathways(s.pathways.distinct)} in all).`,
    );
  } else if (top) {
    out.push(
      `The most frequent road to a direct clash was ${roadText(top.steps)} (${fmtPct(top.share)} of the ${fmtInt(s.pathways.runsReachingRung4)} runs that reached rung 4; ${distinctPathways(s.pathways.distinct)} in all).`,
    );
  }

  if (s.episodes.medianDays !== null) {
    out.push(`Crises that ended lasted a median of ${fmtNum(s.episodes.medianDays, 3)} days; ${fmtInt(s.episodes.open)} episodes (${fmtNum(s.episodes.open / s.provenance.runs, 2)} per run) were still open at the horizon.`);
  }

  out.push(
    'These are model estimates conditional on the scenario’s assumptions, not forecasts; the intervals give Monte Carlo sampling error only, not the uncertainty in the model or its parameters (“How sure are we” gives the range under other priors and the historical record).',
  );
  return out;
}

/**
 * Sentences for a comparison: the largest changes against the first arm. `arms` names what the
 * arms are (policies for `brink compare`, a parameter's values for `brink sweep`).
 */
export function narrateCompare(s: CompareSummary, arms: { one: string; many: string } = { one: 'policy', many: 'policies' }): string[] {
  const out: string[] = [];
  const runs = fmtInt(s.provenance.runs);
  const first = s.provenance.arms[0]!.name;
  out.push(
    `Each ${arms.one} was run on the same ${runs} simulated worlds (common random numbers), so the differences below come from the ${arms.many}, not from luck of the draw; every difference is against “${first}”.`,
  );
  for (const c of s.comparisons) {
    const sig = c.binary.filter((b) => b.lo !== null && b.hi !== null && (b.lo > 0 || b.hi < 0));
    const key = (k: string) => c.binary.find((b) => b.key === k)!;
    const bits = ['drawnIn', 'article5', 'horizontal', 'partnerCollapse'].map((k) => {
      const b = key(k);
      const name = b.label.split(' (')[0]!;
      // Lower-case the outcome's first letter, except in proper names ("Article 5 invoked").
      // (and alliance ids: "NATO drawn in").
      const lower = /^Article/.test(name) || !/^[A-Z][a-z]/.test(name) ? name : name.charAt(0).toLowerCase() + name.slice(1);
      return `${lower} ${fmtPp(b.difference)} (${fmtPp(b.lo)} to ${fmtPp(b.hi)})`;
    });
    const cost = c.metrics.find((m) => m.key === 'costTotal')!;
    let sentence = `Under “${c.arm}”${s.focal !== null ? ` (${s.focal}'s point of view)` : ''}: ${bits.join('; ')}; expected total cost ${fmtSigned(cost.difference)} bn (${fmtSigned(cost.lo)} to ${fmtSigned(cost.hi)}).`;
    sentence +=
      sig.length === 0
        ? ' No change in a probability is distinguishable from zero at this number of runs.'
        : ` Probabilities whose change has a 95% interval excluding zero: ${significantNames(sig, s.focal).join(', ')}.`;
    out.push(sentence);
    // The other alliances and the dyads, in one sentence.
    const others = Object.keys(s.arms[0]?.byAlliance ?? {}).filter((a) => a !== s.focal);
    const extra: string[] = [];
    for (const a of others) {
      const d = c.binary.find((b) => b.key === `${a}.drawnIn`);
      const m = c.metrics.find((x) => x.key === `${a}.costTotal`);
      if (d && m) extra.push(`${a} drawn in ${fmtPp(d.difference)} (${fmtPp(d.lo)} to ${fmtPp(d.hi)}), its total cost ${fmtSigned(m.difference)} bn (${fmtSigned(m.lo)} to ${fmtSigned(m.hi)})`);
    }
    for (const b of c.binary) if (b.key.startsWith('dyad.')) extra.push(`direct combat ${b.key.slice(5)} ${fmtPp(b.difference)} (${fmtPp(b.lo)} to ${fmtPp(b.hi)})`);
    if (extra.length > 0) out.push(`Also under “${c.arm}”: ${extra.join('; ')}.`);
    // An inert arm says what it did move (or that it moved nothing), so that its "no change" is
    // not read as an answer (D29).
    if (c.notice !== null) out.push(`Note: ${c.notice}.`);
  }
  out.push('Differences are estimated within pairs of runs that share their random numbers; intervals are 95% and reflect sampling error only.');
  return out;
}

/**
 * Short names of the probabilities that moved, each once: the focal alliance's own rows repeat the
 * top-level ones and are left out, and another alliance's rows keep its id ("Article 4
 * consultation (USPAC)"), which the short label would otherwise drop.
 */
function significantNames(sig: readonly { key: string; label: string }[], focal: string | null): string[] {
  const names = new Set<string>();
  for (const b of sig) {
    if (focal !== null && b.key.startsWith(`${focal}.`)) continue;
    const base = b.label.split(' (')[0]!;
    const dot = b.key.indexOf('.');
    const alliance = dot > 0 && !b.key.startsWith('rung4.') && !b.key.startsWith('dyad.') ? b.key.slice(0, dot) : null;
    names.add(alliance !== null && !base.includes(alliance) ? `${base} (${alliance})` : base);
  }
  return [...names];
}
