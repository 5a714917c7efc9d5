/**
 * `--queue rediss://…` (TLS) with a password, against a real redis-server (Debian's build links
 * OpenSSL: `redis-server --tls-port`) on a free loopback port, with a self-signed certificate made
 * by `openssl` at test time and given to Brink as the CA in BRINK_REDIS_CA: a `brink worker`
 * process and a `brink run --queue` coordinator give the local result; without the CA the
 * coordinator fails clearly instead of hanging, and never prints the password.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/test-helpers.js';
import { freePort, REDIS_SERVER } from './test-helpers.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const PASSWORD = 'tls-test-secret';
let dir = '';
let port = 0;
let server: ChildProcess | null = null;
const procs: ChildProcess[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'brink-tls-'));
  const cert = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
  if (cert.status !== 0) throw new Error(`openssl failed: ${cert.stderr}`);
  port = await freePort();
  server = spawn(REDIS_SERVER, ['--port', '0', '--tls-port', String(port), '--bind', '127.0.0.1', '--tls-cert-file', join(dir, 'cert.pem'), '--tls-key-file', join(dir, 'key.pem'), '--tls-ca-cert-file', join(dir, 'cert.pem'), '--tls-auth-clients', 'no', '--requirepass', PASSWORD, '--dir', dir, '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], { stdio: 'ignore' });
  for (let i = 0; ; i++) {
    const r = new Redis({ host: '127.0.0.1', port, password: PASSWORD, tls: { rejectUnauthorized: false }, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    r.on('error', () => {});
    try {
      await r.connect();
      if ((await r.ping()) === 'PONG') break;
    } catch {
      if (i > 200) throw new Error('redis-server with TLS did not start');
      await new Promise((res) => setTimeout(res, 50));
    } finally {
      r.disconnect();
    }
  }
}, 30_000);
afterAll(async () => {
  for (const p of [...procs, server]) {
    if (p && p.exitCode === null && p.signalCode === null) {
      const gone = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      await gone;
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('--queue rediss:// (TLS, password) against a real redis-server', () => {
  it('a brink worker and a coordinator over TLS give the local result; without the CA it fails clearly', async () => {
    const url = `rediss://:${PASSWORD}@127.0.0.1:${port}`;
    const env = { ...process.env, BRINK_REDIS_CA: join(dir, 'cert.pem') };
    const w = spawn(process.execPath, ['bin/brink.js', 'worker', '--redis', url, '--concurrency', '1'], { cwd: repo, env, stdio: ['ignore', 'ignore', 'pipe'] });
    procs.push(w);
    let err = '';
    await new Promise<void>((resolve, reject) => {
      w.stderr!.on('data', (b: Buffer) => {
        err += b.toString();
        if (err.includes('waiting for chunks')) resolve();
      });
      w.on('exit', (code) => reject(new Error(`brink worker exited (${code}): ${err}`)));
    });
    expect(err).toContain(`rediss://:***@127.0.0.1:${port}`);
    expect(err).not.toContain(PASSWORD);
    const args = ['run', 'test/fixtures/minimal.yaml', '--runs', '300', '--seed', '31', '--json', '--no-progress'];
    const coordinator = spawnSync(process.execPath, ['bin/brink.js', ...args, '--queue', url], { cwd: repo, env, encoding: 'utf8', timeout: 50_000 });
    const local = await runCli(...args, '--workers', '1');
    expect(coordinator.status).toBe(0);
    expect(coordinator.stdout).toBe(local.out);
    expect(coordinator.stderr).not.toContain(PASSWORD);
    expect(coordinator.stderr).toMatch(/on 1 queue worker \(rediss:\/\/:\*\*\*@127\.0\.0\.1:/);
    // The worker's lines follow its stored results: wait for them.
    for (let i = 0; i < 100 && err.split('\n').filter((l) => / done in /.test(l)).length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    expect(err.split('\n').filter((l) => / done in /.test(l))).toHaveLength(2);
    // Without the CA, the self-signed certificate is not trusted: exit 1 with a message, not a hang.
    const untrusted = spawnSync(process.execPath, ['bin/brink.js', ...args, '--queue', url], { cwd: repo, env: { ...process.env, BRINK_REDIS_CA: '' }, encoding: 'utf8', timeout: 50_000 });
    expect(untrusted.status).toBe(1);
    expect(untrusted.stderr).toContain(`cannot reach Redis at rediss://:***@127.0.0.1:${port} within 10 s`);
    expect(untrusted.stderr).not.toContain(PASSWORD);
    // A CA file that cannot be read is named.
    const missing = spawnSync(process.execPath, ['bin/brink.js', ...args, '--queue', url], { cwd: repo, env: { ...process.env, BRINK_REDIS_CA: join(dir, 'nope.pem') }, encoding: 'utf8', timeout: 20_000 });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(`BRINK_REDIS_CA: cannot read the CA file ${join(dir, 'nope.pem')} (ENOENT)`);
  }, 60_000);
});
