/**
 * A bounded load test: 20 concurrent clients, each starting and reading runs (a fixed number of
 * rounds, not a duration, so the test does not depend on the machine's speed). Requests overlap
 * on purpose (10 distinct seeds): content addressing must give one run per distinct request, none
 * lost, none computed twice, and every response must be valid.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, MINIMAL_YAML, startServer, waitFinal, type TestServer } from './test-helpers.js';

const CLIENTS = 20;
const ROUNDS = 2;
const SEEDS = 6;

let s: TestServer;
beforeAll(async () => {
  s = await startServer({ limits: { concurrency: 2, maxQueued: 4, workersPerRun: 1 } });
});
afterAll(async () => {
  await s.close();
});

describe('brink serve under load', () => {
  it('loses and duplicates no run; every response is valid', async () => {
    const accepted = new Map<string, number>(); // id → seed
    const statuses: number[] = [];
    const client = async (c: number): Promise<void> => {
      for (let r = 0; r < ROUNDS; r++) {
        const seed = (c * ROUNDS + r) % SEEDS;
        const res = await api(s.url, 'POST', '/api/runs', { scenario: MINIMAL_YAML, runs: 256, seed });
        statuses.push(res.status);
        if (res.status === 429) {
          expect(res.json.issues[0].code).toBe('queue-full');
          r--; // try again once the queue drains
          await new Promise((ok) => setTimeout(ok, 50));
          continue;
        }
        expect([200, 202]).toContain(res.status);
        expect(res.json.id).toMatch(/^r_[0-9a-f]{40}$/);
        const prev = accepted.get(res.json.id);
        if (prev !== undefined) expect(prev).toBe(seed);
        accepted.set(res.json.id, seed);
        const done = await waitFinal(s.url, res.json.id);
        expect(done.status).toBe('done');
        expect(done.result.provenance).toMatchObject({ seed, runs: 256 });
        const list = await api(s.url, 'GET', '/api/runs?limit=100');
        expect(list.status).toBe(200);
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    expect(accepted.size).toBe(SEEDS);
    const rows = s.store.listRuns(1000, 0);
    expect(rows.length).toBe(SEEDS);
    expect(rows.every((r) => r.status === 'done' && r.trajectoriesDone === 256)).toBe(true);
    // One seed, one result: the same request from several clients was computed once.
    expect(new Set(rows.map((r) => r.resultSha256)).size).toBe(SEEDS);
    expect(statuses.filter((x) => x === 202).length).toBe(SEEDS);
  });
});
