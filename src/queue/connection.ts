/**
 * Redis connection options from a URL, for the coordinator and the workers alike.
 *
 * `redis://[user:password@]host[:port][/db]`, or `rediss://…` for TLS (certificates checked
 * against the system's CAs, or the file in BRINK_REDIS_CA). A password can come from
 * BRINK_REDIS_PASSWORD instead of the URL, so it does not show in `ps`. Messages name the URL
 * with its password replaced by `***` (redactUrl).
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'bullmq';

export class QueueUserError extends Error {
  /** A problem the user can fix (a bad URL, Redis unreachable, a refused chunk): CLI exit 1. */
  readonly userFault = true;
}

export interface RedisTarget {
  /** The URL as given, for messages: password replaced by ***. */
  shown: string;
  options: ConnectionOptions & Record<string, unknown>;
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/**
 * Parses a Redis URL (throws QueueUserError naming what is wrong). `blocking` connections (a
 * worker's, QueueEvents') must retry commands forever (maxRetriesPerRequest null, BullMQ's
 * requirement); the coordinator's own calls do too and are watched by its own timeout instead.
 */
export function redisTarget(url: string, env: NodeJS.ProcessEnv = process.env): RedisTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new QueueUserError(`not a Redis URL: give redis://[:password@]host[:port][/db] or rediss://… for TLS`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new QueueUserError(`a Redis URL starts with redis:// or rediss:// (TLS), not ${u.protocol}//`);
  if (u.hostname === '') throw new QueueUserError('the Redis URL names no host');
  const port = u.port === '' ? 6379 : Number(u.port);
  const dbText = u.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^[0-9]{1,2}$/.test(dbText)) throw new QueueUserError(`the Redis URL's database must be a number, got "${dbText.slice(0, 20)}"`);
  const password = u.password !== '' ? decodeURIComponent(u.password) : env.BRINK_REDIS_PASSWORD;
  const options: Record<string, unknown> = {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port,
    db: dbText === '' ? 0 : Number(dbText),
    maxRetriesPerRequest: null,
    // Reconnect with a growing pause (capped at 2 s): a restarted Redis is picked up again.
    retryStrategy: (times: number) => Math.min(100 * times, 2000),
  };
  if (u.username !== '') options.username = decodeURIComponent(u.username);
  if (password !== undefined && password !== '') options.password = password;
  if (u.protocol === 'rediss:') {
    const caFile = env.BRINK_REDIS_CA;
    let ca: Buffer | undefined;
    if (caFile) {
      try {
        ca = readFileSync(caFile);
      } catch (e) {
        throw new QueueUserError(`BRINK_REDIS_CA: cannot read the CA file ${caFile} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
      }
    }
    // SNI takes a host name only (RFC 6066); the certificate is checked against the address either way.
    const host = options.host as string;
    options.tls = { ...(isIP(host) === 0 ? { servername: host } : {}), ...(ca ? { ca } : {}) };
  }
  return { shown: redactUrl(url), options: options as RedisTarget['options'] };
}
