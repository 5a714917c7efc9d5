export { Simulator, createSimulator } from './simulator.js';
export type { Outcome, TraceEvent, Series, RunOptions, TrajectoryResult } from './types.js';
export { PATHWAY_DEPTH } from './types.js';
export { stateDigestLayout, stateDigestLength, writeStateDigest, type StateDigestEntry } from './digest.js';
