/**
 * Sweeps of `brink serve` (D57): the scenario at several values of one parameter, policy lever or
 * scenario field, every arm on common random numbers; executed progressively like a run and stored
 * as the exact JSON `brink sweep --json` prints. The arms come from the CLI's own builders
 * (analysis/sweep.ts), fed the values as the CLI's `--values` text, so labels and checks are the
 * CLI's; an issue's path names the request field (`values`, `lever`, `alliance`, `field`).
 */
import { z } from 'zod';
import type { ArmInfo } from '../analysis/compare.js';
import { formatJson } from '../analysis/json.js';
import { fieldArms, leverArms, parameterArms, parseFieldValues, parseSweepValues, type SweepInfo, type SweepSummary } from '../analysis/sweep.js';
import { CHUNK_SIZE, type CompareAggregate } from '../montecarlo/index.js';
import { ENGINE_VERSION } from '../model/version.js';
import { canonicalJson, type Issue, type Scenario } from '../scenario/node.js';
import { scenarioHash } from '../scenario/compile.js';
import { sha256Hex, type Store } from '../store/store.js';
import { RequestError, RunRequestSchema, type Execution, type ProgressEvent, type ServerLimits } from './runs.js';
import { applySetsAt, armsOfStored, compareEstimates, compareOfStored, executeArms, scenarioLabel } from './compares.js';
import { checkScenarioLimits, resolveScenario, type Library } from './scenario-source.js';

export const SweepRequestSchema = z.strictObject({
  scenario: RunRequestSchema.shape.scenario,
  param: z.string().min(1).max(64).optional().describe('a model parameter to sweep (brink params lists them)'),
  lever: z.string().min(1).max(64).optional().describe('or a numeric policy lever: aid.max, aid.responsiveness, forwardPosture, article4Propensity, resilienceInvestment, readinessCostPerDay, surgeTrigger'),
  alliance: z.string().min(1).max(64).optional().describe('with lever: the alliance whose policy it is (default: the first collective-defence alliance)'),
  field: z.string().min(1).max(1000).optional().describe('or a numeric, true/false or enumerated field of the scenario by its path (docs/scenarios.md)'),
  values: z.array(z.union([z.number(), z.string().min(1).max(200).regex(/^[^,]*$/, 'one value per element (no commas)'), z.boolean()])).min(1).max(20).describe('the values (as brink sweep --values, one per element)'),
  runs: z.number().int().min(1).max(1e9).describe('trajectories per value'),
  seed: RunRequestSchema.shape.seed,
  set: RunRequestSchema.shape.set,
  focal: RunRequestSchema.shape.focal,
});
export type SweepRequest = z.infer<typeof SweepRequestSchema>;

export interface StoredSweepRequest {
  kind: 'sweep';
  engineVersion: string;
  arms: Scenario[];
  info: Omit<ArmInfo, 'scenarioHash'>[];
  sweep: SweepInfo;
  sets: string[];
  seed: number;
  runs: number;
  focal: string | null;
  armHashes: string[];
}

export interface PreparedSweep {
  id: string;
  request: StoredSweepRequest;
}

export const sweepId = (r: StoredSweepRequest): string => `w_${sha256Hex(canonicalJson({ ...r, arms: undefined })).slice(0, 40)}`;

/** A CLI flag named in an issue (`--values`) becomes the request field (`values`). */
const fieldPath = (i: Issue): Issue => ({ ...i, path: i.path.startsWith('--') ? i.path.slice(2) : i.path, message: i.message });

export function prepareSweep(body: SweepRequest, lib: Library, store: Store, limits: ServerLimits): PreparedSweep {
  const modes = [body.param, body.lever, body.field].filter((x) => x !== undefined).length;
  if (modes !== 1) throw new RequestError(400, [{ code: 'invalid-value', path: '', message: 'give one of param (a model parameter), lever (a policy lever) or field (a field of the scenario)' }]);
  if (body.alliance !== undefined && body.lever === undefined) throw new RequestError(400, [{ code: 'invalid-value', path: 'alliance', message: 'alliance goes with lever' }]);
  const text = body.values.map((v) => String(v)).join(',');
  const values = body.field !== undefined ? parseFieldValues(text) : parseSweepValues(text);
  if (typeof values === 'string') throw new RequestError(400, [{ code: 'invalid-value', path: 'values', message: values.replace(/^--values: /, '') }]);
  const arms0 = body.runs * (values.length + 1);
  if (arms0 > limits.maxRuns) throw new RequestError(400, [{ code: 'out-of-range', path: 'runs', message: `${values.length + 1} arms × ${body.runs} runs; at most ${limits.maxRuns} trajectories per request on this server (--max-runs)` }]);
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
  const built =
    body.field !== undefined
      ? fieldArms(scenario, label, body.field, values as string[])
      : body.param !== undefined
        ? parameterArms(scenario, label, body.param, values as number[])
        : leverArms(scenario, label, body.lever!, body.alliance, values as number[]);
  if ('problems' in built) throw new RequestError(400, built.problems.map((i) => fieldPath({ ...i, path: i.path === '' && body.param !== undefined ? 'param' : i.path })));
  const request: StoredSweepRequest = {
    kind: 'sweep',
    engineVersion: ENGINE_VERSION,
    arms: built.arms,
    info: built.info,
    sweep: built.sweep,
    sets,
    seed: body.seed,
    runs: body.runs,
    focal: body.focal ?? null,
    armHashes: built.arms.map((s) => scenarioHash(s)),
  };
  return { id: sweepId(request), request };
}

export function preparedSweepFromStored(text: string): PreparedSweep {
  const r = JSON.parse(text) as StoredSweepRequest;
  const request = { ...r, arms: armsOfStored(r) };
  return { id: sweepId(request), request };
}

/** The summary JSON text, exactly as `brink sweep --json` prints it (without the final newline). */
export function sweepResultText(agg: CompareAggregate, r: StoredSweepRequest, scenarioHashes: readonly string[]): { text: string; summary: SweepSummary } {
  const compare = compareOfStored(agg, r, scenarioHashes);
  const summary: SweepSummary = { ...compare, provenance: { ...compare.provenance, ...(r.sets.length > 0 ? { sets: [...r.sets] } : {}) }, sweep: r.sweep };
  return { text: formatJson(summary), summary };
}

export function executeSweep(p: PreparedSweep, workers: number, onProgress: (e: ProgressEvent) => void, signal?: AbortSignal): Promise<Execution> {
  const r = p.request;
  return executeArms(p.id, r, { chunkSize: CHUNK_SIZE }, (agg, h) => sweepResultText(agg, r, h), compareEstimates, workers, onProgress, signal);
}
