/**
 * `brink calibrate --mid DIR [--atop FILE --nmc FILE --majors FILE --contiguity FILE]
 *   [--out params.yaml]`: fits the parameters history identifies (MODEL.md §7) to moments of the
 * MID disputes in DIR by simulated method of moments (src/calibration/calibrate.ts), prints each
 * target beside its simulated value, and writes the fit as a parameter file a scenario can
 * `include:`. Progress goes to stderr; a full calibration takes minutes (docs/calibration.md).
 */
import type { Command } from 'commander';
import { calibrate, calibrateWith, KNOBS, OBJECTIVES, splitHoldout, type CalibrateOptions, type CalibrationReport, type Objective } from '../calibration/calibrate.js';
import { icbPrediction } from '../calibration/icb-backtest.js';
import { midSummary } from '../calibration/simulate.js';
import { addCaseQueueOptions, queuedCases, withCaseQueue, type CaseQueueFlags } from './queue-cases.js';
import { ALL_MOMENTS, MOMENTS, OPTIONAL_MOMENTS } from '../calibration/moments.js';
import { calibrationYaml, SHIPPED_MODEL_FILE } from '../calibration/params-file.js';
import { EXIT_INVALID, intArg, type CliContext } from './context.js';
import { checkOutputFile, writeOutputFile } from './output.js';
import { checkOutBeforeAction } from './mc-common.js';
import { addDataOptions, engineApi, fmtNum, loadCases, loadIcb, loadModel, loadReference, PARAMS_HELP, reportSkips, shareArg, SkipLog, type DataFlags } from './historical-io.js';

interface Opts extends DataFlags, CaseQueueFlags {
  mid: string;
  out?: string;
  params?: string;
  runs: number;
  seed: number;
  holdout: number;
  maxEvals: number;
  checkEvery: number;
  patience: number;
  coarse: number;
  maxDisputes?: number;
  knobs?: string;
  moments?: string;
  objective: string;
  icb?: string;
  json?: boolean;
  quiet?: boolean;
}

export function formatCalibration(r: CalibrationReport): string[] {
  const lines: string[] = [];
  lines.push(`fitted on ${r.fit.disputes} disputes, ${r.holdout.disputes} held back; ${r.runs} runs per dispute; ${r.evaluations} evaluations${r.stoppedEarly ? ' (stopped early)' : ''}`);
  lines.push('');
  lines.push(`${'moment'.padEnd(22)} ${'target'.padStart(8)} ${'simulated'.padStart(10)}   ${'held-back'.padStart(9)} ${'simulated'.padStart(10)}`);
  r.fit.moments.forEach((m, k) => {
    const h = r.holdout.moments[k]!;
    lines.push(`${m.name.padEnd(22)} ${fmtNum(m.observed).padStart(8)} ${fmtNum(m.simulated).padStart(10)}   ${fmtNum(h.observed).padStart(9)} ${fmtNum(h.simulated).padStart(10)}`);
  });
  lines.push(`${'distance'.padEnd(22)} ${''.padStart(8)} ${fmtNum(r.fit.distance, 1).padStart(10)}   ${''.padStart(9)} ${fmtNum(r.holdout.distance, 1).padStart(10)}`);
  lines.push('');
  if (r.scores) {
    const t = (x: NonNullable<CalibrationReport['scores']>['fit'] | null): string =>
      x ? `${fmtNum(x.objective, 4)} (RPS ${fmtNum(x.terms.rps, 4)}, Brier war ${fmtNum(x.terms.brierWar, 4)}, recip ${fmtNum(x.terms.brierRecip, 4)}; base rates ${fmtNum(x.baseRates.rps, 4)}, ${fmtNum(x.baseRates.brierWar, 4)}, ${fmtNum(x.baseRates.brierRecip, 4)})` : 'NA';
    lines.push(`score objective, fitted disputes:    ${t(r.scores.fit)}`);
    lines.push(`score objective, held-back disputes: ${t(r.scores.holdout)}`);
    const icb = r.scores.icb;
    if (icb) {
      const ti = (x: typeof icb.fit | null): string =>
        x ? `${fmtNum(x.objective, 4)} over ${x.crises} crises (violence RPS ${fmtNum(x.terms.violenceRps, 4)}, horizontal Brier ${fmtNum(x.terms.horizontalBrier, 4)}; base rates ${fmtNum(x.baseRates.violenceRps, 4)}, ${fmtNum(x.baseRates.horizontalBrier, 4)})` : 'NA';
      lines.push(`ICB part, fitted crises:             ${ti(icb.fit)}`);
      lines.push(`ICB part, held-back crises:          ${ti(icb.holdout)}`);
    }
    lines.push('');
  }
  lines.push(`${'knob'.padEnd(22)} ${'start'.padStart(8)} ${'fitted'.padStart(10)}   kind`);
  for (const k of r.knobs) lines.push(`${k.name.padEnd(22)} ${fmtNum(k.start, 4).padStart(8)} ${fmtNum(k.value, 4).padStart(10)}   ${k.kind}`);
  return lines;
}

export function register(program: Command, ctx: CliContext): void {
  const cmd = addDataOptions(
    program
      .command('calibrate')
      .description('fit the parameters history identifies to MID disputes (simulated method of moments, Nelder–Mead)')
      .requiredOption('--mid <dir>', 'directory of MID 5.0-format files (MIDA and MIDB)'),
  )
    .option('--out <file>', 'write the fitted parameters as a YAML parameter file (for a scenario\'s include:)')
    .option('--params <file>', `start from this ${PARAMS_HELP}`)
    .option('--runs <n>', 'simulated runs per dispute and evaluation (common random numbers)', intArg(1, 100000), 8)
    .option('--seed <n>', 'master seed', intArg(0), 1)
    .option('--holdout <share>', 'share of the disputes held back for early stopping (0 to 0.9)', shareArg, 0.2)
    .option('--max-evals <n>', 'largest number of objective evaluations', intArg(1, 1e6), 800)
    .option('--check-every <n>', 'evaluations between held-back checks', intArg(1, 1e6), 10)
    .option('--patience <n>', 'checks without held-back improvement before stopping', intArg(1, 1e6), 15)
    .option('--coarse <n>', 'passes of the coarse coordinate search before Nelder–Mead (0: none)', intArg(0, 100), 3)
    .option('--max-disputes <n>', 'fit on at most this many disputes (a deterministic subsample), for speed', intArg(1))
    .option('--knobs <list>', `comma-separated knobs to fit (default all: ${KNOBS.map((k) => k.name).join(',')})`)
    .option('--moments <list>', `comma-separated moments to fit (default all of: ${MOMENTS.map((m) => m.name).join(',')}; fitted only when named: ${OPTIONAL_MOMENTS.map((m) => m.name).join(',')})`)
    .option('--objective <name>', 'what the fit minimises: moments (the moment distance) or score (the mean per-dispute RPS and Brier scores of the backtest, each relative to the base rates; docs/calibration.md)', 'moments')
    .option('--icb <dir>', 'with --objective score: also fit the ICB crises of this directory (violence RPS and horizontal-escalation Brier, relative to their base rates, added to the objective)')
    .option('--json', 'print the calibration report as JSON on stdout')
    .option('--quiet', 'no progress on stderr');
  // A bad --out is refused before the data are read, not after a fit of minutes (D30).
  checkOutBeforeAction(addCaseQueueOptions(cmd), checkOutputFile).action(async (opts: Opts) => {
      const knobs = opts.knobs?.split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = (knobs ?? []).filter((k) => !KNOBS.some((x) => x.name === k));
      if (unknown.length > 0) {
        ctx.err(`brink: --knobs: unknown knob${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (known: ${KNOBS.map((k) => k.name).join(', ')})`);
        ctx.fail(EXIT_INVALID);
        return;
      }
      const momentNames = opts.moments?.split(',').map((s) => s.trim()).filter(Boolean);
      const unknownM = (momentNames ?? []).filter((k) => !ALL_MOMENTS.some((m) => m.name === k));
      if (unknownM.length > 0) {
        ctx.err(`brink: --moments: unknown moment${unknownM.length > 1 ? 's' : ''} ${unknownM.join(', ')} (known: ${ALL_MOMENTS.map((m) => m.name).join(', ')})`);
        ctx.fail(EXIT_INVALID);
        return;
      }
      if (!(OBJECTIVES as readonly string[]).includes(opts.objective)) {
        ctx.err(`brink: --objective: unknown objective "${opts.objective}" (known: ${OBJECTIVES.join(', ')})`);
        ctx.fail(EXIT_INVALID);
        return;
      }
      const objective = opts.objective as Objective;
      if (objective === 'score' && opts.runs < 2) {
        ctx.err('brink: --objective score needs --runs 2 or more (the scores are debiased for the Monte Carlo variance of each dispute\'s predicted shares)');
        ctx.fail(EXIT_INVALID);
        return;
      }
      if (opts.icb !== undefined && objective !== 'score') {
        ctx.err('brink: --icb is fitted by the score objective only; add --objective score');
        ctx.fail(EXIT_INVALID);
        return;
      }
      const moments = momentNames ? ALL_MOMENTS.filter((m) => momentNames.includes(m.name)) : undefined;
      const loaded = loadModel(ctx, opts.params);
      if (!loaded) return;
      const start = loaded.model;
      const skips = new SkipLog();
      const ref = loadReference(ctx, opts, skips);
      if (!ref) return;
      let cases = loadCases(ctx, opts.mid, ref, skips, '--mid');
      if (!cases) return;
      const icb = opts.icb !== undefined ? loadIcb(ctx, opts.icb, ref, skips, '--icb') : undefined;
      if (icb === null) return;
      if (!reportSkips(ctx, skips, opts.strict === true)) return;
      if (opts.maxDisputes !== undefined && cases.length > opts.maxDisputes) {
        // A deterministic subsample by dispute number (the same split rule as the hold-out).
        cases = splitHoldout(cases, opts.maxDisputes / cases.length, opts.seed + 7).holdout;
      }
      // The split calibrate() makes: refuse up front a hold-out that leaves nothing to fit.
      const split = splitHoldout(cases, opts.holdout, opts.seed);
      if (split.fit.length === 0) {
        ctx.err(`brink: --holdout ${opts.holdout}: of ${cases.length} dispute${cases.length === 1 ? '' : 's'}, none is left to fit; hold back a smaller share`);
        ctx.fail(EXIT_INVALID);
        return;
      }
      const progress = !opts.quiet;
      let lastBest = Infinity;
      const calOpts: CalibrateOptions = {
        runs: opts.runs,
        seed: opts.seed,
        holdoutShare: opts.holdout,
        maxEvaluations: opts.maxEvals,
        checkEvery: opts.checkEvery,
        patience: opts.patience,
        coarsePasses: opts.coarse,
        start,
        ...(knobs ? { knobs } : {}),
        ...(moments ? { moments } : {}),
        ...(objective === 'score' ? { objective } : {}),
        ...(icb ? { icb } : {}),
        onEvaluation: (n, _f, best) => {
          if (progress && (best < lastBest || n % 25 === 0)) {
            ctx.err(`calibrate: evaluation ${n}, best ${objective === 'score' ? 'score' : 'distance'} ${fmtNum(best, objective === 'score' ? 4 : 2)}`);
            lastBest = best;
          }
        },
        onCheck: (n, h) => {
          if (progress) ctx.err(`calibrate: evaluation ${n}, held-back ${objective === 'score' ? 'score' : 'distance'} ${fmtNum(h, objective === 'score' ? 4 : 2)}`);
        },
      };
      const all = cases;
      const report =
        opts.queue === undefined
          ? calibrate(engineApi, all, calOpts)
          : await withCaseQueue(ctx, 'calibrate', { ...opts, queue: opts.queue }, (tally) =>
              calibrateWith(
                async (b) =>
                  b.reading === 'icb'
                    ? (await tally('icb', queuedCases(b.cases, b.model, b.seed), b.runs)).map((t) => icbPrediction(t, b.runs))
                    : (await tally('mid', queuedCases(b.cases, b.model, b.seed), b.runs)).map((t) => midSummary(t, b.runs)),
                all,
                calOpts,
              ),
            );
      if (opts.json) ctx.out(JSON.stringify({ ...report, model: loaded.source, skipped: skips.json() }, null, 2));
      else {
        for (const l of formatCalibration(report)) ctx.out(l);
        ctx.out('');
        ctx.out(skips.all.length === 0 ? 'no record skipped' : `records skipped: ${skips.all.length} (--json lists them)`);
      }
      if (opts.out) {
        const provenance = [
          `brink calibrate --mid ${opts.mid}`,
          opts.maxDisputes !== undefined ? `--max-disputes ${opts.maxDisputes}` : '',
          `--runs ${opts.runs} --seed ${opts.seed} --holdout ${opts.holdout} --max-evals ${opts.maxEvals} --coarse ${opts.coarse}`,
          `--check-every ${opts.checkEvery} --patience ${opts.patience}`,
          knobs ? `--knobs ${knobs.join(',')}` : '',
          momentNames ? `--moments ${momentNames.join(',')}` : '',
          objective === 'score' ? '--objective score' : '',
          opts.icb !== undefined ? `--icb ${opts.icb}` : '',
          // Without --params the start was the model as shipped: record it, so the command reproduces the fit.
          `--params ${opts.params ?? SHIPPED_MODEL_FILE}`,
        ].filter(Boolean).join(' ');
        writeOutputFile(opts.out, calibrationYaml(report, provenance));
        if (!opts.json) ctx.out(`\nwrote ${opts.out}`);
      }
    });
}
