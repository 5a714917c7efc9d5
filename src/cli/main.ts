/**
 * The `brink` command line. An adapter only (ARCHITECTURE.md): it reads files, calls the scenario,
 * engine and analysis layers, and formats their results; no model logic lives here.
 *
 * Each command registers itself from its own file (`cmd-*.ts`), so that commands can be added
 * without touching each other. Errors never surface as stack traces: bad input (flags, files,
 * scenarios) gives a message naming the flag or field and exit code 1; anything unexpected gives
 * `brink: internal error: ...` and exit code 2 (set BRINK_DEBUG=1 for the stack).
 */
import { Command, CommanderError } from 'commander';
import { ENGINE_VERSION } from '../model/version.js';
import { escapeControl } from '../scenario/index.js';
import { UserError } from './output.js';
import { EXIT_INTERNAL, EXIT_INVALID, EXIT_OK, createContext, type CliContext, type CliIo } from './context.js';
import { register as registerValidate } from './cmd-validate.js';
import { register as registerSchema } from './cmd-schema.js';
import { register as registerNew } from './cmd-new.js';
import { register as registerParams } from './cmd-params.js';
import { register as registerTrace } from './cmd-trace.js';
import { register as registerCalibrate } from './cmd-calibrate.js';
import { register as registerBacktest } from './cmd-backtest.js';
import { register as registerRun } from './cmd-run.js';
import { register as registerCompare } from './cmd-compare.js';
import { register as registerBench } from './cmd-bench.js';
import { register as registerSweep } from './cmd-sweep.js';
import { register as registerSensitivity } from './cmd-sensitivity.js';
import { register as registerClaims } from './cmd-claims.js';
import { register as registerBranch } from './cmd-branch.js';
import { register as registerWorker } from './cmd-worker.js';
import { register as registerServe } from './cmd-serve.js';

export type { CliContext, CliIo } from './context.js';

type Register = (program: Command, ctx: CliContext) => void;

/**
 * The commands, in the order `brink --help` lists them.
 * Other commands register here: add an import above and one entry below.
 */
const COMMANDS: Register[] = [
  registerValidate,
  registerSchema,
  registerNew,
  registerParams,
  registerTrace,
  registerCalibrate,
  registerBacktest,
  registerRun,
  registerCompare,
  registerBranch,
  registerSweep,
  registerSensitivity,
  registerClaims,
  registerBench,
  registerWorker,
  registerServe,
  // other commands register here
];

const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

let pipeGuarded = false;
/** `brink trace x | head` closes stdout early: that is not an error worth a stack trace. */
function guardBrokenPipe(): void {
  if (pipeGuarded) return;
  pipeGuarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
}

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('brink')
    .description('Brink: a simulator of escalation dynamics between military alliances')
    .version(ENGINE_VERSION, '-V, --version', 'print the engine version')
    .helpCommand(true)
    .showHelpAfterError('(run `brink help <command>` for usage)')
    .exitOverride()
    .configureOutput({
      // Commander quotes flag values back (`argument '…' is invalid`): escaped like every line.
      writeOut: (s) => ctx.io.stdout(escapeControl(s)),
      writeErr: (s) => ctx.io.stderr(escapeControl(s)),
    });
  for (const register of COMMANDS) register(program, ctx);
  return program;
}

/** Runs the CLI on `argv` (without `node` and the script) and resolves to the exit code. */
export async function main(argv: string[], io?: CliIo): Promise<number> {
  if (io === undefined) guardBrokenPipe();
  const ctx = createContext(io ?? processIo);
  try {
    const program = buildProgram(ctx);
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return EXIT_INVALID;
    }
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Commander has already printed its message (naming the flag or argument).
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return e.exitCode === 0 ? EXIT_OK : EXIT_INVALID;
      return EXIT_INVALID;
    }
    // Exit 2 means a bug in Brink: every mistake a user can fix is caught before and exits 1
    // (D30). The message is cut, since an exception's text may quote input.
    if (e instanceof UserError) {
      ctx.err(`brink: ${e.message}`);
      return EXIT_INVALID;
    }
    const msg = e instanceof Error ? e.message : String(e);
    ctx.err(`brink: internal error: ${msg.length > 300 ? `${msg.slice(0, 299)}…` : msg}`);
    ctx.err(`brink: this is a bug in Brink ${ENGINE_VERSION}, not a problem with your input; please report it with the command you ran (set BRINK_DEBUG=1 for the stack trace).`);
    if (process.env.BRINK_DEBUG && e instanceof Error && e.stack) ctx.err(e.stack);
    return EXIT_INTERNAL;
  }
}
