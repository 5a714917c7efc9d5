#!/usr/bin/env node
/**
 * Regenerates the golden snapshot (test/golden/<scenario>.json, one per built-in scenario) and
 * prints, per scenario, every figure that moved as `old → new`, for review before committing.
 * It is the only way the snapshot changes (test/golden/golden.test.ts compares exactly).
 *
 *   npm run golden:update            rewrite the snapshot, print the differences
 *   npm run golden:update -- --check print the differences only; exit 1 if there are any
 *
 * The figures come from the TypeScript sources (through tsx), not from dist/, so a stale build
 * cannot produce a snapshot the test disagrees with.
 */
import { unlinkSync } from 'node:fs';
import { tsImport } from 'tsx/esm/api';

const check = process.argv.includes('--check');
const unknown = process.argv.slice(2).filter((a) => a !== '--check');
if (unknown.length > 0) {
  console.error(`golden-update: unknown argument ${unknown.join(' ')} (only --check)`);
  process.exit(1);
}

const g = await tsImport('../test/golden/figures.ts', import.meta.url);
const names = g.builtinScenarioNames();
let changed = 0;
let moved = 0;
for (const name of names) {
  const old = g.readSnapshot(name);
  const now = await g.computeSnapshot(name);
  const diff = g.diffFigures(old?.figures ?? null, now.figures);
  const commandChanged = old !== null && old.command !== now.command;
  if (diff.length === 0 && !commandChanged) {
    console.log(`${name}: unchanged (${Object.keys(now.figures).length} figures)`);
    continue;
  }
  changed++;
  moved += diff.length;
  console.log(old === null ? `${name}: new snapshot` : `${name}: ${diff.length} figure(s) changed (old → new)`);
  if (commandChanged) console.log(`  command: ${old.command} → ${now.command}`);
  for (const line of diff) console.log(`  ${line}`);
  if (!check) g.writeSnapshot(now);
}
for (const stale of g.snapshotNames().filter((n) => !names.includes(n))) {
  changed++;
  console.log(`${stale}: no such scenario any more; ${check ? 'its snapshot would be removed' : 'snapshot removed'}`);
  if (!check) unlinkSync(g.snapshotPath(stale));
}
if (changed === 0) console.log('golden snapshot: nothing changed');
else if (check) {
  console.log(`golden snapshot: ${moved} figure(s) in ${changed} file(s) differ; run \`npm run golden:update\` to rewrite them`);
  process.exitCode = 1;
} else console.log(`golden snapshot: rewrote ${changed} file(s), ${moved} figure(s) moved; review \`git diff test/golden\` and commit it with the change that caused it`);
