/**
 * Stored scenarios and server validation issues in the editor (D67), end to end: a real `brink
 * serve` child process (its own temporary SQLite file, `--max-actors 2`, so that the server
 * refuses what the browser's validation accepts) and headless Chromium. The library creates a
 * scenario on the server, its link /scenarios/{id} reopens it, a save the server refuses (400
 * by field path) is marked at its line, a save over a stale version (409) offers reload or
 * overwrite (each tested), a run the server refuses points to the editor with the issue at its line, delete.
 * Screenshots go to $BRINK_WEB_SHOTS when it is set.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = process.env.BRINK_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const have = existsSync(CHROMIUM);
const repo = fileURLToPath(new URL('../../', import.meta.url));
const SHOTS = process.env.BRINK_WEB_SHOTS;
const SLOW = 600_000;

let browser: Browser | null = null;
let child: ChildProcess | null = null;
let url = '';
let dir = '';

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${url}api${path}`, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, json: text === '' ? null : JSON.parse(text) };
}

async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser!.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => void d.accept());
  await page.goto(`${url}${path}`);
  await page.waitForSelector('[data-testid=server-mode]');
  return { page, errors };
}

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS === undefined) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** Puts the cursor at the end of the editor line that reads `line` exactly. */
async function endOf(page: Page, line: RegExp): Promise<void> {
  const target = page.locator('.cm-line', { hasText: line }).first();
  await target.scrollIntoViewIfNeeded();
  await target.click();
  await page.keyboard.press('End');
}

const editorText = (page: Page) => page.evaluate(() => Array.from(document.querySelectorAll('.cm-line'), (l) => l.textContent ?? '').join('\n'));

describe.skipIf(!have)('stored scenarios and server issues in the editor, on brink serve', () => {
  beforeAll(async () => {
    if (!existsSync(join(repo, 'dist', 'cli', 'main.js'))) execFileSync('npm', ['run', 'prepare'], { cwd: repo, stdio: 'ignore' });
    if (!existsSync(join(repo, 'web', 'dist', 'index.html'))) execFileSync('npm', ['run', 'build:web'], { cwd: repo, stdio: 'ignore' });
    dir = mkdtempSync(join(tmpdir(), 'brink-web-store-'));
    child = spawn(process.execPath, [join(repo, 'bin', 'brink.js'), 'serve', '--port', '0', '--db', join(dir, 'brink.db'), '--workers', '1', '--max-actors', '2'], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /Brink is running: open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child!.on('exit', (code) => reject(new Error(`brink serve exited ${code}`)));
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, SLOW);
  afterAll(async () => {
    await browser?.close();
    child?.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, SLOW);

  it('creates, reopens by link, marks a refused save at its line, resolves a stale save, deletes', async () => {
    const { page, errors } = await open('#/library');
    await page.click('button:has-text("New scenario")');
    await page.waitForFunction(() => /id=s_[0-9a-f]{16}/.test(location.hash));
    const id = /id=(s_[0-9a-f]{16})/.exec(await page.evaluate(() => location.hash))![1]!;
    const stored = await api('GET', `/scenarios/${id}`);
    expect(stored.json).toMatchObject({ id, version: 1, name: 'my-scenario' });
    await page.waitForSelector('[data-testid=scenario-link]');
    expect(await page.getAttribute('[data-testid=scenario-link]', 'data-link')).toBe(`${url}scenarios/${id}`);

    // A third actor: valid for the browser, refused by this server (--max-actors 2) at yaml.actors.
    await page.waitForSelector('.issues h2:has-text("Valid scenario")');
    await endOf(page, /^ {2}- \{id: BLU/);
    await page.keyboard.press('Enter');
    await page.keyboard.type('- {id: GRN, name: Green, power: 0.1, theatreShare: {east: 1}}');
    // The browser's validation has read the new text (the network draws GRN) and finds it valid.
    await page.waitForFunction(() => document.querySelector('.network')?.textContent?.includes('GRN') === true, undefined, { timeout: 120_000 });
    await page.waitForSelector('.issues h2:has-text("Valid scenario")');
    await page.click('button:has-text("Save")');
    await page.waitForSelector('[data-testid=issues] .issue[data-source=server]', { timeout: 120_000 });
    const line = (await editorText(page)).split('\n').findIndex((l) => l.startsWith('actors:')) + 1;
    const issue = page.locator('[data-testid=issues] .issue[data-source=server]').first();
    expect(await issue.getAttribute('data-path')).toBe('actors');
    expect(await issue.getAttribute('data-line')).toBe(String(line));
    expect(await issue.textContent()).toMatch(/at most 2/);
    await page.waitForSelector('.cm-lintRange-error');
    await page.waitForSelector('[data-testid=editor-status]:has-text("the server found 1 problem")');
    await shot(page, 'store-editor-server-issue');

    // Undo the third actor; meanwhile someone else saves version 2: our save is stale (409).
    await endOf(page, /GRN/);
    for (let i = 0; i < 10 && (await editorText(page)).includes('GRN'); i++) await page.keyboard.press('Control+z');
    await page.waitForSelector('.issues h2:has-text("Valid scenario")');
    expect((await api('PUT', `/scenarios/${id}`, { yaml: stored.json.yaml.replace('What question', 'Whose question'), version: 1 })).status).toBe(200);
    await endOf(page, /^horizonDays: 365$/);
    await page.keyboard.press('Backspace');
    await page.keyboard.type('4');
    await page.waitForSelector('button:has-text("Revert edits"):not([disabled])');
    await page.click('button:has-text("Save")');
    await page.waitForSelector('[data-testid=save-refused][data-status="409"]');
    expect(await page.textContent('[data-testid=save-refused]')).toMatch(/you edited version 1; the server has version 2/);
    await shot(page, 'store-editor-conflict');
    await page.click('button:has-text("Overwrite it with mine")');
    await page.waitForSelector('[data-testid=editor-status]:has-text("Saved over")');
    const after = await api('GET', `/scenarios/${id}`);
    expect(after.json.version).toBe(3);
    expect(after.json.yaml).toContain('horizonDays: 364');

    // The link reopens it after a reload; the library lists it as stored; delete removes it.
    const again = await open(`scenarios/${id}`);
    await again.page.waitForSelector('.cm-line:has-text("horizonDays: 364")');
    await again.page.goto(`${url}#/library`);
    await again.page.waitForSelector(`.card[data-id=${id}]`);
    expect(await again.page.textContent(`.card[data-id=${id}] .tag`)).toMatch(/on the server · v3/);
    await shot(again.page, 'store-library');
    await again.page.click(`.card[data-id=${id}] button:has-text("Delete")`);
    await again.page.waitForSelector(`.card[data-id=${id}]`, { state: 'detached' });
    expect((await api('GET', `/scenarios/${id}`)).status).toBe(404);
    expect(errors.concat(again.errors)).toEqual([]);
    await again.page.close();
    await page.close();
  }, SLOW);

  // The other way out of a stale save (D67): take the server's version. The editor must then hold
  // exactly that text and version, so the next save goes over it without a new conflict.
  it('reloads the stored version after a stale save (409): the edits go, the next save is on top of it', async () => {
    const { page, errors } = await open('#/library');
    await page.click('button:has-text("New scenario")');
    await page.waitForFunction(() => /id=s_[0-9a-f]{16}/.test(location.hash));
    const id = /id=(s_[0-9a-f]{16})/.exec(await page.evaluate(() => location.hash))![1]!;
    const stored = await api('GET', `/scenarios/${id}`);
    expect(stored.json.version).toBe(1);
    await page.waitForSelector('.issues h2:has-text("Valid scenario")');
    // Someone else saves version 2 while this page edits version 1.
    const theirs = (stored.json.yaml as string).replace('What question', 'Whose question');
    expect(theirs).not.toBe(stored.json.yaml);
    expect((await api('PUT', `/scenarios/${id}`, { yaml: theirs, version: 1 })).status).toBe(200);
    await endOf(page, /^horizonDays: 365$/);
    await page.keyboard.press('Backspace');
    await page.keyboard.type('4');
    await page.waitForSelector('button:has-text("Revert edits"):not([disabled])');
    await page.click('button:has-text("Save")');
    await page.waitForSelector('[data-testid=save-refused][data-status="409"]');
    expect(await page.textContent('[data-testid=save-refused]')).toMatch(/you edited version 1; the server has version 2/);
    await page.click('button:has-text("Reload the stored version")');
    await page.waitForSelector('[data-testid=editor-status]:has-text("Reloaded the version stored on the server")');
    // The editor holds the server's version 2, byte for byte; nothing is left to revert or to resolve.
    const exported = async (): Promise<string> => {
      const [dl] = await Promise.all([page.waitForEvent('download'), page.click('button:text-is("Export YAML")')]);
      return readFileSync((await dl.path())!, 'utf8');
    };
    expect(await exported()).toBe(theirs);
    expect(await page.$('[data-testid=save-refused]')).toBeNull();
    await page.waitForSelector('button:has-text("Revert edits")[disabled]');
    await page.waitForFunction(() => !/edited/.test(document.querySelector('header .current')?.textContent ?? 'edited'));
    expect(await page.textContent('[data-testid=scenario-link]')).toMatch(/\(v2\)/);
    // Reloading wrote nothing: the server still has their version 2.
    const now = await api('GET', `/scenarios/${id}`);
    expect([now.json.version, now.json.yaml]).toEqual([2, theirs]);
    // The next edit saves over version 2 at once: the server keeps their change and ours.
    await endOf(page, /^horizonDays: 365$/);
    await page.keyboard.press('Backspace');
    await page.keyboard.type('3');
    await page.waitForSelector('button:has-text("Revert edits"):not([disabled])');
    await page.click('button:has-text("Save")');
    await page.waitForSelector('[data-testid=editor-status]:text-is("Saved")');
    expect(await page.$('[data-testid=save-refused]')).toBeNull();
    const saved = await api('GET', `/scenarios/${id}`);
    expect([saved.json.version, saved.json.yaml]).toEqual([3, theirs.replace('horizonDays: 365', 'horizonDays: 363')]);
    await shot(page, 'store-editor-reloaded');
    expect(errors).toEqual([]);
    await page.close();
  }, SLOW);

  it('sends a run the server refuses in the scenario text to the editor, at its line', async () => {
    const text = readFileSync(join(repo, 'scenarios', 'stray-missile.yaml'), 'utf8');
    const line = text.split('\n').findIndex((l) => l.startsWith('actors:')) + 1;
    const { page, errors } = await open('#/run?id=builtin:stray-missile');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=show-in-editor]');
    await page.click('[data-testid=show-in-editor]');
    await page.waitForSelector('[data-testid=issues] .issue[data-source=server]');
    const issue = page.locator('[data-testid=issues] .issue[data-source=server]').first();
    expect(await issue.getAttribute('data-path')).toBe('actors');
    expect(await issue.getAttribute('data-line')).toBe(String(line));
    expect(errors).toEqual([]);
    await page.close();
  }, SLOW);
});
