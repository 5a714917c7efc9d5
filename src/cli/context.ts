/**
 * What every command gets: output writers (so tests capture output without spawning a process)
 * and the exit code it sets. Exit codes: 0 ok, 1 invalid input (scenario, file or flag),
 * 2 internal error.
 */
import { InvalidArgumentError } from 'commander';
import { formatIssue, type Issue } from '../scenario/index.js';

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
    out: (line) => io.stdout(`${line}\n`),
    err: (line) => io.stderr(`${line}\n`),
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

/** Prints issues one per line (`file:line:col path: message [code]`) and sets exit code 1. */
export function reportIssues(ctx: CliContext, issues: readonly Issue[], to: 'out' | 'err' = 'err'): void {
  for (const i of issues) ctx[to](formatIssue(i));
  ctx.fail(EXIT_INVALID);
}

/**
 * A commander argument parser for an integer flag in [min, max]; a bad value gives
 * `error: option '--seed <n>' argument 'x' is invalid. must be an integer >= 0` and exit code 1.
 */
export function intArg(min: number, max: number = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`must be an integer${min > Number.MIN_SAFE_INTEGER ? ` >= ${min}` : ''}.`);
    if (n < min || n > max) throw new InvalidArgumentError(`must be an integer in [${min}, ${max}].`);
    return n;
  };
}
