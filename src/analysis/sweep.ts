/**
 * `brink sweep`'s arms and tables (moved unchanged from src/cli/cmd-sweep.ts, D57, so that the CLI
 * and the server build the same arms): the values, the arms for a parameter, a policy lever or a
 * scenario field, and the response table (rows, CSV). Labels name the CLI's flags (`--param NAME
 * --values V`), as the CLI's JSON always has.
 */
import type { ArmInfo, CompareSummary } from './compare.js';
import { toCsv } from './tables.js';
import { PARAM_SPECS, type ParamName } from '../model/params.js';
import { applyPolicy, applySetPaths, checkParameterOverrides, checkPolicyTarget, PolicySchema, readSetPath, type Issue, type PolicyFileInput, type Scenario } from '../scenario/index.js';
import { didYouMean } from '../scenario/issues.js';
import { quoteExcerpt } from '../scenario/text.js';

/** A short, printable excerpt of user text (as the CLI's set-flags excerpt). */
export function excerpt(text: string, max = 60): string {
  const cut = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return cut.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
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
export const sweepWords = (parameter: string) => ({ title: `sweep of ${parameter}`, one: `value of ${parameter}`, many: `values of ${parameter}`, column: 'arm' });

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

export type BuiltArms = { arms: Scenario[]; info: Omit<ArmInfo, 'scenarioHash'>[]; sweep: SweepInfo } | { problems: Issue[] };

/** Arms for `--param`: the scenario, then one per value of the parameter. */
export function parameterArms(scenario: Scenario, file: string, name: string, values: number[]): BuiltArms {
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
export function fieldArms(scenario: Scenario, file: string, path: string, texts: string[]): BuiltArms {
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
export function leverArms(scenario: Scenario, file: string, lever: string, alliance: string | undefined, values: number[]): BuiltArms {
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

export interface SweepRow {
  key: string;
  label: string;
  kind: 'probability' | 'mean';
  /** Per arm: the estimate, and (after the reference) the paired difference with its interval. */
  cells: { value: number | null; difference: number | null; lo: number | null; hi: number | null }[];
}

/** The response table: one row per outcome, one cell per arm (the reference first). */
export function sweepRows(s: SweepSummary): SweepRow[] {
  const first = s.comparisons[0];
  if (first === undefined) return [];
  const rows: SweepRow[] = [];
  const build = (kind: SweepRow['kind'], pick: (c: (typeof s.comparisons)[number]) => { key: string; label: string; a: number | null; b: number | null; difference: number | null; lo: number | null; hi: number | null }[]) => {
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
