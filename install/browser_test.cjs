#!/usr/bin/env node
// Browser test of the Loombook kernel in classic Jupyter Notebook (6.4), in headless Chromium
// driven by playwright-core: a cell spawns a process that prints a second later, and the text
// must appear under that cell (not under the cell run after it); a process crash must land under
// its own cell too. Keeps a screenshot as a test artifact.
//
//   node install/browser_test.cjs --jupyter-path DIR --artifacts DIR [--playwright PATH]
//
// DIR holds kernels/loombook (a temporary Jupyter path: never the user's). The Notebook server runs
// on 127.0.0.1 with a random token; Chromium is the system's (/usr/bin/chromium), never downloaded.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const crypto = require('node:crypto');
const net = require('node:net');

function arg(name, dflt) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
}
const jupyterPath = arg('--jupyter-path');
const artifacts = path.resolve(arg('--artifacts', 'build/artifacts'));
const playwright = require(arg('--playwright', 'playwright-core'));
const chromiumPath = arg('--chromium', '/usr/bin/chromium');
const kernelName = arg('--kernel', 'loombook');
if (!jupyterPath) {
  console.error('usage: browser_test.cjs --jupyter-path DIR [--artifacts DIR] [--playwright PATH]');
  process.exit(2);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
    s.on('error', reject);
  });
}

function get(url) {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode);
    }).on('error', reject);
  });
}

async function waitForServer(url, ms, server) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (server.exitCode !== null) throw new Error('the Notebook server exited with status ' + server.exitCode);
    try {
      if ((await get(url)) === 200) return;
    } catch (e) {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error('the Notebook server did not start within ' + ms / 1000 + ' s');
    await new Promise((r) => setTimeout(r, 200));
  }
}

function notebook(cells) {
  return JSON.stringify({
    nbformat: 4, nbformat_minor: 5,
    metadata: { kernelspec: { name: kernelName, display_name: 'Java (Loombook)', language: 'java' },
                language_info: { name: 'java' } },
    cells: cells.map((source, i) => ({ cell_type: 'code', id: 'c' + i, metadata: {}, execution_count: null, outputs: [], source })),
  }, null, 1);
}

const LATE = 'late output from a process';
const CELLS = [
  'spawn(() -> {\n    sleep(1000);\n    System.out.println("' + LATE + '");\n});\n"cell A is done"',
  'sleep(200);\n"cell B ran after A"',
  'int half(int x) {\n    return 1 / x;\n}\nspawn(() -> { sleep(500); half(0); });\n"cell C is done"',
];

async function main() {
  fs.mkdirSync(artifacts, { recursive: true });
  fs.rmSync(path.join(artifacts, 'browser-failure.png'), { force: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'loombook-browser-'));
  fs.writeFileSync(path.join(work, 'late.ipynb'), notebook(CELLS));
  const port = await freePort();
  const token = crypto.randomBytes(16).toString('hex');
  const env = Object.assign({}, process.env, {
    JUPYTER_PATH: jupyterPath,
    JUPYTER_DATA_DIR: path.join(work, '.data'),
    JUPYTER_CONFIG_DIR: path.join(work, '.config'),
    JUPYTER_RUNTIME_DIR: path.join(work, '.runtime'),
    IPYTHONDIR: path.join(work, '.ipython'),
  });
  const server = spawn('jupyter-notebook', ['--no-browser', '--ip=127.0.0.1', '--port=' + port,
    '--NotebookApp.token=' + token, '--NotebookApp.password=', '--notebook-dir=' + work,
    '--NotebookApp.open_browser=False'].concat(process.getuid && process.getuid() === 0 ? ['--allow-root'] : []),
    { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const serverLog = [];
  server.stdout.on('data', (d) => serverLog.push(d.toString()));
  server.stderr.on('data', (d) => serverLog.push(d.toString()));
  const base = 'http://127.0.0.1:' + port;
  let context;
  let failed = null;
  try {
    await waitForServer(base + '/api/status?token=' + token, 30000, server);
    context = await playwright.chromium.launchPersistentContext(path.join(work, '.chromium'), {
      executablePath: chromiumPath,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
             '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1100, height: 900 },
    });
    const page = context.pages()[0] || await context.newPage();
    page.on('pageerror', (e) => serverLog.push('page error: ' + e));
    await page.goto(base + '/notebooks/late.ipynb?token=' + token);
    await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel
        && Jupyter.notebook.kernel.is_connected() && Jupyter.notebook.kernel.info_reply
        && Jupyter.notebook.kernel.info_reply.implementation === 'loombook', null, { timeout: 60000 });

    // cell A, then cell B as soon as A has finished
    await page.evaluate(() => Jupyter.notebook.execute_cells([0]));
    await page.waitForFunction(() => Jupyter.notebook.get_cell(0).input_prompt_number > 0
        && Jupyter.notebook.get_cell(0).output_area.element.text().includes('cell A is done'), null, { timeout: 60000 });
    const aDone = Date.now();
    const textA0 = await page.evaluate(() => Jupyter.notebook.get_cell(0).output_area.element.text());
    if (textA0.includes(LATE)) throw new Error('the late line was there before cell A finished: the test proves nothing');
    await page.evaluate(() => Jupyter.notebook.execute_cells([1]));
    await page.waitForFunction((late) => Jupyter.notebook.get_cell(0).output_area.element.text().includes(late), LATE, { timeout: 20000 });
    const lateAfter = Date.now() - aDone;
    await page.waitForFunction(() => Jupyter.notebook.get_cell(1).output_area.element.text().includes('cell B ran after A'), null, { timeout: 20000 });
    const textB = await page.evaluate(() => Jupyter.notebook.get_cell(1).output_area.element.text());
    if (textB.includes(LATE)) throw new Error('the late line also appeared under cell B');
    // and in the DOM as a reader sees it: the first cell's output area
    const domA = await page.textContent('#notebook-container > .cell:nth-child(1) .output_wrapper .output');
    if (!domA.includes(LATE)) throw new Error('the late line is not in the DOM of cell A');

    // a crash report, after its cell finished, lands under that cell with cell lines
    await page.evaluate(() => Jupyter.notebook.execute_cells([2]));
    await page.waitForFunction(() => Jupyter.notebook.get_cell(2).output_area.element.text().includes('raised an exception'), null, { timeout: 20000 });
    const textC = await page.evaluate(() => Jupyter.notebook.get_cell(2).output_area.element.text());
    if (!/at half \(Cell In\[\d+\], line 2\)/.test(textC)) throw new Error('the crash report lacks cell lines: ' + textC);

    await page.waitForTimeout(300);
    const shot = path.join(artifacts, 'browser-late-output.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log('browser test: the late line appeared under its own cell ' + lateAfter + ' ms after the cell finished; '
        + 'the crash report under its cell; screenshot ' + shot);
  } catch (e) {
    failed = e;
    try {
      const pages = context ? context.pages() : [];
      if (pages.length) await pages[0].screenshot({ path: path.join(artifacts, 'browser-failure.png'), fullPage: true });
    } catch (ignored) {
      // no screenshot
    }
  } finally {
    if (context) await context.close().catch(() => {});
    server.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    if (server.exitCode === null) server.kill('SIGKILL');
    fs.rmSync(work, { recursive: true, force: true });
  }
  if (failed) {
    console.error('browser test FAILED: ' + failed.message);
    console.error('--- Notebook server log (last lines)\n' + serverLog.join('').split('\n').slice(-40).join('\n'));
    process.exit(1);
  }
}

main().catch((e) => {
  console.error('browser test FAILED: ' + e.stack);
  process.exit(1);
});
