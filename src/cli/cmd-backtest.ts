/**
 * `brink backtest --mid DIR --train DIR [--atop ... --nmc ... --majors ... --contiguity ...]
 *   [--params FILE] [--runs N] [--json]`: simulates every dispute of the MID files in DIR N
 * times and scores the predicted distribution against what happened (RPS over the highest
 * hostility level, Brier for war and reciprocation, calibration tables; bootstrap 95% intervals
 * over disputes), beside base rates and an ordinal logit fitted on the MID files of --train with
 * the scored disputes removed. Works on any MID 5.0-format files; every input is read and checked
 * before the first simulation.
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { backtest, backtestJson, PREDICTORS, scoreBacktest, type BacktestResult } from '../calibration/backtest.js';
import { midSummary } from '../calibration/simulate.js';
import { addCaseQueueOptions, queuedCases, withCaseQueue, type CaseQueueFlags } from './queue-cases.js';
import type { CalibrationBin } from '../calibration/scores.js';
import { DEFAULT_DATA_DIR } from '../calibration/files.js';
import type { HistoricalModel } from '../calibration/build-scenario.js';
import type { Reference } from '../calibration/dispute.js';
import { icbBacktest, icbPrediction, ICB_PREDICTORS, scoreIcbBacktest, type IcbBacktestResult } from '../calibration/icb-backtest.js';
import { DURATION_BINS } from '../calibration/icb.js';
import { EXIT_INVALID, intArg, type CliContext } from './context.js';
import { addDataOptions, engineApi, fmtNum, loadCases, loadModel, loadIcb, loadReference, PARAMS_HELP, reportSkips, SkipLog, type DataFlags } from './historical-io.js';

interface Opts extends DataFlags, CaseQueueFlags {
  mid?: string;
  icb?: string;
  train: string;
  params?: string;
  runs: number;
  seed: number;
  bootstrap: number;
  json?: boolean;
  quiet?: boolean;
}

const NAMES: Record<(typeof PREDICTORS)[number], string> = { model: 'Brink', baseRate: 'base rates', logit: 'ordinal logit' };

const ci = (x: { estimate: number; lo: number; hi: number }, d = 4) => `${fmtNum(x.estimate, d)} [${fmtNum(x.lo, d)}, ${fmtNum(x.hi, d)}]`;

function table(title: string, bins: CalibrationBin[]): string[] {
  const out = [title, `  ${'decile'.padEnd(7)}${'n'.padStart(5)} ${'predicted'.padStart(10)} ${'observed'.padStart(9)}  95% interval`];
  for (const b of bins) out.push(`  ${String(b.bin).padEnd(7)}${String(b.n).padStart(5)} ${fmtNum(b.meanPredicted).padStart(10)} ${fmtNum(b.observed.estimate).padStart(9)}  [${fmtNum(b.observed.lo)}, ${fmtNum(b.observed.hi)}]`);
  return out;
}

export function formatBacktest(r: BacktestResult): string[] {
  const lines: string[] = [];
  lines.push(`${r.disputes} disputes scored, ${r.runs} runs each; baselines trained on ${r.trainDisputes} disputes (${r.droppedFromTraining} also scored, dropped)`);
  lines.push(`every score below is a mean over the ${r.disputes} scored disputes`);
  lines.push('');
  lines.push(`${'predictor'.padEnd(14)} ${'RPS (level)'.padEnd(26)} ${'Brier war'.padEnd(26)} Brier reciprocation`);
  for (const p of PREDICTORS) {
    const s = r.scores[p];
    lines.push(`${NAMES[p].padEnd(14)} ${ci(s.rps).padEnd(26)} ${ci(s.brierWar).padEnd(26)} ${ci(s.brierRecip)}`);
  }
  lines.push('');
  lines.push(`skill (1 − RPS/RPS_baseline): vs base rates ${ci(r.skill.vsBaseRate, 3)}, vs ordinal logit ${ci(r.skill.vsLogit, 3)}`);
  lines.push('');
  const f = r.frequencies;
  const row = (name: string, x: { levels: number[]; war: number; recip: number }) =>
    `${name.padEnd(14)} ${x.levels.map((v) => fmtNum(v).padStart(7)).join(' ')}   ${fmtNum(x.recip).padStart(7)}`;
  lines.push(`${'frequencies'.padEnd(14)} ${['threat', 'display', 'force', 'war'].map((s) => s.padStart(7)).join(' ')}   ${'recip'.padStart(7)}`);
  lines.push(row('observed', f.observed));
  for (const p of PREDICTORS) lines.push(row(NAMES[p], f[p]));
  lines.push('');
  lines.push('alliance effect: P(war) of disputes with a minor-power target, by whether it had a major-power defence ally (ATOP) at onset');
  lines.push(`  ${'group'.padEnd(34)} ${'disputes'.padStart(8)} ${'record'.padStart(7)} ${'Brink'.padStart(7)} ${'base'.padStart(7)} ${'logit'.padStart(7)}`);
  for (const a of r.alliance)
    lines.push(`  ${a.group.padEnd(34)} ${String(a.disputes).padStart(8)} ${fmtNum(a.observedWar).padStart(7)} ${fmtNum(a.predictedWar.model).padStart(7)} ${fmtNum(a.predictedWar.baseRate).padStart(7)} ${fmtNum(a.predictedWar.logit).padStart(7)}`);
  lines.push('');
  lines.push(...table('calibration of Brink, P(use of force or war):', r.calibration.model.force));
  lines.push(...table('calibration of Brink, P(reciprocation):', r.calibration.model.recip));
  lines.push(...table('calibration of Brink, P(war):', r.calibration.model.war));
  return lines;
}

export function register(program: Command, ctx: CliContext): void {
  const cmd = addDataOptions(
    program
      .command('backtest')
      .description('score the model\'s predictions of historical disputes against base rates and an ordinal logit')
      .option('--mid <dir>', 'directory of MID 5.0-format files whose disputes are scored')
      .option('--icb <dir>', 'instead of --mid: directory holding an ICB v15 actor-level CSV whose crises are scored from their onsets')
      .option('--train <dir>', 'directory of MID (with --icb: ICB) files the baselines are fitted on (cases also scored are dropped)', DEFAULT_DATA_DIR),
  )
    .option('--params <file>', PARAMS_HELP)
    .option('--runs <n>', 'simulated runs per dispute', intArg(1, 1e6), 200)
    .option('--seed <n>', 'master seed', intArg(0), 1)
    .option('--bootstrap <n>', 'bootstrap resamples for the 95% intervals', intArg(10, 1e6), 1000)
    .option('--json', 'print one JSON object on stdout')
    .option('--quiet', 'no progress on stderr');
  addCaseQueueOptions(cmd).action(async (opts: Opts) => {
      if ((opts.mid === undefined) === (opts.icb === undefined)) {
        ctx.err(`brink: backtest needs exactly one of --mid DIR (MID disputes) and --icb DIR (ICB crises)`);
        ctx.fail(EXIT_INVALID);
        return;
      }
      const scoredDir = (opts.mid ?? opts.icb)!;
      // The baselines are fitted on --train minus the scored disputes: the same folder leaves none.
      const real = (p: string) => {
        try {
          return realpathSync(p);
        } catch {
          return resolve(p);
        }
      };
      if (real(opts.train) === real(scoredDir)) {
        ctx.err(`brink: --train is the same folder as --${opts.mid !== undefined ? 'mid' : 'icb'}; the baselines are fitted on --train without the cases being scored, so give a different (larger) set of files`);
        ctx.fail(EXIT_INVALID);
        return;
      }
      const model = loadModel(ctx, opts.params);
      if (!model) return;
      const skips = new SkipLog();
      const ref = loadReference(ctx, opts, skips);
      if (!ref) return;
      if (opts.icb !== undefined) {
        await runIcb(ctx, opts, opts.icb, ref, model, skips);
        return;
      }
      const mid = opts.mid!;
      const test = loadCases(ctx, mid, ref, skips, '--mid');
      if (!test) return;
      const train = loadCases(ctx, opts.train, ref, skips, '--train');
      if (!train) return;
      if (!reportSkips(ctx, skips, opts.strict === true)) return;
      const scored = new Set(test.map((c) => c.features.dispnum));
      if (train.every((c) => scored.has(c.features.dispnum))) {
        ctx.err(`brink: every dispute of --train ${opts.train} is also in --mid ${mid}; after dropping the scored disputes none is left to fit the baselines on`);
        ctx.fail(EXIT_INVALID);
        return;
      }
      const onDispute = tenthsProgress(ctx, test.length, 'disputes', opts.quiet === true);
      const r =
        opts.queue === undefined
          ? backtest(engineApi, test, train, model.model, {
              runs: opts.runs,
              seed: opts.seed,
              bootstrapReps: opts.bootstrap,
              onDispute,
            })
          : await withCaseQueue(ctx, 'backtest', { ...opts, queue: opts.queue }, async (tally) => {
              const t = await tally('mid', queuedCases(test, model.model, opts.seed), opts.runs);
              return scoreBacktest(test, train, t.map((x) => midSummary(x, opts.runs)), { runs: opts.runs, seed: opts.seed, bootstrapReps: opts.bootstrap });
            });
      if (opts.json) ctx.out(JSON.stringify({ model: model.source, ...(backtestJson(r) as object), skipped: skips.json() }));
      else {
        ctx.out(`model: ${model.source}`);
        for (const l of formatBacktest(r)) ctx.out(l);
        const k = skips.all.length;
        ctx.out('');
        ctx.out(k === 0 ? 'no record skipped' : `records skipped: ${k} (${skips.count('--mid')} of the scored --mid files, ${skips.count('--train')} of --train, ${skips.count('reference files')} of the reference files); --json lists them`);
      }
    });
}

const bins = (): string[] => [...DURATION_BINS.map((b, k) => (k === 0 ? `≤${b}d` : `${DURATION_BINS[k - 1]! + 1}-${b}d`)), `>${DURATION_BINS[DURATION_BINS.length - 1]}d`];

export function formatIcbBacktest(r: IcbBacktestResult): string[] {
  const lines: string[] = [];
  lines.push(`${r.crises} ICB crises scored from their onsets, ${r.runs} runs each; baselines trained on ${r.trainCrises} crises (${r.droppedFromTraining} also scored, dropped)`);
  lines.push(`violence and horizontal escalation are means over the ${r.crises} scored crises, duration over the ${r.crisesWithDuration} with a known duration`);
  lines.push('');
  lines.push(`${'predictor'.padEnd(14)} ${'RPS violence'.padEnd(26)} ${'Brier horizontal'.padEnd(26)} RPS duration`);
  for (const p of ICB_PREDICTORS) {
    const s = r.scores[p];
    lines.push(`${NAMES[p].padEnd(14)} ${ci(s.violenceRps).padEnd(26)} ${ci(s.horizontalBrier).padEnd(26)} ${ci(s.durationRps)}`);
  }
  lines.push('');
  for (const [k, label] of [
    ['vsBaseRate', 'base rates'],
    ['vsLogit', 'logit'],
  ] as const) {
    const s = r.skill[k];
    lines.push(`skill vs ${label}: violence ${ci(s.violenceRps, 3)}, horizontal ${ci(s.horizontalBrier, 3)}, duration ${ci(s.durationRps, 3)}`);
  }
  lines.push('');
  const b = bins();
  lines.push(`${'frequencies'.padEnd(14)} ${['none', 'minor', 'serious', 'war'].map((x) => x.padStart(7)).join(' ')}  ${'horiz.'.padStart(7)}  ${b.map((x) => x.padStart(8)).join(' ')}`);
  const row = (name: string, x: IcbBacktestResult['frequencies']['observed']) =>
    `${name.padEnd(14)} ${x.violence.map((v) => fmtNum(v).padStart(7)).join(' ')}  ${fmtNum(x.pHorizontal).padStart(7)}  ${x.duration.map((v) => fmtNum(v).padStart(8)).join(' ')}`;
  lines.push(row('observed', r.frequencies.observed));
  for (const p of ICB_PREDICTORS) lines.push(row(NAMES[p], r.frequencies[p]));
  lines.push('');
  lines.push('alliance effect: P(full-scale war) by whether a target (an original party) had a great-power defence ally (ATOP) at onset');
  lines.push(`  ${'group'.padEnd(31)} ${'crises'.padStart(6)} ${'record'.padStart(7)} ${'Brink'.padStart(7)} ${'base'.padStart(7)} ${'logit'.padStart(7)}`);
  for (const a of r.alliance)
    lines.push(`  ${a.group.padEnd(31)} ${String(a.crises).padStart(6)} ${fmtNum(a.observedWar).padStart(7)} ${fmtNum(a.predictedWar.model).padStart(7)} ${fmtNum(a.predictedWar.baseRate).padStart(7)} ${fmtNum(a.predictedWar.logit).padStart(7)}`);
  return lines;
}

async function runIcb(ctx: CliContext, opts: Opts, dir: string, ref: Reference, model: { model: HistoricalModel; source: string }, skips: SkipLog): Promise<void> {
  const test = loadIcb(ctx, dir, ref, skips, '--icb');
  if (!test) return;
  const train = loadIcb(ctx, opts.train, ref, skips, '--train');
  if (!train) return;
  if (!reportSkips(ctx, skips, opts.strict === true)) return;
  const scored = new Set(test.map((c) => c.features.dispnum));
  if (train.every((c) => scored.has(c.features.dispnum))) {
    ctx.err(`brink: every crisis of --train ${opts.train} is also in --icb ${dir}; after dropping the scored crises none is left to fit the baselines on`);
    ctx.fail(EXIT_INVALID);
    return;
  }
  const onCrisis = tenthsProgress(ctx, test.length, 'crises', opts.quiet === true);
  const r =
    opts.queue === undefined
      ? icbBacktest(engineApi, test, train, model.model, {
          runs: opts.runs,
          seed: opts.seed,
          bootstrapReps: opts.bootstrap,
          onCrisis,
        })
      : await withCaseQueue(ctx, 'backtest', { ...opts, queue: opts.queue }, async (tally) => {
          const t = await tally('icb', queuedCases(test, model.model, opts.seed), opts.runs);
          return scoreIcbBacktest(test, train, t.map((x) => icbPrediction(x, opts.runs)), { runs: opts.runs, seed: opts.seed, bootstrapReps: opts.bootstrap });
        });
  if (opts.json) {
    ctx.out(JSON.stringify({ record: 'icb', model: model.source, durationBins: DURATION_BINS, ...r, skipped: skips.json() }));
    return;
  }
  ctx.out(`model: ${model.source}`);
  for (const l of formatIcbBacktest(r)) ctx.out(l);
  ctx.out('');
  const k = skips.all.length;
  ctx.out(k === 0 ? 'no record skipped' : `records skipped: ${k} (${skips.count('--icb')} of the scored --icb file, ${skips.count('--train')} of --train, ${skips.count('reference files')} of the reference files); --json lists them`);
}

/** Progress on stderr every tenth of n cases and at the last ("backtest: 40/400 disputes simulated"); nothing when quiet. */
function tenthsProgress(ctx: { err: (s: string) => void }, n: number, noun: string, quiet: boolean): (done: number, total: number) => void {
  const step = Math.max(1, Math.round(n / 10));
  return (done, total) => {
    if (!quiet && (done % step === 0 || done === total)) ctx.err(`backtest: ${done}/${total} ${noun} simulated`);
  };
}
