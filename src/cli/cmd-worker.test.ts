/**
 * `--queue` and `brink worker` flags: user errors exit 1 with a message naming the flag, and never
 * echo a password. (The queue itself, with a real redis-server, is tested in src/queue.)
 */
import { describe, expect, it } from 'vitest';
import { expectRefusal, runCli } from './test-helpers.js';

const RUN = ['run', 'test/fixtures/minimal.yaml', '--runs', '10', '--seed', '1', '--no-progress'];

describe('--queue and brink worker flags', () => {
  it('refuses a URL that is not redis:// or rediss://, and --queue with --workers', async () => {
    await expectRefusal(runCli(...RUN, '--queue', 'http://example.org'), 'a Redis URL starts with redis:// or rediss://');
    await expectRefusal(runCli(...RUN, '--queue', 'redis://127.0.0.1', '--workers', '2'), "'--queue <url>' cannot be used with option '--workers <w>'");
    await expectRefusal(runCli(...RUN, '--queue', 'redis://127.0.0.1', '--queue-name', 'a:b'), 'a queue name is 1–64 letters, digits, - or _');
  });

  it('names a bad database without echoing the password', async () => {
    const r = await runCli('worker', '--redis', 'redis://:hunter2@127.0.0.1:1/x');
    expect(r.code).toBe(1);
    expect(r.err).toContain("the Redis URL's database must be a number");
    expect(r.err).not.toContain('hunter2');
  });

  it('fails with exit 1, not a hang, when Redis cannot be reached', async () => {
    const r = await runCli(...RUN, '--queue', 'redis://:hunter2@127.0.0.1:1');
    expect(r.code).toBe(1);
    expect(r.err).toContain('cannot reach Redis at redis://:***@127.0.0.1:1 within 10 s');
    expect(r.err).not.toContain('hunter2');
  });
});
