/**
 * The results store of `brink serve`: one SQLite file (better-sqlite3, synchronous), in WAL mode
 * so readers never wait for the writer, with a `schema_version` table and migrations run in order
 * at open. Results are stored as the exact JSON text the server returns, with its SHA-256, so a
 * stored result can be checked (verify) and reopened byte for byte.
 *
 * Crash safety (D44): every state change is one transaction; a run is written `done` together
 * with its result in one statement, so a kill -9 leaves either the old row or the new one. At
 * open, any run still `queued` or `running` belonged to a process that died: it is marked
 * `interrupted` (never resumed silently, never shown as done); asking for it again reruns it.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';

export type RunStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';
export const FINAL_STATUSES: readonly RunStatus[] = ['done', 'failed', 'cancelled', 'interrupted'];

export interface RunRow {
  id: string;
  kind: string;
  status: RunStatus;
  /** The normalised request (JSON text) that determines the result; verify reruns it. */
  request: string;
  runs: number;
  trajectoriesDone: number;
  /** The result JSON text when done. */
  result: string | null;
  resultSha256: string | null;
  error: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ScenarioRow {
  id: string;
  name: string;
  yaml: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Migrations, in order; migration k brings the schema to version k+1. Never edit one that shipped: add one. */
const MIGRATIONS: string[] = [
  `CREATE TABLE runs (
     id TEXT PRIMARY KEY,
     kind TEXT NOT NULL,
     status TEXT NOT NULL,
     request TEXT NOT NULL,
     runs INTEGER NOT NULL,
     trajectories_done INTEGER NOT NULL DEFAULT 0,
     result TEXT,
     result_sha256 TEXT,
     error TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE INDEX runs_status ON runs(status);
   CREATE TABLE scenarios (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     yaml TEXT NOT NULL,
     version INTEGER NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );`,
];

export const STORE_SCHEMA_VERSION = MIGRATIONS.length;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

type RawRun = { id: string; kind: string; status: RunStatus; request: string; runs: number; trajectories_done: number; result: string | null; result_sha256: string | null; error: string | null; created_at: string; updated_at: string };
type RawScenario = { id: string; name: string; yaml: string; version: number; created_at: string; updated_at: string };

const toRun = (r: RawRun): RunRow => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  request: r.request,
  runs: r.runs,
  trajectoriesDone: r.trajectories_done,
  result: r.result,
  resultSha256: r.result_sha256,
  error: r.error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
const toScenario = (r: RawScenario): ScenarioRow => ({ id: r.id, name: r.name, yaml: r.yaml, version: r.version, createdAt: r.created_at, updatedAt: r.updated_at });

export class Store {
  readonly db: Database.Database;
  /** Runs found queued or running at open (a previous process died mid-run) and marked interrupted. */
  readonly interruptedAtOpen: number;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // FULL: a committed result survives a power cut too, not only a killed process.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
    const now = new Date().toISOString();
    this.interruptedAtOpen = this.db.prepare(`UPDATE runs SET status = 'interrupted', updated_at = ? WHERE status IN ('queued', 'running')`).run(now).changes;
  }

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const row = this.db.prepare('SELECT version FROM schema_version').get() as { version: number } | undefined;
    let version = row?.version ?? 0;
    if (version > MIGRATIONS.length) throw new Error(`the database has schema version ${version}, newer than this Brink knows (${MIGRATIONS.length}); use a newer Brink or another --db`);
    const step = this.db.transaction((k: number) => {
      this.db.exec(MIGRATIONS[k]!);
      if (k === 0 && row === undefined) this.db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(k + 1);
      else this.db.prepare('UPDATE schema_version SET version = ?').run(k + 1);
    });
    while (version < MIGRATIONS.length) step(version++);
  }

  private readonly statements = new Map<string, Database.Statement>();
  /** Prepared once per SQL text: preparing costs more than running these small statements. */
  private stmt(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (st === undefined) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  schemaVersion(): number {
    return (this.stmt('SELECT version FROM schema_version').get() as { version: number }).version;
  }

  integrityCheck(): string {
    return String(this.db.pragma('integrity_check', { simple: true }));
  }

  close(): void {
    this.db.close();
  }

  // ---------------------------------------------------------------- runs

  getRun(id: string): RunRow | null {
    const r = this.stmt('SELECT * FROM runs WHERE id = ?').get(id) as RawRun | undefined;
    return r === undefined ? null : toRun(r);
  }

  listRuns(limit: number, offset: number): RunRow[] {
    return (this.stmt('SELECT * FROM runs ORDER BY created_at DESC, id LIMIT ? OFFSET ?').all(limit, offset) as RawRun[]).map(toRun);
  }

  /**
   * Inserts a queued run, or (re)queues one that ended without a result (failed, cancelled,
   * interrupted). Returns false when the id is already queued, running or done: the caller
   * returns that row instead of computing again.
   */
  enqueueRun(id: string, kind: string, request: string, runs: number): boolean {
    const now = new Date().toISOString();
    const r = this
      .stmt(
        `INSERT INTO runs (id, kind, status, request, runs, trajectories_done, created_at, updated_at) VALUES (?, ?, 'queued', ?, ?, 0, ?, ?)
         ON CONFLICT(id) DO UPDATE SET status = 'queued', trajectories_done = 0, error = NULL, result = NULL, result_sha256 = NULL, updated_at = excluded.updated_at
         WHERE runs.status IN ('failed', 'cancelled', 'interrupted')`,
      )
      .run(id, kind, request, runs, now, now);
    return r.changes > 0;
  }

  setRunning(id: string): void {
    this.stmt(`UPDATE runs SET status = 'running', updated_at = ? WHERE id = ? AND status = 'queued'`).run(new Date().toISOString(), id);
  }

  setProgress(id: string, trajectoriesDone: number): void {
    this.stmt(`UPDATE runs SET trajectories_done = ?, updated_at = ? WHERE id = ? AND status = 'running'`).run(trajectoriesDone, new Date().toISOString(), id);
  }

  /** Result and status in one statement: a crash leaves the run either running (→ interrupted) or done with its whole result. */
  finishRun(id: string, result: string, trajectoriesDone: number): void {
    this
      .stmt(`UPDATE runs SET status = 'done', result = ?, result_sha256 = ?, trajectories_done = ?, updated_at = ? WHERE id = ?`)
      .run(result, sha256Hex(result), trajectoriesDone, new Date().toISOString(), id);
  }

  endRun(id: string, status: 'failed' | 'cancelled' | 'interrupted', error: string | null): void {
    this.stmt(`UPDATE runs SET status = ?, error = ?, updated_at = ? WHERE id = ? AND status IN ('queued', 'running')`).run(status, error, new Date().toISOString(), id);
  }

  // ---------------------------------------------------------------- scenarios

  listScenarios(): ScenarioRow[] {
    return (this.stmt('SELECT * FROM scenarios ORDER BY name, id').all() as RawScenario[]).map(toScenario);
  }

  getScenario(id: string): ScenarioRow | null {
    const r = this.stmt('SELECT * FROM scenarios WHERE id = ?').get(id) as RawScenario | undefined;
    return r === undefined ? null : toScenario(r);
  }

  createScenario(id: string, name: string, yaml: string): ScenarioRow {
    const now = new Date().toISOString();
    this.stmt('INSERT INTO scenarios (id, name, yaml, version, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)').run(id, name, yaml, now, now);
    return this.getScenario(id)!;
  }

  /** Updates when the stored version is `expectedVersion` (optimistic concurrency); null on a conflict. */
  updateScenario(id: string, name: string, yaml: string, expectedVersion: number): ScenarioRow | null {
    const r = this
      .stmt('UPDATE scenarios SET name = ?, yaml = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?')
      .run(name, yaml, new Date().toISOString(), id, expectedVersion);
    return r.changes === 0 ? null : this.getScenario(id);
  }

  deleteScenario(id: string): boolean {
    return this.stmt('DELETE FROM scenarios WHERE id = ?').run(id).changes > 0;
  }

  countScenarios(): number {
    return (this.stmt('SELECT COUNT(*) AS n FROM scenarios').get() as { n: number }).n;
  }
}
