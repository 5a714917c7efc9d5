import { describe, expect, it } from 'vitest';
import { expectRefusal, runCli } from './test-helpers.js';
import { isLoopback } from './cmd-serve.js';

describe('brink serve (flags)', () => {
  it('refuses a non-loopback --host without a token, and a short token', async () => {
    const saved = process.env.BRINK_TOKEN;
    delete process.env.BRINK_TOKEN;
    try {
      await expectRefusal(runCli('serve', '--host', '0.0.0.0', '--port', '0', '--db', ':memory:'), '--host 0.0.0.0: not a loopback address; give --token');
      await expectRefusal(runCli('serve', '--token', 'short', '--port', '0', '--db', ':memory:'), '--token: use at least 16 characters');
    } finally {
      if (saved !== undefined) process.env.BRINK_TOKEN = saved;
    }
  });

  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) expect(isLoopback(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.1', 'example.com', '127.example.com']) expect(isLoopback(h)).toBe(false);
  });
});
