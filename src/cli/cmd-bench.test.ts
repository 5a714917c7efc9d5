import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));

describe('brink bench', () => {
  // Shape only: timing goals are checked by running `npm run bench`, never in a test.
  it('prints its figures as one JSON line on stdout', async () => {
    let out = '';
    let err = '';
    const cwd = process.cwd();
    process.chdir(repo);
    try {
      const code = await main(['bench', '--scenario', 'test/fixtures/minimal.yaml', '--inline-runs', '20', '--warmup-runs', '10', '--runs', '40', '--large', '80', '--workers', '2', '--host-probes', '2', '--pairs', '2', '--no-progress'], {
        stdout: (s) => void (out += s),
        stderr: (s) => void (err += s),
      });
      expect(code).toBe(0);
    } finally {
      process.chdir(cwd);
    }
    const lines = out.trim().split('\n');
    expect(lines.length).toBe(1);
    const j = JSON.parse(lines[0]!) as Record<string, Record<string, number>>;
    expect(j['inline']).toMatchObject({ runs: 20 });
    for (const k of ['trajectoriesPerSecondPerCore', 'msPerTrajectory', 'nsPerEvent', 'eventsPerTrajectory']) expect(j['inline']![k]).toBeGreaterThan(0);
    expect(j['pool']).toMatchObject({ workers: 2, runs: 40 });
    expect(j['pool']!['speedup']).toBeGreaterThan(0);
    expect(j['pool']!['oneWorkerTrajectoriesPerSecond']).toBeGreaterThan(0);
    // Two interleaved pairs; the speed-up is the median of their ratios, between their extremes.
    const pairs = (j['pool'] as unknown as { pairs: { oneWorkerSeconds: number; seconds: number; speedup: number }[] }).pairs;
    expect(pairs).toHaveLength(2);
    for (const q of pairs) expect(q.seconds > 0 && q.oneWorkerSeconds > 0 && q.speedup > 0).toBe(true);
    expect(j['pool']!['speedupMin']!).toBeLessThanOrEqual(j['pool']!['speedup']!);
    expect(j['pool']!['speedup']!).toBeLessThanOrEqual(j['pool']!['speedupMax']!);
    expect(j['pool']!['speedup']!).toBeCloseTo((pairs[0]!.speedup + pairs[1]!.speedup) / 2, 1);
    expect(err).toMatch(/bench: pool, pair 2: 40 runs on 1 worker/);
    expect(j['warmup']).toMatchObject({ runs: 10 });
    expect(j['large']).toMatchObject({ runs: 80 });
    expect(j['large']!['peakRssMiB']).toBeGreaterThan(0);
    expect(typeof j['aggregationMicrosecondsPerTrajectory']).toBe('number');
    const cr = (j['inline'] as unknown as { chunkRates: Record<string, number> }).chunkRates;
    expect(cr['chunks']).toBeGreaterThan(0);
    expect(cr['slowest']!).toBeGreaterThan(0);
    expect(cr['slowest']!).toBeLessThanOrEqual(cr['median']!);
    expect(cr['median']!).toBeLessThanOrEqual(cr['fastest']!);
    expect(err).toMatch(/bench: inline \(steady state\): 20 runs/);
    expect(err).toMatch(/bench: warm-up: the first 10 trajectories/);
    // The host reference: two timings of the fixed loop, their median between their extremes.
    const host = j['host']!;
    expect(host).toMatchObject({ probeSteps: 2e7, probes: 2 });
    expect(host['minMs']!).toBeGreaterThan(0);
    expect(host['minMs']!).toBeLessThanOrEqual(host['medianMs']!);
    expect(host['medianMs']!).toBeLessThanOrEqual(host['maxMs']!);
    expect(err).toMatch(/bench: host reference: a register-only loop of 20,000,000 steps took [\d.]+ ms \(median of 2/);
  });

  it('refuses a bad --pairs or --host-probes value, naming the flag, before running anything', async () => {
    for (const [flag, value] of [['--pairs', '0'], ['--host-probes', '-1'], ['--pairs', 'two']] as const) {
      let out = '';
      let err = '';
      const code = await main(['bench', '--scenario', 'test/fixtures/minimal.yaml', flag, value, '--no-progress'], {
        stdout: (s) => void (out += s),
        stderr: (s) => void (err += s),
      });
      expect(code).toBe(1);
      expect(err).toContain(`option '${flag} <n>' argument '${value}' is invalid`);
      expect(out).toBe('');
    }
  });
});
