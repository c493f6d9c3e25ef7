/**
 * `npm run bench:viewer`: how fast the viewer shows the first rows, on the embedded demo data, in Debian's
 * Chromium. Fills a temporary data directory with the demo fonds (`npm run demo`, ~3,000 items), builds
 * the viewer, starts the server, signs in as the archivist and measures, over several runs, the time from
 * opening /catalogue to the first row on screen, and from submitting a search to the first hit on screen
 * (target ≤ 300 ms each). Prints a markdown table. Options: `-- --runs N --keep`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? 0) || 7;
const keep = args.includes('--keep');
const PASSWORD = 'bench-password-2026';
const root = join(__dirname, '..', '..');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function waitForServer(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the server did not start');
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'viewer-bench-'));
  const env = {
    ...process.env,
    ARCHIVE_DATA_DIR: dir,
    ARCHIVE_DEMO_PASSWORD: PASSWORD,
    ARCHIVE_BOOTSTRAP_ADMIN_PASSWORD: PASSWORD,
    PORT: '3917',
    HOST: '127.0.0.1',
  };
  console.log(`[bench] demo data into ${dir} …`);
  execFileSync('npx', ['tsx', 'scripts/demo.ts'], { cwd: root, env, stdio: 'ignore' });
  execFileSync('npm', ['run', '-s', 'build:viewer'], { cwd: root, stdio: 'ignore' });
  const server = spawn('npx', ['tsx', 'server/main/start.ts'], { cwd: root, env, stdio: 'ignore' });
  const url = 'http://127.0.0.1:3917';
  try {
    await waitForServer(url);
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    const context = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: 'zh-CN',
      baseURL: url,
    });
    const page = await context.newPage();
    await page.goto('/');
    await page.getByLabel('用户名').fill('archivist');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('navigation').first().waitFor();
    const catalogue: number[] = [];
    const search: number[] = [];
    for (let i = 0; i < runs; i++) {
      await page.goto('/');
      await page.getByRole('navigation').first().waitFor();
      let t0 = performance.now();
      await page.getByRole('link', { name: '档案目录' }).first().click();
      await page.locator('a[href^="/items/"]').first().waitFor();
      catalogue.push(performance.now() - t0);
      await page.getByRole('link', { name: '检索' }).first().click();
      const box = page.getByRole('searchbox').first();
      await box.waitFor();
      await box.fill(i % 2 ? '养老' : '工伤');
      t0 = performance.now();
      await box.press('Enter');
      await page.locator('mark').first().waitFor();
      search.push(performance.now() - t0);
    }
    await browser.close();
    const machine = `${cpus()[0]?.model.trim()} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`;
    console.log(
      `\nViewer on the embedded demo data (~3,000 items), Chromium, 1366×768; ${machine}; ${runs} runs.\n`,
    );
    console.log('| Measure | Median | Max | Target |');
    console.log('|---|---:|---:|---:|');
    const row = (name: string, xs: number[]) =>
      console.log(`| ${name} | ${median(xs).toFixed(0)} ms | ${Math.max(...xs).toFixed(0)} ms | ≤ 300 ms |`);
    row('catalogue: click → first row on screen', catalogue);
    row('search: Enter → first highlighted hit', search);
  } finally {
    server.kill();
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

void main();
