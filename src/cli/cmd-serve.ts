/**
 * `brink serve [--port 8080] [--host 127.0.0.1] [--db .brink/brink.db] [--token T] …`: the HTTP
 * API and results store (src/server, src/store; docs/api.md). Binds to loopback by default and
 * refuses any other address without a token. Runs until SIGINT or SIGTERM; runs still executing
 * then end `interrupted`.
 */
import type { Command } from 'commander';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { Store } from '../store/store.js';
import { buildServer, DEFAULT_BODY_LIMIT, DEFAULT_LIMITS } from '../server/app.js';
import { DEFAULT_WEB_ROOT, webRootOrNull } from '../server/static.js';
import { failFlag, intArg, type CliContext } from './context.js';
import { queueNameArg } from './mc-common.js';
import { DEFAULT_QUEUE_NAME, redactUrl, redisTarget } from '../queue/index.js';

interface ServeFlags {
  port: number;
  host: string;
  db: string;
  token?: string;
  maxRuns: number;
  concurrency: number;
  maxQueued: number;
  workers?: number;
  maxActors: number;
  maxBody: number;
  queue?: string;
  queueName?: string;
}

/** 127.0.0.0/8, ::1 and localhost. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '0:0:0:0:0:0:0:1';
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('serve the HTTP API (and the web app, when built) with a SQLite results store; docs/api.md')
    .option('--port <n>', 'TCP port (0: any free port, printed at start)', intArg(0, 65535), 8080)
    .option('--host <address>', 'address to bind; anything but loopback needs --token', '127.0.0.1')
    .option('--db <file>', 'SQLite file of the store (created on first start)', '.brink/brink.db')
    .option('--token <token>', 'require Authorization: Bearer <token> on every /api call (default: $BRINK_TOKEN)')
    .option('--max-runs <n>', 'most trajectories one request may ask for', intArg(1, 1e9), DEFAULT_LIMITS.maxRuns)
    .option('--concurrency <c>', 'runs executing at once', intArg(1, 64), DEFAULT_LIMITS.concurrency)
    .option('--max-queued <n>', 'runs waiting beyond those executing; more get 429', intArg(0, 100000), DEFAULT_LIMITS.maxQueued)
    .option('--workers <w>', 'worker threads per run (default: cores / concurrency)', intArg(1, 1024))
    .option('--max-actors <n>', 'most actors a scenario of a request may hold', intArg(1, 1000), DEFAULT_LIMITS.maxActors)
    .option('--queue <url>', 'send runs to `brink worker`s through Redis at this URL (redis://[:password@]host[:port][/db]; docs/distributed.md) instead of local worker threads; results are bit-identical')
    .option('--queue-name <name>', `with --queue: the BullMQ queue (default ${DEFAULT_QUEUE_NAME})`, queueNameArg)
    .option('--max-body <bytes>', 'largest request body (413 above it)', intArg(1024, 64 * 1024 * 1024), DEFAULT_BODY_LIMIT)
    .action(async (flags: ServeFlags) => {
      const token = flags.token ?? process.env.BRINK_TOKEN;
      if (token !== undefined && token.length < 16) return failFlag(ctx, '--token: use at least 16 characters');
      if (!isLoopback(flags.host) && token === undefined) return failFlag(ctx, `--host ${flags.host}: not a loopback address; give --token (or BRINK_TOKEN) so that only callers with it can use the API`);
      if (flags.queueName !== undefined && flags.queue === undefined) return failFlag(ctx, '--queue-name needs --queue');
      if (flags.queue !== undefined) {
        try {
          redisTarget(flags.queue);
        } catch (e) {
          return failFlag(ctx, `--queue: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      const store = new Store(flags.db);
      if (store.interruptedAtOpen > 0) ctx.err(`brink serve: ${store.interruptedAtOpen} run(s) left unfinished by the previous process are marked interrupted`);
      const workersPerRun = flags.workers ?? Math.max(1, Math.floor(availableParallelism() / flags.concurrency));
      const app = await buildServer({
        store,
        limits: { maxRuns: flags.maxRuns, concurrency: flags.concurrency, maxQueued: flags.maxQueued, workersPerRun, maxActors: flags.maxActors },
        bodyLimit: flags.maxBody,
        ...(token !== undefined ? { token } : {}),
        log: (m) => ctx.err(`brink serve: ${m}`),
        ...(flags.queue !== undefined ? { queue: { url: flags.queue, ...(flags.queueName !== undefined ? { name: flags.queueName } : {}) } } : {}),
      });
      const address = await app.listen({ port: flags.port, host: flags.host });
      ctx.err(`brink serve: listening on ${address} (store ${flags.db}, schema v${store.schemaVersion()}${token !== undefined ? ', bearer token required' : ''}${flags.queue !== undefined ? `, runs on queue ${redactUrl(flags.queue)} (${flags.queueName ?? DEFAULT_QUEUE_NAME})` : ''})`);
      // The line to act on, on stdout: where to open the app (or the API, when the app is not built).
      const url = `${address.replace('://0.0.0.0', '://127.0.0.1').replace('://[::]', '://[::1]')}/`;
      if (webRootOrNull(DEFAULT_WEB_ROOT) !== null) ctx.out(`Brink is running: open ${url}`);
      else ctx.out(`Brink is running (API only, the web app is not built: npm run build:web): ${url}api/openapi.json`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void app.close().finally(() => {
            store.close();
            resolve();
          });
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
