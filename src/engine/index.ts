export { Simulator, createSimulator } from './simulator.js';
export type { Outcome, TraceEvent, Series, RunOptions, TrajectoryResult, AllianceOutcomes, AllianceOutcome, DyadOutcomes, TraceDecision, TraceTerm } from './types.js';
export { PATHWAY_DEPTH, allianceOutcomeRecord, dyadOutcomeRecord } from './types.js';
export { stateDigestLayout, stateDigestLength, writeStateDigest, type StateDigestEntry } from './digest.js';
export { sumTerms } from './explain.js';
