import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PARAM_NAMES } from '../model/params.js';
import { ENGINE_VERSION } from '../model/version.js';
import { main } from './main.js';
import { repo, runCli, STACK } from './test-helpers.js';

const fx = (name: string): string => `test/fixtures/${name}`;

const run = runCli;

describe('brink validate', () => {
  it('a valid scenario: exit 0 and a summary', async () => {
    const r = await run('validate', fx('minimal.yaml'));
    expect(r.code).toBe(0);
    expect(r.out).toBe('test/fixtures/minimal.yaml: valid (3 actors, 1 alliance, 1 theatre, 0 partners, 1 relation, 0 injects, horizon 365 days)\n');
  });

  it('an invalid scenario: exit 1, every issue on its own line as file:line:col path: message [code]', async () => {
    const r = await run('validate', fx('invalid-many.yaml'));
    expect(r.code).toBe(1);
    expect(r.out.trim().split('\n')).toEqual([
      'test/fixtures/invalid-many.yaml:7:5 actors[0].power: number must be <= 1 (got 1.7) [out-of-range]',
      'test/fixtures/invalid-many.yaml:11:5 actors[1].colour: unknown key "colour" [unknown-key]',
      'test/fixtures/invalid-many.yaml:15:5 relations[0].to: a relation of "RUS" with itself [self-relation]',
      'test/fixtures/invalid-many.yaml: 3 problems',
    ]);
  });

  it('several files: exit 1 if any is invalid; policy and parameter files are recognised', async () => {
    const r = await run('validate', fx('minimal.yaml'), fx('forward-posture.policy.yaml'), fx('params/war.yaml'), fx('nope.yaml'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('forward-posture.policy.yaml: valid policy file "Forward posture x2"');
    expect(r.out).toContain('params/war.yaml: valid parameter file (3 parameters)');
    expect(r.out).toContain('test/fixtures/nope.yaml: file not found [file-not-found]');
  });

  it('--json gives one parseable object', async () => {
    const r = await run('validate', '--json', fx('minimal.yaml'), fx('invalid-many.yaml'));
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out) as { files: { file: string; valid: boolean; issues: { code: string; line: number }[] }[] };
    expect(j.files.map((f) => f.valid)).toEqual([true, false]);
    expect(j.files[1]!.issues[0]).toMatchObject({ code: 'out-of-range', line: 7 });
  });

  it('without a file: exit 1 naming the missing argument', async () => {
    const r = await run('validate');
    expect(r.code).toBe(1);
    expect(r.err).toContain("missing required argument 'file'");
  });
});

describe('brink schema and params', () => {
  it('schema prints the JSON Schema', async () => {
    const r = await run('schema');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out) as { properties: Record<string, unknown> };
    expect(Object.keys(s.properties)).toContain('actors');
    const p = JSON.parse((await run('schema', '--policy')).out) as { properties: Record<string, unknown> };
    expect(Object.keys(p.properties)).toContain('policy');
  });

  it('params lists every parameter, as text or markdown', async () => {
    const text = await run('params');
    expect(text.code).toBe(0);
    const md = (await run('params', '--markdown')).out.trim().split('\n');
    expect(md[0]).toBe('| parameter | default | range | unit | MODEL.md § | origin | meaning |');
    expect(md).toHaveLength(PARAM_NAMES.length + 2);
    for (const name of PARAM_NAMES) {
      expect(text.out).toMatch(new RegExp(`^${name} `, 'm'));
      expect(md.some((l) => l.startsWith(`| \`${name}\` |`))).toBe(true);
    }
    const json = JSON.parse((await run('params', '--json')).out) as Record<string, { default: number }>;
    expect(json.rationality?.default).toBe(2);
  });
});

describe('bad flags and commands', () => {
  it('unknown option: exit 1, names the flag, suggests the right one', async () => {
    const r = await run('trace', fx('minimal.yaml'), '--sed', '3');
    expect(r.code).toBe(1);
    expect(r.err).toContain("unknown option '--sed'");
    expect(r.err).toContain('--seed');
  });

  it('invalid flag value: exit 1, names the flag', async () => {
    for (const v of ['abc', '-1', '1.5', '']) {
      const r = await run('trace', fx('minimal.yaml'), '--seed', v);
      expect(r.code).toBe(1);
      expect(r.err).toContain("option '--seed <n>' argument");
    }
  });

  it('unknown command: exit 1; no command: help and exit 1; --help and --version: exit 0', async () => {
    expect((await run('frobnicate')).code).toBe(1);
    const none = await run();
    expect(none.code).toBe(1);
    expect(none.err).toContain('Usage: brink');
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('validate');
    const version = await run('--version');
    expect(version.code).toBe(0);
    expect(version.out.trim()).toBe(ENGINE_VERSION);
  });

  it('an internal error: exit 2, the message and a request to report the bug, no stack', async () => {
    let err = '';
    const code = await main(['schema'], {
      stdout: () => {
        throw new Error('disk full');
      },
      stderr: (s) => void (err += s),
    });
    expect(code).toBe(2);
    expect(err).toBe(`brink: internal error: disk full\nbrink: this is a bug in Brink ${ENGINE_VERSION}, not a problem with your input; please report it with the command you ran (set BRINK_DEBUG=1 for the stack trace).\n`);
  });
});

describe('brink trace: input errors', () => {
  it('an invalid scenario: exit 1 with the issues on stderr', async () => {
    const r = await run('trace', fx('invalid-many.yaml'), '--seed', '1');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('test/fixtures/invalid-many.yaml:7:5 actors[0].power');
  });

  it('a missing file: exit 1', async () => {
    const r = await run('trace', fx('nope.yaml'));
    expect(r.code).toBe(1);
    expect(r.err).toBe('test/fixtures/nope.yaml: file not found [file-not-found]\n');
  });
});

describe('brink trace: a run', () => {
  it('--json prints exactly one JSON object, the same for the same seed', async () => {
    const a = await run('trace', fx('minimal.yaml'), '--seed', '3', '--trajectory', '2', '--json');
    expect(a.err).toBe('');
    expect(a.code).toBe(0);
    const j = JSON.parse(a.out) as { engineVersion: string; scenarioHash: string; seed: number; trajectory: number; events: { id: number; causes: number[] }[]; outcome: Record<string, unknown> };
    expect(Object.keys(j)).toEqual(['engineVersion', 'scenarioHash', 'seed', 'trajectory', 'events', 'outcome']);
    expect(j).toMatchObject({ engineVersion: ENGINE_VERSION, seed: 3, trajectory: 2 });
    expect(j.scenarioHash).toMatch(/^[0-9a-f]{64}$/);
    expect(j.outcome).toHaveProperty('drawnIn');
    // causes point to earlier events
    const ids = new Set<number>();
    for (const e of j.events) {
      for (const c of e.causes) expect(ids.has(c)).toBe(true);
      ids.add(e.id);
    }
    const b = await run('trace', fx('minimal.yaml'), '--seed', '3', '--trajectory', '2', '--json');
    expect(b.out).toBe(a.out);
  });

  it('the text timeline ends with the outcome block', async () => {
    const r = await run('trace', fx('minimal.yaml'), '--seed', '1');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toMatch(/^test\/fixtures\/minimal\.yaml {2}seed 1 {2}trajectory 0 {2}\(engine /);
    expect(r.out).toMatch(/\noutcome\n {2}drawn in/);
  });
});

describe.skipIf(!existsSync(`${repo}dist/cli/main.js`))('the built CLI (bin/brink.js, after npm run build)', () => {
  const brink = (...args: string[]) => spawnSync(process.execPath, ['bin/brink.js', ...args], { cwd: repo, encoding: 'utf8' });

  it('exit codes reach the shell, without stack traces', () => {
    const ok = brink('validate', fx('minimal.yaml'));
    expect(ok.status).toBe(0);
    const bad = brink('validate', fx('invalid-many.yaml'));
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('[out-of-range]');
    const flag = brink('validate', '--bogus', fx('minimal.yaml'));
    expect(flag.status).toBe(1);
    expect(flag.stderr).toContain("unknown option '--bogus'");
    for (const r of [ok, bad, flag]) expect(r.stdout + r.stderr).not.toMatch(STACK);
  });
});
