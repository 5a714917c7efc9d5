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
import type { ArmInfo, CompareSummary } from '../analysis/compare.js';
import { formatJson } from '../analysis/json.js';
import { compareCsv, toCsv } from '../analysis/tables.js';
import { narrateCompare } from '../analysis/narrative.js';
import { fmtInt, fmtNum, fmtPct, fmtPp, fmtSigned } from '../analysis/format.js';
import { PARAM_SPECS, type ParamName } from '../model/params.js';
import { applyPolicy, applySetPaths, checkParameterOverrides, checkPolicyTarget, PolicySchema, readSetPath, type Issue, type PolicyFileInput, type Scenario } from '../scenario/index.js';
import { didYouMean } from '../scenario/issues.js';
import { quoteExcerpt } from '../scenario/text.js';
import { loadScenarioFile } from '../scenario/node.js';
import { renderCompareReport } from '../report/html.js';
import { loadReportAssets } from '../report/assets-node.js';
import { failFlag, reportIssues, type CliContext } from './context.js';
import { checkFocal, addMonteCarloOptions, emitOutputs, lpad, pad, runComparison, type MonteCarloFlags } from './mc-common.js';
import { applySetFlags, excerpt, setsField } from './set-flags.js';

interface SweepFlags extends MonteCarloFlags {
  param?: string;
  lever?: string;
  alliance?: string;
  field?: string;
  values: string;
}

/**
 * Numeric policy levers a sweep can vary (PolicySchema paths). `playbook` is left out: a policy
 * file replaces the playbook as a whole (policy.ts), so one of its fields cannot be swept alone.
 */
export const SWEEP_LEVERS = ['aid.max', 'aid.responsiveness', 'forwardPosture', 'article4Propensity', 'resilienceInvestment', 'readinessCostPerDay', 'surgeTrigger'] as const;

/** The lever override `{ aid: { max: v } }` for path `aid.max`. */
function leverPolicy(lever: string, v: number): Record<string, unknown> {
  const [head, tail] = lever.split('.') as [string, string | undefined];
  return tail === undefined ? { [head]: v } : { [head]: { [tail]: v } };
}

/** At most this many values (each is an arm run on every trajectory). */
export const MAX_SWEEP_VALUES = 20;

export interface SweepInfo {
  /** What was swept: a parameter name, a policy lever's path (e.g. `aid.max`) or a scenario path (`actors[RUS].activity`). */
  parameter: string;
  kind: 'parameter' | 'lever' | 'field';
  /** For a lever: the alliance whose policy it is. */
  alliance?: string;
  /** The scenario's own value (the reference arm); for a field, null when the scenario leaves it to its default. */
  reference: SweepValue | null;
  values: SweepValue[];
}

/** A swept value: a number, or for a field also a word or true/false. */
export type SweepValue = number | string | boolean;

/** How the text, the reading and the report name a sweep's arms. */
const sweepWords = (parameter: string) => ({ title: `sweep of ${parameter}`, one: `value of ${parameter}`, many: `values of ${parameter}`, column: 'arm' });

/** A value as arm names and headers show it (numbers to 4 significant digits); the JSON keeps exact values. */
export const shownValue = (v: SweepValue | null): string => (typeof v === 'number' ? String(Number(v.toPrecision(4))) : v === null ? 'default' : String(v));

/** The comparison summary of a sweep: `brink compare`'s format, with what was swept. */
export type SweepSummary = CompareSummary & { sweep: SweepInfo };

/** Parses `--values`: comma-separated finite numbers, no repeats. Returns an error message or the values. */
export function parseSweepValues(text: string): number[] | string {
  const parts = text.split(',').map((x) => x.trim());
  if (parts.length === 0 || parts.some((x) => x === '')) return `--values: give numbers separated by commas, e.g. --values 0.5,1,2 (got "${text}")`;
  const values: number[] = [];
  for (const x of parts) {
    // Decimal notation only: Number() would also read 0x10 as 16 and '' as 0.
    const v = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(x) ? Number(x) : NaN;
    if (!Number.isFinite(v)) return `--values: ${quoteExcerpt(x)} is not a number (decimal notation)`;
    if (values.includes(v)) return `--values: ${x} is given twice`;
    values.push(v);
  }
  if (values.length > MAX_SWEEP_VALUES) return `--values: at most ${MAX_SWEEP_VALUES} values (got ${values.length}); each one is an arm run on every trajectory`;
  return values;
}

/**
 * Parses `--values` for `--field`: comma-separated texts, each read by the field's own rules when
 * applied (decimal numbers, true/false, or the field's words). Returns an error message or the texts.
 */
export function parseFieldValues(text: string): string[] | string {
  const parts = text.split(',').map((x) => x.trim());
  if (parts.some((x) => x === '')) return `--values: give values separated by commas, e.g. --values 0,0.6 or --values restrained,provocative (got "${excerpt(text)}")`;
  if (parts.length > MAX_SWEEP_VALUES) return `--values: at most ${MAX_SWEEP_VALUES} values (got ${parts.length}); each one is an arm run on every trajectory`;
  return parts;
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

type BuiltArms = { arms: Scenario[]; info: Omit<ArmInfo, 'scenarioHash'>[]; sweep: SweepInfo } | { problems: Issue[] };

/** Arms for `--param`: the scenario, then one per value of the parameter. */
function parameterArms(scenario: Scenario, file: string, name: string, values: number[]): BuiltArms {
  // An unknown name is one problem (whatever the values); otherwise each bad value is one.
  const problems: Issue[] = !Object.hasOwn(PARAM_SPECS, name)
    ? checkParameterOverrides(scenario, { [name]: values[0]! })
    : values.flatMap((v) => checkParameterOverrides(scenario, { [name]: v }).map((i) => ({ ...i, message: `--values ${v}: ${i.message}` })));
  if (problems.length > 0) return { problems };
  const reference = scenario.parameters[name as ParamName] ?? PARAM_SPECS[name as ParamName].default;
  return {
    arms: [scenario, ...values.map((v) => ({ ...scenario, parameters: { ...scenario.parameters, [name]: v } }))],
    info: [
      { name: `${name}=${shownValue(reference)} (scenario)`, policyFile: file },
      ...values.map((v) => ({ name: `${name}=${v}`, policyFile: `--param ${name} --values ${v}` })),
    ],
    sweep: { parameter: name, kind: 'parameter', reference, values },
  };
}

/**
 * Arms for `--field`: the scenario, then one per value set at the path (applySetPaths: the value
 * read by the field's rules, the result re-validated). Two texts of the same value (0.5, 0.50) are
 * one value given twice.
 */
function fieldArms(scenario: Scenario, file: string, path: string, texts: string[]): BuiltArms {
  const ref = readSetPath(scenario, path);
  if (!ref.ok) return { problems: ref.issues.map((i) => ({ ...i, message: `--field: ${i.message}` })) };
  const arms: Scenario[] = [scenario];
  const values: SweepValue[] = [];
  const problems: Issue[] = [];
  for (const text of texts) {
    const r = applySetPaths(scenario, [{ path, value: text }]);
    if (!r.ok) {
      problems.push(...r.issues.map((i) => ({ ...i, message: `--values ${excerpt(text, 30)}: ${i.message}` })));
      continue;
    }
    const got = readSetPath(r.scenario, path);
    const v = got.ok ? got.value : undefined;
    if (v === undefined) throw new Error(`sweep --field: ${path} reads back empty after setting it`);
    if (values.includes(v)) {
      problems.push({ code: 'invalid-value', path: '--values', message: `${excerpt(text, 30)} is given twice` });
      continue;
    }
    values.push(v);
    arms.push(r.scenario);
  }
  if (problems.length > 0) return { problems };
  const reference = ref.value ?? null;
  return {
    arms,
    info: [
      { name: `${path}=${shownValue(reference)} (scenario)`, policyFile: file },
      ...values.map((v) => ({ name: `${path}=${String(v)}`, policyFile: `--field ${path} --values ${String(v)}`, sets: [`${path}=${String(v)}`] })),
    ],
    sweep: { parameter: path, kind: 'field', reference, values },
  };
}

/** Arms for `--lever`: the scenario, then one per value, applied as a policy file would be. */
function leverArms(scenario: Scenario, file: string, lever: string, alliance: string | undefined, values: number[]): BuiltArms {
  if (!(SWEEP_LEVERS as readonly string[]).includes(lever)) {
    return { problems: [{ code: 'unknown-reference', path: '--lever', message: `"${lever}" is not a numeric policy lever${didYouMean(lever, SWEEP_LEVERS)}; one of ${SWEEP_LEVERS.join(', ')}` }] };
  }
  // Values are checked against PolicySchema below before any file is applied.
  const fileFor = (v: number | null): PolicyFileInput => ({
    schemaVersion: 1,
    name: v === null ? 'reference' : `${lever}=${v}`,
    ...(alliance !== undefined ? { alliance } : {}),
    policy: (v === null ? {} : leverPolicy(lever, v)) as PolicyFileInput['policy'],
  });
  const target = checkPolicyTarget(scenario, fileFor(null));
  if (target.length > 0) return { problems: target.map((i) => ({ ...i, path: i.path === 'alliance' ? '--alliance' : i.path })) };
  const problems: Issue[] = [];
  for (const v of values) {
    const r = PolicySchema.safeParse(leverPolicy(lever, v));
    if (!r.success) for (const i of r.error.issues) problems.push({ code: 'invalid-value', path: `policy.${i.path.join('.')}`, message: `--values ${v}: ${i.message}` });
  }
  if (problems.length > 0) return { problems };
  // The reference value: the lever in the scenario's own policy of that alliance (defaults filled in).
  const ref = applyPolicy(scenario, fileFor(null));
  const al = ref.alliances.find((a) => (alliance !== undefined ? a.id === alliance : a.kind === 'collective-defense'))!;
  let reference: unknown = ref.policies[al.policy!];
  for (const k of lever.split('.')) reference = (reference as Record<string, unknown>)[k];
  if (typeof reference !== 'number') return { problems: [{ code: 'invalid-value', path: '--lever', message: `${lever} of ${al.id}'s policy is ${JSON.stringify(reference)}, not a number (e.g. surgeTrigger: never); sweep it with policy files and brink compare` }] };
  return {
    arms: [scenario, ...values.map((v) => applyPolicy(scenario, fileFor(v)))],
    info: [
      { name: `${lever}=${shownValue(reference)} (scenario)`, policyFile: file },
      ...values.map((v) => ({ name: `${lever}=${v}`, policyFile: `--lever ${lever} --values ${v}` })),
    ],
    sweep: { parameter: lever, kind: 'lever', alliance: al.id, reference, values },
  };
}

interface Row {
  key: string;
  label: string;
  kind: 'probability' | 'mean';
  /** Per arm: the estimate, and (after the reference) the paired difference with its interval. */
  cells: { value: number | null; difference: number | null; lo: number | null; hi: number | null }[];
}

/** The response table: one row per outcome, one cell per arm (the reference first). */
export function sweepRows(s: SweepSummary): Row[] {
  const first = s.comparisons[0];
  if (first === undefined) return [];
  const rows: Row[] = [];
  const build = (kind: Row['kind'], pick: (c: (typeof s.comparisons)[number]) => { key: string; label: string; a: number | null; b: number | null; difference: number | null; lo: number | null; hi: number | null }[]) => {
    pick(first).forEach((r0, i) => {
      rows.push({
        key: r0.key,
        label: r0.label,
        kind,
        cells: [{ value: r0.a, difference: null, lo: null, hi: null }, ...s.comparisons.map((c) => { const r = pick(c)[i]!; return { value: r.b, difference: r.difference, lo: r.lo, hi: r.hi }; })],
      });
    });
  };
  build('probability', (c) => c.binary);
  build('mean', (c) => c.metrics);
  return rows;
}

/** A difference whose 95% interval excludes zero. */
const clear = (c: Row['cells'][number]): boolean => c.lo !== null && c.hi !== null && (c.lo > 0 || c.hi < 0);

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

/** A swept value in a CSV cell: numbers as they are, words and true/false as text, a default as empty. */
const csvValue = (v: SweepValue | null): string | number | null => (typeof v === 'boolean' ? String(v) : v);

/** The response table as CSV: one line per outcome and value. */
export function sweepCsv(s: SweepSummary): string {
  const values = [s.sweep.reference, ...s.sweep.values];
  const rows = sweepRows(s).flatMap((r) =>
    r.cells.map((c, j) => [r.key, r.label, r.kind, s.sweep.parameter, csvValue(values[j] ?? null), j === 0 ? 1 : 0, c.value, c.difference, c.lo, c.hi]),
  );
  return toCsv(['outcome', 'label', 'kind', 'parameter', 'value', 'reference', 'estimate', 'difference', 'lo95', 'hi95'], rows);
}
