export { Simulator, createSimulator } from './simulator.js';
export type { Outcome, TraceEvent, Series, RunOptions, TrajectoryResult, AllianceOutcomes, AllianceOutcome, DyadOutcomes, TraceDecision, TraceTerm } from './types.js';
export { PATHWAY_DEPTH } from './types.js';
export { allianceOutcomeRecord, dyadOutcomeRecord, OUTCOME_OBSERVERS, ALLIANCE_OBSERVERS, type OutcomeObserver } from './outcomes.js';
export { SERIES_OBSERVERS } from './series.js';
export { stateDigestLayout, stateDigestLength, writeStateDigest, type StateDigestEntry } from './digest.js';
export { sumTerms } from './explain.js';
