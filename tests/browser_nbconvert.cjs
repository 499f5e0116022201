#!/usr/bin/env node
// The course through nbconvert, as a teacher publishes it: `jupyter nbconvert --to html --execute`
// of every notebook of the course (one run, the installed kernel), then each HTML file opened in
// headless Chromium from disk with every network request refused. Checks that every notebook
// converts (nbconvert stops at a cell that fails, unless the cell is tagged raises-exception), that
// every picture in the HTML is there and rendered offline (an SVG image, painted, its texts laid
// out) and that no picture fell back to its text rendering. Screenshots of the first picture of each
// notebook in build/artifacts/nbconvert-*.png; figures in build/artifacts/nbconvert-test.json.
//
//   node tests/browser_nbconvert.cjs --jupyter-path DIR [--artifacts DIR] [--playwright PATH] [NN ...]
//
// DIR holds kernels/loombook (never the user's Jupyter path); NN picks notebooks by number.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { options, jupyterEnv, launchChromium, picturesIn, runMain } = require('./browser_notebook.cjs');

const o = options('browser_nbconvert.cjs');
const ROOT = path.resolve(__dirname, '..');
const picked = process.argv.slice(2).filter((a, i, all) => /^\d\d$/.test(a) && !String(all[i - 1]).startsWith('--'));
const NOTEBOOKS = fs.readdirSync(path.join(ROOT, 'notebooks')).filter((f) => /^\d\d_.*\.ipynb$/.test(f))
  .filter((f) => !picked.length || picked.includes(f.slice(0, 2))).sort();
// the first line of a picture's text rendering: if one shows as an output's text, its picture was lost
const PICTURE_TEXT = /^(Message sequence: |Supervision tree|Selective receive, step by step)/;

function nbconvert(args, env) {
  return new Promise((resolve) => {
    const p = spawn('jupyter-nbconvert', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    p.stdout.on('data', (d) => { log += d; });
    p.stderr.on('data', (d) => { log += d; });
    p.on('close', (code) => resolve({ code, log }));
  });
}

async function main() {
  if (!NOTEBOOKS.length) throw new Error('no notebooks picked from notebooks/ (' + picked.join(' ') + ')');
  fs.mkdirSync(o.artifacts, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'loombook-nbconvert-'));
  const env = jupyterEnv(o, work);
  const measured = { notebooks: {} };
  let context;
  try {
    const html = path.join(work, 'html');
    const t0 = Date.now();
    const conv = await nbconvert(['--to', 'html', '--execute', '--output-dir', html]
      .concat(NOTEBOOKS.map((f) => path.join(ROOT, 'notebooks', f))), env);
    measured.nbconvert_seconds = (Date.now() - t0) / 1000;
    if (conv.code !== 0) {
      const at = (conv.log.match(/Converting notebook (\S+)/g) || []).pop();
      throw new Error('nbconvert --to html --execute failed (' + (at || 'before the first notebook') + '):\n' + conv.log.slice(-3000));
    }
    context = await launchChromium(o, work, { width: 1200, height: 900 });
    const page = context.pages()[0] || await context.newPage();
    const refused = [];
    await page.route('**', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
      refused.push(url);
      return route.abort();
    });
    let total = 0;
    for (const f of NOTEBOOKS) {
      const file = path.join(html, f.replace(/\.ipynb$/, '.html'));
      if (!fs.existsSync(file)) throw new Error('nbconvert wrote no HTML for ' + f);
      await page.goto('file://' + file);
      const pics = (await picturesIn(page, 'body')).filter((p) => p.texts.length);
      for (const [k, p] of pics.entries()) {
        const what = f + ', picture ' + (k + 1) + ' ("' + p.texts[0] + '")';
        if (p.kind !== 'img') throw new Error(what + ' is inline SVG, not the kernel\'s SVG image: the HTML came from another rendering');
        if (!(p.naturalWidth > 150 && p.width > 150 && p.height > 50)) throw new Error(what + ' has no size: ' + JSON.stringify(p));
        if (!(p.painted > 500)) throw new Error(what + ' was not painted (' + p.painted + ' dark pixels)');
        if (p.unrendered) throw new Error(what + ': ' + p.unrendered + ' of its texts were not laid out');
      }
      const lost = await page.evaluate((re) => [...document.querySelectorAll('[data-mime-type="text/plain"]')]
        .map((e) => e.textContent.trim()).filter((t) => new RegExp(re).test(t)).map((t) => t.split('\n')[0]), PICTURE_TEXT.source);
      if (lost.length) throw new Error(f + ': pictures shown as their text, not drawn: ' + JSON.stringify(lost));
      measured.notebooks[f] = { pictures: pics.length, titles: pics.map((p) => p.texts[0]) };
      total += pics.length;
      if (pics.length) {
        const shot = path.join(o.artifacts, 'nbconvert-' + f.slice(0, 2) + '.png');
        await page.locator('img[src^="data:image/svg+xml"]').first().screenshot({ path: shot });
      }
    }
    if (!total) throw new Error('no picture in any notebook of the course: the test checked nothing');
    measured.pictures = total;
    measured.requests_refused = refused.length;
    fs.writeFileSync(path.join(o.artifacts, 'nbconvert-test.json'), JSON.stringify(measured, null, 2));
    console.log('nbconvert test: ' + NOTEBOOKS.length + ' notebooks converted with --execute in ' + measured.nbconvert_seconds.toFixed(1) + ' s; '
      + total + ' pictures rendered offline (' + NOTEBOOKS.map((f) => f.slice(0, 2) + ': ' + measured.notebooks[f].pictures).join(', ')
      + '); ' + refused.length + ' network requests refused');
  } finally {
    if (context) await context.close().catch(() => {});
    fs.rmSync(work, { recursive: true, force: true });
  }
}

runMain('nbconvert test', main);
