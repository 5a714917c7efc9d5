/**
 * `brink run FILE --runs N --seed S [--workers W] [--json | --csv] [--out DIR]`: a Monte Carlo
 * batch of N trajectories (trajectory k with keyed random numbers (S, k), MODEL.md §6), over a
 * worker-thread pool or inline (`--workers 1`), aggregated in fixed chunks whose merge is exact:
 * the result is byte-identical for any --workers. Results go to stdout (a readable summary, or
 * JSON/CSV) and, with --out, to summary.json, CSV tables and a self-contained report.html.
 * Timing goes to stderr and timing.json only.
 */
import type { Command } from 'commander';
import { summarizeRun, type RunSummary } from '../analysis/summary.js';
import { formatJson } from '../analysis/json.js';
import { runTables, summaryCsv } from '../analysis/tables.js';
import { distinctPathways, narrateRun } from '../analysis/narrative.js';
import { fmtBn, fmtDay, fmtInt, fmtNum, fmtPct } from '../analysis/format.js';
import { RunAggregate } from '../montecarlo/aggregate.js';
import { ENGINE_VERSION } from '../model/version.js';
import { loadScenarioFile } from '../scenario/node.js';
import { renderRunReport } from '../report/html.js';
import { loadReportAssets } from '../report/assets-node.js';
import { failFlag, intArg, reportIssues, type CliContext } from './context.js';
import { findOutcomeKey, outcomeKeys, type OutcomeKey } from './outcome-keys.js';
import { createSimulator } from '../engine/index.js';
import { compileScenario } from '../scenario/compile.js';
import type { CompiledScenario } from '../scenario/compiled.js';
import { quoteExcerpt } from '../scenario/text.js';
import { applySetFlags, setsField } from './set-flags.js';
import { checkFocal, CHUNK_SIZE, addMonteCarloOptions, executeJob, queueChoice, resolveWorkers, emitOutputs, lpad, pad, runComparison, timingLine, type MonteCarloFlags } from './mc-common.js';
import { FILE_PLACEHOLDER, examplesText, traceCommand } from '../analysis/pathway-examples.js';
import { parseParamList, planSensitivity, sensitivityChunkSize } from './cmd-sensitivity.js';
import {
  DEFAULT_UNCERTAINTY_PARAMS,
  DEFAULT_UNCERTAINTY_RUNS,
  fmtProb,
  fmtShare,
  glossary,
  heavyTailed,
  leadText,
  pathwayLead,
  summarizeUncertainty,
  trustLines,
  uncertaintySideLines,
  type RunSummaryWithUncertainty,
} from '../analysis/trust.js';
import type { ParamName } from '../model/params.js';

export type RunFlags = MonteCarloFlags & { uncertainty?: boolean; uncertaintyParams?: string; uncertaintyRuns?: number };

/** A run summary, with the prior range when `--uncertainty` computed it (D34). */
export type RunSummaryOut = RunSummaryWithUncertainty;

/** The factors of the uncertainty study: those of `brink sensitivity`'s defaults. */
const UNCERTAINTY_LOW = 0.5;
const UNCERTAINTY_HIGH = 2;

export function register(program: Command, ctx: CliContext): void {
  addMonteCarloOptions(
    program
      .command('run')
      .description('run a Monte Carlo batch of a scenario and summarise every outcome with 95% intervals')
      .argument('<file>', 'scenario YAML file'),
    {
      runs: 'number of trajectories',
      seed: 'master seed (trajectory k uses keyed random numbers of (seed, k))',
      json: 'print summary.json to stdout',
      csv: 'print the summary as one long CSV table (section,key,stat,value)',
      out: 'write summary.json, CSV tables, report.html and timing.json to this directory',
    },
  )
    .option(
      '--uncertainty',
      `also run a quick one-at-a-time sensitivity of the headline (the focal alliance's P(drawn in)) to the priors, as brink sensitivity does (each × ${UNCERTAINTY_LOW} and × ${UNCERTAINTY_HIGH}, common random numbers, the same seed), and report the lowest and highest headline they give in "How sure are we" and summary.json's uncertainty; by default the ${DEFAULT_UNCERTAINTY_PARAMS.length} priors the tornado of docs/monte-carlo.md ranks highest (${DEFAULT_UNCERTAINTY_PARAMS.join(', ')}) at min(--runs, ${DEFAULT_UNCERTAINTY_RUNS}) runs: 11 arms, about 50 s for baseline-2025 on 2 shared, loaded cores (docs/monte-carlo.md); stderr gets its own timing line`,
    )
    .option('--uncertainty-params <list>', 'with --uncertainty: the comma-separated priors to vary instead of the default five (brink params lists them)')
    .option('--uncertainty-runs <n>', `with --uncertainty: runs per arm of the study (default min(--runs, ${DEFAULT_UNCERTAINTY_RUNS}))`, intArg(1, 1e9))
    .option('--list <outcome>', 'after the summary, list the trajectories in which an outcome happened, with its day (keys: drawnIn, article4, article5, NATO.article4, dyad.USA-CHN, rung4.europe, …; an unknown key lists them); text output only; a second, inline pass over the runs')
    .action(async (file: string, flags: RunFlags & { list?: string }) => {
      const loaded = loadScenarioFile(file);
      if (loaded.scenario === null) {
        reportIssues(ctx, loaded.issues);
        return;
      }
      const set = applySetFlags(ctx, loaded.scenario, flags.set);
      if (set === null) return;
      const { scenario, sets } = set;
      if (!checkFocal(ctx, scenario, flags.focal)) return;
      let uNames: ParamName[] | null = null;
      if (!flags.uncertainty) {
        if (flags.uncertaintyParams !== undefined) return failFlag(ctx, '--uncertainty-params: needs --uncertainty');
        if (flags.uncertaintyRuns !== undefined) return failFlag(ctx, '--uncertainty-runs: needs --uncertainty');
      } else {
        const names = flags.uncertaintyParams === undefined ? [...DEFAULT_UNCERTAINTY_PARAMS] : parseParamList('--uncertainty-params', flags.uncertaintyParams);
        if (typeof names === 'string') return failFlag(ctx, names);
        uNames = names;
      }
      let listKey: OutcomeKey | null = null;
      const compiled = flags.list !== undefined ? compileScenario(scenario) : null;
      if (flags.list !== undefined) {
        if (flags.json || flags.csv) return failFlag(ctx, `--list: prints text after the summary; drop --${flags.json ? 'json' : 'csv'}`);
        listKey = findOutcomeKey(compiled!, flags.list);
        if (listKey === null) return failFlag(ctx, `--list: unknown outcome ${quoteExcerpt(flags.list)}; the keys of this scenario: ${outcomeKeys(compiled!).map((k) => k.key).join(', ')}`);
      }
      const workers = resolveWorkers(flags.workers);
      const job = { kind: 'run' as const, scenario, seed: flags.seed, runs: flags.runs, chunkSize: CHUNK_SIZE };
      const { output, timing } = await executeJob(job, workers, { progress: flags.progress, label: `brink run ${scenario.name}`, command: 'run', queue: queueChoice(flags) });
      const run = summarizeRun(output.aggregate as RunAggregate, {
        engineVersion: ENGINE_VERSION,
        scenario: scenario.name,
        scenarioHash: output.scenarioHashes[0] ?? '',
        seed: flags.seed,
      }, flags.focal !== undefined ? { focal: flags.focal } : {});
      let summary: RunSummaryOut = { ...run, provenance: { ...run.provenance, ...setsField(sets) } };
      let allTiming: typeof timing = timing;
      if (uNames !== null) {
        // The study: the reference and each prior's two sides, on the run's seed (so its reference
        // arm is the run's first trajectories), exactly as brink sensitivity builds and runs it.
        const { arms, info, plan, skipped } = planSensitivity(scenario, uNames, UNCERTAINTY_LOW, UNCERTAINTY_HIGH, file);
        const uRuns = flags.uncertaintyRuns ?? Math.min(flags.runs, DEFAULT_UNCERTAINTY_RUNS);
        const u = await runComparison(arms, info, { ...flags, runs: uRuns }, { label: `brink run --uncertainty (${arms.length} arms)`, command: 'run --uncertainty', chunkSize: sensitivityChunkSize(arms.length), series: false });
        const uncertainty = summarizeUncertainty(u.compare, plan, {
          outcomeKey: 'drawnIn',
          low: UNCERTAINTY_LOW,
          high: UNCERTAINTY_HIGH,
          selection: flags.uncertaintyParams === undefined ? 'default' : 'given',
          skipped,
        });
        summary = { ...summary, uncertainty };
        ctx.err(timingLine(u.timing).replace(/^brink:/, 'brink (uncertainty):'));
        const merged = { ...timing, uncertainty: u.timing };
        allTiming = merged;
      }
      const json = `${formatJson(summary)}\n`;
      emitOutputs(ctx, flags, {
        json,
        csv: () => summaryCsv(summary),
        text: () => formatRunText(summary, file),
        timing: allTiming,
        files: () => ({ ...runTables(summary), 'report.html': renderRunReport(summary, loadReportAssets(), { scenarioFile: file }) }),
      });
      if (listKey !== null) for (const line of listOutcomeText(compiled!, flags.seed, flags.runs, listKey)) ctx.out(line);
    });
}


/** The trajectories 0 … runs−1 of a seed in which an outcome happened, with its day (brink trace --where opens them). */
export function listOutcome(compiled: CompiledScenario, seed: number, runs: number, key: OutcomeKey): { trajectory: number; day: number }[] {
  const sim = createSimulator(compiled);
  const out: { trajectory: number; day: number }[] = [];
  for (let k = 0; k < runs; k++) {
    const r = sim.run(seed, k, key.needsTrace ? { trace: true } : {});
    const day = key.day(r.outcome, r.events);
    if (day >= 0) out.push({ trajectory: k, day });
  }
  return out;
}

export function listOutcomeText(compiled: CompiledScenario, seed: number, runs: number, key: OutcomeKey): string[] {
  const hits = listOutcome(compiled, seed, runs, key);
  return [
    '',
    `${key.key} happened in ${fmtInt(hits.length)} of ${fmtInt(runs)} trajectories of seed ${seed} (open one: brink trace FILE --seed ${seed} --trajectory K, or --where ${key.key} --nth N)`,
    'trajectory\tday',
    ...hits.map((h) => `${h.trajectory}\t${h.day}`),
  ];
}

/** Every collective-defence alliance's point of view, and the dyads: one row each. */
export function allianceTableText(s: RunSummary): string[] {
  const out: string[] = [];
  const als = Object.values(s.byAlliance);
  if (als.length > 0) {
    out.push('By alliance (95% intervals; a member of two alliances counts toward both)');
    const w = Math.max(10, ...als.map((a) => a.id.length + 10)) + 2;
    out.push(`  ${pad('alliance', w)}${lpad('drawn in', 24)}${lpad('Article 4', 24)}${lpad('Article 5', 24)}${lpad('C_total (B$)', 14)}${lpad('cohesion', 10)}`);
    for (const a of als) {
      const P = a.probabilities;
      const name = `${a.id}${a.id === s.focal ? ' (focal)' : ''}`;
      out.push(
        `  ${pad(name, w)}${lpad(fmtProb(P.drawnIn), 24)}${lpad(fmtProb(P.article4), 24)}` +
          `${lpad(fmtProb(P.article5), 24)}${lpad(fmtBn(a.costs.costTotal.mean), 14)}${lpad(fmtNum(a.means.finalCohesion.mean), 10)}`,
      );
    }
    out.push('');
  }
  const dys = Object.entries(s.dyads);
  if (dys.length > 0) {
    out.push('Direct combat between states (deliberate kinetic strike, rung ≥ 4, or opposite sides of a war)');
    for (const [k, d] of dys) {
      const p = d.probability;
      out.push(`  ${pad(k, 12)}${lpad(fmtProb(p), 24)}  ${lpad(fmtInt(p.count), 9)} run${p.count === 1 ? '' : 's'}${d.timeToEvent.medianIfHappened !== null ? `; median ${fmtDay(d.timeToEvent.medianIfHappened)} when it happened` : ''}`);
    }
    out.push('');
  }
  return out;
}

/** The readable terminal summary; `file` names the scenario in the pathway examples' trace command. */
export function formatRunText(s: RunSummaryOut, file: string = FILE_PLACEHOLDER): string[] {
  const pv = s.provenance;
  const out: string[] = [];
  out.push(`Brink run: ${pv.scenario} · ${fmtInt(pv.runs)} runs × ${fmtInt(pv.horizonDays)} days · seed ${pv.seed} · engine ${pv.engineVersion} · scenario ${pv.scenarioHash.slice(0, 12)}`);
  if (pv.sets !== undefined && pv.sets.length > 0) out.push(`With --set ${pv.sets.join(', ')}`);
  out.push('');
  out.push('Probabilities over the horizon (95% Wilson interval; 0 (≤ x%): in no run, x the 95% upper bound)');
  const { rung4ByTheatre, ...events } = s.probabilities;
  const probs = [...Object.values(events), ...Object.values(rung4ByTheatre)];
  const w = Math.max(...probs.map((p) => p.label.length)) + 2;
  for (const p of probs) out.push(`  ${pad(p.label, w)}${lpad(fmtProb(p), 24)}  ${lpad(fmtInt(p.count), 9)} runs`);
  out.push(`  (drawn in: a member of ${s.focal ?? 'the focal alliance'} in a deliberate fight with a state outside it; rung ≥ 4 in a theatre: the theatre reached rung 4, whoever fought; see "Words used here")`);
  out.push('');
  const a4 = s.article4Consultations;
  const dist = a4.distribution
    .slice(0, 6)
    .map((d) => `${d.consultations}: ${fmtPct(d.share)}`)
    .join(', ');
  out.push(`Article 4 consultations per run: mean ${fmtNum(a4.mean)} (${fmtNum(a4.lo)}–${fmtNum(a4.hi)}), median ${fmtNum(a4.q50)}, 95% ${fmtNum(a4.q95)}; ${dist}${a4.distribution.length > 6 ? ', …' : ''}`);
  out.push('');
  out.push(`Time to event (Kaplan–Meier, censored at day ${fmtInt(pv.horizonDays)})`);
  out.push(`  ${pad('event', w)}${lpad('by horizon', 14)}${lpad('median', 14)}${lpad('median if it happened', 24)}`);
  for (const t of Object.values(s.timeToEvent)) {
    out.push(`  ${pad(t.label, w)}${lpad(fmtShare(t.events, t.runs), 14)}${lpad(fmtDay(t.median), 14)}${lpad(t.medianIfHappened === null ? '—' : fmtDay(t.medianIfHappened), 24)}`);
  }
  out.push('');
  out.push('Highest rung reached (share of runs whose highest rung in the theatre was exactly r; rungs 4–6 add up to its "Rung ≥ 4" above)');
  out.push(`  ${pad('theatre', 16)}${[0, 1, 2, 3, 4, 5, 6].map((r) => lpad(String(r), 8)).join('')}${lpad('median', 8)}`);
  for (const [t, r] of Object.entries(s.highestRung)) out.push(`  ${pad(t, 16)}${r.shares.map((x) => lpad(x === 0 ? '0' : fmtPct(x), 8)).join('')}${lpad(String(r.median ?? '—'), 8)}`);
  out.push('');
  out.push(`Costs to ${s.focal ?? 'the alliance'} (billions of 2025 US$; C_aid aid to partners, C_deterrence posture and readiness, C_risk damage and wars)`);
  const cw = Math.max(16, ...Object.values(s.costs).map((c) => c.label.length - 3));
  out.push(`  ${pad('', cw)}${lpad('mean', 12)}${lpad('95% CI', 20)}${lpad('5%', 12)}${lpad('median', 12)}${lpad('95%', 12)}`);
  for (const c of [s.costs.costAid, s.costs.costDeterrence, s.costs.costRisk, s.costs.costTotal]) {
    out.push(`  ${pad(c.label.replace(' (B$)', ''), cw)}${lpad(fmtBn(c.mean), 12)}${lpad(`${fmtNum(c.lo)}–${fmtNum(c.hi)}`, 20)}${lpad(fmtBn(c.q05), 12)}${lpad(fmtBn(c.q50), 12)}${lpad(fmtBn(c.q95), 12)}${heavyTailed(c) ? '  heavy-tailed (mean above the 95th percentile)' : ''}`);
  }
  out.push('');
  for (const line of allianceTableText(s)) out.push(line);
  const e = s.escalationScore;
  out.push(`Escalation score per run: mean ${fmtNum(e.mean)} (${fmtNum(e.lo)}–${fmtNum(e.hi)}); quantiles 5% ${fmtNum(e.q05)}, 25% ${fmtNum(e.q25)}, 50% ${fmtNum(e.q50)}, 75% ${fmtNum(e.q75)}, 95% ${fmtNum(e.q95)}`);
  const ep = s.episodes;
  out.push(`Episodes (crises between two blocs in a theatre): ${fmtNum(ep.perRun)} per run; ${fmtInt(ep.ended)} ended (median ${fmtNum(ep.medianDays)} days, quartiles ${fmtNum(ep.q25Days)}–${fmtNum(ep.q75Days)}), ${fmtInt(ep.open)} open at the horizon`);
  out.push('');
  out.push(`Most frequent pathways to rung ≥ 4 (${fmtInt(s.pathways.runsReachingRung4)} runs reached it; ${distinctPathways(s.pathways.distinct)})`);
  if (s.pathways.top.length === 0) out.push('  (none)');
  const pw = Math.max(0, ...s.pathways.top.map((p) => p.steps.join(' → ').length)) + 2;
  for (const p of s.pathways.top) {
    const runs = `(${fmtInt(p.count)} run${p.count === 1 ? '' : 's'})`;
    out.push(`  ${lpad(String(p.rank), 2)}. ${pad(p.steps.join(' → '), pw)}${lpad(fmtPct(p.share), 7)}  ${pad(runs, 12)}${p.examples.length > 0 ? `  e.g. ${examplesText(p)}` : ''}`.trimEnd());
  }
  const first = s.pathways.top[0]?.examples[0];
  if (first !== undefined) {
    out.push(`  e.g.: example runs, each pathway's first trajectories of seed ${s.provenance.seed} with the day it reached rung 4; open one with ${traceCommand(file, s.provenance, first.trajectory)}`);
  }
  if (s.pathways.byLastStep.length > 0) {
    out.push(`  by the act that crossed into rung ≥ 4: ${s.pathways.byLastStep.map((b) => `${b.action} ${fmtPct(b.share)}`).join(', ')}`);
  }
  const lead = pathwayLead(s);
  if (lead !== null) out.push(`  ${leadText(lead)}`);
  out.push('');
  out.push('Reading');
  for (const line of narrateRun(s)) out.push(`  ${line}`);
  out.push('');
  out.push('How sure are we');
  const [mc, priors, record] = trustLines(s);
  out.push(`  ${mc}`, `  ${priors}`);
  if (s.uncertainty !== undefined) {
    out.push('    each side (the headline under it; paired difference to the scenario\'s priors, 95% interval):');
    for (const line of uncertaintySideLines(s.uncertainty)) out.push(`      ${line}`);
  }
  out.push(`  ${record}`);
  out.push('');
  out.push('Words used here');
  for (const [word, def] of glossary(s)) out.push(`  ${word}: ${def}`);
  return out;
}
