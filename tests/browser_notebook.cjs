// What the browser tests share (browser_test.cjs, browser_visual_test.cjs, browser_jupyterlab.cjs,
// browser_nbconvert.cjs): their command line, a notebook file, headless Chromium, a classic Jupyter
// Notebook server with the Loombook kernel open in it, torn down whatever happens, and what the
// browser made of the kernel's pictures.
//
// The Notebook server runs on 127.0.0.1 with a random token, in a temporary directory, with
// JUPYTER_PATH set to --jupyter-path (a directory holding kernels/loombook: never the user's).
// Chromium is the system's (/usr/bin/chromium), never downloaded.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const crypto = require('node:crypto');
const net = require('node:net');

/** The options every browser test takes; prints the usage and exits when --jupyter-path is missing. */
function options(script) {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : dflt;
  };
  if (!arg('--jupyter-path')) {
    console.error('usage: ' + script + ' --jupyter-path DIR [--artifacts DIR] [--playwright PATH]');
    process.exit(2);
  }
  return {
    jupyterPath: arg('--jupyter-path'),
    artifacts: path.resolve(arg('--artifacts', 'build/artifacts')),
    playwright: require(arg('--playwright', 'playwright-core')),
    chromiumPath: arg('--chromium', '/usr/bin/chromium'),
    kernelName: arg('--kernel', 'loombook'),
  };
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

/**
 * The environment for Jupyter commands run by a test: the kernel from --jupyter-path, and the
 * Jupyter data, configuration and runtime directories inside `work`, never the user's.
 */
function jupyterEnv(o, work) {
  return Object.assign({}, process.env, {
    JUPYTER_PATH: o.jupyterPath,
    JUPYTER_DATA_DIR: path.join(work, '.data'),
    JUPYTER_CONFIG_DIR: path.join(work, '.config'),
    JUPYTER_RUNTIME_DIR: path.join(work, '.runtime'),
    IPYTHONDIR: path.join(work, '.ipython'),
  });
}

/**
 * The first cell of the browser tests that draw diagrams: three messages, a counting GenServer and
 * a process labelled "ponger" that answers one Ping; then `more` lines and the value "ready".
 */
function setupCell(...more) {
  return [
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
  ].concat(more, ['"ready"']).join('\n');
}

/**
 * A cell that traces a ping to "ponger", then a GenServer started, cast to and called (then `more`
 * lines in the traced block): the sequence diagram the browser tests look for.
 */
function sequenceCell(...more) {
  return [
    'trace(() -> {',
    '    send(ponger, new Ping(self()));',
    '    receive();',
    '    Pid counter = GenServer.start(new Counter(), 0, "counter");',
    '    GenServer.cast(counter, new Inc(2));',
    '    int n = GenServer.call(counter, new Get());',
  ].concat(more.map((l) => '    ' + l), ['})']).join('\n');
}

/**
 * Cells the diagram tests share, run after setupCell(): a live supervision tree of three workers
 * (`tree`), a kill of its first child (`kill`), a live process table (`table`) and a process that
 * waits with three messages in its mailbox, for the table to show (`watched`).
 */
const LIVE_CELLS = {
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
  watched: 'Pid watched = spawn(() -> receive(m -> m.equals("never") ? m : null));\nregister("watched-by-the-table", watched);\n'
      + 'for (int i = 0; i < 3; i++) send(watched, "waiting " + i);\n"spawned"',
};

/** Headless Chromium (the system's, never a download) with its profile in `dir`; the caller closes it. */
function launchChromium(o, dir, viewport) {
  return o.playwright.chromium.launchPersistentContext(path.join(dir, '.chromium'), {
    executablePath: o.chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport,
  });
}

/** An nbformat 4 notebook (JSON text) of code cells, for the kernel named kernelName. */
function notebook(cells, kernelName) {
  return JSON.stringify({
    nbformat: 4, nbformat_minor: 5,
    metadata: { kernelspec: { name: kernelName, display_name: 'Java (Loombook)', language: 'java' },
                language_info: { name: 'java' } },
    cells: cells.map((source, i) => ({ cell_type: 'code', id: 'c' + i, metadata: {}, execution_count: null, outputs: [], source })),
  }, null, 1);
}

/** Opens the notebook `file` in classic Notebook's own page and waits until the Loombook kernel is connected. */
async function openClassic(page, base, token, file) {
  await page.goto(base + '/notebooks/' + file + '?token=' + token);
  await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel
      && Jupyter.notebook.kernel.is_connected() && Jupyter.notebook.kernel.info_reply
      && Jupyter.notebook.kernel.info_reply.implementation === 'loombook', null, { timeout: 60000 });
}

/**
 * Writes `cells` as `file` in a temporary directory, starts the Notebook server there (with
 * `serverArgs` added to its command line), opens the notebook in headless Chromium and waits for
 * the Loombook kernel (or does what `open(page, base, token, file)` does instead); then runs
 * `body({ page, context, work, env, base, token })`. On failure keeps a screenshot (`failureShot`
 * in the artifacts), prints `label` FAILED with the server's last lines and exits with 1. Always
 * closes Chromium, stops the server and removes the directory.
 */
async function inNotebook(o, { label, prefix, file, cells, viewport, failureShot, serverArgs, open }, body) {
  fs.mkdirSync(o.artifacts, { recursive: true });
  fs.rmSync(path.join(o.artifacts, failureShot), { force: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.writeFileSync(path.join(work, file), notebook(cells, o.kernelName));
  const port = await freePort();
  const token = crypto.randomBytes(16).toString('hex');
  const env = jupyterEnv(o, work);
  const server = spawn('jupyter-notebook', ['--no-browser', '--ip=127.0.0.1', '--port=' + port,
    '--NotebookApp.token=' + token, '--NotebookApp.password=', '--notebook-dir=' + work,
    '--NotebookApp.open_browser=False'].concat(process.getuid && process.getuid() === 0 ? ['--allow-root'] : [], serverArgs || []),
    { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const serverLog = [];
  server.stdout.on('data', (d) => serverLog.push(d.toString()));
  server.stderr.on('data', (d) => serverLog.push(d.toString()));
  const base = 'http://127.0.0.1:' + port;
  let context;
  let failed = null;
  try {
    await waitForServer(base + '/api/status?token=' + token, 30000, server);
    context = await launchChromium(o, work, viewport);
    const page = context.pages()[0] || await context.newPage();
    page.on('pageerror', (e) => serverLog.push('page error: ' + e));
    await (open || openClassic)(page, base, token, file);
    await body({ page, context, work, env, base, token });
  } catch (e) {
    failed = e;
    try {
      const pages = context ? context.pages() : [];
      if (pages.length) await pages[0].screenshot({ path: path.join(o.artifacts, failureShot), fullPage: true });
    } catch (ignored) {
      // no screenshot
    }
  } finally {
    if (context) await context.close().catch(() => {});
    // SIGTERM: the server shuts its kernels down (slow on a loaded machine); SIGKILL only if it
    // has not exited within 10 s, and then its pipes are closed here, or a kernel it left behind
    // (which inherited them) would keep this script waiting
    server.kill('SIGTERM');
    const end = Date.now() + 10000;
    while (server.exitCode === null && server.signalCode === null && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGKILL');
      serverLog.push('the Notebook server did not stop within 10 s of SIGTERM: killed\n');
    }
    server.stdout.destroy();
    server.stderr.destroy();
    fs.rmSync(work, { recursive: true, force: true });
  }
  if (failed) {
    console.error(label + ' FAILED: ' + failed.message);
    console.error('--- Notebook server log (last lines)\n' + serverLog.join('').split('\n').slice(-40).join('\n'));
    process.exit(1);
  }
}

/**
 * The pictures under `selector` in `page` as the browser made them: SVG images (an `<img>` with a
 * `data:image/svg+xml` URI, how the kernel's diagrams come in HTML) and inline SVG with text. For
 * each: `kind` ('img' or 'svg'), its size on the page, for an image its natural size and how many
 * of its pixels were painted dark (drawn on a canvas: text and lines, not the white card), and, of
 * the SVG itself (an image's decoded, laid out off-screen by the same browser): its texts, how many
 * of them have no width (not laid out), and its lines, rects and paths.
 */
async function picturesIn(page, selector) {
  return page.evaluate(async (sel) => {
    const out = [];
    for (const el of document.querySelectorAll(sel + ' img[src^="data:image/svg+xml"], ' + sel + ' svg')) {
      let svg = el;
      let holder = null;
      const p = { kind: el.tagName.toLowerCase() === 'img' ? 'img' : 'svg' };
      if (p.kind === 'img') {
        if (!el.complete) await new Promise((r) => { el.addEventListener('load', r); el.addEventListener('error', r); });
        p.naturalWidth = el.naturalWidth;
        p.naturalHeight = el.naturalHeight;
        const c = document.createElement('canvas');
        c.width = Math.max(1, el.naturalWidth);
        c.height = Math.max(1, el.naturalHeight);
        const g = c.getContext('2d');
        g.drawImage(el, 0, 0);
        const d = g.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 128 && d[i] + d[i + 1] + d[i + 2] < 600) n++;
        p.painted = n;
        const src = el.getAttribute('src');
        const bytes = Uint8Array.from(atob(src.slice(src.indexOf(',') + 1)), (ch) => ch.charCodeAt(0));
        holder = document.createElement('div');
        holder.style.cssText = 'position:absolute;left:-30000px;top:0';
        holder.innerHTML = new TextDecoder().decode(bytes);
        document.body.appendChild(holder);
        svg = holder.querySelector('svg');
      } else if (!el.querySelector('text')) {
        continue;
      }
      const box = el.getBoundingClientRect();
      p.width = box.width;
      p.height = box.height;
      const texts = svg ? [...svg.querySelectorAll('text')] : [];
      p.texts = texts.map((t) => t.textContent);
      p.unrendered = texts.filter((t) => t.textContent.trim() && t.getComputedTextLength() <= 0).length;
      p.lines = svg ? svg.querySelectorAll('line').length : 0;
      p.rects = svg ? svg.querySelectorAll('rect').length : 0;
      p.paths = svg ? svg.querySelectorAll('path').length : 0;
      if (holder) holder.remove();
      out.push(p);
    }
    return out;
  }, selector);
}

/** Runs `main`, reporting an error that escapes it as `label` FAILED (exit status 1). */
function runMain(label, main) {
  main().catch((e) => {
    console.error(label + ' FAILED: ' + e.stack);
    process.exit(1);
  });
}

module.exports = { options, notebook, inNotebook, jupyterEnv, setupCell, sequenceCell, LIVE_CELLS, launchChromium, picturesIn, runMain };
