/**
 * The queue adapter (ARCHITECTURE.md): Monte Carlo chunks over BullMQ on Redis. Node only.
 * `queueExecutor` is an Executor (montecarlo/executor.ts) for a coordinator; `startQueueWorker`
 * is `brink worker`. docs/distributed.md says how to run them on several machines.
 */
export { queueExecutor, queueCaseSimulator, CASE_CHUNK_TRAJECTORIES, type QueueExecutor, type QueueExecutorOptions, type QueueStatus, type QueueCaseSimulator, type QueuedCase } from './executor.js';
export { startQueueWorker, type QueueWorker, type QueueWorkerOptions } from './worker.js';
export { QueueUserError, redactUrl, redisTarget } from './connection.js';
export { DEFAULT_QUEUE_NAME, PROTOCOL_VERSION, chunkId, scenarioKey, type ChunkIdentity, type ChunkJobData } from './protocol.js';
