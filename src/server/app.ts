/**
 * The HTTP API of `brink serve` (Fastify 5, zod schemas through fastify-type-provider-zod, the
 * OpenAPI 3.1 document generated from the same schemas by @fastify/swagger; D42). An adapter only:
 * scenarios are validated by src/scenario, runs executed by src/montecarlo, summarised by
 * src/analysis, stored by src/store.
 *
 * Errors are JSON `{ error, issues: [{ code, path, message, line?, column? }] }`, issues named by
 * field path as the CLI names them; never a stack trace or a file path. With a token, every /api
 * call needs `Authorization: Bearer <token>` (compared in constant time).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ENGINE_VERSION } from '../model/version.js';
import { formatPath, loadScenarioText, MAX_INPUT_BYTES, policyFileJsonSchema, scenarioJsonSchema, type Issue, type PathSegment } from '../scenario/node.js';
import { scenarioHash } from '../scenario/compile.js';
import { compareCsv, summaryCsv } from '../analysis/tables.js';
import type { RunSummary } from '../analysis/summary.js';
import { renderCompareReport, renderRunReport, renderSensitivityReport } from '../report/html.js';
import { loadReportAssets } from '../report/assets-node.js';
import { sha256Hex, type RunRow, type Store } from '../store/store.js';
import { executeRun, prepareRun, preparedFromStored, RequestError, resolveRequestScenario, RunQueue, RunRequestSchema, type Execution, type ProgressEvent, type ServerLimits } from './runs.js';
import { CompareRequestSchema, executeCompare, prepareCompare, preparedCompareFromStored, type PreparedCompare } from './compares.js';
import type { CompareSummary } from '../analysis/compare.js';
import { sweepCsv, sweepWords, type SweepSummary } from '../analysis/sweep.js';
import { executeSweep, prepareSweep, preparedSweepFromStored, SweepRequestSchema, type PreparedSweep } from './sweeps.js';
import { sensitivityCsv, type SensitivitySummary } from '../analysis/sensitivity.js';
import { executeSensitivity, prepareSensitivity, preparedSensitivityFromStored, SensitivityRequestSchema, type PreparedSensitivity } from './sensitivities.js';
import { createSimulator } from '../engine/index.js';
import { compileScenario } from '../scenario/compile.js';
import { traceJson } from '../analysis/trace-json.js';
import { checkScenarioLimits, loadLibrary, STORED_ID, under, type Library } from './scenario-source.js';
import { queueExecutor } from '../queue/index.js';
import { DEFAULT_WEB_ROOT, serveStatic, webRootOrNull } from './static.js';

export interface ServerOptions {
  store: Store;
  limits: ServerLimits;
  /** Bearer token every /api call must carry; none: open (loopback only, enforced by the CLI). */
  token?: string;
  /** Largest request body in bytes (413 above it). */
  bodyLimit?: number;
  /** Folder of the built web app (default web/dist of the package). */
  webRoot?: string;
  log?: (msg: string) => void;
  /** `brink serve --queue URL [--queue-name N]`: runs go to `brink worker`s through BullMQ (src/queue) instead of local threads. */
  queue?: { url: string; name?: string };
}

export const DEFAULT_LIMITS: ServerLimits = { maxRuns: 1_000_000, concurrency: 1, maxQueued: 16, workersPerRun: 1, maxActors: 200 };
export const DEFAULT_BODY_LIMIT = 2 * MAX_INPUT_BYTES;

const RUN_ID = /^r_[0-9a-f]{40}$/;

const IssueSchema = z.object({ code: z.string(), path: z.string(), message: z.string(), line: z.number().optional(), column: z.number().optional() });
const ErrorSchema = z.object({ error: z.string(), issues: z.array(IssueSchema) }).describe('an error: what went wrong and, for bad input, the issues by field path');
const CompareIdParams = z.object({ id: z.string().regex(/^c_[0-9a-f]{40}$/, 'a comparison id is c_ and 40 hexadecimal digits') });
const SensitivityIdParams = z.object({ id: z.string().regex(/^t_[0-9a-f]{40}$/, 'a sensitivity study id is t_ and 40 hexadecimal digits') });
const SweepIdParams = z.object({ id: z.string().regex(/^w_[0-9a-f]{40}$/, 'a sweep id is w_ and 40 hexadecimal digits') });
const RunIdParams = z.object({ id: z.string().regex(RUN_ID, 'a run id is r_ and 40 hexadecimal digits') });
const ScenarioIdParams = z.object({ id: z.string().regex(STORED_ID, 'a stored scenario id is s_ and 16 hexadecimal digits') });
const ScenarioRefParams = z.object({ ref: z.string().min(1).max(80).describe('a built-in scenario name or a stored scenario id') });
const YamlBody = z.strictObject({ yaml: z.string().min(1).max(MAX_INPUT_BYTES).describe('scenario YAML text') });
const UpdateBody = z.strictObject({ yaml: z.string().min(1).max(MAX_INPUT_BYTES), version: z.number().int().min(1).describe('the version this update is based on (409 if the stored one differs)') });
const ScenarioTextSchema = z.object({ id: z.string(), builtin: z.boolean(), name: z.string(), yaml: z.string(), version: z.number().optional(), createdAt: z.string().optional(), updatedAt: z.string().optional() });
const ScenarioSavedSchema = z.object({ id: z.string(), name: z.string(), version: z.number(), scenarioHash: z.string() });
const RunAcceptedSchema = z.object({ id: z.string(), status: z.string(), created: z.boolean().describe('false: the same request was made before; its run is returned, nothing is recomputed') });
const CancelSchema = z.object({ id: z.string(), status: z.literal('cancelling') });
const TraceRequestSchema = z.strictObject({
  scenario: RunRequestSchema.shape.scenario,
  seed: RunRequestSchema.shape.seed,
  trajectory: z.number().int().min(0).max(1e9).default(0).describe('which trajectory of the seed (brink trace --trajectory)'),
  policies: RunRequestSchema.shape.policies,
  set: RunRequestSchema.shape.set,
});
const ListQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50), offset: z.coerce.number().int().min(0).max(1e9).default(0) });

/** The public view of a stored run (the result, when asked, as an object). */
function runView(row: RunRow, withResult: boolean): Record<string, unknown> {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    runs: row.runs,
    trajectoriesDone: row.trajectoriesDone,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    ...(row.resultSha256 !== null ? { resultSha256: row.resultSha256 } : {}),
    ...(row.error !== null ? { error: row.error } : {}),
    ...(withResult && row.result !== null ? { result: JSON.parse(row.result) as unknown } : {}),
  };
}

function segments(instancePath: string): PathSegment[] {
  return instancePath
    .split('/')
    .filter((s) => s !== '')
    .map((s) => (/^[0-9]+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
}

function bearerOk(header: string | undefined, tokenDigest: Buffer): boolean {
  if (header === undefined || !header.startsWith('Bearer ')) return false;
  // Digests have equal lengths, so timingSafeEqual never throws and the time does not depend on the token.
  return timingSafeEqual(createHash('sha256').update(header.slice(7), 'utf8').digest(), tokenDigest);
}

const ZOD_CODES: Record<string, string> = {
  invalid_type: 'invalid-type',
  too_small: 'out-of-range',
  too_big: 'out-of-range',
  not_multiple_of: 'out-of-range',
  invalid_value: 'invalid-value',
  invalid_format: 'invalid-value',
  invalid_union: 'invalid-value',
};

const err = (reply: FastifyReply, status: number, error: string, issues: Issue[] = []) => reply.code(status).send({ error, issues });

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const log = opts.log ?? (() => {});
  const store = opts.store;
  const limits = opts.limits;
  const lib: Library = loadLibrary();
  const remoteQueue = opts.queue;
  const queue = new RunQueue(store, limits, log, remoteQueue !== undefined ? () => queueExecutor({ url: remoteQueue.url, ...(remoteQueue.name !== undefined ? { queueName: remoteQueue.name } : {}) }) : undefined);
  let verifying = 0;
  const webRoot = webRootOrNull(opts.webRoot ?? DEFAULT_WEB_ROOT);
  const tokenDigest = opts.token !== undefined ? createHash('sha256').update(opts.token, 'utf8').digest() : null;

  // forceCloseConnections: an open event stream must not hold a shutdown up.
  const app = Fastify({ bodyLimit: opts.bodyLimit ?? DEFAULT_BODY_LIMIT, logger: false, return503OnClosing: true, forceCloseConnections: true });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.addHook('onRequest', async (req, reply) => {
    if (tokenDigest === null || !req.url.startsWith('/api/')) return;
    if (!bearerOk(req.headers.authorization, tokenDigest)) {
      reply.header('www-authenticate', 'Bearer');
      return err(reply, 401, 'missing or wrong bearer token (Authorization: Bearer <token>)');
    }
  });
  app.addHook('onClose', async () => {
    await queue.close();
  });

  app.setErrorHandler((e: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (hasZodFastifySchemaValidationErrors(e)) {
      const ctx = e.validationContext ?? 'body';
      const at = (path: string): string => (ctx === 'body' ? path : `${ctx}${path === '' ? '' : `.${path}`}`);
      const issues: Issue[] = [];
      for (const v of e.validation) {
        const segs = segments(v.instancePath);
        const params = v.params as { keys?: unknown; input?: unknown };
        // zod's codes, in the words of the scenario layer's issues (ISSUE_CODES), so clients branch on one set.
        if (v.keyword === 'unrecognized_keys' && Array.isArray(params.keys)) {
          for (const k of params.keys) issues.push({ code: 'unknown-key', path: at(formatPath([...segs, String(k)])), message: `unknown key ${JSON.stringify(String(k)).slice(0, 80)}` });
          continue;
        }
        const missing = v.keyword === 'invalid_type' && /received undefined/.test(v.message ?? '');
        const code = missing ? 'missing-field' : ZOD_CODES[String(v.keyword)] ?? 'invalid-value';
        issues.push({ code, path: at(formatPath(segs)), message: missing ? 'required' : (v.message ?? 'invalid') });
      }
      return err(reply, 400, 'invalid request', issues);
    }
    if (e instanceof RequestError) return err(reply, e.status, e.message, e.issues);
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return err(reply, 413, `the request body is larger than ${opts.bodyLimit ?? DEFAULT_BODY_LIMIT} bytes`);
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return err(reply, 415, 'send JSON (content-type: application/json)');
    if (e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (e instanceof SyntaxError && e.statusCode === 400)) {
      return err(reply, 400, 'the body is not valid JSON', [{ code: 'invalid-json', path: '', message: 'the body is not valid JSON' }]);
    }
    if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return err(reply, e.statusCode, 'bad request');
    log(`internal error on ${req.method} ${req.routeOptions.url ?? '?'}: ${e.message}`);
    return err(reply, 500, 'internal error (the server log has the detail)');
  });

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '/';
    if (path.startsWith('/api/') || path === '/api' || (req.method !== 'GET' && req.method !== 'HEAD')) return err(reply, 404, 'no such endpoint');
    return serveStatic(webRoot, path, reply);
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Brink API', version: ENGINE_VERSION, description: 'Escalation-dynamics simulator: scenarios, content-addressed Monte Carlo runs, progress as server-sent events. docs/api.md explains every endpoint.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      ...(tokenDigest !== null ? { security: [{ bearer: [] }] } : {}),
    },
    transform: jsonSchemaTransform,
  });

  const api = app.withTypeProvider<ZodTypeProvider>();
  const e4 = { 400: ErrorSchema, 404: ErrorSchema };

  api.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  api.get('/api/health', { schema: { tags: ['server'], summary: 'liveness, engine and store versions' } }, async () => ({
    ok: true,
    engineVersion: ENGINE_VERSION,
    storeSchemaVersion: store.schemaVersion(),
    queue: queue.load,
  }));

  // ------------------------------------------------------------------ scenarios

  api.get('/api/schema/scenario', { schema: { tags: ['scenarios'], summary: 'the JSON Schema of scenario files (brink schema)' } }, async () => scenarioJsonSchema());
  api.get('/api/schema/policy', { schema: { tags: ['scenarios'], summary: 'the JSON Schema of policy files (brink schema --policy)' } }, async () => policyFileJsonSchema());

  api.get('/api/scenarios', { schema: { tags: ['scenarios'], summary: 'built-in and stored scenarios' } }, async () => ({
    builtin: [...lib.scenarios.values()].map((e) => ({ name: e.name })),
    stored: store.listScenarios().map((r) => ({ id: r.id, name: r.name, version: r.version, createdAt: r.createdAt, updatedAt: r.updatedAt })),
    policies: [...lib.policies.keys()],
  }));

  api.get('/api/scenarios/:ref', { schema: { tags: ['scenarios'], summary: 'one scenario as YAML text (a built-in name or a stored id)', params: ScenarioRefParams, response: { 200: ScenarioTextSchema, 404: ErrorSchema } } }, async (req, reply) => {
    const { ref } = req.params;
    const b = lib.scenarios.get(ref);
    if (b !== undefined) return { id: b.name, builtin: true, name: b.name, yaml: b.text };
    const row = STORED_ID.test(ref) ? store.getScenario(ref) : null;
    if (row === null) return err(reply, 404, 'no such scenario', [{ code: 'not-found', path: 'params.ref', message: 'no built-in scenario of that name and no stored scenario with that id' }]);
    return { id: row.id, builtin: false, name: row.name, yaml: row.yaml, version: row.version, createdAt: row.createdAt, updatedAt: row.updatedAt };
  });

  /** Validates scenario text as a stored scenario will be (includes: the library's parameter files only). */
  const validateYaml = (yaml: string): { name: string; hash: string } => {
    const r = loadScenarioText(yaml, 'scenario.yaml');
    if (r.scenario === null) throw new RequestError(400, under('yaml', r.issues), 'the scenario is not valid');
    const lim = checkScenarioLimits(r.scenario, limits, 'yaml');
    if (lim.length > 0) throw new RequestError(400, lim, 'the scenario is not valid');
    return { name: r.scenario.name, hash: scenarioHash(r.scenario) };
  };

  api.post('/api/scenarios/validate', { schema: { tags: ['scenarios'], summary: 'validate scenario YAML; issues by field path, with line and column', body: YamlBody } }, async (req) => {
    try {
      const v = validateYaml(req.body.yaml);
      return { valid: true, name: v.name, scenarioHash: v.hash, issues: [] };
    } catch (e) {
      if (e instanceof RequestError) return { valid: false, issues: e.issues };
      throw e;
    }
  });

  api.post('/api/scenarios', { schema: { tags: ['scenarios'], summary: 'store a scenario (validated first)', body: YamlBody, response: { 201: ScenarioSavedSchema, ...e4 } } }, async (req, reply) => {
    const v = validateYaml(req.body.yaml);
    if (store.countScenarios() >= 10_000) throw new RequestError(429, [{ code: 'store-full', path: '', message: 'at most 10000 stored scenarios' }], 'the scenario store is full');
    const id = `s_${sha256Hex(`${Date.now()}:${Math.random()}:${req.body.yaml.length}`).slice(0, 16)}`;
    const row = store.createScenario(id, v.name, req.body.yaml);
    return reply.code(201).send({ id: row.id, name: row.name, version: row.version, scenarioHash: v.hash });
  });

  api.put('/api/scenarios/:id', { schema: { tags: ['scenarios'], summary: 'replace a stored scenario; `version` must be the stored one (else 409)', params: ScenarioIdParams, body: UpdateBody, response: { 200: ScenarioSavedSchema, ...e4, 409: ErrorSchema } } }, async (req, reply) => {
    const cur = store.getScenario(req.params.id);
    if (cur === null) return err(reply, 404, 'no such scenario', [{ code: 'not-found', path: 'params.id', message: 'no stored scenario with that id' }]);
    const v = validateYaml(req.body.yaml);
    const row = store.updateScenario(req.params.id, v.name, req.body.yaml, req.body.version);
    if (row === null) return err(reply, 409, 'the scenario was changed since that version', [{ code: 'conflict', path: 'version', message: `the stored version is ${store.getScenario(req.params.id)?.version ?? 'gone'}; reload it and apply your change again` }]);
    return { id: row.id, name: row.name, version: row.version, scenarioHash: v.hash };
  });

  api.delete('/api/scenarios/:id', { schema: { tags: ['scenarios'], summary: 'delete a stored scenario (runs made from it keep their own copy)', params: ScenarioIdParams } }, async (req, reply) => {
    if (!store.deleteScenario(req.params.id)) return err(reply, 404, 'no such scenario', [{ code: 'not-found', path: 'params.id', message: 'no stored scenario with that id' }]);
    return reply.code(204).send();
  });

  /** Server-sent events of a queued or running row (or its final state at once). */
  const streamEvents = (row: RunRow, reply: FastifyReply): void => {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    const send = (event: string, data: unknown): void => void raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    const final = (): void => {
      const r = store.getRun(row.id)!;
      send(r.status === 'done' ? 'done' : 'end', runView(r, true));
      raw.end();
    };
    if (!queue.isLive(row.id)) {
      final();
      return;
    }
    const last = queue.lastProgress(row.id);
    if (last !== null) send('progress', last);
    const listener = (m: { type: 'progress'; data: unknown } | { type: 'end' }): void => {
      if (m.type === 'progress') send('progress', m.data);
      else {
        queue.events.off(row.id, listener);
        final();
      }
    };
    queue.events.on(row.id, listener);
    raw.on('close', () => queue.events.off(row.id, listener));
  };

  // ------------------------------------------------------------------ runs

  api.post('/api/runs', { schema: { tags: ['runs'], summary: 'start (or find) a Monte Carlo run; the id is a hash of what determines the result', body: RunRequestSchema, response: { 200: RunAcceptedSchema, 202: RunAcceptedSchema, ...e4, 429: ErrorSchema } } }, async (req, reply) => {
    if (remoteQueue !== undefined && req.body.precision !== undefined) {
      throw new RequestError(400, [{ code: 'unsupported', path: 'precision', message: 'this server sends its runs to a queue (--queue), whose workers run every chunk; a precision target needs local execution' }]);
    }
    const p = prepareRun(req.body, lib, store, limits);
    const { row, created } = queue.submit(p);
    return reply.code(created ? 202 : 200).header('location', `/api/runs/${row.id}`).send({ id: row.id, status: row.status, created });
  });

  api.get('/api/runs', { schema: { tags: ['runs'], summary: 'runs, newest first', querystring: ListQuery } }, async (req) => ({
    runs: store.listRuns(req.query.limit, req.query.offset).map((r) => runView(r, false)),
  }));

  const getRow = (id: string, reply: FastifyReply): RunRow | null => {
    const row = store.getRun(id);
    if (row === null) void err(reply, 404, 'no such run', [{ code: 'not-found', path: 'params.id', message: 'no run with that id on this server' }]);
    return row;
  };

  api.get('/api/runs/:id', { schema: { tags: ['runs'], summary: 'status and, when done, the summary (the object brink run --json prints)', params: RunIdParams } }, async (req, reply) => {
    const row = getRow(req.params.id, reply);
    if (row === null) return reply;
    const live = queue.lastProgress(row.id);
    return { ...runView(row, true), ...(live !== null && row.status === 'running' ? { progress: live } : {}) };
  });

  const doneRow = (id: string, reply: FastifyReply): RunRow | null => {
    const row = getRow(id, reply);
    if (row === null) return null;
    if (row.status !== 'done' || row.result === null) {
      void err(reply, 409, `the run is ${row.status}, not done`, [{ code: 'not-done', path: 'params.id', message: `status ${row.status}` }]);
      return null;
    }
    return row;
  };

  api.get('/api/runs/:id/result.json', { schema: { tags: ['runs'], summary: 'the result, byte for byte what brink run --json prints', params: RunIdParams } }, async (req, reply) => {
    const row = doneRow(req.params.id, reply);
    if (row === null) return reply;
    return reply.type('application/json; charset=utf-8').send(`${row.result!}\n`);
  });

  api.get('/api/runs/:id/summary.csv', { schema: { tags: ['runs'], summary: 'the result as one long CSV table (brink run --csv)', params: RunIdParams } }, async (req, reply) => {
    const row = doneRow(req.params.id, reply);
    if (row === null) return reply;
    return reply.type('text/csv; charset=utf-8').send(summaryCsv(JSON.parse(row.result!) as RunSummary));
  });

  api.get('/api/runs/:id/report.html', { schema: { tags: ['runs'], summary: 'the self-contained report (brink run --out … report.html)', params: RunIdParams } }, async (req, reply) => {
    const row = doneRow(req.params.id, reply);
    if (row === null) return reply;
    return reply.type('text/html; charset=utf-8').send(renderRunReport(JSON.parse(row.result!) as RunSummary, loadReportAssets()));
  });

  api.get('/api/runs/:id/request', { schema: { tags: ['runs'], summary: 'the self-contained request a run was computed from (to recompute it anywhere)', params: RunIdParams } }, async (req, reply) => {
    const row = getRow(req.params.id, reply);
    if (row === null) return reply;
    return reply.type('application/json; charset=utf-8').send(row.request);
  });

  api.post('/api/runs/:id/cancel', { schema: { tags: ['runs'], summary: 'cancel a queued or running run', params: RunIdParams, response: { 202: CancelSchema, 404: ErrorSchema, 409: ErrorSchema } } }, async (req, reply) => {
    const row = getRow(req.params.id, reply);
    if (row === null) return reply;
    if (!queue.cancel(row.id)) return err(reply, 409, `the run is ${row.status}; only a queued or running run can be cancelled`, [{ code: 'not-running', path: 'params.id', message: `status ${row.status}` }]);
    return reply.code(202).send({ id: row.id, status: 'cancelling' as const });
  });

  api.post('/api/runs/:id/verify', { schema: { tags: ['runs'], summary: 'recompute a done run from its stored request and compare the bytes', params: RunIdParams } }, async (req, reply) => {
    const row = doneRow(req.params.id, reply);
    if (row === null) return reply;
    // Verifications count against the queue's bound too: each takes as long as the run did.
    if (queue.load + verifying >= limits.concurrency + limits.maxQueued) throw new RequestError(429, [{ code: 'queue-full', path: '', message: 'the server is busy; verify again later' }], 'the server is busy');
    const p = preparedFromStored(row.request);
    verifying++;
    let ex;
    try {
      ex = await executeRun(p, limits.workersPerRun, () => {});
    } finally {
      verifying--;
    }
    const recomputed = sha256Hex(ex.text);
    const storedIntact = sha256Hex(row.result!) === row.resultSha256;
    return {
      id: row.id,
      identical: recomputed === row.resultSha256 && ex.text === row.result,
      storedIntact,
      idMatches: p.id === row.id,
      storedSha256: row.resultSha256,
      recomputedSha256: recomputed,
      engineVersion: ENGINE_VERSION,
    };
  });

  // ------------------------------------------------------------------ traces

  api.post('/api/traces', { schema: { tags: ['traces'], summary: 'one trajectory with its causes: the object brink trace --json prints', body: TraceRequestSchema } }, async (req) => {
    // One trajectory takes milliseconds (it is a single engine run with the trace recorder on), so
    // it runs here and is not stored: the same request gives the same bytes on any server.
    const r = resolveRequestScenario(req.body, lib, store, limits);
    const compiled = compileScenario(r.scenario);
    const result = createSimulator(compiled).run(req.body.seed, req.body.trajectory, { trace: true });
    return traceJson(result, compiled.hash, r.sets);
  });

  api.get('/api/runs/:id/events', { schema: { tags: ['runs'], summary: 'progress as server-sent events: progress (estimates with 95% intervals) after every chunk, then done', params: RunIdParams } }, async (req, reply) => {
    const row = getRow(req.params.id, reply);
    if (row === null) return reply;
    streamEvents(row, reply);
  });

  // ------------------------------------------------------------------ comparisons and sensitivity studies (D57)

  /**
   * The routes a study kind shares with runs: status, result.json, CSV, report.html, request,
   * cancel, verify and events, all over the same store rows and queue (kind tells them apart).
   */
  const studyRoutes = <P extends { id: string; request: { kind: string; runs: number } }>(k: {
    kind: string;
    base: string;
    tag: string;
    noun: string;
    cli: string;
    params: z.ZodType<{ id: string }>;
    csvName: string;
    csv: (result: string) => string;
    html: (result: string) => string;
    fromStored: (text: string) => P;
    execute: (p: P, workers: number, on: (e: ProgressEvent) => void, signal?: AbortSignal) => Promise<{ text: string }>;
  }) => {
    const row = (id: string, reply: FastifyReply, done: boolean): RunRow | null => {
      const r = store.getRun(id);
      if (r === null || r.kind !== k.kind) {
        void err(reply, 404, `no such ${k.noun}`, [{ code: 'not-found', path: 'params.id', message: `no ${k.noun} with that id on this server` }]);
        return null;
      }
      if (done && (r.status !== 'done' || r.result === null)) {
        void err(reply, 409, `the ${k.noun} is ${r.status}, not done`, [{ code: 'not-done', path: 'params.id', message: `status ${r.status}` }]);
        return null;
      }
      return r;
    };
    const schema = (summary: string, extra: Record<string, unknown> = {}) => ({ schema: { tags: [k.tag], summary, params: k.params, ...extra } });
    api.get(`${k.base}/:id`, schema(`status and, when done, the summary (the object ${k.cli} --json prints)`), async (req, reply) => {
      const r = row(req.params.id, reply, false);
      if (r === null) return reply;
      const live = queue.lastProgress(r.id);
      return { ...runView(r, true), ...(live !== null && r.status === 'running' ? { progress: live } : {}) };
    });
    api.get(`${k.base}/:id/result.json`, schema(`the result, byte for byte what ${k.cli} --json prints`), async (req, reply) => {
      const r = row(req.params.id, reply, true);
      if (r === null) return reply;
      return reply.type('application/json; charset=utf-8').send(`${r.result!}\n`);
    });
    api.get(`${k.base}/:id/${k.csvName}`, schema(`the result as CSV (${k.cli} --csv)`), async (req, reply) => {
      const r = row(req.params.id, reply, true);
      if (r === null) return reply;
      return reply.type('text/csv; charset=utf-8').send(k.csv(r.result!));
    });
    api.get(`${k.base}/:id/report.html`, schema(`the self-contained report (${k.cli} --out … report.html)`), async (req, reply) => {
      const r = row(req.params.id, reply, true);
      if (r === null) return reply;
      return reply.type('text/html; charset=utf-8').send(k.html(r.result!));
    });
    api.get(`${k.base}/:id/request`, schema(`the self-contained request the ${k.noun} was computed from (every arm as simulated)`), async (req, reply) => {
      const r = row(req.params.id, reply, false);
      if (r === null) return reply;
      return reply.type('application/json; charset=utf-8').send(r.request);
    });
    api.post(`${k.base}/:id/cancel`, schema(`cancel a queued or running ${k.noun}`, { response: { 202: CancelSchema, 404: ErrorSchema, 409: ErrorSchema } }), async (req, reply) => {
      const r = row(req.params.id, reply, false);
      if (r === null) return reply;
      if (!queue.cancel(r.id)) return err(reply, 409, `the ${k.noun} is ${r.status}; only a queued or running one can be cancelled`, [{ code: 'not-running', path: 'params.id', message: `status ${r.status}` }]);
      return reply.code(202).send({ id: r.id, status: 'cancelling' as const });
    });
    api.post(`${k.base}/:id/verify`, schema(`recompute a done ${k.noun} from its stored request and compare the bytes`), async (req, reply) => {
      const r = row(req.params.id, reply, true);
      if (r === null) return reply;
      if (queue.load + verifying >= limits.concurrency + limits.maxQueued) throw new RequestError(429, [{ code: 'queue-full', path: '', message: 'the server is busy; verify again later' }], 'the server is busy');
      const p = k.fromStored(r.request);
      verifying++;
      let ex;
      try {
        ex = await k.execute(p, limits.workersPerRun, () => {});
      } finally {
        verifying--;
      }
      const recomputed = sha256Hex(ex.text);
      return {
        id: r.id,
        identical: recomputed === r.resultSha256 && ex.text === r.result,
        storedIntact: sha256Hex(r.result!) === r.resultSha256,
        idMatches: p.id === r.id,
        storedSha256: r.resultSha256,
        recomputedSha256: recomputed,
        engineVersion: ENGINE_VERSION,
      };
    });
    api.get(`${k.base}/:id/events`, schema('progress as server-sent events: progress (paired differences with 95% intervals) after every chunk, then done'), async (req, reply) => {
      const r = row(req.params.id, reply, false);
      if (r === null) return reply;
      streamEvents(r, reply);
    });
    return (p: P) => ({ id: p.id, request: p.request, execute: (w: number, on: (e: ProgressEvent) => void, signal?: AbortSignal) => k.execute(p, w, on, signal) as Promise<Execution> });
  };

  const compareSubmission = studyRoutes<PreparedCompare>({
    kind: 'compare',
    base: '/api/compares',
    tag: 'compares',
    noun: 'comparison',
    cli: 'brink compare',
    params: CompareIdParams,
    csvName: 'compare.csv',
    csv: (t) => compareCsv(JSON.parse(t) as CompareSummary),
    html: (t) => renderCompareReport(JSON.parse(t) as CompareSummary, loadReportAssets()),
    fromStored: preparedCompareFromStored,
    execute: executeCompare,
  });
  api.post('/api/compares', { schema: { tags: ['compares'], summary: 'start (or find) a comparison on common random numbers (brink compare); the id is a hash of what determines the result', body: CompareRequestSchema, response: { 200: RunAcceptedSchema, 202: RunAcceptedSchema, ...e4, 429: ErrorSchema } } }, async (req, reply) => {
    const { row, created } = queue.submit(compareSubmission(prepareCompare(req.body, lib, store, limits)));
    return reply.code(created ? 202 : 200).header('location', `/api/compares/${row.id}`).send({ id: row.id, status: row.status, created });
  });

  const sweepSubmission = studyRoutes<PreparedSweep>({
    kind: 'sweep',
    base: '/api/sweeps',
    tag: 'sweeps',
    noun: 'sweep',
    cli: 'brink sweep',
    params: SweepIdParams,
    csvName: 'sweep.csv',
    csv: (t) => sweepCsv(JSON.parse(t) as SweepSummary),
    html: (t) => {
      const summary = JSON.parse(t) as SweepSummary;
      return renderCompareReport(summary, loadReportAssets(), sweepWords(summary.sweep.parameter));
    },
    fromStored: preparedSweepFromStored,
    execute: executeSweep,
  });
  api.post('/api/sweeps', { schema: { tags: ['sweeps'], summary: 'start (or find) a sweep of one parameter, policy lever or scenario field (brink sweep); the id is a hash of what determines the result', body: SweepRequestSchema, response: { 200: RunAcceptedSchema, 202: RunAcceptedSchema, ...e4, 429: ErrorSchema } } }, async (req, reply) => {
    const { row, created } = queue.submit(sweepSubmission(prepareSweep(req.body, lib, store, limits)));
    return reply.code(created ? 202 : 200).header('location', `/api/sweeps/${row.id}`).send({ id: row.id, status: row.status, created });
  });

  const sensitivitySubmission = studyRoutes<PreparedSensitivity>({
    kind: 'sensitivity',
    base: '/api/sensitivities',
    tag: 'sensitivities',
    noun: 'sensitivity study',
    cli: 'brink sensitivity',
    params: SensitivityIdParams,
    csvName: 'sensitivity.csv',
    csv: (t) => sensitivityCsv(JSON.parse(t) as SensitivitySummary),
    html: (t) => renderSensitivityReport(JSON.parse(t) as SensitivitySummary, loadReportAssets()),
    fromStored: preparedSensitivityFromStored,
    execute: executeSensitivity,
  });
  api.post('/api/sensitivities', { schema: { tags: ['sensitivities'], summary: 'start (or find) a one-at-a-time sensitivity study (brink sensitivity); the id is a hash of what determines the result', body: SensitivityRequestSchema, response: { 200: RunAcceptedSchema, 202: RunAcceptedSchema, ...e4, 429: ErrorSchema } } }, async (req, reply) => {
    const { row, created } = queue.submit(sensitivitySubmission(prepareSensitivity(req.body, lib, store, limits)));
    return reply.code(created ? 202 : 200).header('location', `/api/sensitivities/${row.id}`).send({ id: row.id, status: row.status, created });
  });

  return app;
}
