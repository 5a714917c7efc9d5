/**
 * Monte Carlo: plans, executors and mergeable aggregates. Browser-safe: the worker-thread pool
 * (pool-node.ts, worker-entry.ts) is Node-only and deliberately not exported here.
 */
export * from './binning.js';
export * from './fixed-sum.js';
export * from './aggregate.js';
export * from './compare-aggregate.js';
export * from './state-probe.js';
export * from './job.js';
export * from './executor.js';
export { loadEngine, type EngineApi, type Simulator } from './engine-api.js';
