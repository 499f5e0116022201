#!/usr/bin/env bash
# The whole test suite: the Maven build with its unit tests, then the real-client tests
# (the kernel installed into a temporary Jupyter path and driven by jupyter_client) and the course.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/install/jdk.sh"
loombook_find_jdk
echo "== unit tests (JDK: $JAVA_HOME)"
"$root/mvnw" -f "$root/pom.xml" -B install "$@"

# ---------------------------------------------------------------- kernel through real Jupyter clients
# The kernel is installed from its kernelspec into a temporary Jupyter path (never the user's) and
# driven by real clients. Later stages can use the kernel installed here: JUPYTER_PATH stays set.
jupyter_tmp="$(mktemp -d "${TMPDIR:-/tmp}/loombook-jupyter.XXXXXX")"
trap 'rm -rf "$jupyter_tmp"' EXIT
export JUPYTER_PATH="$jupyter_tmp" JUPYTER_DATA_DIR="$jupyter_tmp/data" JUPYTER_CONFIG_DIR="$jupyter_tmp/config" \
       JUPYTER_RUNTIME_DIR="$jupyter_tmp/runtime" IPYTHONDIR="$jupyter_tmp/ipython"
artifacts="$root/build/artifacts"
mkdir -p "$artifacts"
need() { echo "test: $1 is missing; $2 (.ci/run installs what the tests need on Debian)" >&2; exit 1; }
/usr/bin/python3 -c 'import jupyter_client' 2>/dev/null || need "jupyter_client for /usr/bin/python3" "apt-get install python3-jupyter-client"

echo "== kernel: install the kernelspec into $jupyter_tmp/kernels"
"$root/install/install.sh" --dir "$jupyter_tmp/kernels" --no-build

echo "== kernel: real-client tests (jupyter_client)"
/usr/bin/python3 "$root/tests/test_kernel.py" --artifacts "$artifacts"

# ---------------------------------------------------------------- the kernel's sockets against hostile peers
# Heartbeats of any shape, signed messages of the wrong shape, frames announced over the cap by peers
# without the key, 50 MB messages, replays, stale input, code sent on control: after each, the kernel
# answers kernel_info on shell and control and computes 1+1 (jupyter_client, raw frames with pyzmq and TCP).
echo "== kernel: hostile peers on the kernel's sockets (jupyter_client, pyzmq, raw TCP)"
/usr/bin/python3 -c 'import zmq' 2>/dev/null || need "pyzmq for /usr/bin/python3" "apt-get install python3-zmq"
/usr/bin/python3 "$root/tests/test_peers.py" --artifacts "$artifacts"

echo "== kernel: jupyter_kernel_test's protocol checks, with samples in IJava's style"
/usr/bin/python3 -c 'import jupyter_kernel_test' 2>/dev/null || need "jupyter_kernel_test for /usr/bin/python3" "apt-get install python3-jupyter-kernel-test"
/usr/bin/python3 "$root/tests/test_kernel_conformance.py" --artifacts "$artifacts"

# ---------------------------------------------------------------- the student's editor 
# Completion and inspect anywhere in a multi-statement cell, Javadoc as text and HTML, IJava's
# display(value, mimeTypes...), errors that teach, a redefined type, what died with the notebook
# process, a cell run again (cellId); the completion latency goes to build/artifacts/editor-test.json.
echo "== editor: completion, inspect, display, errors, redefinitions, re-runs through the kernel (jupyter_client)"
/usr/bin/python3 "$root/tests/test_editor.py" --artifacts "$artifacts"

# ---------------------------------------------------------------- hostile cells
# Cells written or generated to break the kernel: System.exit on every path refused, a class
# named like a default import, and generated garbage, token soup, unicode, deep nesting, long
# expressions and big strings: every failed cell says why, none hangs past an interrupt, 1+1 after each.
echo "== kernel: hostile cells (jupyter_client)"
/usr/bin/python3 "$root/tests/test_hostile.py" --cells 30 --artifacts "$artifacts"   # 60 a kind by hand

# ---------------------------------------------------------------- shared install
# ./loombook install --prefix DIR (what --system does in /usr/local) from a copy of the checkout that
# is deleted before the kernel starts: from an empty environment, a hub's, and as another user when root.
echo "== install: the shared install into a temporary prefix, started without the checkout (jupyter_client)"
/usr/bin/python3 "$root/tests/test_install.py" --artifacts "$artifacts"

# ---------------------------------------------------------------- frontends: VS Code's display rules, by protocol
# VS Code's stricter rules for display ids, update parents, fallbacks and live views, asserted on the
# messages (jupyter_client), since VS Code cannot run here. Uses the kernel installed above.
echo "== frontends: VS Code's display rules by protocol (jupyter_client)"
/usr/bin/python3 "$root/tests/test_frontends.py" --artifacts "$artifacts"

echo "== kernel: browser test (classic Notebook in headless Chromium, playwright-core)"
command -v jupyter-notebook >/dev/null || need "jupyter-notebook" "apt-get install jupyter-notebook"
[ -x /usr/bin/chromium ] || need "/usr/bin/chromium" "apt-get install chromium"
command -v node >/dev/null && command -v npm >/dev/null || need "node and npm" "apt-get install nodejs npm"
playwright_version=1.65.1
playwright="$root/build/node/node_modules/playwright-core"
if [ "$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$playwright/package.json" 2>/dev/null | head -n 1)" != "$playwright_version" ]; then
  mkdir -p "$root/build/node"
  (cd "$root/build/node" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --no-save --silent "playwright-core@$playwright_version")
fi
node "$root/tests/browser_test.cjs" --jupyter-path "$jupyter_tmp" --artifacts "$artifacts" --playwright "$playwright"

# ---------------------------------------------------------------- grading
# The course as nbgrader grades it, without a kernel: the cells' nbgrader metadata, and the teacher's
# source notebooks becoming the course notebooks through generate_assignment's rule (the grades of
# the executed checks come with the notebooks stage). See notebooks/README.md, "Grading with nbgrader".
echo "== grading: nbgrader metadata, the teacher's notebooks and the student's"
/usr/bin/python3 -c 'import nbformat' 2>/dev/null || need "nbformat for /usr/bin/python3" "apt-get install python3-nbformat"
/usr/bin/python3 "$root/tests/test_grading.py"

# ---------------------------------------------------------------- notebooks: the course, every cell
# Every notebook of the course, executed top to bottom through the kernel installed above (nbclient);
# each exercise's check run against its untouched skeleton (must fail, 0 points by nbgrader's rule) and
# its reference solution (must pass, full points). See notebooks/README.md.
echo "== notebooks: the course through the kernel (nbclient), exercise checks against skeletons and solutions"
/usr/bin/python3 -c 'import nbclient, nbformat' 2>/dev/null || need "nbclient for /usr/bin/python3" "apt-get install python3-nbclient"
/usr/bin/python3 "$root/tests/test_notebooks.py" --artifacts "$artifacts"

# ---------------------------------------------------------------- the visual tools in a browser
# Sequence diagrams, supervision trees (live: a killed child comes back), a live process table, the
# save queue and a progress bar, rendered in classic Notebook in headless Chromium; screenshots in
# build/artifacts/visual-*.png. Uses the kernel installed and the playwright-core fetched above.
echo "== visual: diagrams, live tables and trees in classic Notebook (headless Chromium)"
node "$root/tests/browser_visual_test.cjs" --jupyter-path "$jupyter_tmp" --artifacts "$artifacts" --playwright "$playwright"

# ---------------------------------------------------------------- frontends in browsers: JupyterLab's output area, nbconvert
# JupyterLab's own frontend code (its kernel client, output area and renderers from npm, versions
# pinned in tests/jupyterlab/package-lock.json, bundled by esbuild, cached in build/node/jupyterlab)
# served by the Notebook server and driven in headless Chromium: late output, live views updated in
# place, diagrams as SVG, interrupt, re-run, outputs reopened untrusted. Then every course notebook
# through `jupyter nbconvert --to html --execute`, its pictures checked offline in Chromium.
echo "== frontends: JupyterLab's output area and renderers in headless Chromium (npm packages, esbuild)"
lab_static="$("$root/tests/jupyterlab/build.sh" "$root/build/node/jupyterlab" | tail -n 1)"
node "$root/tests/browser_jupyterlab.cjs" --jupyter-path "$jupyter_tmp" --page "$lab_static" --artifacts "$artifacts" --playwright "$playwright"
echo "== frontends: every course notebook through nbconvert --to html --execute, pictures checked offline (headless Chromium)"
node "$root/tests/browser_nbconvert.cjs" --jupyter-path "$jupyter_tmp" --artifacts "$artifacts" --playwright "$playwright"

# ---------------------------------------------------------------- fairness and runaway safety
# Spinning processes share the carrier and die when killed, an interrupted cell leaves its processes
# running, runaway cells (endless loops and recursion, spawn bombs, mailbox floods, endless
# allocation) end with a message and the kernel answers; %settings. Uses the kernel installed above.
echo "== fairness: spinners, kills, timeouts, runaway cells and %settings through the kernel (jupyter_client)"
/usr/bin/python3 "$root/tests/test_fairness.py" --artifacts "$artifacts"

# ---------------------------------------------------------------- spawn bombs and mailbox floods
# At the kernel's own limits (decision 0302): a flat bomb in a cell, a recursive one in processes and
# a mailbox flood each end with one clear message, the kernel goes idle and its heap comes back.
echo "== runaways: spawn bombs and mailbox floods at the kernel's limits (jupyter_client)"
/usr/bin/python3 "$root/tests/test_runaways.py" --artifacts "$artifacts"

# ---------------------------------------------------------------- races made visible
# Notebook 11's section "Races made visible", cell by cell through the kernel: the racy counter's
# failing schedule found in under a second and drawn as SVG with the choice that made it fail
# marked, the step-by-step replay with every mailbox, the printed schedule replayed in a later cell,
# the fix explored completely; the exercise check against a racy account and the solution.
echo "== races: notebook 11's race section and its exercise check through the kernel (jupyter_client)"
/usr/bin/python3 "$root/tests/test_races.py" --artifacts "$artifacts"

# ---------------------------------------------------------------- a classroom
# The class's JupyterHub (deploy/jupyterhub/start) on 127.0.0.1 with 5 students running notebook 08
# twice at once over the kernel websocket, beside a spawn bomb and an endless allocation: no kernel
# death, no lost or misrouted output; round trips and memory reported (build/artifacts/classroom-test.json).
# As root also with students as Unix accounts made on first login (removed afterwards).
# ./loombook classroom-test N runs it by hand with N students.
echo "== classroom: classroom.toml's checks and the cgroup files the hub writes (fake cgroup trees)"
/usr/bin/python3 "$root/tests/test_deploy.py"
echo "== classroom: JupyterHub with 5 students at once, notebook 08 twice, beside runaways (tornado websocket)"
command -v jupyterhub >/dev/null && command -v configurable-http-proxy >/dev/null || need "jupyterhub" "apt-get install jupyterhub"
/usr/bin/python3 "$root/tests/test_classroom.py" --students 5 --runs 2 --timeout 600 --artifacts "$artifacts"
