/**
 * `brink sweep FILE (--param NAME | --lever PATH [--alliance ID] | --field PATH) --values V1,V2,... --runs N --seed S
 * [--set PATH=VALUE …] [--workers W] [--json | --csv] [--out DIR]`: a sensitivity study of one model parameter, of one
 * numeric lever of an alliance's policy applied as a one-lever policy file, or of any field of the
 * scenario named by a scenario path (D27; enumerated fields sweep over words) (MODEL.md §7: the labelled priors are
 * "swept in sensitivity studies"). The scenario runs once at its own value of NAME (the reference
 * arm: its `parameters:` and included files, else the engine default) and once per value, all
 * with common random numbers (trajectory k of every arm uses (S, k), MODEL.md §6), exactly as
 * `brink compare` runs policy files; the output is the comparison (paired differences to the
 * reference with 95% intervals) read as a response curve: one row per outcome, one column per
 * value. Byte-identical for any --workers, like `run` and `compare`.
 */
import type { Command } from 'commander';
import { formatJson } from '../analysis/json.js';
import { compareCsv } from '../analysis/tables.js';
import { fieldArms, leverArms, MAX_SWEEP_VALUES, parameterArms, parseFieldValues, parseSweepValues, shownValue, SWEEP_LEVERS, sweepCsv, sweepRows, sweepWords, type SweepRow, type SweepSummary } from '../analysis/sweep.js';

export { MAX_SWEEP_VALUES, parseFieldValues, parseSweepValues, shownValue, SWEEP_LEVERS, sweepCsv, sweepRows, type SweepInfo, type SweepSummary, type SweepValue } from '../analysis/sweep.js';
import { narrateCompare } from '../analysis/narrative.js';
import { fmtInt, fmtNum, fmtPct, fmtPp, fmtSigned } from '../analysis/format.js';
import { loadScenarioFile } from '../scenario/node.js';
import { renderCompareReport } from '../report/html.js';
import { loadReportAssets } from '../report/assets-node.js';
import { failFlag, reportIssues, type CliContext } from './context.js';
import { checkFocal, addMonteCarloOptions, emitOutputs, lpad, pad, runComparison, type MonteCarloFlags } from './mc-common.js';
import { applySetFlags, setsField } from './set-flags.js';

interface SweepFlags extends MonteCarloFlags {
  param?: string;
  lever?: string;
  alliance?: string;
  field?: string;
  values: string;
}

export function register(program: Command, ctx: CliContext): void {
  addMonteCarloOptions(
    program
      .command('sweep')
      .description('sensitivity of every outcome to one parameter or policy lever: the scenario at several values of it, with common random numbers; paired differences to its own value')
      .argument('<file>', 'scenario YAML file')
      .option('--param <name>', 'the parameter to sweep (brink params lists them)')
      .option('--lever <path>', `or a policy lever of an alliance: ${SWEEP_LEVERS.join(', ')}`)
      .option('--alliance <id>', 'with --lever: the alliance whose policy it is (default: the first collective-defence alliance)')
      .option('--field <path>', 'or any numeric, true/false or enumerated field of the scenario, by its path: e.g. enablerLinks[from=CHN,to=RUS].supplyRate (docs/scenarios.md)')
      .requiredOption('--values <list>', `comma-separated values of it, each within its range, or words for an enumerated field (at most ${MAX_SWEEP_VALUES})`),
    {
      runs: 'trajectories per value',
      seed: 'master seed shared by every value',
      json: 'print the sweep summary JSON to stdout',
      csv: 'print the response table as CSV',
      out: 'write summary.json, sweep.csv, compare.csv, report.html and timing.json to this directory',
    },
  )
    .action(async (file: string, flags: SweepFlags) => {
      const modes = [flags.param, flags.lever, flags.field].filter((x) => x !== undefined).length;
      const values = flags.field !== undefined ? parseFieldValues(flags.values) : parseSweepValues(flags.values);
      if (typeof values === 'string') {
        failFlag(ctx, values);
        return;
      }
      const loaded = loadScenarioFile(file);
      if (loaded.scenario === null) {
        reportIssues(ctx, loaded.issues);
        return;
      }
      if (modes !== 1) {
        failFlag(ctx, 'give one of --param NAME (a model parameter), --lever PATH (a policy lever) or --field PATH (a field of the scenario)');
        return;
      }
      const set = applySetFlags(ctx, loaded.scenario, flags.set);
      if (set === null) return;
      const { scenario, sets } = set;
      if (!checkFocal(ctx, scenario, flags.focal)) return;
      const built =
        flags.field !== undefined
          ? fieldArms(scenario, file, flags.field, values as string[])
          : flags.param !== undefined
            ? parameterArms(scenario, file, flags.param, values as number[])
            : leverArms(scenario, file, flags.lever!, flags.alliance, values as number[]);
      if ('problems' in built) {
        reportIssues(ctx, built.problems);
        return;
      }
      const { arms, info, sweep } = built;
      const name = sweep.parameter;
      const { compare, timing } = await runComparison(arms, info, flags, { label: `brink sweep ${name}`, command: 'sweep' });
      const summary: SweepSummary = { ...compare, provenance: { ...compare.provenance, ...setsField(sets) }, sweep };
      emitOutputs(ctx, flags, {
        json: `${formatJson(summary)}\n`,
        csv: () => sweepCsv(summary),
        text: () => formatSweepText(summary),
        timing,
        files: () => ({ 'sweep.csv': sweepCsv(summary), 'compare.csv': compareCsv(summary), 'report.html': renderCompareReport(summary, loadReportAssets(), sweepWords(name)) }),
      });
    });
}

/** A difference whose 95% interval excludes zero. */
const clear = (c: SweepRow['cells'][number]): boolean => c.lo !== null && c.hi !== null && (c.lo > 0 || c.hi < 0);

export function formatSweepText(s: SweepSummary): string[] {
  const pv = s.provenance;
  const sw = s.sweep;
  // The focal alliance's own rows repeat the top-level ones: shown once here (sweep.csv keeps both).
  const rows = sweepRows(s).filter((r) => s.focal === null || !r.key.startsWith(`${s.focal}.`));
  const out: string[] = [];
  const what = sw.kind === 'lever' ? `${sw.parameter} (a lever of ${sw.alliance}'s policy)` : sw.kind === 'field' ? `${sw.parameter} (a field of the scenario)` : sw.parameter;
  out.push(`Brink sweep: ${pv.scenario} · ${what} = ${shownValue(sw.reference)} (the scenario's) against ${sw.values.map(shownValue).join(', ')} · ${fmtInt(pv.runs)} paired runs × ${fmtInt(pv.horizonDays)} days · seed ${pv.seed} · engine ${pv.engineVersion}`);
  if (pv.sets !== undefined && pv.sets.length > 0) out.push(`With --set ${pv.sets.join(', ')}`);
  out.push(`Each column is one value of ${sw.parameter}; after the first, the paired difference to the scenario's value follows in brackets, marked * where its 95% interval excludes zero.`);
  out.push('');
  const w = Math.max(...rows.map((r) => r.label.length)) + 2;
  const cw = 24;
  const heads = [`${shownValue(sw.reference)} (scenario)`, ...sw.values.map(shownValue)];
  out.push(`  ${pad(sw.parameter, w)}${heads.map((h) => lpad(h, cw)).join('')}`);
  let section = '';
  for (const r of rows) {
    if (r.kind !== section) {
      section = r.kind;
      out.push(`  ${section === 'probability' ? 'probability' : 'mean per run'}`);
    }
    const cells = r.cells.map((c, j) => {
      const v = r.kind === 'probability' ? fmtPct(c.value) : fmtNum(c.value);
      if (j === 0) return lpad(v, cw);
      const d = r.kind === 'probability' ? fmtPp(c.difference) : fmtSigned(c.difference);
      return lpad(`${v} [${d}${clear(c) ? '*' : ' '}]`, cw);
    });
    out.push(`  ${pad(r.label, w)}${cells.join('')}`);
  }
  out.push('');
  out.push('Reading');
  for (const line of narrateCompare(s, sweepWords(sw.parameter))) out.push(`  ${line}`);
  return out;
}
