/**
 * `--queue URL` for `brink calibrate` and `brink backtest` (D73): their simulations of historical
 * disputes go to `brink worker`s through Redis as chunks of (dispute scenario, seed, trajectories)
 * whose integer tallies add up exactly, so the output is bit-identical to the local command's.
 */
import { Option, type Command } from 'commander';
import { defenderIds, sideIds, type HistoricalModel } from '../calibration/build-scenario.js';
import type { DisputeFeatures } from '../calibration/dispute.js';
import { disputeScenario, disputeSeed, type Reading } from '../calibration/simulate.js';
import { DEFAULT_QUEUE_NAME, queueCaseSimulator, redactUrl, type QueueCaseSimulator, type QueuedCase } from '../queue/index.js';
import type { CliContext } from './context.js';
import { queueNameArg } from './mc-common.js';
import { UserError } from './output.js';

export interface CaseQueueFlags {
  queue?: string;
  queueName?: string;
  quiet?: boolean;
}

export function addCaseQueueOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--queue <url>', 'simulate through `brink worker`s and Redis at this URL (redis://[:password@]host[:port][/db], rediss:// for TLS); the output is bit-identical to a local run (docs/distributed.md)'))
    .option('--queue-name <name>', `with --queue: the BullMQ queue (default ${DEFAULT_QUEUE_NAME})`, queueNameArg);
}

/** The cases as the queue sends them: each one's validated scenario under `model`, its seed and side B. */
export function queuedCases(cases: readonly { features: DisputeFeatures }[], model: HistoricalModel, masterSeed: number): QueuedCase[] {
  return cases.map((c) => ({ scenario: disputeScenario(c, model), seed: disputeSeed(masterSeed, c.features.dispnum), sideB: sideIds(c).b, defenders: defenderIds(c) }));
}

const asUserError = (e: unknown): unknown => (e instanceof Error && (e as { userFault?: boolean }).userFault === true ? new UserError(e.message) : e);

/**
 * Runs `f` with a case simulator on the queue of `flags`, closing it after; the queue's
 * user-fixable failures (bad URL, Redis gone, a refused chunk) become exit 1. Progress, unless
 * --quiet: a line when the workers connected change.
 */
export async function withCaseQueue<T>(ctx: CliContext, command: string, flags: CaseQueueFlags & { queue: string }, f: (tally: (reading: Reading, cases: QueuedCase[], runs: number) => Promise<number[][]>) => Promise<T>): Promise<T> {
  let connected = -1;
  let sim: QueueCaseSimulator;
  try {
    sim = queueCaseSimulator({
      url: flags.queue,
      ...(flags.queueName !== undefined ? { queueName: flags.queueName } : {}),
      onStatus: (s) => {
        if (!flags.quiet && s.workersConnected !== connected) {
          ctx.err(`${command}: queue ${redactUrl(flags.queue)} (${flags.queueName ?? DEFAULT_QUEUE_NAME}): ${s.workersConnected} worker${s.workersConnected === 1 ? '' : 's'} connected, ${s.workersSeen} seen`);
          connected = s.workersConnected;
        }
      },
    });
  } catch (e) {
    throw asUserError(e);
  }
  try {
    return await f((reading, cases, runs) => sim.tally(reading, cases, runs));
  } catch (e) {
    throw asUserError(e);
  } finally {
    await sim.close();
  }
}
