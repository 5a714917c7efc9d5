/**
 * `brink worker --redis URL [--concurrency C] [--queue-name NAME]`: computes the chunks that
 * `brink run|compare|sweep|sensitivity … --queue URL` enqueue (src/queue, docs/distributed.md),
 * one worker thread per chunk at a time, until stopped (SIGINT or SIGTERM: it finishes nothing
 * more, and a chunk it had taken is retried elsewhere once its lock expires). A line per chunk on
 * stderr. Chunks of another engine version, or whose scenario cannot be fetched by hash and
 * validated, are refused with a message the coordinator shows.
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { ENGINE_VERSION } from '../model/version.js';
import { DEFAULT_QUEUE_NAME, redactUrl, startQueueWorker } from '../queue/index.js';
import { intArg, type CliContext } from './context.js';
import { queueNameArg } from './mc-common.js';
import { UserError } from './output.js';

interface WorkerFlags {
  redis: string;
  concurrency?: number;
  queueName?: string;
  lockSeconds: number;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('worker')
    .description('compute chunks of Monte Carlo studies sent with --queue, from Redis (BullMQ), until stopped')
    .requiredOption('--redis <url>', 'Redis URL: redis://[:password@]host[:port][/db], or rediss:// for TLS (password also from BRINK_REDIS_PASSWORD; CA file from BRINK_REDIS_CA)')
    .option('--concurrency <c>', 'chunks computed at once, one worker thread each (default: one per core)', intArg(1, 1024))
    .option('--queue-name <name>', `the BullMQ queue (default ${DEFAULT_QUEUE_NAME})`, queueNameArg)
    .option('--lock-seconds <s>', "seconds a chunk's lock lasts unrenewed: how soon the chunk of a dead worker is retried elsewhere", intArg(1, 3600), 30)
    .action(async (flags: WorkerFlags) => {
      const concurrency = flags.concurrency ?? Math.max(1, availableParallelism());
      let worker;
      try {
        worker = startQueueWorker({
          url: flags.redis,
          concurrency,
          ...(flags.queueName !== undefined ? { queueName: flags.queueName } : {}),
          lockDurationMs: flags.lockSeconds * 1000,
          log: (line) => ctx.err(line),
        });
      } catch (e) {
        throw e instanceof Error && (e as { userFault?: boolean }).userFault ? new UserError(e.message) : e;
      }
      const w = worker;
      await w.ready();
      ctx.err(`brink worker: engine ${ENGINE_VERSION}, ${concurrency} thread${concurrency === 1 ? '' : 's'}, queue ${flags.queueName ?? DEFAULT_QUEUE_NAME} at ${redactUrl(flags.redis)}; waiting for chunks (stop with Ctrl-C)`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          ctx.err('brink worker: stopping');
          void w.close().then(resolve, resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
