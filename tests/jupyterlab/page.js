// A test page made of JupyterLab's own frontend packages: its kernel client (@jupyterlab/services),
// session context (@jupyterlab/apputils), output area (@jupyterlab/outputarea) and renderers
// (@jupyterlab/rendermime), the same code that draws a cell's outputs in JupyterLab 4 and
// Notebook 7. It has no editor: each "cell" is an output area that runs code the way a notebook
// cell does (OutputArea.execute: disposeOnDone false, so late output of a finished request still
// lands under it; a re-run replaces the area's request, and output of the old one is dropped).
//
// Served by the classic Notebook server (its kernel REST API and websocket), opened as
//   /static/index.html?token=TOKEN&kernel=loombook
// and driven by tests/browser_jupyterlab.cjs through window.lab (below). Bundled by esbuild
// (tests/jupyterlab/build.sh) from the versions pinned in tests/jupyterlab/package-lock.json.
import { SessionContext } from '@jupyterlab/apputils';
import { OutputArea, OutputAreaModel } from '@jupyterlab/outputarea';
import { RenderMimeRegistry, standardRendererFactories } from '@jupyterlab/rendermime';
import { KernelManager, KernelSpecManager, ServerConnection, SessionManager } from '@jupyterlab/services';
import { Widget } from '@lumino/widgets';
import '@jupyterlab/outputarea/style/index.js';
import './theme.css';

const MERMAID = 'text/vnd.mermaid';

// JupyterLab 4's Mermaid renderer (@jupyterlab/mermaid-extension) ranks 61: after HTML (50) and
// Markdown (60). This stand-in has the same rank and only counts how often JupyterLab's ranking
// picks it; the real one would draw the Mermaid source instead of the kernel's own picture.
const mermaidPicks = [];
const mermaidStandIn = {
  safe: true,
  mimeTypes: [MERMAID],
  defaultRank: 61,
  createRenderer: () => {
    const w = new Widget();
    w.addClass('lab-mermaid-stand-in');
    w.renderModel = async (model) => {
      mermaidPicks.push(String(model.data[MERMAID]).slice(0, 40));
      w.node.textContent = '[the Mermaid renderer would draw this]';
    };
    return w;
  },
};

const params = new URLSearchParams(location.search);
const settings = ServerConnection.makeSettings({
  baseUrl: location.origin + '/',
  wsUrl: location.origin.replace(/^http/, 'ws') + '/',
  token: params.get('token') || '',
  appendToken: true,
});
const kernelManager = new KernelManager({ serverSettings: settings });
const sessionManager = new SessionManager({ kernelManager, serverSettings: settings });
const specsManager = new KernelSpecManager({ serverSettings: settings });
const rendermime = new RenderMimeRegistry({ initialFactories: [...standardRendererFactories, mermaidStandIn] });
const sessionContext = new SessionContext({
  sessionManager, specsManager, kernelManager,
  path: 'jupyterlab-test.ipynb', name: 'jupyterlab-test.ipynb', type: 'notebook',
  kernelPreference: { name: params.get('kernel') || 'loombook', shouldStart: true, canStart: true, autoStartDefault: false },
});

const cells = new Map();        // name -> { area, node, replies: [], requests: [] }
const iopub = [];               // every iopub message the kernel connection saw: [arrival ms, type, parent msg_id, text]

function cellNode(name) {
  const node = document.createElement('section');
  node.className = 'lab-cell';
  node.dataset.cell = name;
  const title = document.createElement('h3');
  title.textContent = name;
  node.appendChild(title);
  document.getElementById('cells').appendChild(node);
  return node;
}

function areaFor(name, trusted) {
  let c = cells.get(name);
  if (!c) {
    const node = cellNode(name);
    const area = new OutputArea({ model: new OutputAreaModel({ trusted }), rendermime });
    Widget.attach(area, node);
    c = { area, node, replies: [], requests: [] };
    cells.set(name, c);
  }
  return c;
}

// the metadata JupyterLab's CodeCell.execute sends: the cell's own, then the caller's, then the
// cell's id (a notebook cell keeps its id across runs; here the cell's name stands for it)
function withCellId(name, metadata) {
  return Object.assign({}, metadata || {}, { cellId: 'lab-cell-' + name });
}

function textOf(msg) {
  const c = msg.content || {};
  if (c.text) return c.text;
  if (c.data && c.data['text/plain']) return String(c.data['text/plain']);
  if (c.execution_state) return c.execution_state;
  return '';
}

window.lab = {
  // resolves with the kernel's implementation name once the session's kernel is connected and idle
  ready: (async () => {
    await sessionContext.initialize();
    await sessionContext.ready;
    const kernel = sessionContext.session.kernel;
    kernel.iopubMessage.connect((_, msg) => {
      iopub.push([performance.now(), msg.header.msg_type, msg.parent_header && msg.parent_header.msg_id, textOf(msg)]);
    });
    const info = await kernel.info;
    return info.implementation;
  })(),

  // runs `code` in the cell `name` (a new output area, or the same one again: a re-run), as
  // JupyterLab runs a notebook cell (CodeCell.execute: the request's metadata carries the cell's id as
  // cellId); resolves with the reply's status once the kernel replied
  async run(name, code, metadata) {
    const c = areaFor(name, true);
    const started = OutputArea.execute(code, c.area, sessionContext, withCellId(name, metadata));
    c.requests.push(c.area.future.msg.header.msg_id);
    const reply = await started;
    c.replies.push(reply ? reply.content.status : 'none');
    return reply ? reply.content.status : 'none';
  },

  // starts running `code` without waiting for the reply (to interrupt it); resolves at once
  start(name, code) {
    const c = areaFor(name, true);
    const done = OutputArea.execute(code, c.area, sessionContext, withCellId(name));
    c.requests.push(c.area.future.msg.header.msg_id);
    c.pending = done.then((r) => { c.replies.push(r ? r.content.status : 'none'); return r; });
    return c.area.future.msg.header.msg_id;
  },

  // the kernel's interrupt, as JupyterLab's stop button asks for it (through the server's REST API)
  async interrupt() {
    await sessionContext.session.kernel.interrupt();
  },

  // the outcome of a cell started with start()
  async settled(name) {
    const r = await cells.get(name).pending;
    return r ? r.content.status : 'none';
  },

  // what the cell's output area holds: its model's outputs (as nbformat JSON) and its DOM text
  outputs(name) {
    const c = cells.get(name);
    return c ? c.area.model.toJSON() : null;
  },
  text(name) {
    const c = cells.get(name);
    return c ? c.area.node.innerText : '';
  },
  requests(name) {
    return cells.get(name).requests.slice();
  },
  replies(name) {
    return cells.get(name).replies.slice();
  },

  // the same outputs, shown again in a new area as a reopened, untrusted notebook shows them
  reopen(name, asName) {
    const saved = cells.get(name).area.model.toJSON();
    const c = areaFor(asName, false);
    c.area.model.fromJSON(saved);
    return c.area.model.length;
  },

  iopub(parentId) {
    return iopub.filter((m) => parentId === undefined || m[2] === parentId);
  },
  now: () => performance.now(),
  mermaidPicks: () => mermaidPicks.slice(),
  preferred(bundle, trusted) {
    return rendermime.preferredMimeType(bundle, trusted ? 'any' : 'ensure');
  },
};
