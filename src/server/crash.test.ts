/**
 * Crash safety with a real process: `brink serve` in a child process, kill -9 mid-run, start it
 * again on the same file. Finished results are intact, the interrupted run is marked interrupted
 * (never done), the database passes integrity_check, and asking again reruns it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { api, MINIMAL_YAML, repo, waitFinal } from './test-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'brink-crash-'));
const db = join(dir, 'brink.db');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `brink serve --port 0` from the sources (tsx) and resolves with its URL once it listens. */
function serve(): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const main = new URL('../cli/main.ts', import.meta.url).href;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', `import(${JSON.stringify(main)}).then((m) => m.main(['serve', '--port', '0', '--db', ${JSON.stringify(db)}, '--workers', '1'])).then((c) => process.exit(c))`], { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
      if (m) resolve({ child, url: m[1]!, stderr: () => err });
    });
    child.on('exit', (code) => reject(new Error(`brink serve exited (${code}) before listening: ${err}`)));
  });
}

describe('brink serve: kill -9 mid-run', () => {
  it('keeps finished results, marks the interrupted run, passes integrity_check, reruns on request', async () => {
    const a = await serve();
    const done = await api(a.url, 'POST', '/api/runs', { scenario: MINIMAL_YAML, runs: 256, seed: 1 });
    const finished = await waitFinal(a.url, done.json.id);
    expect(finished.status).toBe('done');
    const long = await api(a.url, 'POST', '/api/runs', { scenario: MINIMAL_YAML, runs: 500_000, seed: 2 });
    // Wait until it has merged a chunk (its progress is in the file), then kill without warning.
    for (;;) {
      const r = await api(a.url, 'GET', `/api/runs/${long.json.id}`);
      if (r.json.status === 'running' && r.json.trajectoriesDone > 0) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    const exited = new Promise((res) => a.child.once('exit', res));
    a.child.kill('SIGKILL');
    await exited;

    const b = await serve();
    expect(b.stderr()).toContain('1 run(s) left unfinished by the previous process are marked interrupted');
    const check = new Database(db, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
    expect((await api(b.url, 'GET', `/api/runs/${done.json.id}`)).json).toEqual(finished);
    const interrupted = await api(b.url, 'GET', `/api/runs/${long.json.id}`);
    expect(interrupted.json.status).toBe('interrupted');
    expect(interrupted.json.result).toBeUndefined();
    expect((await api(b.url, 'GET', `/api/runs/${long.json.id}/result.json`)).status).toBe(409);
    // Asked again, it is computed anew under the same id.
    const again = await api(b.url, 'POST', '/api/runs', { scenario: MINIMAL_YAML, runs: 500_000, seed: 2 });
    expect(again.json).toMatchObject({ id: long.json.id, created: true });
    // A graceful stop (SIGTERM) ends it interrupted too, never done.
    const stopped = new Promise<number | null>((res) => b.child.once('exit', (code) => res(code)));
    b.child.kill('SIGTERM');
    expect(await stopped).toBe(0);
    expect(b.stderr()).not.toMatch(/internal error|^\s+at /m);
    const after = new Database(db, { readonly: true });
    const row = after.prepare('SELECT status, result FROM runs WHERE id = ?').get(long.json.id) as { status: string; result: string | null };
    after.close();
    expect(row.status).toBe('interrupted');
    expect(row.result).toBeNull();
  });
});
