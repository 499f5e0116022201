#!/usr/bin/env node
// Browser test of the visual tools in classic Jupyter Notebook (6.4), in headless Chromium driven
// by playwright-core: a message sequence diagram, a supervision tree that redraws itself when a
// child is killed (the child comes back with a new pid), a live process table that keeps
// refreshing its own cell while later cells run and stops cleanly, the save queue of one receive
// and a progress bar; then the diagrams in nbconvert's HTML export, opened offline. Checks the SVG
// elements in the page (rendered, with the participants, boxes and arrows) and keeps screenshots as
// artifacts (build/artifacts/visual-*.png).
//
//   node tests/browser_visual_test.cjs --jupyter-path DIR --artifacts DIR [--playwright PATH]
//
// DIR holds kernels/loombook; the Notebook server and Chromium: see browser_notebook.cjs.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { options, notebook, inNotebook, picturesIn, runMain, setupCell, sequenceCell, LIVE_CELLS } = require('./browser_notebook.cjs');

const o = options('browser_visual_test.cjs');

// The cells, by name; run in this order.
const CELLS = {
  setup: setupCell(),
  sequence: sequenceCell('var crashy = spawnMonitor(() -> { throw new IllegalStateException("boom"); });', 'receive(Down.class);'),
  tree: LIVE_CELLS.tree,
  kill: LIVE_CELLS.kill,
  table: LIVE_CELLS.table,
  watched: LIVE_CELLS.watched,
  stop: 'live.stop();\ntree.stop();\n"stopped"',
  saveQueue: 'for (String m : List.of("A", "B", "C", "D")) send(self(), m);\nsaveQueue(m -> m.equals("C") ? "handled C" : null)',
  progress: 'var bar = progress("squares", 40);\nvar items = new ArrayList<Integer>();\nfor (int i = 0; i < 40; i++) items.add(i);\nTask.asyncStream(items, x -> { sleep(15); bar.step(); return x * x; }).toList().size()',
};
const ORDER = Object.keys(CELLS);
const at = (name) => ORDER.indexOf(name);

async function main() {
  const shots = [];
  await inNotebook(o, { label: 'browser visual test', prefix: 'loombook-visual-', file: 'visual.ipynb',
    cells: ORDER.map((k) => CELLS[k]), viewport: { width: 1280, height: 1000 }, failureShot: 'visual-failure.png' },
  async ({ page, context, work, env, base, token }) => {
    const output = (i) => '#notebook-container > .cell:nth-child(' + (i + 1) + ') .output_wrapper .output';
    const text = (i) => page.evaluate((k) => Jupyter.notebook.get_cell(k).output_area.element.text(), i);
    async function run(name, expect, ms) {
      const i = at(name);
      await page.evaluate((k) => Jupyter.notebook.execute_cells([k]), i);
      await page.waitForFunction(([k, e]) => {     // in the output's text, or in a picture's alt text
        const c = Jupyter.notebook.get_cell(k);
        const alts = c.output_area.element.find('img').toArray().map((img) => img.alt).join('\n');
        return c.input_prompt_number > 0 && (c.output_area.element.text().includes(e) || alts.includes(e));
      }, [i, expect], { timeout: ms || 60000 });
      const t = await text(i);
      if (/Exception|error:/.test(t) && !/IllegalStateException(: |\) )boom/.test(t)) throw new Error('cell ' + name + ' failed: ' + t);
      return i;
    }
    async function shot(name, i) {
      const file = path.join(o.artifacts, 'visual-' + name + '.png');
      await page.locator(output(i)).screenshot({ path: file });
      shots.push(file);
    }
    // what the browser made of the last picture of a cell (an SVG image, see picturesIn), with how many it shows
    async function svgIn(i) {
      const pics = await picturesIn(page, output(i));
      if (!pics.length) return null;
      return Object.assign({ count: pics.length }, pics[pics.length - 1]);
    }
    const must = (cond, what) => { if (!cond) throw new Error(what); };

    await run('setup', 'ready');

    // 1. a message sequence diagram
    let i = await run('sequence', 'Message sequence');
    let s = await svgIn(i);
    must(s, 'no SVG under the trace cell: ' + await text(i));
    must(s.width > 300 && s.height > 200, 'the sequence diagram is too small: ' + JSON.stringify(s));
    must(s.unrendered === 0, s.unrendered + ' texts of the sequence diagram were not rendered');
    must(s.kind === 'img' && s.painted > 2000, 'the sequence diagram was not painted as an image: ' + JSON.stringify({ kind: s.kind, painted: s.painted }));
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
    const restarted = Date.now() + 20000;
    while (!((s = await svgIn(i)) && s.texts.some((t) => t.includes('alpha restarted')))) {
      must(Date.now() < restarted, 'the live tree did not show alpha restarted: ' + JSON.stringify(s && s.texts));
      await page.waitForTimeout(100);
    }
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

    await page.screenshot({ path: path.join(o.artifacts, 'visual-notebook.png'), fullPage: true });
    shots.push(path.join(o.artifacts, 'visual-notebook.png'));

    // 6. the same pictures in nbconvert's HTML, opened from a file with no server and no network
    fs.writeFileSync(path.join(work, 'export.ipynb'), notebook([CELLS.setup, CELLS.sequence, CELLS.tree.replace(/var tree = .*/, 'supervisionTree(sup)'),
      CELLS.saveQueue], o.kernelName));
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
    const inHtml = await picturesIn(exported, 'body');
    must(inHtml.length === 3, 'nbconvert HTML: 3 diagrams expected, found ' + inHtml.length);
    must(inHtml.every((d) => d.width > 200 && d.painted > 1000 && d.unrendered === 0),
      'nbconvert HTML: a diagram did not render: ' + JSON.stringify(inHtml.map((d) => [d.kind, d.width, d.painted, d.unrendered])));
    must(inHtml[0].texts.includes('call Get[]') && inHtml[1].texts.includes('alpha') && inHtml[2].texts.includes('3. check "C": match → taken'),
      'nbconvert HTML: the diagrams lack their texts');
    await exported.screenshot({ path: path.join(o.artifacts, 'visual-nbconvert.png'), fullPage: true });
    shots.push(path.join(o.artifacts, 'visual-nbconvert.png'));
    await exported.close();

    // 7. the same outputs in a notebook this server did not sign (one from a course repository):
    // classic Notebook opens it untrusted and sanitizes its HTML, which keeps the SVG images
    const kept = ['sequence', 'tree', 'saveQueue'].map(at);
    const outs = await page.evaluate((ks) => ks.map((k) => Jupyter.notebook.get_cell(k).output_area.toJSON()), kept);
    const untrusted = JSON.parse(notebook(kept.map((k) => CELLS[ORDER[k]]), o.kernelName));
    untrusted.cells.forEach((c, j) => { c.outputs = outs[j]; });
    fs.writeFileSync(path.join(work, 'untrusted.ipynb'), JSON.stringify(untrusted));
    const other = await context.newPage();
    await other.goto(base + '/notebooks/untrusted.ipynb?token=' + token);
    await other.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.get_cells().length === 3
        && Jupyter.notebook.get_cell(2).output_area.outputs.length > 0, null, { timeout: 60000 });
    must(!(await other.evaluate(() => Jupyter.notebook.trusted)), 'the notebook written by the test is trusted: the check proves nothing');
    const inUntrusted = await picturesIn(other, '#notebook-container');
    must(inUntrusted.length === 3 && inUntrusted.every((d) => d.kind === 'img' && d.width > 200 && d.painted > 1000 && d.unrendered === 0),
      'untrusted notebook: 3 diagrams expected, found ' + JSON.stringify(inUntrusted.map((d) => [d.kind, d.width, d.painted])));
    await other.screenshot({ path: path.join(o.artifacts, 'visual-untrusted.png'), fullPage: true });
    shots.push(path.join(o.artifacts, 'visual-untrusted.png'));
    await other.close();
    console.log('browser visual test: sequence diagram, supervision tree (alpha ' + pidBefore + ' -> ' + pidAfter
        + '), live table, save queue and progress bar rendered and updated in place, diagrams in nbconvert HTML and in an untrusted notebook; screenshots: ' + shots.map((f) => path.basename(f)).join(', '));
  });
}

runMain('browser visual test', main);
