/**
 * `brink sensitivity FILE --runs N --seed S [--params a,b,...] [--low 0.5] [--high 2]
 * [--outcome KEY] [--top 20] [--workers W] [--json | --csv] [--out DIR]`: one-at-a-time
 * sensitivity of the scenario's outcomes to its parameters (MODEL.md §7: the labelled priors are
 * "swept in sensitivity studies"). Each parameter is set to its value × --low and × --high (kept
 * within its range) while every other stays at the scenario's value; every arm runs on the same
 * trajectories (common random numbers), and the parameters are ranked by how far the two move the
 * chosen outcome (a tornado). The default set is every parameter whose origin is `prior`.
 *
 * It is a `brink compare` job with one arm per (parameter, side), without the weekly fans so that
 * two hundred arms fit in memory (job.ts `series: false`); byte-identical for any --workers.
 */
import type { Command } from 'commander';
import { fmtStateMove } from '../analysis/compare.js';
import { defaultSensitivityParams, outcomesOf, planSensitivity, sensitivityChunkSize } from '../analysis/sensitivity-plan.js';

export { defaultSensitivityParams, planSensitivity, sensitivityChunkSize };
import { sensitivityCsv, summarizeSensitivity, type SensitivitySide, type SensitivitySummary } from '../analysis/sensitivity.js';
import { formatJson } from '../analysis/json.js';
import { fmtInt, fmtNum, fmtPct, fmtPp, fmtSigned } from '../analysis/format.js';
import { EVENTS, METRICS } from '../montecarlo/aggregate.js';
import { PARAM_NAMES, PARAM_SPECS, type ParamName } from '../model/params.js';
import { loadScenarioFile } from '../scenario/node.js';
import { renderSensitivityReport } from '../report/html.js';
import { loadReportAssets } from '../report/assets-node.js';
import { didYouMean } from '../scenario/issues.js';
import { failFlag, intArg, reportIssues, type CliContext } from './context.js';
import { applySetFlags, setsField } from './set-flags.js';
import { checkFocal, addMonteCarloOptions, emitOutputs, lpad, pad, runComparison, type MonteCarloFlags } from './mc-common.js';

interface SensitivityFlags extends MonteCarloFlags {
  params?: string;
  low: string;
  high: string;
  outcome: string;
  top: number;
}

const OUTCOME_HELP = [...EVENTS.map((e) => e.key), 'rung4.<theatre>', '<alliance>.drawnIn|article4|article5', 'dyad.<a>-<b>', ...METRICS.map((m) => m.key), '<alliance>.<cost or metric>'].join(', ');

function factorArg(name: string, text: string): number | string {
  const v = /^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(text) ? Number(text) : NaN; // decimal only (not 0x10)
  return Number.isFinite(v) && v >= 0 ? v : `--${name}: "${text}" is not a non-negative number (decimal notation)`;
}

/** Parses --params-style lists; an error message naming `flag`, or the names. */
export function parseParamList(flag: string, text: string): ParamName[] | string {
  const names = text.split(',').map((x) => x.trim());
  const unknown = names.filter((k) => !Object.hasOwn(PARAM_SPECS, k));
  if (unknown.length > 0) return `${flag}: ${unknown.map((k) => `"${k}"${didYouMean(k, PARAM_NAMES)}`).join(', ')} ${unknown.length > 1 ? 'are not parameters' : 'is not a parameter'} (brink params lists them)`;
  if (names.length === 0 || new Set(names).size !== names.length) return `${flag}: give each parameter once`;
  return names as ParamName[];
}

export function register(program: Command, ctx: CliContext): void {
  addMonteCarloOptions(
    program
      .command('sensitivity')
      .description('one-at-a-time sensitivity to every prior (or --params): each set to value × --low and × --high with common random numbers, ranked by the swing of --outcome')
      .argument('<file>', 'scenario YAML file')
      .option('--params <list>', 'comma-separated parameters (default: every parameter whose origin is prior; brink params lists them)')
      .option('--low <factor>', 'the low side: value × factor', '0.5')
      .option('--high <factor>', 'the high side: value × factor', '2')
      .option('--outcome <key>', `the outcome that ranks the parameters: ${OUTCOME_HELP}`, 'drawnIn')
      .option('--top <n>', 'rows in the terminal table (JSON and CSV have all)', intArg(1, 10000), 20),
    {
      runs: 'trajectories per arm (two arms per parameter, plus the reference)',
      seed: 'master seed shared by every arm',
      json: 'print the sensitivity summary JSON to stdout',
      csv: 'print every parameter, side and outcome as CSV',
      out: 'write summary.json, sensitivity.csv, report.html and timing.json to this directory',
    },
  )
    .action(async (file: string, flags: SensitivityFlags) => {
      const fail = (message: string) => failFlag(ctx, message);
      const low = factorArg('low', flags.low);
      const high = factorArg('high', flags.high);
      if (typeof low === 'string') return fail(low);
      if (typeof high === 'string') return fail(high);
      if (!(low < 1 && high > 1)) return fail(`--low must be below 1 and --high above 1 (got ${low} and ${high})`);
      const names = flags.params === undefined ? defaultSensitivityParams() : parseParamList('--params', flags.params);
      if (typeof names === 'string') return fail(names);
      const loaded = loadScenarioFile(file);
      if (loaded.scenario === null) {
        reportIssues(ctx, loaded.issues);
        return;
      }
      const set = applySetFlags(ctx, loaded.scenario, flags.set);
      if (set === null) return;
      const { scenario, sets } = set;
      if (!checkFocal(ctx, scenario, flags.focal)) return;
      const outcomes = outcomesOf(scenario);
      const outcome = outcomes.find((o) => o.key === flags.outcome);
      if (outcome === undefined) return fail(`--outcome: "${flags.outcome}" is not an outcome of ${scenario.name}${didYouMean(flags.outcome, outcomes.map((o) => o.key))}; one of ${outcomes.map((o) => o.key).join(', ')}`);

      const { arms, info, plan, skipped } = planSensitivity(scenario, names as ParamName[], low, high, file);
      const { compare, timing, scenarioHashes } = await runComparison(arms, info, flags, { label: `brink sensitivity (${arms.length} arms)`, command: 'sensitivity', chunkSize: sensitivityChunkSize(arms.length), series: false });

      const summarized = summarizeSensitivity(compare, plan, {
        outcomeKey: outcome.key,
        outcomeKind: outcome.kind,
        low,
        high,
        scenarioHash: scenarioHashes[0] ?? '',
        skipped,
      });
      const summary: SensitivitySummary = { ...summarized, provenance: { ...summarized.provenance, ...setsField(sets) } };
      const json = `${formatJson(summary)}\n`;
      emitOutputs(ctx, flags, {
        json,
        csv: () => sensitivityCsv(summary),
        text: () => formatSensitivityText(summary, flags.top),
        timing,
        files: () => ({ 'sensitivity.csv': sensitivityCsv(summary), 'report.html': renderSensitivityReport(summary, loadReportAssets()) }),
      });
    });
}

/**
 * Parameters whose every side is inert (D29): named with the state each side moved, so that a
 * small swing is not read as "this parameter does not matter" when it only moved unread state.
 */
export function inertLines(s: SensitivitySummary): string[] {
  const inert = s.rows.filter((r) => r.inert);
  if (inert.length === 0) return [];
  const side = (name: string, x: SensitivitySide | null): string | null => {
    if (x === null) return null;
    if (x.stateMovedCount === 0) return `${name} ${fmtNum(x.value)} moved no state`;
    const more = x.stateMovedCount - Math.min(2, x.stateMoved.length);
    return `${name} ${fmtNum(x.value)} moved ${x.stateMoved.slice(0, 2).map(fmtStateMove).join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
  };
  const out = ['', `Inert at ${fmtInt(s.provenance.runs)} runs (neither side moved a probability or a cost beyond sampling error): ${inert.length} of ${s.rows.length} parameter${s.rows.length === 1 ? '' : 's'}`];
  for (const r of inert) {
    const sides = [side('low', r.low), side('high', r.high)].filter((x) => x !== null);
    const nothing = [r.low, r.high].every((x) => x === null || x.stateMovedCount === 0);
    out.push(`  ${r.parameter}: ${nothing ? 'moved neither any outcome nor any state: inert in this scenario' : sides.join('; ')}`);
  }
  return out;
}

const clear = (d: [number | null, number | null, number | null]): boolean => d[1] !== null && d[2] !== null && (d[1] > 0 || d[2] < 0);

export function formatSensitivityText(s: SensitivitySummary, top: number): string[] {
  const pv = s.provenance;
  const o = s.outcome;
  const fmtD = (x: number | null) => (o.kind === 'probability' ? fmtPp(x) : fmtSigned(x));
  const fmtV = (x: number | null) => (o.kind === 'probability' ? fmtPct(x) : fmtNum(x));
  const out: string[] = [];
  out.push(`Brink sensitivity: ${pv.scenario} · ${s.rows.length} parameter${s.rows.length === 1 ? '' : 's'}, each × ${s.factors.low} and × ${s.factors.high} · ${fmtInt(pv.runs)} paired runs per arm × ${fmtInt(pv.horizonDays)} days · seed ${pv.seed} · engine ${pv.engineVersion}`);
  if (pv.sets !== undefined && pv.sets.length > 0) out.push(`With --set ${pv.sets.join(', ')}`);
  out.push(`Ranked by the swing of “${o.label}” (${fmtV(o.reference)} at the scenario's values); differences to it with 95% intervals, * where the interval excludes zero.`);
  out.push('');
  const shown = s.rows.slice(0, top);
  const w = Math.max(12, ...shown.map((r) => r.parameter.length)) + 2;
  const cell = (side: SensitivitySide | null) => {
    if (side === null) return lpad('—', 44);
    const d = side.differences[o.key]!;
    return lpad(`${fmtNum(side.value)}: ${fmtD(d[0])}${clear(d) ? '*' : ' '} (${fmtD(d[1])} to ${fmtD(d[2])})`, 44);
  };
  out.push(`  ${pad('parameter', w)}${lpad('value', 10)}${lpad('low side', 44)}${lpad('high side', 44)}${lpad('swing', 10)}`);
  for (const r of shown) out.push(`  ${pad(r.parameter, w)}${lpad(fmtNum(r.value), 10)}${cell(r.low)}${cell(r.high)}${lpad(fmtD(r.swing).replace(/^\+/, ''), 10)}`);
  if (s.rows.length > shown.length) out.push(`  … ${s.rows.length - shown.length} more (--top, or --json / --csv for all)`);
  out.push(...inertLines(s));
  if (s.skipped.length > 0) out.push('', `Not varied: ${s.skipped.map((x) => `${x.parameter} (${x.reason})`).join('; ')}.`);
  out.push('', 'One parameter at a time, the others at the scenario\'s values; intervals reflect sampling error only, and a parameter that matters only together with another does not show here.');
  return out;
}

