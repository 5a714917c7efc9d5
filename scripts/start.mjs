#!/usr/bin/env node
/**
 * `npm start`: the web app on `brink serve` (issue 16, D55). Builds what is missing (dist/ by tsc
 * when `prepare` did not run, web/dist by Vite), then starts `brink serve` on the embedded SQLite
 * store (.brink/brink.db by default) in this process's place; it prints the URL to open.
 * Arguments after `--` go to `brink serve` (`npm start -- --port 9000`). Stop with Ctrl-C.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function build(what, args) {
  process.stderr.write(`npm start: building ${what}…\n`);
  const r = spawnSync(npm, args, { cwd: repo, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`npm start: building ${what} failed (npm ${args.join(' ')}); see above\n`);
    process.exit(r.status ?? 1);
  }
}

if (!existsSync(join(repo, 'dist', 'cli', 'main.js'))) build('the CLI (dist/)', ['run', 'prepare']);
if (!existsSync(join(repo, 'web', 'dist', 'index.html'))) build('the web app (web/dist)', ['run', 'build:web']);

const child = spawn(process.execPath, [join(repo, 'bin', 'brink.js'), 'serve', ...process.argv.slice(2)], { cwd: repo, stdio: 'inherit' });
// Ctrl-C reaches the child through the terminal's process group; SIGTERM sent to this process is passed on.
process.on('SIGTERM', () => child.kill('SIGTERM'));
process.on('SIGINT', () => {});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
