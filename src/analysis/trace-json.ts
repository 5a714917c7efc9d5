/**
 * One trajectory as the JSON object `brink trace --json` prints (and `POST /api/traces`
 * answers): provenance, every event with its causes (and decision, reasons, injected where they
 * apply, D32), and the outcome with per-alliance and dyad records by id.
 */
import { allianceOutcomeRecord, dyadOutcomeRecord, type AllianceOutcome, type Outcome, type TraceEvent, type TrajectoryResult } from '../engine/index.js';
import { ENGINE_VERSION } from '../model/version.js';

export interface TraceJson {
  engineVersion: string;
  scenarioHash: string;
  /** `--set` assignments applied (only when some were; D27). */
  sets?: string[];
  seed: number;
  trajectory: number;
  events: Pick<TraceEvent, 'id' | 'day' | 'actor' | 'action' | 'category' | 'target' | 'theatre' | 'rung' | 'causes' | 'injected' | 'reasons' | 'decision'>[];
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
      // Present only where they apply (D32): a scripted event, the standing state behind an event
      // without causes, the decision of an agent-chosen event.
      ...(e.injected ? { injected: true as const } : {}),
      ...(e.reasons !== undefined ? { reasons: e.reasons } : {}),
      ...(e.decision !== undefined ? { decision: e.decision } : {}),
    })),
    // Typed arrays would serialise as {"0": …}: the per-alliance and dyad outcomes as records by id.
    outcome: { ...result.outcome, byAlliance: allianceOutcomeRecord(result.outcome.byAlliance), dyads: dyadOutcomeRecord(result.outcome.dyads) },
  };
}
