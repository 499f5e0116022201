#!/usr/bin/env node
// Browser test of the Loombook kernel in JupyterLab's own frontend code: a page built from
// JupyterLab 4's packages (tests/jupyterlab: its kernel client, session context, output area and
// renderers, bundled by esbuild), served by the classic Notebook server next to its kernel API, in
// headless Chromium driven by playwright-core. Each "cell" of the page is one of JupyterLab's output
// areas running code as a notebook cell does. Checks:
//
//   * late output of a spawned process lands under its cell after the cell went idle, not under the
//     cell that runs next; a process's crash report too;
//   * a live process table updates in place (one table, one output) and ends stopped;
//   * a message sequence diagram and a live supervision tree render as SVG (texts laid out), the tree
//     redrawn in place when a killed child comes back; JupyterLab's ranking never picks the Mermaid
//     source over the kernel's own picture;
//   * an interrupt (JupyterLab's stop button: the server's interrupt API) stops a spinning cell and
//     the kernel answers the next one;
//   * a re-run of a cell whose process still prints (the page sends the cell's id as JupyterLab
//     does): the old run's later output shows under the new run, after a note naming its process
//     (RERUN below says what is expected; what was seen is recorded);
//   * the same outputs reopened as a saved, untrusted notebook shows them (sanitized HTML).
//
// Screenshots in build/artifacts/jupyterlab-*.png; figures in build/artifacts/jupyterlab-test.json.
//
//   node tests/browser_jupyterlab.cjs --jupyter-path DIR --page STATIC [--artifacts DIR] [--playwright PATH]
//
// STATIC is what tests/jupyterlab/build.sh prints (a directory holding loombook-lab/); DIR holds
// kernels/loombook; the Notebook server and Chromium: see browser_notebook.cjs.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { options, inNotebook, picturesIn, runMain, setupCell, sequenceCell, LIVE_CELLS } = require('./browser_notebook.cjs');

const o = options('browser_jupyterlab.cjs');
const pageArg = process.argv.indexOf('--page');
const staticDir = pageArg > 0 ? path.resolve(process.argv[pageArg + 1]) : null;
if (!staticDir || !fs.existsSync(path.join(staticDir, 'loombook-lab', 'page.js'))) {
  console.error('browser_jupyterlab.cjs: --page must name the directory tests/jupyterlab/build.sh built (it holds loombook-lab/page.js)');
  process.exit(2);
}

// What a re-run of a cell whose process still prints must look like. JupyterLab's side is its own
// rule (the area's new request replaces the old one, whose late output is dropped); the kernel's side
// is what it does with the old run's process, knowing the cell by the cellId JupyterLab sends:
// 'moved' (the process lives on and what it prints goes under the new run, which starts with a note
// naming it), 'keeps-printing' (it writes under the old request, which nobody shows) or 'stopped'.
const RERUN = { oldOutputShown: true, kernel: 'moved', note: true };

const LATE = 'late output from a process';
const CELLS = {
  setup: setupCell('int runs = 0;'),
  late: 'spawn(() -> {\n    sleep(1000);\n    System.out.println("' + LATE + '");\n});\n"the late cell is done"',
  next: 'sleep(200);\n"the next cell ran"',
  crash: 'int half(int x) {\n    return 1 / x;\n}\nspawn(() -> { sleep(500); half(0); });\n"the crash cell is done"',
  table: LIVE_CELLS.table,
  watched: LIVE_CELLS.watched,
  stopTable: 'live.stop();\n"stopped"',
  sequence: sequenceCell(),
  tree: LIVE_CELLS.tree,
  kill: LIVE_CELLS.kill,
  stopTree: 'tree.stop();\n"stopped"',
  spin: 'long spins = 0;\nwhile (true) { spins++; }',
  alive: '1 + 1',
  rerun: '{\n    int r = ++runs;\n    spawn(() -> {\n        for (int i = 0; i < 12; i++) { System.out.println("run " + r + " tick " + i); sleep(250); }\n    });\n}\n"started run " + runs',
};

async function main() {
  const measured = {};
  const shots = [];
  // a request whose reply never comes (seen once, on a machine at full load) must not hang the suite
  setTimeout(() => {
    console.error('browser JupyterLab test: no end after 5 minutes: a request without a reply? (screenshots and logs in the artifacts)');
    process.exit(1);
  }, 300000).unref();
  await inNotebook(o, {
    label: 'browser JupyterLab test', prefix: 'loombook-lab-', file: 'unused.ipynb', cells: [],
    viewport: { width: 1280, height: 1000 }, failureShot: 'jupyterlab-failure.png',
    serverArgs: ['--NotebookApp.extra_static_paths', staticDir],
    open: async (page, base, token) => {
      await page.goto(base + '/static/loombook-lab/index.html?token=' + token + '&kernel=' + o.kernelName);
      const impl = await page.evaluate(() => window.lab.ready);
      if (impl !== 'loombook') throw new Error('the page connected to a kernel that is not Loombook: ' + impl);
    },
  }, async ({ page }) => {
    const must = (cond, what) => { if (!cond) throw new Error(what); };
    const text = (name) => page.evaluate((n) => window.lab.text(n), name);
    const outputs = (name) => page.evaluate((n) => window.lab.outputs(n), name);
    const cellSel = (name) => 'section[data-cell="' + name + '"] .jp-OutputArea';
    async function run(name, expect) {
      const status = await page.evaluate(([n, code]) => window.lab.run(n, code), [name, CELLS[name]]);
      const t = await text(name);
      must(status === 'ok', 'cell ' + name + ' ended with ' + status + ': ' + t);
      if (expect) must(t.includes(expect), 'cell ' + name + ' lacks "' + expect + '": ' + t);
      return t;
    }
    async function waitText(name, what, ms) {
      await page.waitForFunction(([n, w]) => window.lab.text(n).includes(w), [name, what], { timeout: ms || 20000 });
    }
    async function shot(name, file) {
      const f = path.join(o.artifacts, 'jupyterlab-' + file + '.png');
      await page.locator('section[data-cell="' + name + '"]').screenshot({ path: f });
      shots.push(path.basename(f));
    }
    // what the browser made of the last picture in a cell (see picturesIn), with how many it shows and
    // which of the output's MIME types JupyterLab's ranking chose to render it
    async function svgIn(name) {
      const pics = await picturesIn(page, cellSel(name));
      if (!pics.length) return null;
      const mime = await page.evaluate((sel) => {
        const r = document.querySelector(sel + ' [data-mime-type]');
        return r ? r.getAttribute('data-mime-type') : null;
      }, cellSel(name));
      return Object.assign({ count: pics.length, mime }, pics[pics.length - 1]);
    }
    async function svgUntil(name, pred, what, ms) {
      const end = Date.now() + (ms || 20000);
      let s;
      while (!((s = await svgIn(name)) && pred(s))) {
        must(Date.now() < end, what + ': ' + JSON.stringify(s && s.texts));
        await page.waitForTimeout(100);
      }
      return s;
    }

    await run('setup', 'ready');

    // 1. late output under its own cell, after the cell went idle; a crash report too
    await run('late', 'the late cell is done');
    must(!(await text('late')).includes(LATE), 'the late line was there before the cell finished: the test proves nothing');
    await run('next', 'the next cell ran');
    await waitText('late', LATE);
    const [lateRequest] = await page.evaluate(() => window.lab.requests('late'));
    const lateMsgs = await page.evaluate((id) => window.lab.iopub(id), lateRequest);
    const idleAt = lateMsgs.find((m) => m[1] === 'status' && m[3] === 'idle')[0];
    const lineAt = lateMsgs.find((m) => m[1] === 'stream' && m[3].includes(LATE))[0];
    measured.late_output_after_idle_ms = Math.round(lineAt - idleAt);     // as the page received them
    must(!(await text('next')).includes(LATE), 'the late line also appeared under the next cell');
    await run('crash', 'the crash cell is done');
    await waitText('crash', 'raised an exception');
    must(/at half \(Cell In\[\d+\], line 2\)/.test(await text('crash')), 'the crash report lacks cell lines: ' + await text('crash'));
    await shot('late', 'late-output');

    // 2. a live process table, updated in place while later cells run, then stopped
    await run('table', 'Processes (live');
    await run('watched', 'spawned');
    await page.waitForFunction((sel) => {
      const t = document.querySelector(sel).textContent;
      return t.includes('watched-by-the-table') && t.includes('mailbox: "waiting 0"');
    }, cellSel('table'), { timeout: 20000 });
    must(!(await text('watched')).includes('Processes ('), 'the live table drew into a later cell');
    let tables = await page.evaluate((sel) => document.querySelectorAll(sel + ' table').length, cellSel('table'));
    must(tables === 1, 'the live table must update in place: ' + tables + ' tables');
    must((await outputs('table')).length === 1, 'the live table is one output of its cell: ' + (await outputs('table')).length);
    await shot('table', 'live-table');
    await run('stopTable', 'stopped');
    await waitText('table', 'Processes (stopped)', 10000);
    const frozen = await text('table');
    await page.waitForTimeout(600);
    must((await text('table')) === frozen, 'the table changed after it was stopped');
    must(!(await text('stopTable')).includes('Processes ('), 'the stopped table drew into the cell that stopped it');
    await shot('table', 'live-table-stopped');

    // 3. a message sequence diagram as SVG
    await run('sequence');
    let s = await svgIn('sequence');
    must(s, 'no SVG under the trace cell: ' + await text('sequence'));
    must(s.width > 300 && s.height > 200, 'the sequence diagram is too small: ' + JSON.stringify(s));
    must(s.unrendered === 0, s.unrendered + ' texts of the sequence diagram were not laid out');
    must(s.painted > 2000, 'the sequence diagram was not painted: ' + s.painted + ' dark pixels');
    for (const t of ['Message sequence', 'notebook', 'ponger', 'counter', 'call Get[]', 'reply 2', 'cast Inc[by=2]', '"pong"']) {
      must(s.texts.includes(t), 'the sequence diagram lacks "' + t + '": ' + JSON.stringify(s.texts));
    }
    must(s.lines >= 8, 'too few lines (lifelines and arrows): ' + s.lines);
    measured.sequence_rendered_as = s.mime;
    await shot('sequence', 'sequence');

    // 4. a live supervision tree as SVG, redrawn in place when a killed child comes back
    await run('tree');
    s = await svgIn('tree');
    must(s && s.unrendered === 0, 'the tree did not render: ' + JSON.stringify(s));
    for (const t of ['Supervision tree', 'alpha', 'beta', 'gamma', 'Supervisor']) must(s.texts.includes(t), 'the tree lacks "' + t + '": ' + JSON.stringify(s.texts));
    const pidBefore = s.texts[s.texts.indexOf('alpha') + 1];
    await shot('tree', 'tree');
    await run('kill', '#PID<');
    s = await svgUntil('tree', (p) => p.texts.some((t) => t.includes('alpha restarted')), 'the live tree did not show alpha restarted');
    const pidAfter = s.texts[s.texts.indexOf('alpha') + 1];
    must(pidAfter !== pidBefore && /^#PID</.test(pidAfter), 'alpha did not come back with a new pid: ' + pidBefore + ' then ' + pidAfter);
    must(s.count === 1 && (await outputs('tree')).length === 1, 'the live tree must update in place: ' + s.count + ' SVGs');
    must(!(await text('kill')).includes('restarted'), 'the live tree drew into the cell that killed the child');
    await shot('tree', 'tree-restarted');
    await run('stopTree', 'stopped');
    await svgUntil('tree', (p) => p.texts.some((t) => / · stopped$/.test(t)), 'the stopped tree does not say so', 10000);
    const picks = await page.evaluate(() => window.lab.mermaidPicks());
    must(picks.length === 0, "JupyterLab's ranking picked the Mermaid source over the kernel's picture: " + JSON.stringify(picks));

    // 5. an interrupt of a spinning cell; the kernel answers the next cell
    const spinId = await page.evaluate((code) => window.lab.start('spin', code), CELLS.spin);
    await page.waitForFunction((id) => window.lab.iopub(id).some((m) => m[1] === 'status' && m[3] === 'busy'), spinId, { timeout: 20000 });
    await page.waitForTimeout(500);
    const asked = Date.now();
    await page.evaluate(() => window.lab.interrupt());
    const spinStatus = await page.evaluate(() => window.lab.settled('spin'));
    measured.interrupt_to_reply_ms = Date.now() - asked;
    must(spinStatus === 'error', 'the interrupted cell ended with ' + spinStatus);
    must((await text('spin')).includes('Interrupted'), 'the interrupted cell does not say so: ' + await text('spin'));
    await run('alive', '2');
    await shot('spin', 'interrupt');

    // 6. a re-run of a cell whose process still prints
    await run('rerun', 'started run 1');
    await waitText('rerun', 'run 1 tick 1', 10000);
    const [firstRun] = await page.evaluate(() => window.lab.requests('rerun'));
    const rerunAt = await page.evaluate(() => window.lab.now());
    await run('rerun', 'started run 2');
    await waitText('rerun', 'run 2 tick 3', 10000);
    await page.waitForTimeout(300);
    const [, secondRun] = await page.evaluate(() => window.lab.requests('rerun'));
    const linesAfter = (id) => page.evaluate(([i, t]) => window.lab.iopub(i).filter((m) => m[0] > t && m[1] === 'stream').map((m) => m[3]),
      [id, rerunAt]);
    const underOld = (await linesAfter(firstRun)).filter((t) => t.includes('run 1 tick'));
    const underNew = await linesAfter(secondRun);
    const shownAfter = await text('rerun');
    const observed = {
      oldOutputShown: shownAfter.includes('run 1 tick'),
      kernel: underOld.length ? 'keeps-printing' : underNew.some((t) => t.includes('run 1 tick')) ? 'moved' : 'stopped',
      note: /note: 1 process started by the previous run of this cell is still alive: #PID<[0-9.]+>/.test(shownAfter),
      oldRunLinesUnderOldRequest: underOld.length,
      oldRunLinesUnderNewRequest: underNew.filter((t) => t.includes('run 1 tick')).length,
    };
    measured.rerun = observed;
    must(observed.oldOutputShown === RERUN.oldOutputShown, 'after a re-run, JupyterLab ' + (RERUN.oldOutputShown ? 'did not show' : 'showed')
        + ' the old run\'s later output: ' + shownAfter);
    must(observed.kernel === RERUN.kernel, 'the kernel\'s re-run behaviour changed: expected "' + RERUN.kernel + '", saw "'
        + observed.kernel + '" (' + JSON.stringify(observed) + '); update RERUN in this test');
    must(observed.note === RERUN.note, 'the re-run ' + (RERUN.note ? 'lacks' : 'has') + ' the note naming the old run\'s process: ' + shownAfter);
    await shot('rerun', 'rerun');

    // 7. the pictures reopened as a saved notebook that is not trusted: JupyterLab renders only its
    // safe renderers (HTML, sanitized; not image/svg+xml), and the sanitizer removes inline SVG
    const reopened = {};
    for (const name of ['sequence', 'tree', 'table']) {
      const as = name + ' (reopened, untrusted)';
      await page.evaluate(([n, a]) => window.lab.reopen(n, a), [name, as]);
      await page.waitForTimeout(200);
      const pics = await picturesIn(page, cellSel(as));
      const tables = await page.evaluate((sel) => document.querySelectorAll(sel + ' table').length, cellSel(as));
      reopened[name] = { pictures: pics.map((p) => ({ kind: p.kind, width: p.width, painted: p.painted, texts: p.texts.length })), tables };
      if (name === 'table') {
        must(tables === 1 && (await text(as)).includes('watched-by-the-table'), 'the reopened table lost its rows: ' + await text(as));
      } else {
        must(pics.length === 1 && pics[0].kind === 'img' && pics[0].painted > 1000 && pics[0].width > 200 && pics[0].unrendered === 0,
          'the reopened ' + name + ' is not a picture: ' + JSON.stringify(reopened[name]) + ' ' + (await text(as)).slice(0, 300));
        must(!(await text(as)).includes('#PID<'), 'the reopened ' + name + ' shows the SVG\'s texts as loose text');
      }
      await shot(as, 'reopened-' + name);
    }
    measured.reopened_untrusted = reopened;

    await page.screenshot({ path: path.join(o.artifacts, 'jupyterlab-page.png'), fullPage: true });
    shots.push('jupyterlab-page.png');
    fs.writeFileSync(path.join(o.artifacts, 'jupyterlab-test.json'), JSON.stringify(measured, null, 2));
    console.log('browser JupyterLab test: late output under its cell ' + measured.late_output_after_idle_ms + ' ms after idle; live table and tree updated in place (alpha '
        + pidBefore + ' -> ' + pidAfter + '); sequence diagram as SVG (' + measured.sequence_rendered_as + '); interrupt to reply '
        + measured.interrupt_to_reply_ms + ' ms; re-run: ' + JSON.stringify(observed) + '; reopened untrusted: ' + JSON.stringify(reopened)
        + '; screenshots: ' + shots.join(', '));
  });
}

runMain('browser JupyterLab test', main);
