/**
 * What every command gets: output writers (so tests capture output without spawning a process)
 * and the exit code it sets. Exit codes: 0 ok, 1 anything the user can fix (a scenario, file,
 * flag or output path), 2 only a bug in Brink (with a request to report it; main.ts).
 *
 * Every line goes through `escapeControl` (D30): scenario names, ids, paths and values come from
 * files other people wrote, and a control character printed raw can rewrite the terminal.
 */
import { InvalidArgumentError } from 'commander';
import { MAX_ISSUES_SHOWN, escapeControl, formatIssue, type Issue } from '../scenario/index.js';

export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_INTERNAL = 2;

export interface CliIo {
  /** Raw writers; the text carries its own newlines. */
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface CliContext {
  readonly io: CliIo;
  /** Writes one line to stdout. */
  out(line: string): void;
  /** Writes one line to stderr. */
  err(line: string): void;
  /** Raises the exit code (never lowers it: one failing file of several fails the run). */
  fail(code: number): void;
  readonly exitCode: number;
}

export function createContext(io: CliIo): CliContext {
  let exitCode = EXIT_OK;
  return {
    io,
    out: (line) => io.stdout(`${escapeControl(line)}\n`),
    err: (line) => io.stderr(`${escapeControl(line)}\n`),
    fail: (code) => {
      exitCode = Math.max(exitCode, code);
    },
    get exitCode() {
      return exitCode;
    },
  };
}

/** A bad flag value: prints `error: <message>` and sets exit code 1. */
export function failFlag(ctx: CliContext, message: string): void {
  ctx.err(`error: ${message}`);
  ctx.fail(EXIT_INVALID);
}

/**
 * Issues as printed lines: the first MAX_ISSUES_SHOWN, then `… and K more issues` (a file of
 * 20,000 bad entries is not 20,000 lines). Loops, never spreads: the list may be huge.
 */
export function issueLines(issues: readonly Issue[], max: number = MAX_ISSUES_SHOWN): string[] {
  const lines: string[] = [];
  for (let k = 0; k < issues.length && k < max; k++) lines.push(formatIssue(issues[k]!));
  if (issues.length > max) lines.push(`… and ${issues.length - max} more issue${issues.length - max === 1 ? '' : 's'}`);
  return lines;
}

/** Prints issues one per line (`file:line:col path: message [code]`, capped) and sets exit code 1. */
export function reportIssues(ctx: CliContext, issues: readonly Issue[], to: 'out' | 'err' = 'err'): void {
  for (const line of issueLines(issues)) ctx[to](line);
  ctx.fail(EXIT_INVALID);
}

/**
 * A commander argument parser for an integer flag in [min, max]: decimal digits only (`0x10`,
 * `1e3`, `+5`, `5.0` and blanks are refused, not read as 16, 1000 or 5), and at most 2^53−1,
 * the largest integer a double holds exactly. A bad value gives
 * `error: option '--seed <s>' argument 'x' is invalid. must be a decimal integer in [0, 2^53−1 = 9007199254740991].`
 * and exit code 1.
 */
export function intArg(min: number, max: number = Number.MAX_SAFE_INTEGER): (value: string) => number {
  const range = `[${min}, ${max === Number.MAX_SAFE_INTEGER ? `2^53−1 = ${max}` : max}]`;
  return (value) => {
    if (!/^[0-9]{1,30}$/.test(value)) throw new InvalidArgumentError(`must be a decimal integer in ${range}.`);
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`must be a decimal integer in ${range}.`);
    return n;
  };
}
