/**
 * The adaptive periodic refresh (simulator.refreshStaleAndDirty, parameters hazardRefreshDays,
 * hazardRefreshTolerance, hazardRefreshMaxDays): hazards that do not move are refreshed ever more
 * rarely, up to the maximum interval; hazards that move are refreshed at the base interval; and
 * tolerance 0 keeps the fixed schedule.
 */
import { describe, expect, it } from 'vitest';
import { Simulator } from './simulator.js';
import { compile, smallInput, withHorizon, withParams, withPartnerWar } from './test-helpers.js';

/** ADV acts (rarely) in the small world; nothing else moves its hazards. */
function quietWorld() {
  const s = smallInput();
  s.actors[0]!.agency = true;
  s.actors[0]!.activity = 1e-9; // it never fires: its hazards see only slow drifts
  return withHorizon(compile(s), 365);
}

function periodic(sc: ReturnType<typeof quietWorld>, tol: number): { refreshes: number; every: number } {
  const sim = new Simulator(withParams(sc, { hazardRefreshTolerance: tol, hazardRefreshDays: 14, hazardRefreshMaxDays: 56 }));
  sim.run(1, 0);
  return { refreshes: sim.st.periodicRefreshes, every: sim.st.refreshEvery[0]! };
}

describe('adaptive periodic refresh', () => {
  it('tolerance 0: every 14 days, the fixed schedule', () => {
    const r = periodic(quietWorld(), 0);
    expect(r.every).toBe(14);
    expect(r.refreshes).toBe(Math.floor(364 / 14)); // days 14, 28, …, 364
  });

  it('hazards that do not move: the interval doubles to the maximum (14, 28, 56, 56, …)', () => {
    const r = periodic(quietWorld(), 0.005);
    expect(r.every).toBe(56);
    // Refreshes on days 14, 42, 98, 154, 210, 266, 322.
    expect(r.refreshes).toBe(7);
  });

  it('a maximum below the base interval never refreshes more often than the base', () => {
    const sim = new Simulator(withParams(quietWorld(), { hazardRefreshTolerance: 0.005, hazardRefreshDays: 14, hazardRefreshMaxDays: 5 }));
    sim.run(1, 0);
    expect(sim.st.refreshEvery[0]).toBe(14);
    expect(sim.st.periodicRefreshes).toBe(Math.floor(364 / 14));
  });

  it('hazards that move by more than the tolerance: back to the base interval', () => {
    // At war with an aided partner, ADV's options move every day (front balance, the partner's
    // war capacity); with a tiny tolerance every refresh finds a move above it.
    const s = withPartnerWar(smallInput(), -0.3);
    s.actors[0]!.agency = true;
    s.actors[0]!.activity = 1e-9;
    const sc = withHorizon(compile(s), 365);
    const r = periodic(sc, 1e-12);
    expect(r.every).toBe(14);
    expect(r.refreshes).toBe(Math.floor(364 / 14));
    expect(periodic(sc, 0).refreshes).toBe(r.refreshes);
  });
});
