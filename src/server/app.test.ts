/**
 * The HTTP API on a real server (loopback, port chosen by the OS) over a real SQLite file.
 * Runs use test/fixtures/minimal.yaml posted as YAML text (a few hundred trajectories), so the
 * whole file stays short.
 */
import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/test-helpers.js';
import { api, MINIMAL_YAML, readEvents, startServer, waitFinal, type TestServer } from './test-helpers.js';

const STACK = /^\s+at |node_modules|\/src\/|\/work\//m;

let s: TestServer;
beforeAll(async () => {
  s = await startServer({ limits: { maxRuns: 200_000, workersPerRun: 1 } });
});
afterAll(async () => {
  await s.close();
});

const post = (body: unknown) => api(s.url, 'POST', '/api/runs', body);

describe('brink serve: runs', () => {
  it('gives the same result as brink run --json, byte for byte, and the same id (no recomputation) when asked again', async () => {
    const a = await post({ scenario: MINIMAL_YAML, runs: 512, seed: 3, set: ['horizonDays=300'] });
    expect(a.status).toBe(202);
    expect(a.json).toMatchObject({ status: 'queued', created: true });
    expect(a.json.id).toMatch(/^r_[0-9a-f]{40}$/);
    const done = await waitFinal(s.url, a.json.id);
    expect(done.status).toBe('done');
    expect(done.trajectoriesDone).toBe(512);
    const text = await api(s.url, 'GET', `/api/runs/${a.json.id}/result.json`);
    const cli = await runCli('run', 'test/fixtures/minimal.yaml', '--runs', '512', '--seed', '3', '--set', 'horizonDays=300', '--json', '--workers', '1', '--no-progress');
    expect(cli.code).toBe(0);
    expect(text.text).toBe(cli.out);
    expect(done.result).toEqual(JSON.parse(cli.out));

    const again = await post({ scenario: MINIMAL_YAML, runs: 512, seed: 3, set: ['horizonDays=300'] });
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ id: a.json.id, status: 'done', created: false });
    const after = await api(s.url, 'GET', `/api/runs/${a.json.id}`);
    expect(after.json.updatedAt).toBe(done.updatedAt); // not recomputed
    // Anything that changes the result changes the id.
    const other = await post({ scenario: MINIMAL_YAML, runs: 512, seed: 4, set: ['horizonDays=300'] });
    expect(other.json.id).not.toBe(a.json.id);
    await waitFinal(s.url, other.json.id);
  });

  it('streams progress with estimates and 95% intervals, monotone, ending with the stored result', async () => {
    const a = await post({ scenario: MINIMAL_YAML, runs: 1024, seed: 11 });
    const events = await readEvents(s.url, a.json.id);
    const progress = events.filter((e) => e.event === 'progress');
    const last = events[events.length - 1]!;
    expect(last.event).toBe('done');
    expect(progress.length).toBeGreaterThanOrEqual(1);
    let prev = 0;
    for (const p of progress) {
      expect(p.data.trajectoriesDone).toBeGreaterThan(prev);
      prev = p.data.trajectoriesDone;
      expect(p.data.runs).toBe(1024);
      const e = p.data.estimates.article4;
      expect(e.lo).toBeLessThanOrEqual(e.estimate);
      expect(e.hi).toBeGreaterThanOrEqual(e.estimate);
      expect(Object.keys(p.data.estimates)).toContain('rung4.europe');
    }
    const stored = await api(s.url, 'GET', `/api/runs/${a.json.id}`);
    expect(last.data.result).toEqual(stored.json.result);
    expect(last.data.resultSha256).toBe(stored.json.resultSha256);
    // A finished run's stream is its final event alone.
    const again = await readEvents(s.url, a.json.id);
    expect(again.map((e) => e.event)).toEqual(['done']);
  });

  it('stops at a precision target on a chunk boundary, with the result of a run of that many trajectories', async () => {
    const a = await post({ scenario: MINIMAL_YAML, runs: 4096, seed: 5, precision: { outcome: 'article4', halfWidth: 0.05 } });
    const done = await waitFinal(s.url, a.json.id);
    expect(done.status).toBe('done');
    const n = done.trajectoriesDone as number;
    expect(n % 256).toBe(0);
    expect(n).toBeLessThan(4096);
    const p = done.result.probabilities.article4;
    expect((p.hi - p.lo) / 2).toBeLessThanOrEqual(0.05);
    const plain = await post({ scenario: MINIMAL_YAML, runs: n, seed: 5 });
    const plainDone = await waitFinal(s.url, plain.json.id);
    expect(JSON.stringify(plainDone.result)).toBe(JSON.stringify(done.result));
  });

  it('cancels a running run; a finished one cannot be cancelled', async () => {
    const a = await post({ scenario: MINIMAL_YAML, runs: 150_000, seed: 9 });
    const c = await api(s.url, 'POST', `/api/runs/${a.json.id}/cancel`);
    expect(c.status).toBe(202);
    const end = await waitFinal(s.url, a.json.id);
    expect(end.status).toBe('cancelled');
    expect(end.result).toBeUndefined();
    const again = await api(s.url, 'POST', `/api/runs/${a.json.id}/cancel`);
    expect(again.status).toBe(409);
    // Asking again for a cancelled run computes it anew (same id).
    const re = await post({ scenario: MINIMAL_YAML, runs: 150_000, seed: 9 });
    expect(re.json).toMatchObject({ id: a.json.id, created: true });
    await api(s.url, 'POST', `/api/runs/${a.json.id}/cancel`);
    expect((await waitFinal(s.url, a.json.id)).status).toBe('cancelled');
  });

  it('verifies a stored result, and detects a tampered one', async () => {
    const a = await post({ scenario: MINIMAL_YAML, runs: 256, seed: 21 });
    await waitFinal(s.url, a.json.id);
    const v = await api(s.url, 'POST', `/api/runs/${a.json.id}/verify`);
    expect(v.status).toBe(200);
    expect(v.json).toMatchObject({ identical: true, storedIntact: true, idMatches: true });
    // Tamper through another connection to the same file: a number changed, the hash recomputed to match.
    const db = new Database(s.dbPath);
    const row = db.prepare('SELECT result FROM runs WHERE id = ?').get(a.json.id) as { result: string };
    const forged = row.result.replace(/"count": (\d+)/, (_m, d: string) => `"count": ${Number(d) + 1}`);
    expect(forged).not.toBe(row.result);
    const { createHash } = await import('node:crypto');
    db.prepare('UPDATE runs SET result = ?, result_sha256 = ? WHERE id = ?').run(forged, createHash('sha256').update(forged).digest('hex'), a.json.id);
    const v2 = await api(s.url, 'POST', `/api/runs/${a.json.id}/verify`);
    expect(v2.json).toMatchObject({ identical: false, storedIntact: true });
    // Text changed without its hash: the store itself shows it.
    db.prepare('UPDATE runs SET result = ? WHERE id = ?').run(row.result.replace('"seed": 21', '"seed": 22'), a.json.id);
    const v3 = await api(s.url, 'POST', `/api/runs/${a.json.id}/verify`);
    expect(v3.json).toMatchObject({ identical: false, storedIntact: false });
    db.close();
  });

  it('offers the result as CSV and as the self-contained report', async () => {
    const a = await post({ scenario: MINIMAL_YAML, runs: 256, seed: 21 });
    const csv = await api(s.url, 'GET', `/api/runs/${a.json.id}/summary.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.text.split('\n')[0]).toBe('section,key,stat,value');
    const html = await api(s.url, 'GET', `/api/runs/${a.json.id}/report.html`);
    expect(html.status).toBe(200);
    expect(html.text).toMatch(/^<!doctype html>/i);
    const req = await api(s.url, 'GET', `/api/runs/${a.json.id}/request`);
    expect(req.json).toMatchObject({ kind: 'run', seed: 21, runs: 256 });
  });
});

describe('brink serve: traces', () => {
  it('gives the object brink trace --json prints, byte for byte', async () => {
    const r = await api(s.url, 'POST', '/api/traces', { scenario: MINIMAL_YAML, seed: 4, trajectory: 2, set: ['horizonDays=300'] });
    expect(r.status).toBe(200);
    const cli = await runCli('trace', 'test/fixtures/minimal.yaml', '--seed', '4', '--trajectory', '2', '--set', 'horizonDays=300', '--json');
    expect(cli.code).toBe(0);
    expect(`${r.text}\n`).toBe(cli.out);
    expect(r.json.events.length).toBeGreaterThan(0);
    const bad = await api(s.url, 'POST', '/api/traces', { scenario: MINIMAL_YAML, seed: 4, trajectory: -1 });
    expect(bad.status).toBe(400);
    expect(bad.json.issues[0].path).toBe('trajectory');
  });
});

describe('brink serve: bad input', () => {
  it('answers 400 with issues by field path, for the body and for the scenario inside it', async () => {
    const r = await post({ scenario: 'baseline-2025', runs: 'many', seed: -1, extra: 1 });
    expect(r.status).toBe(400);
    const paths = r.json.issues.map((i: { path: string }) => i.path).sort();
    expect(paths).toEqual(['extra', 'runs', 'seed']);
    expect(r.json.issues.find((i: { path: string }) => i.path === 'extra').code).toBe('unknown-key');
    expect((await post({ runs: 1, seed: 1 })).json.issues).toEqual([{ code: 'missing-field', path: 'scenario', message: 'required' }]);
    const bad = await post({ scenario: MINIMAL_YAML.replace('power: 0.1', 'power: 7'), runs: 10, seed: 1 });
    expect(bad.status).toBe(400);
    expect(bad.json.issues[0]).toMatchObject({ code: 'out-of-range', path: 'scenario.actors[0].power', line: 10 });
    const set = await post({ scenario: MINIMAL_YAML, runs: 10, seed: 1, set: ['actors[XXX].power=0.2'] });
    expect(set.status).toBe(400);
    expect(set.json.issues[0].path).toBe('set[0]');
    const focal = await post({ scenario: MINIMAL_YAML, runs: 10, seed: 1, focal: 'WARSAW' });
    expect(focal.json.issues[0]).toMatchObject({ path: 'focal', code: 'unknown-reference' });
    const prec = await post({ scenario: MINIMAL_YAML, runs: 10, seed: 1, precision: { outcome: 'rung4.mars', halfWidth: 0.01 } });
    expect(prec.json.issues[0].path).toBe('precision.outcome');
    const many = await post({ scenario: MINIMAL_YAML, runs: 200_001, seed: 1 });
    expect(many.json.issues[0]).toMatchObject({ path: 'runs', code: 'out-of-range' });
    for (const x of [r, bad, set, focal, prec, many]) expect(x.text).not.toMatch(STACK);
  });

  it('refuses includes outside the library, and never echoes a file', async () => {
    for (const inc of ['../../../../etc/passwd', '/etc/passwd', 'params/../../package.json']) {
      const r = await post({ scenario: MINIMAL_YAML.replace('schemaVersion: 1', `schemaVersion: 1\ninclude: [${JSON.stringify(inc)}]`), runs: 10, seed: 1 });
      expect(r.status).toBe(400);
      expect(r.json.issues[0]).toMatchObject({ code: 'include-refused', path: 'scenario.include[0]' });
      expect(r.text).not.toMatch(/root:|"name": "brink"|\/work\//);
    }
    // The library's own parameter files may be included.
    const ok = await api(s.url, 'POST', '/api/scenarios/validate', { yaml: MINIMAL_YAML.replace('schemaVersion: 1', 'schemaVersion: 1\ninclude: [params/calibrated.yaml]') });
    expect(ok.json).toMatchObject({ valid: true });
  });

  it('answers 404 for unknown ids and names, 413 above the body limit, 400 for broken JSON', async () => {
    expect((await api(s.url, 'GET', `/api/runs/r_${'0'.repeat(40)}`)).status).toBe(404);
    const malformed = await api(s.url, 'GET', '/api/runs/..%2F..%2Fetc');
    expect(malformed.status).toBe(400);
    expect(malformed.json.issues[0].path).toBe('params.id');
    expect((await post({ scenario: 'no-such-scenario', runs: 1, seed: 1 })).status).toBe(404);
    expect((await post({ scenario: `s_${'a'.repeat(16)}`, runs: 1, seed: 1 })).status).toBe(404);
    expect((await api(s.url, 'GET', '/api/nothing')).status).toBe(404);
    const big = await post({ scenario: 'x'.repeat(3 * 1024 * 1024), runs: 1, seed: 1 });
    expect(big.status).toBe(413);
    const broken = await api(s.url, 'POST', '/api/runs', '{"scenario": ');
    expect(broken.status).toBe(400);
    expect(broken.json.issues[0].code).toBe('invalid-json');
    for (const x of [big, broken, malformed]) expect(x.text).not.toMatch(STACK);
  });
});

describe('brink serve: scenarios', () => {
  it('lists built-ins, gets one, and stores, updates (409 on a stale version) and deletes scenarios', async () => {
    const list = await api(s.url, 'GET', '/api/scenarios');
    expect(list.json.builtin.map((b: { name: string }) => b.name)).toEqual(expect.arrayContaining(['baseline-2025', 'two-theatre']));
    expect(list.json.builtin.map((b: { name: string }) => b.name)).not.toContain('calibrated-mid'); // a parameter file
    const one = await api(s.url, 'GET', '/api/scenarios/baseline-2025');
    expect(one.json.yaml).toContain('include: [params/calibrated.yaml]');
    const created = await api(s.url, 'POST', '/api/scenarios', { yaml: MINIMAL_YAML });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect(id).toMatch(/^s_[0-9a-f]{16}$/);
    expect((await api(s.url, 'GET', `/api/scenarios/${id}`)).json).toMatchObject({ name: 'minimal', version: 1, yaml: MINIMAL_YAML });
    const upd = await api(s.url, 'PUT', `/api/scenarios/${id}`, { yaml: MINIMAL_YAML.replace('name: minimal', 'name: minimal-2'), version: 1 });
    expect(upd.json).toMatchObject({ name: 'minimal-2', version: 2 });
    const stale = await api(s.url, 'PUT', `/api/scenarios/${id}`, { yaml: MINIMAL_YAML, version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.json.issues[0].path).toBe('version');
    const invalid = await api(s.url, 'PUT', `/api/scenarios/${id}`, { yaml: 'name: [', version: 2 });
    expect(invalid.status).toBe(400);
    expect(invalid.json.issues[0].path).toMatch(/^yaml/);
    // A stored scenario runs by its id.
    const run = await post({ scenario: id, runs: 256, seed: 1 });
    expect((await waitFinal(s.url, run.json.id)).result.provenance.scenario).toBe('minimal-2');
    expect((await api(s.url, 'DELETE', `/api/scenarios/${id}`)).status).toBe(204);
    expect((await api(s.url, 'GET', `/api/scenarios/${id}`)).status).toBe(404);
    expect((await api(s.url, 'DELETE', `/api/scenarios/${id}`)).status).toBe(404);
  });

  it('validates text with issues by field path and line, and serves the JSON Schemas and the OpenAPI document', async () => {
    const v = await api(s.url, 'POST', '/api/scenarios/validate', { yaml: MINIMAL_YAML.replace('revisionism: 0.8', 'revisionism: 0.8\n    colour: red') });
    expect(v.json.valid).toBe(false);
    expect(v.json.issues[0]).toMatchObject({ code: 'unknown-key', path: 'yaml.actors[0].colour' });
    const schema = await api(s.url, 'GET', '/api/schema/scenario');
    expect(schema.json.properties.actors).toBeDefined();
    const oa = await api(s.url, 'GET', '/api/openapi.json');
    expect(oa.json.openapi).toBe('3.1.0');
    expect(Object.keys(oa.json.paths)).toEqual(expect.arrayContaining(['/api/runs', '/api/runs/{id}', '/api/runs/{id}/events', '/api/runs/{id}/verify', '/api/scenarios', '/api/scenarios/{id}']));
    expect(oa.json.paths['/api/runs'].post.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['scenario', 'runs', 'seed']));
  });
});

describe('brink serve: queue, auth, restart, static files', () => {
  it('answers 429 when the queue is full', async () => {
    const q = await startServer({ limits: { concurrency: 1, maxQueued: 1, workersPerRun: 1 } });
    try {
      const ids: string[] = [];
      const codes: number[] = [];
      for (const seed of [1, 2, 3]) {
        const r = await api(q.url, 'POST', '/api/runs', { scenario: MINIMAL_YAML, runs: 100_000, seed });
        codes.push(r.status);
        if (r.status === 202) ids.push(r.json.id);
        else expect(r.json.issues[0].code).toBe('queue-full');
      }
      expect(codes).toEqual([202, 202, 429]);
      for (const id of ids) await api(q.url, 'POST', `/api/runs/${id}/cancel`);
      for (const id of ids) expect((await waitFinal(q.url, id)).status).toBe('cancelled');
    } finally {
      await q.close();
    }
  });

  it('with a token, every /api call needs the bearer token; the web page does not', async () => {
    const token = 'a-long-enough-test-token';
    const t = await startServer({ token });
    try {
      expect((await api(t.url, 'GET', '/api/health')).status).toBe(401);
      expect((await api(t.url, 'GET', '/api/health', undefined, { authorization: 'Bearer wrong-token-of-same-size!' })).status).toBe(401);
      expect((await api(t.url, 'GET', '/api/health', undefined, { authorization: token })).status).toBe(401);
      expect((await api(t.url, 'POST', '/api/runs', { scenario: 'x', runs: 1, seed: 1 })).status).toBe(401);
      expect((await api(t.url, 'GET', '/api/health', undefined, { authorization: `Bearer ${token}` })).status).toBe(200);
      expect((await api(t.url, 'GET', '/')).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('keeps results across a restart; the file passes integrity_check', async () => {
    const r = await startServer();
    const a = await api(r.url, 'POST', '/api/runs', { scenario: MINIMAL_YAML, runs: 256, seed: 77 });
    const before = await waitFinal(r.url, a.json.id);
    await r.stop();
    const again = await startServer({ dir: r.dir });
    try {
      expect(again.store.integrityCheck()).toBe('ok');
      const after = await api(again.url, 'GET', `/api/runs/${a.json.id}`);
      expect(after.json).toEqual(before);
      expect((await api(again.url, 'POST', '/api/runs', { scenario: MINIMAL_YAML, runs: 256, seed: 77 })).json).toEqual({ id: a.json.id, status: 'done', created: false });
    } finally {
      await again.close();
    }
  });

  it('serves web/dist with an SPA fallback, only files inside it, and a plain page without it', async () => {
    const plain = await api(s.url, 'GET', '/');
    expect(plain.text).toContain('/api/openapi.json');
    const web = join(s.dir, 'web');
    mkdirSync(join(web, 'assets'), { recursive: true });
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(web, 'assets', 'app-1234.js'), 'console.log(1)');
    writeFileSync(join(s.dir, 'secret.txt'), 'SECRET');
    const w = await startServer({ webRoot: web });
    try {
      const js = await api(w.url, 'GET', '/assets/app-1234.js');
      expect(js.text).toBe('console.log(1)');
      expect(js.headers.get('content-type')).toMatch(/javascript/);
      expect(js.headers.get('x-brink-server')).toBe('1');
      expect((await api(w.url, 'GET', '/runs/r_123')).text).toContain('<title>app</title>');
      expect((await api(w.url, 'GET', '/assets/missing.js')).status).toBe(404);
      // A nested route (the shareable /runs/{id}) asks for its relative assets under itself (D55).
      expect((await api(w.url, 'GET', '/runs/assets/app-1234.js')).text).toBe('console.log(1)');
      expect((await api(w.url, 'GET', '/runs/assets/missing.js')).status).toBe(404);
      // Raw paths (fetch would normalise them): none reaches the file beside web/.
      for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/runs/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt']) {
        const body = await new Promise<string>((resolve, reject) => {
          const u = new URL(w.url);
          const req = httpRequest({ host: u.hostname, port: u.port, path: p, method: 'GET' }, (res) => {
            let b = '';
            res.on('data', (c) => (b += c));
            res.on('end', () => resolve(b));
          });
          req.on('error', reject);
          req.end();
        });
        expect(body).not.toContain('SECRET');
      }
    } finally {
      await w.close();
    }
  });
});
