/**
 * Comparisons over HTTP (D57) on a real server (loopback, OS-chosen port) over a real SQLite file:
 * the stored result is byte for byte what `brink compare --json` prints for the same inputs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/test-helpers.js';
import { api, startServer, type TestServer } from './test-helpers.js';

let s: TestServer;
beforeAll(async () => {
  s = await startServer({ limits: { maxRuns: 100_000, workersPerRun: 1 } });
});
afterAll(async () => {
  await s.close();
});

async function waitCompare(id: string): Promise<any> {
  for (;;) {
    const r = await api(s.url, 'GET', `/api/compares/${id}`);
    if (r.status !== 200) throw new Error(`GET compare: ${r.status} ${r.text}`);
    if (!['queued', 'running'].includes(r.json.status)) return r.json;
    await new Promise((res) => setTimeout(res, 100));
  }
}

describe('brink serve: comparisons', () => {
  it('policies: the same bytes as brink compare --json, the same id again without recomputation, verify, downloads', async () => {
    const body = { scenario: 'baseline-2025', arms: [{ policy: 'status-quo' }, { policy: 'playbook-strong' }], runs: 256, seed: 5 };
    const a = await api(s.url, 'POST', '/api/compares', body);
    expect(a.status).toBe(202);
    expect(a.json.id).toMatch(/^c_[0-9a-f]{40}$/);
    const done = await waitCompare(a.json.id);
    expect(done.status).toBe('done');
    const text = await api(s.url, 'GET', `/api/compares/${a.json.id}/result.json`);
    const cli = await runCli('compare', 'scenarios/baseline-2025.yaml', '--policy', 'scenarios/policies/status-quo.yaml', '--policy', 'scenarios/policies/playbook-strong.yaml', '--runs', '256', '--seed', '5', '--json', '--workers', '1', '--no-progress');
    expect(cli.code).toBe(0);
    expect(text.text).toBe(cli.out);

    const again = await api(s.url, 'POST', '/api/compares', body);
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ id: a.json.id, status: 'done', created: false });
    expect((await api(s.url, 'GET', `/api/compares/${a.json.id}`)).json.updatedAt).toBe(done.updatedAt);

    const v = await api(s.url, 'POST', `/api/compares/${a.json.id}/verify`);
    expect(v.json).toMatchObject({ identical: true, storedIntact: true, idMatches: true });

    const csv = await api(s.url, 'GET', `/api/compares/${a.json.id}/compare.csv`);
    const cliCsv = await runCli('compare', 'scenarios/baseline-2025.yaml', '--policy', 'scenarios/policies/status-quo.yaml', '--policy', 'scenarios/policies/playbook-strong.yaml', '--runs', '256', '--seed', '5', '--csv', '--workers', '1', '--no-progress');
    expect(csv.text).toBe(cliCsv.out);
    const html = await api(s.url, 'GET', `/api/compares/${a.json.id}/report.html`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(html.text).toMatch(/^<!doctype html>/i);

    // A done comparison cannot be cancelled; a run id is not a comparison id.
    expect((await api(s.url, 'POST', `/api/compares/${a.json.id}/cancel`)).status).toBe(409);
    expect((await api(s.url, 'GET', `/api/compares/c_${'0'.repeat(40)}`)).status).toBe(404);
    expect((await api(s.url, 'GET', `/api/runs/${a.json.id}`)).status).toBe(400);
  });

  it('variants with --set: the same bytes as the CLI; progress events carry paired differences with intervals', async () => {
    const body = { scenario: 'baseline-2025', arms: [{ variant: { name: 'hawk', set: ['actors[id=RUS].revisionism=0.9'] } }], set: ['horizonDays=200'], runs: 512, seed: 9 };
    const a = await api(s.url, 'POST', '/api/compares', body);
    expect(a.status).toBe(202);
    const res = await fetch(`${s.url}/api/compares/${a.json.id}/events`);
    const events = (await res.text())
      .split('\n\n')
      .filter((b) => b.trim() !== '')
      .map((b) => ({ event: /^event: (.*)$/m.exec(b)?.[1], data: JSON.parse(/^data: (.*)$/m.exec(b)?.[1] ?? 'null') }));
    const last = events[events.length - 1]!;
    expect(last.event).toBe('done');
    for (const e of events.filter((x) => x.event === 'progress')) {
      const est = e.data.estimates['hawk:drawnIn'];
      expect(est.lo).toBeLessThanOrEqual(est.estimate);
      expect(est.hi).toBeGreaterThanOrEqual(est.estimate);
    }
    const text = await api(s.url, 'GET', `/api/compares/${a.json.id}/result.json`);
    expect(JSON.parse(text.text)).toEqual(last.data.result);
    const cli = await runCli('compare', 'scenarios/baseline-2025.yaml', '--variant', 'hawk:actors[id=RUS].revisionism=0.9', '--set', 'horizonDays=200', '--runs', '512', '--seed', '9', '--json', '--workers', '1', '--no-progress');
    expect(cli.code).toBe(0);
    expect(text.text).toBe(cli.out);
  });

  it('refuses bad input with issues by field path', async () => {
    const one = await api(s.url, 'POST', '/api/compares', { scenario: 'baseline-2025', arms: [{ policy: 'status-quo' }], runs: 10, seed: 1 });
    expect(one.status).toBe(400);
    expect(one.json.issues[0].path).toBe('arms');
    const unknown = await api(s.url, 'POST', '/api/compares', { scenario: 'baseline-2025', arms: [{ policy: 'status-quo' }, { policy: 'no-such' }], runs: 10, seed: 1 });
    expect(unknown.status).toBe(404);
    expect(unknown.json.issues[0].path).toBe('arms[1].policy');
    const badSet = await api(s.url, 'POST', '/api/compares', { scenario: 'baseline-2025', arms: [{ variant: { name: 'x', set: ['nonsense'] } }], runs: 10, seed: 1 });
    expect(badSet.status).toBe(400);
    expect(badSet.json.issues[0].path).toBe('arms[0].variant.set[0]');
    const shape = await api(s.url, 'POST', '/api/compares', { scenario: 'baseline-2025', arms: [{ eval: 'x' }], runs: 0, seed: 1 });
    expect(shape.status).toBe(400);
    expect(shape.json.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['runs']));
  });
});

describe('brink serve: sensitivity studies', () => {
  it('the same bytes as brink sensitivity --json (and CSV), the same id again, verify, report, bad input by field path', async () => {
    const body = { scenario: 'baseline-2025', params: ['patternLearning', 'art4ResponseProb'], outcome: 'article4', set: ['horizonDays=200'], runs: 64, seed: 2 };
    const a = await api(s.url, 'POST', '/api/sensitivities', body);
    expect(a.status).toBe(202);
    expect(a.json.id).toMatch(/^t_[0-9a-f]{40}$/);
    const events = await (await fetch(`${s.url}/api/sensitivities/${a.json.id}/events`)).text();
    expect(events).toMatch(/event: done/);
    const text = await api(s.url, 'GET', `/api/sensitivities/${a.json.id}/result.json`);
    expect(text.status).toBe(200);
    const args = ['sensitivity', 'scenarios/baseline-2025.yaml', '--params', 'patternLearning,art4ResponseProb', '--outcome', 'article4', '--set', 'horizonDays=200', '--runs', '64', '--seed', '2', '--workers', '1', '--no-progress'];
    const cli = await runCli(...args, '--json');
    expect(cli.code).toBe(0);
    expect(text.text).toBe(cli.out);
    const csv = await api(s.url, 'GET', `/api/sensitivities/${a.json.id}/sensitivity.csv`);
    expect(csv.text).toBe((await runCli(...args, '--csv')).out);
    expect((await api(s.url, 'GET', `/api/sensitivities/${a.json.id}/report.html`)).text).toMatch(/^<!doctype html>/i);

    const again = await api(s.url, 'POST', '/api/sensitivities', body);
    expect(again.json).toEqual({ id: a.json.id, status: 'done', created: false });
    expect((await api(s.url, 'POST', `/api/sensitivities/${a.json.id}/verify`)).json).toMatchObject({ identical: true, storedIntact: true, idMatches: true });

    const bad = await api(s.url, 'POST', '/api/sensitivities', { scenario: 'baseline-2025', params: ['patternLearning', 'nope'], outcome: 'drawnIn', runs: 10, seed: 1 });
    expect(bad.status).toBe(400);
    expect(bad.json.issues[0].path).toBe('params[1]');
    const badOutcome = await api(s.url, 'POST', '/api/sensitivities', { scenario: 'baseline-2025', params: ['patternLearning'], outcome: 'nope', runs: 10, seed: 1 });
    expect(badOutcome.json.issues[0].path).toBe('outcome');
    const badLow = await api(s.url, 'POST', '/api/sensitivities', { scenario: 'baseline-2025', low: 1.5, runs: 10, seed: 1 });
    expect(badLow.status).toBe(400);
    expect(badLow.json.issues[0].path).toBe('low');
  });
});

describe('brink serve: the OpenAPI document', () => {
  it('covers the comparison, sweep and sensitivity endpoints with their request schemas', async () => {
    const doc = (await api(s.url, 'GET', '/api/openapi.json')).json;
    for (const path of ['/api/compares', '/api/sensitivities', '/api/sweeps']) expect(doc.paths[path].post.requestBody).toBeDefined();
    for (const base of ['/api/compares/{id}', '/api/sensitivities/{id}', '/api/sweeps/{id}']) {
      for (const sub of ['', '/result.json', '/report.html', '/request', '/cancel', '/verify', '/events']) expect(doc.paths[`${base}${sub}`], `${base}${sub}`).toBeDefined();
    }
    expect(doc.paths['/api/compares/{id}/compare.csv']).toBeDefined();
    expect(doc.paths['/api/sensitivities/{id}/sensitivity.csv']).toBeDefined();
  });
});

describe('brink serve: sweeps', () => {
  it('a parameter sweep and a lever sweep: the same bytes as brink sweep --json (and CSV), the same id again, verify, bad input by field path', async () => {
    const body = { scenario: 'baseline-2025', param: 'responsePowerWeight', values: [0.5, 2], set: ['horizonDays=200'], runs: 128, seed: 3 };
    const a = await api(s.url, 'POST', '/api/sweeps', body);
    expect(a.status).toBe(202);
    expect(a.json.id).toMatch(/^w_[0-9a-f]{40}$/);
    expect(await (await fetch(`${s.url}/api/sweeps/${a.json.id}/events`)).text()).toMatch(/event: done/);
    const args = ['sweep', 'scenarios/baseline-2025.yaml', '--param', 'responsePowerWeight', '--values', '0.5,2', '--set', 'horizonDays=200', '--runs', '128', '--seed', '3', '--workers', '1', '--no-progress'];
    const cli = await runCli(...args, '--json');
    expect(cli.code).toBe(0);
    expect((await api(s.url, 'GET', `/api/sweeps/${a.json.id}/result.json`)).text).toBe(cli.out);
    expect((await api(s.url, 'GET', `/api/sweeps/${a.json.id}/sweep.csv`)).text).toBe((await runCli(...args, '--csv')).out);
    expect((await api(s.url, 'GET', `/api/sweeps/${a.json.id}/report.html`)).text).toMatch(/^<!doctype html>/i);
    expect((await api(s.url, 'POST', '/api/sweeps', body)).json).toEqual({ id: a.json.id, status: 'done', created: false });
    expect((await api(s.url, 'POST', `/api/sweeps/${a.json.id}/verify`)).json).toMatchObject({ identical: true, storedIntact: true, idMatches: true });

    const lever = { scenario: 'baseline-2025', lever: 'forwardPosture', values: [1, 6], set: ['horizonDays=200'], runs: 64, seed: 4 };
    const b = await api(s.url, 'POST', '/api/sweeps', lever);
    expect(b.status).toBe(202);
    await (await fetch(`${s.url}/api/sweeps/${b.json.id}/events`)).text();
    const cliLever = await runCli('sweep', 'scenarios/baseline-2025.yaml', '--lever', 'forwardPosture', '--values', '1,6', '--set', 'horizonDays=200', '--runs', '64', '--seed', '4', '--workers', '1', '--no-progress', '--json');
    expect(cliLever.code).toBe(0);
    expect((await api(s.url, 'GET', `/api/sweeps/${b.json.id}/result.json`)).text).toBe(cliLever.out);

    const two = await api(s.url, 'POST', '/api/sweeps', { scenario: 'baseline-2025', param: 'responsePowerWeight', lever: 'aid.max', values: [1], runs: 10, seed: 1 });
    expect(two.status).toBe(400);
    const badLever = await api(s.url, 'POST', '/api/sweeps', { scenario: 'baseline-2025', lever: 'nope', values: [1], runs: 10, seed: 1 });
    expect(badLever.status).toBe(400);
    expect(badLever.json.issues[0].path).toBe('lever');
    const twice = await api(s.url, 'POST', '/api/sweeps', { scenario: 'baseline-2025', param: 'responsePowerWeight', values: [1, 1], runs: 10, seed: 1 });
    expect(twice.json.issues[0].path).toBe('values');
  });
});

