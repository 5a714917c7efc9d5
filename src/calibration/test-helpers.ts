/**
 * Tests on the shared historical data (Correlates of War files in ../shared/data beside the
 * checkout, or $BRINK_DATA). CI runs on a clean clone with the share beside it, so there a missing
 * file is a failure naming the path, never a silent skip that would let those tests stop running
 * unnoticed; on a developer's machine without the share they are skipped, with the reason in the
 * skipped test's name and on stderr. Test-only (excluded from the build like every test-helpers.ts).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));

/** The shared data directory the tests read: $BRINK_DATA, else ../shared/data from the checkout. */
export const SHARED_DATA_DIR = resolve(process.env.BRINK_DATA ?? join(repo, '../shared/data'));

/** CI is set (to anything but "", "0" or "false"): missing shared data is then an error. */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.CI;
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

/** The files of `files` (names in the shared data directory) that do not exist, as full paths. */
export function missingSharedFiles(files: readonly string[], dir = SHARED_DATA_DIR): string[] {
  return files.map((f) => join(dir, f)).filter((p) => !existsSync(p));
}

/** What to tell the reader when `missing` files are absent. */
export function missingDataMessage(missing: readonly string[]): string {
  return `shared data missing: ${missing.join(', ')} (put the Correlates of War share at ../shared/data beside the checkout, or set BRINK_DATA to its directory)`;
}

/**
 * `describe(title, body)` when every file of `files` is in the shared data directory. Otherwise,
 * with CI set, one failing test whose message names the missing paths; without CI, one skipped
 * test whose name gives the reason (and a line on stderr).
 */
export function describeWithSharedData(title: string, files: readonly string[], body: (dir: string) => void): void {
  const missing = missingSharedFiles(files);
  if (missing.length === 0) {
    describe(title, () => body(SHARED_DATA_DIR));
    return;
  }
  const why = missingDataMessage(missing);
  if (inCi()) {
    describe(title, () => {
      it('has the shared data it needs (CI is set, so this is not skipped)', () => {
        throw new Error(`CI is set and the ${why}`);
      });
    });
    return;
  }
  process.stderr.write(`[skipped] ${title}: ${why}; with CI set this fails\n`);
  describe(title, () => {
    it.skip(`skipped: ${why}`, () => {});
  });
}
