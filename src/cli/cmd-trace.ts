/**
 * `brink trace FILE --seed N [--trajectory K] [--json]`: one trajectory with its full event list
 * and causes, as a readable timeline or as one JSON object. The same (scenario, seed, trajectory)
 * gives the same trace on any machine (MODEL.md §6), so a trace is the way to look inside one run
 * of a Monte Carlo batch.
 */
import type { Command } from 'commander';
import { allianceOutcomeRecord, createSimulator, dyadOutcomeRecord, type AllianceOutcome, type Outcome, type TraceEvent, type TrajectoryResult } from '../engine/index.js';
import { ENGINE_VERSION } from '../model/version.js';
import { compileScenario } from '../scenario/compile.js';
import { loadScenarioFile } from '../scenario/node.js';
import { EXIT_INTERNAL, intArg, reportIssues, type CliContext } from './context.js';
import { SET_HELP, applySetFlags, collect } from './set-flags.js';

export interface TraceJson {
  engineVersion: string;
  scenarioHash: string;
  /** `--set` assignments applied (only when some were; D27). */
  sets?: string[];
  seed: number;
  trajectory: number;
  events: Pick<TraceEvent, 'id' | 'day' | 'actor' | 'action' | 'category' | 'target' | 'theatre' | 'rung' | 'causes'>[];
  outcome: Omit<Outcome, 'byAlliance' | 'dyads'> & { byAlliance: Record<string, AllianceOutcome>; dyads: Record<string, number> };
}

export function traceJson(result: TrajectoryResult, scenarioHash: string, sets: readonly string[] = []): TraceJson {
  return {
    engineVersion: ENGINE_VERSION,
    scenarioHash,
    ...(sets.length > 0 ? { sets: [...sets] } : {}),
    seed: result.seed,
    trajectory: result.trajectory,
    events: (result.events ?? []).map((e) => ({
      id: e.id,
      day: e.day,
      actor: e.actor,
      action: e.action,
      category: e.category,
      target: e.target,
      theatre: e.theatre,
      rung: e.rung,
      causes: e.causes,
    })),
    // Typed arrays would serialise as {"0": …}: the per-alliance and dyad outcomes as records by id.
    outcome: { ...result.outcome, byAlliance: allianceOutcomeRecord(result.outcome.byAlliance), dyads: dyadOutcomeRecord(result.outcome.dyads) },
  };
}

/** `#7    day  12  RUS  cable-sabotage → FIN  [europe rung 1]  ← #3,#5  (attributed)` */
export function formatTraceEvent(e: TraceEvent, widths: { id: number; actor: number; day: number }): string {
  const parts = [
    `#${e.id}`.padEnd(widths.id + 1),
    `day ${String(e.day).padStart(widths.day)}`,
    e.actor.padEnd(widths.actor),
    `${e.action}${e.target !== null ? ` → ${e.target}` : ''}`,
    `[${e.theatre ?? '-'} rung ${e.rung}]`,
  ];
  if (e.causes.length > 0) parts.push(`← ${e.causes.map((c) => `#${c}`).join(',')}`);
  if (e.note) parts.push(`(${e.note})`);
  return parts.join('  ');
}

function when(flag: boolean, day: number): string {
  return flag ? `yes, day ${day}` : 'no';
}

const fmt = (x: number, digits = 2): string => (Number.isFinite(x) ? x.toFixed(digits) : String(x));

export function formatOutcome(o: Outcome): string[] {
  const rungs = Object.entries(o.maxRung)
    .map(([t, r]) => `${t} ${r}`)
    .join(', ');
  const rows: [string, string][] = [
    ['drawn in', when(o.drawnIn, o.drawnInDay)],
    ['Article 4', o.art4Count > 0 ? `${o.art4Count} consultation${o.art4Count === 1 ? '' : 's'}, first on day ${o.art4FirstDay}` : 'none'],
    ['Article 5', when(o.art5, o.art5Day)],
    ['Collective defence (any alliance)', when(o.anyCollectiveDefense, o.anyCollectiveDefenseDay)],
    ['horizontal escalation', when(o.horizontal, o.horizontalDay)],
    ['partner collapse', when(o.partnerCollapse, o.partnerCollapseDay)],
    ['nuclear use', when(o.nuclearUse, o.nuclearUseDay)],
    ['highest rung', rungs === '' ? '-' : rungs],
    ['cost (B$ 2025)', `aid ${fmt(o.costAid)}, deterrence ${fmt(o.costDeterrence)}, risk ${fmt(o.costRisk)}, total ${fmt(o.costTotal)}`],
    ['final cohesion', fmt(o.finalCohesion, 3)],
    ['peak credibility debt', fmt(o.peakCredibilityDebt, 3)],
    ['escalation score', String(o.escalationScore)],
    ['events', `${o.eventCount} (gray zone ${o.grayzoneCount}), episodes ${o.episodeCount}, joiners ${o.joiners}`],
    ['pathway to rung 4', o.pathway === '' ? '-' : o.pathway],
  ];
  if (o.byAlliance.ids.length > 1) {
    for (const [id, a] of Object.entries(allianceOutcomeRecord(o.byAlliance))) {
      rows.push([
        `${id}${id === o.byAlliance.focal ? ' (focal)' : ''}`,
        `drawn in ${when(a.drawnIn, a.drawnInDay)}; Article 4 ${a.art4Count}; Article 5 ${when(a.art5, a.art5Day)}; cost total ${fmt(a.costTotal)}; cohesion ${fmt(a.finalCohesion, 3)}`,
      ]);
    }
  }
  for (const [k, d] of Object.entries(dyadOutcomeRecord(o.dyads))) rows.push([`direct combat ${k}`, when(d >= 0, d)]);
  const w = Math.max(...rows.map(([k]) => k.length));
  return ['outcome', ...rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`)];
}

export function formatTraceText(result: TrajectoryResult, file: string, scenarioHash: string, sets: readonly string[] = []): string[] {
  const events = result.events ?? [];
  const widths = {
    id: Math.max(2, ...events.map((e) => String(e.id).length + 1)),
    actor: Math.max(1, ...events.map((e) => e.actor.length)),
    day: Math.max(3, ...events.map((e) => String(e.day).length)),
  };
  return [
    `${file}  seed ${result.seed}  trajectory ${result.trajectory}  (engine ${ENGINE_VERSION}, scenario ${scenarioHash.slice(0, 12)})`,
    ...(sets.length > 0 ? [`with --set ${sets.join(', ')}`] : []),
    ...events.map((e) => formatTraceEvent(e, widths)),
    '',
    ...formatOutcome(result.outcome),
  ];
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('trace')
    .description('run one trajectory and print its events with their causes, then its outcome')
    .argument('<file>', 'scenario YAML file')
    .option('--seed <n>', 'master seed (a non-negative integer)', intArg(0), 1)
    .option('--trajectory <k>', 'trajectory index within the seed (a non-negative integer)', intArg(0), 0)
    .option('--json', 'print one JSON object {engineVersion, scenarioHash, seed, trajectory, events, outcome} (and sets, with --set)')
    .option('--set <path=value>', SET_HELP, collect, [])
    .action((file: string, opts: { seed: number; trajectory: number; json?: boolean; set: string[] }) => {
      const loaded = loadScenarioFile(file);
      if (loaded.scenario === null) return reportIssues(ctx, loaded.issues);
      const set = applySetFlags(ctx, loaded.scenario, opts.set);
      if (set === null) return;
      const { scenario, sets } = set;
      const compiled = compileScenario(scenario);
      const result = createSimulator(compiled).run(opts.seed, opts.trajectory, { trace: true });
      if (result.events === null) {
        ctx.err('brink: internal error: the engine returned no trace although trace was requested');
        return ctx.fail(EXIT_INTERNAL);
      }
      if (opts.json) ctx.out(JSON.stringify(traceJson(result, compiled.hash, sets)));
      else for (const line of formatTraceText(result, file, compiled.hash, sets)) ctx.out(line);
    });
}
