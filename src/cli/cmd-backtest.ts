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
import { backtest, backtestJson, PREDICTORS, type BacktestResult } from '../calibration/backtest.js';
import type { CalibrationBin } from '../calibration/scores.js';
import { DEFAULT_DATA_DIR } from '../calibration/files.js';
import { EXIT_INVALID, intArg, type CliContext } from './context.js';
import { addDataOptions, engineApi, fmtNum, loadCases, loadModel, loadReference, PARAMS_HELP, reportSkips, SkipLog, type DataFlags } from './historical-io.js';

interface Opts extends DataFlags {
  mid: string;
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
  lines.push(...table('calibration of Brink, P(use of force or war):', r.calibration.model.force));
  lines.push(...table('calibration of Brink, P(reciprocation):', r.calibration.model.recip));
  lines.push(...table('calibration of Brink, P(war):', r.calibration.model.war));
  return lines;
}

export function register(program: Command, ctx: CliContext): void {
  addDataOptions(
    program
      .command('backtest')
      .description('score the model\'s predictions of historical disputes against base rates and an ordinal logit')
      .requiredOption('--mid <dir>', 'directory of MID 5.0-format files whose disputes are scored')
      .option('--train <dir>', 'directory of MID files the baselines are fitted on (disputes also in --mid are dropped)', DEFAULT_DATA_DIR),
  )
    .option('--params <file>', PARAMS_HELP)
    .option('--runs <n>', 'simulated runs per dispute', intArg(1, 1e6), 200)
    .option('--seed <n>', 'master seed', intArg(0), 1)
    .option('--bootstrap <n>', 'bootstrap resamples for the 95% intervals', intArg(10, 1e6), 1000)
    .option('--json', 'print one JSON object on stdout')
    .option('--quiet', 'no progress on stderr')
    .action((opts: Opts) => {
      // The baselines are fitted on --train minus the scored disputes: the same folder leaves none.
      const real = (p: string) => {
        try {
          return realpathSync(p);
        } catch {
          return resolve(p);
        }
      };
      if (real(opts.train) === real(opts.mid)) {
        ctx.err(`brink: --train is the same folder as --mid; the baselines are fitted on --train without the disputes being scored, so give a different (larger) set of MID files`);
        ctx.fail(EXIT_INVALID);
        return;
      }
      const model = loadModel(ctx, opts.params);
      if (!model) return;
      const skips = new SkipLog();
      const ref = loadReference(ctx, opts, skips);
      if (!ref) return;
      const test = loadCases(ctx, opts.mid, ref, skips, '--mid');
      if (!test) return;
      const train = loadCases(ctx, opts.train, ref, skips, '--train');
      if (!train) return;
      if (!reportSkips(ctx, skips, opts.strict === true)) return;
      const scored = new Set(test.map((c) => c.features.dispnum));
      if (train.every((c) => scored.has(c.features.dispnum))) {
        ctx.err(`brink: every dispute of --train ${opts.train} is also in --mid ${opts.mid}; after dropping the scored disputes none is left to fit the baselines on`);
        ctx.fail(EXIT_INVALID);
        return;
      }
      const progress = !opts.quiet;
      const step = Math.max(1, Math.round(test.length / 10));
      const r = backtest(engineApi, test, train, model.model, {
        runs: opts.runs,
        seed: opts.seed,
        bootstrapReps: opts.bootstrap,
        onDispute: (done, total) => {
          if (progress && (done % step === 0 || done === total)) ctx.err(`backtest: ${done}/${total} disputes simulated`);
        },
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
