/**
 * Test helper (not built into dist/): run the CLI in-process from the repository root, as a user
 * would type fixture paths, capturing stdout and stderr.
 */
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { main } from './main.js';

export const repo = fileURLToPath(new URL('../../', import.meta.url));
/** A line of a JavaScript stack trace: the CLI must never print one. */
export const STACK = /^\s+at /m;

export async function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const cwd = process.cwd();
  process.chdir(repo);
  try {
    const code = await main(argv, { stdout: (s) => void (out += s), stderr: (s) => void (err += s) });
    expect(out + err).not.toMatch(STACK);
    return { code, out, err };
  } finally {
    process.chdir(cwd);
  }
}

/** A refused command: exit code 1 and stderr containing every one of `messages`. */
export async function expectRefusal(result: Promise<{ code: number; err: string }>, ...messages: string[]): Promise<void> {
  const r = await result;
  expect(r.code).toBe(1);
  for (const m of messages) expect(r.err).toContain(m);
}
