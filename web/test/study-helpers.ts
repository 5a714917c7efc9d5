/** Helpers shared by the study tests (studies.test.ts, server-studies.test.ts). */
import type { Page } from 'playwright-core';

type SideJson = { differences: Record<string, [number, number | null, number | null]> } | null;
/** Each tornado bar's `[PARAM.side] difference=… lo=… hi=…` line, as the CLI's JSON gives the numbers. */
export function cliBars(cli: string): string[] {
  const s = JSON.parse(cli) as { outcome: { key: string }; rows: { parameter: string; low: SideJson; high: SideJson }[] };
  return s.rows.flatMap((r) =>
    (['low', 'high'] as const).flatMap((side) => {
      const d = r[side]?.differences[s.outcome.key];
      return d === undefined ? [] : [`[${r.parameter}.${side}] difference=${d[0] ?? 0} lo=${d[1]} hi=${d[2]}`];
    }),
  ).sort();
}
export const tornadoBars = (page: Page): Promise<string[]> =>
  page.$$eval('figure.plot svg g[aria-label="bar"] title', (ts) => ts.map((t) => (t.textContent ?? '').split('\n').pop()!).sort());

