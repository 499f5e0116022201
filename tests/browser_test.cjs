#!/usr/bin/env node
// Browser test of the Loombook kernel in classic Jupyter Notebook (6.4), in headless Chromium
// driven by playwright-core: a cell spawns a process that prints a second later, and the text
// must appear under that cell (not under the cell run after it); a process crash must land under
// its own cell too. Keeps a screenshot as a test artifact.
//
//   node tests/browser_test.cjs --jupyter-path DIR --artifacts DIR [--playwright PATH]
//
// DIR holds kernels/loombook; the Notebook server and Chromium: see browser_notebook.cjs.
'use strict';
const path = require('node:path');
const { options, inNotebook, runMain } = require('./browser_notebook.cjs');

const o = options('browser_test.cjs');

const LATE = 'late output from a process';
const CELLS = [
  'spawn(() -> {\n    sleep(1000);\n    System.out.println("' + LATE + '");\n});\n"cell A is done"',
  'sleep(200);\n"cell B ran after A"',
  'int half(int x) {\n    return 1 / x;\n}\nspawn(() -> { sleep(500); half(0); });\n"cell C is done"',
];

async function main() {
  await inNotebook(o, { label: 'browser test', prefix: 'loombook-browser-', file: 'late.ipynb', cells: CELLS,
    viewport: { width: 1100, height: 900 }, failureShot: 'browser-failure.png' }, async ({ page }) => {
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
    const shot = path.join(o.artifacts, 'browser-late-output.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log('browser test: the late line appeared under its own cell ' + lateAfter + ' ms after the cell finished; '
        + 'the crash report under its cell; screenshot ' + shot);
  });
}

runMain('browser test', main);
