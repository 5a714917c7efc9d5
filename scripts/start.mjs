#!/usr/bin/env node
/**
 * `npm start`: the web app on `brink serve` (issue 16, D55). Builds what is missing or older than
 * its sources (dist/ by tsc from src/, web/dist by Vite from web/ and src/, which the app's Web
 * Workers import), so a `git pull` never serves a stale app; then starts `brink serve` on the embedded SQLite
 * store (.brink/brink.db by default) in this process's place; it prints the URL to open.
 * Arguments after `--` go to `brink serve` (`npm start -- --port 9000`). Stop with Ctrl-C.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
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

/** The newest modification time (ms) of the files under the given paths, skipping build output and node_modules. */
function newest(paths) {
  let t = 0;
  const walk = (p) => {
    let s;
    try { s = statSync(p); } catch { return; }
    if (s.isDirectory()) {
      for (const name of readdirSync(p)) if (name !== 'node_modules' && name !== 'dist') walk(join(p, name));
    } else if (s.mtimeMs > t) t = s.mtimeMs;
  };
  for (const p of paths) walk(join(repo, p));
  return t;
}

/** Whether `output` is missing or older than any of its sources. */
function stale(output, sources) {
  const out = join(repo, output);
  return !existsSync(out) || statSync(out).mtimeMs < newest(sources);
}

if (stale('dist/cli/main.js', ['src', 'tsconfig.json', 'tsconfig.build.json'])) build('the CLI (dist/)', ['run', 'prepare']);
if (stale('web/dist/index.html', ['web', 'src', 'package-lock.json'])) build('the web app (web/dist)', ['run', 'build:web']);

const child = spawn(process.execPath, [join(repo, 'bin', 'brink.js'), 'serve', ...process.argv.slice(2)], { cwd: repo, stdio: 'inherit' });
// Ctrl-C reaches the child through the terminal's process group; SIGTERM sent to this process is passed on.
process.on('SIGTERM', () => child.kill('SIGTERM'));
process.on('SIGINT', () => {});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
