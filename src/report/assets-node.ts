/**
 * Reads the d3 and Observable Plot UMD bundles from node_modules, to inline them into
 * report.html (Node only).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ReportAssets } from './html.js';

let cached: ReportAssets | null = null;

/** The installed package's root: its "exports" map hides package.json, so walk up from its entry. */
function packageRoot(name: string): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve(name));
  for (;;) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj) && (JSON.parse(readFileSync(pj, 'utf8')) as { name?: string }).name === name) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the installed package ${name}`);
    dir = up;
  }
}

export function loadReportAssets(): ReportAssets {
  if (cached === null) {
    cached = {
      d3: readFileSync(join(packageRoot('d3'), 'dist', 'd3.min.js'), 'utf8'),
      plot: readFileSync(join(packageRoot('@observablehq/plot'), 'dist', 'plot.umd.min.js'), 'utf8'),
    };
  }
  return cached;
}
