#!/usr/bin/env node
// Browser test of the visual tools in classic Jupyter Notebook (6.4), in headless Chromium driven
// by playwright-core: a message sequence diagram, a supervision tree that redraws itself when a
// child is killed (the child comes back with a new pid), a live process table that keeps
// refreshing its own cell while later cells run and stops cleanly, the save queue of one receive
// and a progress bar; then the diagrams in nbconvert's HTML export, opened offline. Checks the SVG
// elements in the page (rendered, with the participants, boxes and arrows) and keeps screenshots as
// artifacts (build/artifacts/visual-*.png).
//
//   node install/browser_visual_test.cjs --jupyter-path DIR --artifacts DIR [--playwright PATH]
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
  console.error('usage: browser_visual_test.cjs --jupyter-path DIR [--artifacts DIR] [--playwright PATH]');
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

// The cells, by name; run in this order.
const CELLS = {
  setup: [
    'record Ping(Pid from) {}',
    'record Inc(int by) {}',
    'record Get() {}',
    'class Counter extends GenServer<Integer, Integer> {',
    '    public Init<Integer> init(Integer n) { return ok(n); }',
    '    public CallResult<Integer> handleCall(Object req, From from, Integer n) { return reply(n, n); }',
    '    public Result<Integer> handleCast(Object req, Integer n) { return req instanceof Inc(int by) ? noreply(n + by) : noreply(n); }',
    '}',
    'Pid ponger = spawn(() -> {',
    '    label("ponger");',
    '    var ping = (Ping) receive();',
    '    send(ping.from(), "pong");',
    '});',
    '"ready"',
  ].join('\n'),
  sequence: [
    'trace(() -> {',
    '    send(ponger, new Ping(self()));',
    '    receive();',
    '    Pid counter = GenServer.start(new Counter(), 0, "counter");',
    '    GenServer.cast(counter, new Inc(2));',
    '    int n = GenServer.call(counter, new Get());',
    '    var crashy = spawnMonitor(() -> { throw new IllegalStateException("boom"); });',
    '    receive(Down.class);',
    '})',
  ].join('\n'),
  tree: [
    'Pid sup = Supervisor.start(List.of(',
    '        ChildSpec.worker("alpha", () -> spawnLink(() -> receive())),',
    '        ChildSpec.worker("beta", () -> GenServer.startLink(new Counter(), 0, "beta")),',
    '        ChildSpec.worker("gamma", () -> spawnLink(() -> receive()))),',
    '    Supervisor.ONE_FOR_ONE);',
    'var tree = liveSupervisionTree(sup, 150, 120_000);',
  ].join('\n'),
  kill: 'Pid before = Supervisor.whichChildren(sup).get(0).pid();\nexit(before, Reason.KILL);\nbefore',
  table: 'var live = liveProcesses(200, 120_000);',
  watched: 'Pid watched = spawn(() -> receive(m -> m.equals("never") ? m : null));\nregister("watched-by-the-table", watched);\nfor (int i = 0; i < 3; i++) send(watched, "waiting " + i);\n"spawned"',
  stop: 'live.stop();\ntree.stop();\n"stopped"',
  saveQueue: 'for (String m : List.of("A", "B", "C", "D")) send(self(), m);\nsaveQueue(m -> m.equals("C") ? "handled C" : null)',
  progress: 'var bar = progress("squares", 40);\nvar items = new ArrayList<Integer>();\nfor (int i = 0; i < 40; i++) items.add(i);\nTask.asyncStream(items, x -> { sleep(15); bar.step(); return x * x; }).toList().size()',
};
const ORDER = Object.keys(CELLS);
const at = (name) => ORDER.indexOf(name);

async function main() {
  fs.mkdirSync(artifacts, { recursive: true });
  fs.rmSync(path.join(artifacts, 'visual-failure.png'), { force: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'loombook-visual-'));
  fs.writeFileSync(path.join(work, 'visual.ipynb'), notebook(ORDER.map((k) => CELLS[k])));
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
  const shots = [];
  try {
    await waitForServer(base + '/api/status?token=' + token, 30000, server);
    context = await playwright.chromium.launchPersistentContext(path.join(work, '.chromium'), {
      executablePath: chromiumPath,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
             '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 1000 },
    });
    const page = context.pages()[0] || await context.newPage();
    page.on('pageerror', (e) => serverLog.push('page error: ' + e));
    await page.goto(base + '/notebooks/visual.ipynb?token=' + token);
    await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel
        && Jupyter.notebook.kernel.is_connected() && Jupyter.notebook.kernel.info_reply
        && Jupyter.notebook.kernel.info_reply.implementation === 'loombook', null, { timeout: 60000 });

    const output = (i) => '#notebook-container > .cell:nth-child(' + (i + 1) + ') .output_wrapper .output';
    const text = (i) => page.evaluate((k) => Jupyter.notebook.get_cell(k).output_area.element.text(), i);
    async function run(name, expect, ms) {
      const i = at(name);
      await page.evaluate((k) => Jupyter.notebook.execute_cells([k]), i);
      await page.waitForFunction(([k, e]) => {
        const c = Jupyter.notebook.get_cell(k);
        return c.input_prompt_number > 0 && c.output_area.element.text().includes(e);
      }, [i, expect], { timeout: ms || 60000 });
      const t = await text(i);
      if (/Exception|error:/.test(t) && !/IllegalStateException: boom/.test(t)) throw new Error('cell ' + name + ' failed: ' + t);
      return i;
    }
    async function shot(name, i) {
      const file = path.join(artifacts, 'visual-' + name + '.png');
      await page.locator(output(i)).screenshot({ path: file });
      shots.push(file);
    }
    // what the browser made of an SVG output: its size, its texts (rendered: with a width), its shapes
    async function svgIn(i) {
      return page.evaluate((sel) => {
        const svgs = document.querySelectorAll(sel + ' svg');
        if (!svgs.length) return null;
        const svg = svgs[svgs.length - 1];
        const box = svg.getBoundingClientRect();
        const texts = [...svg.querySelectorAll('text')];
        return {
          count: svgs.length,
          width: box.width, height: box.height,
          texts: texts.map((t) => t.textContent),
          unrendered: texts.filter((t) => t.textContent.trim() && t.getComputedTextLength() <= 0).length,
          lines: svg.querySelectorAll('line').length,
          rects: svg.querySelectorAll('rect').length,
          paths: svg.querySelectorAll('path').length,
        };
      }, output(i));
    }
    const must = (cond, what) => { if (!cond) throw new Error(what); };

    await run('setup', 'ready');

    // 1. a message sequence diagram
    let i = await run('sequence', 'Message sequence');
    let s = await svgIn(i);
    must(s, 'no SVG under the trace cell: ' + await text(i));
    must(s.width > 300 && s.height > 200, 'the sequence diagram is too small: ' + JSON.stringify(s));
    must(s.unrendered === 0, s.unrendered + ' texts of the sequence diagram were not rendered');
    for (const t of ['notebook', 'ponger', 'counter', 'call Get[]', 'reply 2', 'cast Inc[by=2]', '"pong"', 'spawn']) {
      must(s.texts.includes(t), 'the sequence diagram lacks "' + t + '": ' + JSON.stringify(s.texts));
    }
    must(s.texts.some((t) => t.startsWith('DOWN IllegalStateException: boom')), 'no DOWN arrow: ' + JSON.stringify(s.texts));
    must(s.texts.some((t) => t.startsWith('crashed: IllegalStateException')), 'no crash mark: ' + JSON.stringify(s.texts));
    must(s.lines >= 12, 'too few lines (lifelines and arrows): ' + s.lines);
    await shot('sequence', i);

    // 2. a supervision tree, live: a killed child comes back with a new pid
    i = await run('tree', 'Supervision tree');
    s = await svgIn(i);
    must(s && s.unrendered === 0, 'the tree did not render: ' + JSON.stringify(s));
    for (const t of ['alpha', 'beta', 'gamma', 'Supervisor']) must(s.texts.includes(t), 'the tree lacks "' + t + '": ' + JSON.stringify(s.texts));
    const pidBefore = s.texts[s.texts.indexOf('alpha') + 1];
    await shot('tree', i);
    const k = await run('kill', '#PID<');
    await page.waitForFunction(([sel]) => {
      const svg = document.querySelector(sel + ' svg');
      return svg && [...svg.querySelectorAll('text')].some((t) => t.textContent.includes('alpha restarted'));
    }, [output(i)], { timeout: 20000 });
    s = await svgIn(i);
    const pidAfter = s.texts[s.texts.indexOf('alpha') + 1];
    must(pidAfter !== pidBefore && /^#PID</.test(pidAfter), 'alpha did not come back with a new pid: ' + pidBefore + ' then ' + pidAfter);
    must(s.count === 1, 'the live tree must update in place, not add outputs: ' + s.count + ' SVGs');
    must(!(await text(k)).includes('restarted'), 'the live tree drew into the cell that killed the child');
    await shot('tree-restarted', i);

    // 3. a live process table that refreshes its own cell while later cells run
    i = await run('table', 'Processes (live');
    const w = await run('watched', 'spawned');
    await page.waitForFunction(([sel]) => {
      const el = document.querySelector(sel);
      return el && el.textContent.includes('watched-by-the-table') && el.textContent.includes('mailbox: "waiting 0"');
    }, [output(i)], { timeout: 20000 });
    must(!(await text(w)).includes('Processes ('), 'the live table drew into a later cell');
    const tables = await page.evaluate((sel) => document.querySelectorAll(sel + ' table').length, output(i));
    must(tables === 1, 'the live table must update in place: ' + tables + ' tables');
    await shot('live-table', i);
    const st = await run('stop', 'stopped');
    await page.waitForFunction(([sel]) => document.querySelector(sel).textContent.includes('Processes (stopped)'), [output(i)], { timeout: 10000 });
    must(!(await text(st)).includes('Processes ('), 'the stopped table drew into the cell that stopped it');
    const frozen = await text(i);
    await page.waitForTimeout(600);
    must((await text(i)) === frozen, 'the table changed after it was stopped');
    await shot('live-table-stopped', i);

    // 4. the save queue of one selective receive
    i = await run('saveQueue', 'Selective receive');
    s = await svgIn(i);
    must(s && s.unrendered === 0, 'the save queue did not render: ' + JSON.stringify(s));
    for (const t of ['mailbox before', '1. check "A": no match → save queue', '2. check "B": no match → save queue', '3. check "C": match → taken']) {
      must(s.texts.includes(t), 'the save queue lacks "' + t + '": ' + JSON.stringify(s.texts));
    }
    await shot('save-queue', i);

    // 5. a progress bar, updated in place
    i = await run('progress', '40 / 40', 60000);
    const bars = await page.evaluate((sel) => [...document.querySelectorAll(sel + ' [role=progressbar]')].map((b) => b.getAttribute('aria-valuenow')), output(i));
    must(bars.length === 1 && bars[0] === '40', 'one progress bar at 40: ' + JSON.stringify(bars));
    await shot('progress', i);

    await page.screenshot({ path: path.join(artifacts, 'visual-notebook.png'), fullPage: true });
    shots.push(path.join(artifacts, 'visual-notebook.png'));

    // 6. the same pictures in nbconvert's HTML, opened from a file with no server and no network
    fs.writeFileSync(path.join(work, 'export.ipynb'), notebook([CELLS.setup, CELLS.sequence, CELLS.tree.replace(/var tree = .*/, 'supervisionTree(sup)'),
      CELLS.saveQueue]));
    const conv = await new Promise((resolve) => {
      const p = spawn('jupyter-nbconvert', ['--to', 'html', '--execute', '--ExecutePreprocessor.timeout=120', path.join(work, 'export.ipynb')],
        { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let log = '';
      p.stdout.on('data', (d) => { log += d; });
      p.stderr.on('data', (d) => { log += d; });
      p.on('close', (code) => resolve({ code, log }));
    });
    must(conv.code === 0, 'nbconvert failed: ' + conv.log.slice(-2000));
    const exported = await context.newPage();
    await exported.route('**', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
    await exported.goto('file://' + path.join(work, 'export.html'));
    const inHtml = await exported.evaluate(() => [...document.querySelectorAll('svg')].filter((svg) => svg.querySelector('text'))
        .map((svg) => ({ w: svg.getBoundingClientRect().width, texts: [...svg.querySelectorAll('text')].map((t) => t.textContent),
          unrendered: [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim() && t.getComputedTextLength() <= 0).length })));
    must(inHtml.length === 3, 'nbconvert HTML: 3 diagrams expected, found ' + inHtml.length);
    must(inHtml.every((d) => d.w > 200 && d.unrendered === 0), 'nbconvert HTML: a diagram did not render: ' + JSON.stringify(inHtml.map((d) => [d.w, d.unrendered])));
    must(inHtml[0].texts.includes('call Get[]') && inHtml[1].texts.includes('alpha') && inHtml[2].texts.includes('3. check "C": match → taken'),
      'nbconvert HTML: the diagrams lack their texts');
    await exported.screenshot({ path: path.join(artifacts, 'visual-nbconvert.png'), fullPage: true });
    shots.push(path.join(artifacts, 'visual-nbconvert.png'));
    await exported.close();
    console.log('browser visual test: sequence diagram, supervision tree (alpha ' + pidBefore + ' -> ' + pidAfter
        + '), live table, save queue and progress bar rendered and updated in place, diagrams in nbconvert HTML; screenshots: ' + shots.map((f) => path.basename(f)).join(', '));
  } catch (e) {
    failed = e;
    try {
      const pages = context ? context.pages() : [];
      if (pages.length) await pages[0].screenshot({ path: path.join(artifacts, 'visual-failure.png'), fullPage: true });
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
    console.error('browser visual test FAILED: ' + failed.message);
    console.error('--- Notebook server log (last lines)\n' + serverLog.join('').split('\n').slice(-40).join('\n'));
    process.exit(1);
  }
}

main().catch((e) => {
  console.error('browser visual test FAILED: ' + e.stack);
  process.exit(1);
});
