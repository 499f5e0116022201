#!/usr/bin/env bash
# Builds the JupyterLab test page (page.js, index.html) into OUT/static/loombook-lab, OUT being build/node/jupyterlab
# unless given: JupyterLab's packages from npm at the versions pinned in package-lock.json (npm ci,
# cached in OUT until the lock file changes), the light theme's CSS variables from
# @jupyterlab/theme-light-extension (npm pack: only its stylesheet, not its dependencies), then one
# bundle by esbuild. The page is served by the classic Notebook server (tests/browser_jupyterlab.cjs).
#
#   tests/jupyterlab/build.sh [OUT]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$root/build/node/jupyterlab}"
theme="@jupyterlab/theme-light-extension@4.6.4"
mkdir -p "$out"
want="$(cat "$here/package.json" "$here/package-lock.json" | sha256sum | cut -d' ' -f1) $theme"
if [ "$(cat "$out/.installed" 2>/dev/null)" != "$want" ] || [ ! -x "$out/node_modules/.bin/esbuild" ]; then
  rm -f "$out/.installed"
  cp "$here/package.json" "$here/package-lock.json" "$out/"
  (cd "$out" && npm ci --no-audit --no-fund --loglevel=error) >&2
  tgz="$(cd "$out" && npm pack "$theme" --silent | tail -n 1)"
  tar -xzf "$out/$tgz" -C "$out" package/style/variables.css
  mv "$out/package/style/variables.css" "$out/theme.css"
  rm -rf "$out/package" "$out/$tgz"
  echo "$want" > "$out/.installed"
fi
cp "$here/page.js" "$out/page.js"
dist="$out/static/loombook-lab"
rm -rf "$out/static"
mkdir -p "$dist"
"$out/node_modules/.bin/esbuild" "$out/page.js" --bundle --format=iife --target=chrome110 --minify \
  --outfile="$dist/page.js" --define:process.env.NODE_ENV='"production"' --define:global=globalThis \
  --loader:.svg=dataurl --loader:.woff=file --loader:.woff2=file --loader:.ttf=file --loader:.eot=file \
  --log-level=warning
cp "$here/index.html" "$dist/index.html"
echo "$out/static"
