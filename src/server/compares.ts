/**
 * Comparisons of `brink serve` (D57): the scenario under several built-in policies, policy texts
 * or variants (fields set by scenario paths), on common random numbers, executed progressively
 * like a run and stored as the exact JSON `brink compare --json` prints. The arms follow the CLI's
 * rule: with policies only, the first policy is the reference; with any variant, the scenario as
 * it is is the reference and the arms follow in the order given.
 *
 * Arm labels (`provenance.arms[].policyFile`) are what the CLI would print for the same inputs
 * run from the package folder: `scenarios/NAME.yaml` for a built-in scenario,
 * `scenarios/policies/NAME.yaml` for a built-in policy, `--variant NAME:a=1,b=2` for a variant;
 * a text or stored scenario is `scenario.yaml` / `s_….yaml`, a policy text `policy.yaml`.
 */
import { z } from 'zod';
import { summarizeCompare, type ArmInfo, type CompareSummary } from '../analysis/compare.js';
import { formatJson } from '../analysis/json.js';
import { excerpt } from '../analysis/sweep.js';
import { CHUNK_SIZE, type CompareAggregate } from '../montecarlo/index.js';
import { runProgressive } from '../montecarlo/progressive-node.js';
import { ENGINE_VERSION } from '../model/version.js';
import { applySetPaths, canonicalJson, loadScenarioText, parseAssignment, type Issue, type Scenario, type SetAssignment } from '../scenario/node.js';
import { scenarioHash } from '../scenario/compile.js';
import { sha256Hex, type Store } from '../store/store.js';
import { RequestError, RunRequestSchema, type Estimate, type Execution, type ProgressEvent, type ServerLimits } from './runs.js';
import { applyPolicies, checkScenarioLimits, resolvePolicy, resolveScenario, type Library } from './scenario-source.js';

const VARIANT_NAME = /^[A-Za-z0-9][A-Za-z0-9 _.+=()-]{0,39}$/;

export const ArmSchema = z.union([
  z.strictObject({ policy: z.string().min(1).max(RunRequestSchema.shape.scenario.maxLength ?? 1e6).describe('a built-in policy name (status-quo) or policy YAML text') }),
  z.strictObject({
    variant: z.strictObject({
      name: z.string().regex(VARIANT_NAME, 'a variant name is 1–40 letters, digits, spaces or _ . + = ( ) -').describe('the arm\'s label'),
      set: z.array(z.string().min(1).max(1000)).min(1).max(100).describe('PATH=VALUE assignments over the scenario (brink compare --variant)'),
    }),
  }),
]);

export const CompareRequestSchema = z.strictObject({
  scenario: RunRequestSchema.shape.scenario,
  arms: z.array(ArmSchema).min(1).max(16).describe('policies and variants in order; with policies only give at least two (the first is the reference), with any variant the scenario as it is is the reference'),
  runs: z.number().int().min(1).max(1e9).describe('trajectories per arm'),
  seed: RunRequestSchema.shape.seed,
  set: RunRequestSchema.shape.set.describe('PATH=VALUE assignments applied to every arm (brink compare --set)'),
  focal: RunRequestSchema.shape.focal,
});
export type CompareRequest = z.infer<typeof CompareRequestSchema>;

/** The normalised request stored with a comparison: every arm as simulated, enough to recompute it anywhere. */
export interface StoredCompareRequest {
  kind: 'compare';
  engineVersion: string;
  /** Every arm's scenario as simulated (policies and sets applied). */
  arms: Scenario[];
  /** Arm labels (scenarioHash filled in from the run). */
  info: Omit<ArmInfo, 'scenarioHash'>[];
  sets: string[];
  seed: number;
  runs: number;
  focal: string | null;
  /** scenarioHash of every arm, in order. */
  armHashes: string[];
}

export interface PreparedCompare {
  id: string;
  request: StoredCompareRequest;
}

export const compareId = (r: StoredCompareRequest): string =>
  `c_${sha256Hex(canonicalJson({ kind: r.kind, engineVersion: r.engineVersion, armHashes: r.armHashes, info: r.info, sets: r.sets, seed: r.seed, runs: r.runs, focal: r.focal })).slice(0, 40)}`;

function parseSets(texts: readonly string[], field: (i: number) => string): { sets: SetAssignment[]; issues: Issue[] } {
  const sets: SetAssignment[] = [];
  const issues: Issue[] = [];
  texts.forEach((t, i) => {
    const a = parseAssignment(t);
    if ('code' in a) issues.push({ ...a, path: field(i) });
    else sets.push(a);
  });
  return { sets, issues };
}

export function applySetsAt(scenario: Scenario, texts: readonly string[], field: string): { scenario: Scenario; sets: string[] } {
  const { sets, issues } = parseSets(texts, (i) => `${field}[${i}]`);
  if (issues.length > 0) throw new RequestError(400, issues);
  if (sets.length === 0) return { scenario, sets: [] };
  const r = applySetPaths(scenario, sets);
  if (!r.ok) throw new RequestError(400, r.issues.map((i) => ({ ...i, path: field, message: i.path !== '' ? `${i.path}: ${i.message}` : i.message })));
  return { scenario: r.scenario, sets: sets.map((a) => `${a.path}=${a.value}`) };
}

/** The reference arm's label: what the CLI prints for the same scenario given from the package folder. */
export const scenarioLabel = (source: string): string => (source === 'text' ? 'scenario.yaml' : source.startsWith('s_') ? `${source}.yaml` : `scenarios/${source}.yaml`);

export function prepareCompare(body: CompareRequest, lib: Library, store: Store, limits: ServerLimits): PreparedCompare {
  const withBase = body.arms.some((a) => 'variant' in a);
  if (!withBase && body.arms.length < 2) throw new RequestError(400, [{ code: 'too-few', path: 'arms', message: 'give at least two policies (the first is the reference), or a variant (the scenario as it is becomes the reference)' }]);
  const base = resolveScenario(body.scenario, lib, store);
  if (!base.ok) throw new RequestError(base.status, base.issues);
  const label = scenarioLabel(base.source);
  const { scenario, sets } = applySetsAt(base.scenario, body.set ?? [], 'set');
  const limitIssues = checkScenarioLimits(scenario, limits, 'scenario');
  if (limitIssues.length > 0) throw new RequestError(400, limitIssues);
  if (body.focal !== undefined) {
    const known = scenario.alliances.filter((a) => a.kind === 'collective-defense').map((a) => a.id);
    if (!known.includes(body.focal)) throw new RequestError(400, [{ code: 'unknown-reference', path: 'focal', message: `unknown collective-defence alliance (known: ${known.join(', ') || 'none'})` }]);
  }
  const arms: Scenario[] = [];
  const info: Omit<ArmInfo, 'scenarioHash'>[] = [];
  const names = new Map<string, number>();
  const add = (s: Scenario, name: string, source: string, armSets?: string[]): void => {
    arms.push(s);
    // As the CLI: a repeated name (a policy against itself) gets a suffix.
    const seen = names.get(name) ?? 0;
    names.set(name, seen + 1);
    info.push({ name: seen === 0 ? name : `${name} (${seen + 1})`, policyFile: source, ...(armSets !== undefined ? { sets: armSets } : {}) });
  };
  if (withBase) add(scenario, scenario.name, label);
  const issues: Issue[] = [];
  body.arms.forEach((a, i) => {
    try {
      if ('policy' in a) {
        const p = resolvePolicy(a.policy, lib, `arms[${i}].policy`);
        if (!p.ok) throw new RequestError(p.status, p.issues);
        const applied = applyPolicies(scenario, [p], () => `arms[${i}].policy`);
        if ('issues' in applied) throw new RequestError(400, applied.issues);
        const builtin = !a.policy.includes('\n') && !a.policy.includes(':');
        add(applied.scenario, p.name, builtin ? `scenarios/policies/${a.policy}.yaml` : 'policy.yaml');
      } else {
        const r = applySetsAt(scenario, a.variant.set, `arms[${i}].variant.set`);
        add(r.scenario, a.variant.name, `--variant ${excerpt(`${a.variant.name}:${a.variant.set.join(',')}`, 200)}`, r.sets);
      }
    } catch (e) {
      if (!(e instanceof RequestError)) throw e;
      issues.push(...e.issues);
    }
  });
  if (issues.length > 0) throw new RequestError(issues.some((x) => x.code === 'not-found') && issues.every((x) => x.code === 'not-found') ? 404 : 400, issues);
  if (body.runs * arms.length > limits.maxRuns) {
    throw new RequestError(400, [{ code: 'out-of-range', path: 'runs', message: `${arms.length} arms × ${body.runs} runs; at most ${limits.maxRuns} trajectories per request on this server (--max-runs)` }]);
  }
  const request: StoredCompareRequest = {
    kind: 'compare',
    engineVersion: ENGINE_VERSION,
    arms,
    info,
    sets,
    seed: body.seed,
    runs: body.runs,
    focal: body.focal ?? null,
    armHashes: arms.map((s) => scenarioHash(s)),
  };
  return { id: compareId(request), request };
}

/** Rebuilds a prepared comparison from its stored request (verify); throws when it does not reproduce its hashes. */
export function preparedCompareFromStored(text: string): PreparedCompare {
  const r = JSON.parse(text) as StoredCompareRequest;
  const request = { ...r, arms: armsOfStored(r) };
  return { id: compareId(request), request };
}

/** The comparison JSON text, exactly as `brink compare --json` prints it (without the final newline). */
export function compareResultText(agg: CompareAggregate, r: StoredCompareRequest, scenarioHashes: readonly string[]): { text: string; summary: CompareSummary } {
  const compare = compareOfStored(agg, r, scenarioHashes);
  const summary: CompareSummary = { ...compare, provenance: { ...compare.provenance, ...(r.sets.length > 0 ? { sets: [...r.sets] } : {}) } };
  return { text: formatJson(summary), summary };
}

/**
 * Running estimates of a comparison: every arm's paired difference to the reference with its 95%
 * interval, keyed `ARM:OUTCOME` (the binary outcomes of the summary's comparisons).
 */
export function compareEstimates(s: CompareSummary, trajectories: number): Record<string, Estimate> {
  const out: Record<string, Estimate> = {};
  for (const c of s.comparisons) for (const b of c.binary) out[`${c.arm}:${b.key}`] = { estimate: b.difference, lo: b.lo, hi: b.hi, count: trajectories };
  return out;
}

/**
 * Runs the arms of a stored study request (compare, sweep, sensitivity) progressively on the
 * server's workers, reporting running estimates after each merged chunk, and returns the study's
 * JSON text exactly as its CLI command prints it. `resultText` turns an aggregate into that text
 * and its summary; `estimates` reads the running estimates off the summary.
 */
export async function executeArms<S>(
  id: string,
  r: { arms: Scenario[]; seed: number; runs: number; armHashes: readonly string[] },
  job: { chunkSize: number; series?: boolean },
  resultText: (agg: CompareAggregate, scenarioHashes: readonly string[]) => { text: string; summary: S },
  estimates: (summary: S, trajectories: number) => Record<string, Estimate>,
  workers: number,
  onProgress: (e: ProgressEvent) => void,
  signal?: AbortSignal,
): Promise<Execution> {
  const out = await runProgressive({ kind: 'compare' as const, arms: r.arms, seed: r.seed, runs: r.runs, ...job }, {
    workers,
    ...(signal !== undefined ? { signal } : {}),
    onChunk: (total, q) => {
      const { summary } = resultText(total as CompareAggregate, r.armHashes);
      onProgress({ id, status: 'running', chunksDone: q.chunksMerged, chunks: q.chunks, trajectoriesDone: q.trajectoriesMerged, runs: q.runs, estimates: estimates(summary, q.trajectoriesMerged) });
      return false;
    },
  });
  const { text } = resultText(out.output.aggregate as CompareAggregate, out.output.scenarioHashes);
  return { text, trajectories: out.trajectoriesMerged, ending: out.ending };
}

export function executeCompare(p: PreparedCompare, workers: number, onProgress: (e: ProgressEvent) => void, signal?: AbortSignal): Promise<Execution> {
  const r = p.request;
  return executeArms(p.id, r, { chunkSize: CHUNK_SIZE }, (agg, h) => compareResultText(agg, r, h), compareEstimates, workers, onProgress, signal);
}

/** The arms of a stored study request, re-validated; throws when they do not reproduce their hashes (verify). */
export function armsOfStored(r: { arms: readonly unknown[]; armHashes: readonly string[] }): Scenario[] {
  const arms = r.arms.map((s) => {
    const loaded = loadScenarioText(JSON.stringify(s), 'stored-request.json');
    if (loaded.scenario === null) throw new Error('the stored request holds an invalid scenario');
    return loaded.scenario;
  });
  if (arms.some((s, j) => scenarioHash(s) !== r.armHashes[j])) throw new Error('the stored request does not reproduce its scenario hashes');
  return arms;
}

/** The paired comparison of a stored study's arms, as `brink compare`, sweep and sensitivity summarise it. */
export function compareOfStored(
  agg: CompareAggregate,
  r: { info: readonly Omit<ArmInfo, 'scenarioHash'>[]; arms: readonly Scenario[]; seed: number; focal: string | null },
  scenarioHashes: readonly string[],
): CompareSummary {
  const armInfo: ArmInfo[] = r.info.map((a, j) => ({ ...a, scenarioHash: scenarioHashes[j] ?? '' }));
  return summarizeCompare(agg, { engineVersion: ENGINE_VERSION, scenario: r.arms[0]!.name, seed: r.seed }, armInfo, r.focal !== null ? { focal: r.focal } : {});
}
