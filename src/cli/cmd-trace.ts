/**
 * `brink trace FILE --seed N [--trajectory K] [--json]`: one trajectory with its full event list
 * and causes, as a readable timeline or as one JSON object. The same (scenario, seed, trajectory)
 * gives the same trace on any machine (MODEL.md §6), so a trace is the way to look inside one run
 * of a Monte Carlo batch.
 */
import type { Command } from 'commander';
import { PATHWAY_DEPTH, allianceOutcomeRecord, createSimulator, dyadOutcomeRecord, type Outcome, type TraceEvent, type TrajectoryResult } from '../engine/index.js';
import { ENGINE_VERSION } from '../model/version.js';
import { compileScenario } from '../scenario/compile.js';
import { loadScenarioFile } from '../scenario/node.js';
import { EXIT_INTERNAL, failFlag, intArg, reportIssues, type CliContext } from './context.js';
import { findOutcomeKey, outcomeKeys, type OutcomeKey } from './outcome-keys.js';
import type { CompiledScenario } from '../scenario/compiled.js';
import { quoteExcerpt } from '../scenario/text.js';
import { SET_HELP, applySetFlags, collect } from './set-flags.js';
import { captureSnapshot, resumeSnapshot, SnapshotError } from '../engine/snapshot.js';
import { readSnapshotFile } from './cmd-branch.js';
import { UserError, writeOutputFile } from './output.js';

// The JSON trace lives in src/analysis so that the server builds the same object.
export { traceJson, type TraceJson } from '../analysis/trace-json.js';
import { traceJson } from '../analysis/trace-json.js';

import { drawShare, formatBecauseLine, formatTraceEvent, formatWhy, formatWhyLine, ordinal } from '../analysis/trace.js';

export { drawShare, formatBecauseLine, formatTraceEvent, formatWhy, formatWhyLine };

function pathwayLine(o: Outcome, events: readonly TraceEvent[] | null): string {
  const ids = events === null ? null : pathwayEvents(o, events);
  return `${pathwayText(o.pathway)} (${ids === null ? '' : `events ${ids.map((i) => `#${i}`).join(' → ')}, `}rung 4 on day ${o.pathwayDay})`;
}

function when(flag: boolean, day: number): string {
  return flag ? `yes, day ${day}` : 'no';
}

const fmt = (x: number, digits = 2): string => (Number.isFinite(x) ? x.toFixed(digits) : String(x));

/**
 * The events of the outcome's pathway, oldest first: the first event of the pathway's day that
 * left a theatre at rung ≥ 4 and whose chain of first causes spells the pathway (D54). Null when
 * the run never reached rung 4, or no event fits (then the ids are not printed).
 */
export function pathwayEvents(o: Outcome, events: readonly TraceEvent[]): number[] | null {
  if (o.pathway === '') return null;
  for (const e of events) {
    if (e.day !== o.pathwayDay || e.rung < 4) continue;
    const ids: number[] = [];
    const steps: string[] = [];
    for (let x: TraceEvent | undefined = e; x !== undefined && steps.length < PATHWAY_DEPTH; x = x.causes.length > 0 ? events[x.causes[0]!] : undefined) {
      ids.push(x.id);
      steps.push(x.injected ? `inject:${x.action}` : x.action);
      if (x.injected) break;
    }
    if (steps.reverse().join(' > ') === o.pathway) return ids.reverse();
  }
  return null;
}

/** A pathway as run and the report write it: steps joined by →. */
export const pathwayText = (pathway: string): string => pathway.split(' > ').join(' → ');

export function formatOutcome(o: Outcome, events: readonly TraceEvent[] | null = null): string[] {
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
    ['pathway to rung 4', o.pathway === '' ? '-' : pathwayLine(o, events)],
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
    ...events.flatMap((e) => {
      const lines = [formatTraceEvent(e, widths)];
      const pad = ' '.repeat(widths.id + 2);
      const because = formatBecauseLine(e);
      if (because !== null) lines.push(pad + because);
      if (e.decision !== undefined) lines.push(pad + formatWhyLine(e.decision));
      return lines;
    }),
    '',
    ...formatOutcome(result.outcome, events),
  ];
}

/** Most trajectories `--where` scans for the K-th in which the outcome happened. */
export const WHERE_SCAN_LIMIT = 10_000;

export const TRACE_NOTATION = `
Notation (docs/model.md §4.17, docs/decisions.md D32):
  #7  day 12  RUS  cable-sabotage → FIN  [europe rung 1]  ← #3,#5  (attributed)
    event 7 on day 12, actor RUS, action → target; [theatre, its rung AFTER the event (0 competition, 1 gray zone, 2 coercive signalling,
    3 proxy war, 4 direct limited clash, 5 general war, 6 nuclear use)];
    ← the earlier events behind it (causes: first the one it answers, then the strongest hazard raisers);
    (…) a note: attribution, vote tally, armed attack, red line, …
  [scripted]  an inject of the scenario: forced on its day, never given causes (pathways write it inject:<action>)
  because: …  an event no earlier event caused: the standing state behind it (hostility, a war, an open
              retaliation or coordination window, credibility debt) or the engine rule that emitted it
  why: …      an agent's choice: its utility terms (gain, cost, risk, hostility, coordination, playbook,
              provocation, retaliation, lossDriven, coercion) → U, the hazard h, its rank among the
              options open to it and the strongest other one. --why N prints event N in full: the terms
              add up exactly to the engine's sum, U is it clamped to [−1, 1]
              (--json: "decision"; "reasons"; "injected": true).
  pathway to rung 4: a → b → c (events #i → #j → #k, rung 4 on day D)  the chain of first causes, oldest
              first (at most 3 steps), to the first event that took a theatre to rung ≥ 4: the pathways
              brink run and its report count, written the same way (--json and CSV: "a > b > c");
              a run's report lists example runs of each pathway with the trace command that opens them.
  --where KEY [--nth K] opens the K-th (1 = first) trajectory of the seed in which an outcome happened;
  the keys are those of brink run --list (drawnIn, article4, article5, NATO.article4, dyad.USA-CHN,
  rung4.europe, …).`;

/** Scan trajectories 0, 1, … for the nth (1-based) in which key happened; null if none within the limit. */
export function findTrajectory(compiled: CompiledScenario, seed: number, key: OutcomeKey, nth: number, limit = WHERE_SCAN_LIMIT): { trajectory: number; day: number } | null {
  const sim = createSimulator(compiled);
  let hits = 0;
  for (let k = 0; k < limit; k++) {
    const r = sim.run(seed, k, key.needsTrace ? { trace: true } : {});
    const day = key.day(r.outcome, r.events);
    if (day >= 0 && ++hits === nth) return { trajectory: k, day };
  }
  return null;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('trace')
    .description('run one trajectory and print its events with their causes, reasons and decisions, then its outcome')
    .argument('<file>', 'scenario YAML file')
    .option('--seed <n>', 'master seed (a non-negative integer)', intArg(0), 1)
    .option('--trajectory <k>', 'trajectory index within the seed (a non-negative integer)', intArg(0), 0)
    .option('--json', 'print one JSON object {engineVersion, scenarioHash, seed, trajectory, events, outcome} (and sets, with --set); events carry decision, reasons and injected where they apply')
    .option('--why <n>', 'print the full decision of event N (its utility terms, hazard and alternatives) instead of the timeline', intArg(0))
    .option('--where <outcome>', `open the first trajectory (or the --nth) in which an outcome happened (keys as for brink run --list; scans at most ${WHERE_SCAN_LIMIT})`)
    .option('--nth <k>', 'with --where: the K-th such trajectory (1 = the first)', intArg(1), 1)
    .option('--set <path=value>', SET_HELP, collect, [])
    .option('--at <day>', 'with --snapshot-out: the day whose starting state to write (0 … horizonDays)', intArg(0))
    .option('--snapshot-out <out>', 'also write the state at the start of day --at to this snapshot file (JSON; brink branch --snapshot reads it)')
    .option('--snapshot <file>', 'resume from a snapshot file instead of running from day 0 (its seed and trajectory; the trace is the uninterrupted one)')
    .addHelpText('after', TRACE_NOTATION)
    .action((file: string, opts: { seed: number; trajectory: number; json?: boolean; why?: number; where?: string; nth: number; set: string[]; at?: number; snapshotOut?: string; snapshot?: string }, cmd: Command) => {
      if ((opts.at === undefined) !== (opts.snapshotOut === undefined)) return failFlag(ctx, opts.at === undefined ? '--snapshot-out: needs --at DAY' : '--at: needs --snapshot-out FILE (the state at that day is written there)');
      if (opts.snapshot !== undefined) {
        for (const k of ['seed', 'trajectory', 'where', 'at'] as const) if (cmd.getOptionValueSource(k) === 'cli') return failFlag(ctx, `--${k}: the snapshot fixes the seed, trajectory and day; drop --${k} or --snapshot`);
      }
      if (opts.where === undefined && cmd.getOptionValueSource('nth') === 'cli') return failFlag(ctx, '--nth: needs --where');
      if (opts.where !== undefined && cmd.getOptionValueSource('trajectory') === 'cli') return failFlag(ctx, '--where: chooses the trajectory itself; drop --trajectory');
      if (opts.why !== undefined && opts.json) return failFlag(ctx, '--why: prints text; drop --json (the JSON trace carries every decision)');
      const loaded = loadScenarioFile(file);
      if (loaded.scenario === null) return reportIssues(ctx, loaded.issues);
      const set = applySetFlags(ctx, loaded.scenario, opts.set);
      if (set === null) return;
      const { scenario, sets } = set;
      const compiled = compileScenario(scenario);
      let trajectory = opts.trajectory;
      if (opts.where !== undefined) {
        const key = findOutcomeKey(compiled, opts.where);
        if (key === null) {
          return failFlag(ctx, `--where: unknown outcome ${quoteExcerpt(opts.where)}; the keys of this scenario: ${outcomeKeys(compiled).map((k) => k.key).join(', ')}`);
        }
        const found = findTrajectory(compiled, opts.seed, key, opts.nth);
        if (found === null) {
          return failFlag(ctx, `--where: ${key.key} happened in fewer than ${opts.nth} of the first ${WHERE_SCAN_LIMIT} trajectories of seed ${opts.seed}`);
        }
        trajectory = found.trajectory;
        ctx.err(`brink: ${key.key} happened on day ${found.day} of trajectory ${trajectory} (the ${ordinal(opts.nth)} such trajectory of seed ${opts.seed})`);
      }
      if (opts.at !== undefined && opts.at > compiled.horizonDays) return failFlag(ctx, `--at: day ${opts.at} is after the horizon (horizonDays ${compiled.horizonDays})`);
      const sim = createSimulator(compiled);
      let result;
      if (opts.snapshot !== undefined) {
        const snap = readSnapshotFile(opts.snapshot, compiled.hash, compiled.horizonDays);
        try {
          result = resumeSnapshot(sim, snap, { trace: true });
        } catch (e) {
          if (e instanceof SnapshotError) throw new UserError(`--snapshot ${quoteExcerpt(opts.snapshot)}: ${e.message}`);
          throw new UserError(`--snapshot ${quoteExcerpt(opts.snapshot)}: the engine cannot run on this state; it is not a snapshot this engine took of this scenario`);
        }
      } else if (opts.at !== undefined && opts.snapshotOut !== undefined) {
        // The same run, paused at the start of day --at to write its state, then on to the horizon.
        sim.start(opts.seed, trajectory, { trace: true });
        sim.runDays(0, opts.at);
        writeOutputFile(opts.snapshotOut, `${JSON.stringify(captureSnapshot(sim, opts.seed, trajectory, opts.at))}\n`, '--snapshot-out');
        sim.runDays(opts.at, compiled.horizonDays);
        result = sim.complete(opts.seed, trajectory, { trace: true });
      } else {
        result = sim.run(opts.seed, trajectory, { trace: true });
      }
      if (result.events === null) {
        ctx.err('brink: internal error: the engine returned no trace although trace was requested');
        return ctx.fail(EXIT_INTERNAL);
      }
      if (opts.why !== undefined) {
        const e = result.events[opts.why];
        if (e === undefined) return failFlag(ctx, `--why: this trajectory has events #0 to #${result.events.length - 1}, not #${opts.why}`);
        for (const line of formatWhy(e, result.events)) ctx.out(line);
        return;
      }
      if (opts.json) ctx.out(JSON.stringify(traceJson(result, compiled.hash, sets)));
      else for (const line of formatTraceText(result, file, compiled.hash, sets)) ctx.out(line);
    });
}
