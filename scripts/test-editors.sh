#!/usr/bin/env bash
# npm run test:editors — sidecar-lint end to end in real editors, headless, on a fresh Debian 12 machine:
#   1. installs what it needs by itself: Debian packages (apt-get, only the missing ones), Node 24 and code-server
#      from npm into $E2E_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/sidecar-lint-e2e), never into the repo;
#   2. npm run package (build + vsce) and checks the .vsix contents;
#   3. VS Code: installs the .vsix into code-server and drives the workbench with playwright-core + Chromium,
#      then runs the extension-host suite (test/vscode/suite) inside the same code-server;
#   4. pre-commit installs the hook from this checkout and runs it in a scratch git repository;
#   5. Neovim 0.7 and Emacs + Eglot start dist/server.js --stdio through their own LSP clients;
#   6. the web extension's server (dist/browser/server.js) as a Worker in headless Chromium, compared with dist/server.js.
# Prints each check, what the editor showed on a failure, and a closing "N passed, N failed"; exits 1 on any failure.
# Artifacts (logs, screenshots, the files the editors saved): test-artifacts/editors/.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
ART="$ROOT/test-artifacts/editors"
rm -rf "$ART"; mkdir -p "$ART"
exec </dev/null
T0=$SECONDS
stamp() { echo "# [test-editors +$((SECONDS - T0))s] $*"; }
passed=0; failed=0
fail() { failed=$((failed + 1)); echo "not ok - $*"; }

# Each phase runs in the background so that an interrupted run can stop it (and it stops its own children).
CURRENT=""
stop_current() {
  [ -n "$CURRENT" ] || return 0
  kill -TERM "$CURRENT" 2>/dev/null || true
  for _ in $(seq 1 75); do kill -0 "$CURRENT" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL "$CURRENT" 2>/dev/null || true
}
trap stop_current EXIT
trap 'stop_current; exit 143' TERM INT HUP

# phase NAME TIMEOUT_S CMD…: runs CMD (output to the console and ART/NAME.log) under a hard timeout and adds the
# "N passed, N failed" it closes with to the totals; a phase that prints no such line counts as one failure.
phase() {
  local name=$1 limit=$2; shift 2
  local log="$ART/$name.log" rc=0 start=$SECONDS
  stamp "$name: start"
  : > "$log"
  timeout -k 10 "$limit" "$@" > "$log" 2>&1 &
  CURRENT=$!
  tail -n +1 -f --pid="$CURRENT" "$log"   # stream it to the console until the phase ends
  wait "$CURRENT" || rc=$?
  CURRENT=""
  local summary; summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -1)
  if [ -n "$summary" ]; then
    passed=$((passed + ${summary%% passed*})); local f=${summary#*passed, }; failed=$((failed + ${f%% failed}))
    [ $rc -ne 0 ] && [ "${f%% failed}" = 0 ] && fail "$name exited $rc although its checks passed"
  else
    fail "$name: no result (exit $rc$([ $rc -eq 124 ] && echo ", timed out after ${limit}s"))"
  fi
  stamp "$name: done in $((SECONDS - start))s (exit $rc)"
  return 0
}

# 1. dependencies (bounded: apt 10 min, code-server 15 min)
stamp "installing dependencies into ${E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sidecar-lint-e2e}"
# shellcheck source=../test/e2e/install-deps.sh
source "$ROOT/test/e2e/install-deps.sh"
set +e
deps_ok=1
timeout -k 10 600 bash "$ROOT/test/e2e/install-deps.sh" apt || { fail "apt-get install of the editors and Chromium"; deps_ok=0; }
timeout -k 10 900 bash "$ROOT/test/e2e/install-deps.sh" code-server || { fail "Node 24 + code-server from npm"; deps_ok=0; }
stamp "dependencies ready: $(nvim --version 2>/dev/null | head -1), $(emacs --version 2>/dev/null | head -1), $(chromium --version 2>/dev/null), Node $("$NODE24_DIR/bin/node" -v 2>/dev/null), code-server $(node -p "require('$CS_DIR/node_modules/code-server/package.json').version" 2>/dev/null)"

# 2. build and package
VSIX="$ROOT/sidecar-lint.vsix"
rm -f "$VSIX"
stamp "npm run package"
if npm run package > "$ART/package.log" 2>&1 && [ -f "$VSIX" ]; then
  phase vsix 60 node "$ROOT/test/e2e/check-vsix.mjs" "$VSIX"
else
  tail -30 "$ART/package.log"; fail "npm run package did not produce sidecar-lint.vsix (see $ART/package.log)"
fi

# 3. VS Code (code-server) UI + extension-host suite
if [ -f "$VSIX" ] && [ $deps_ok = 1 ]; then
  phase vscode 900 bash "$ROOT/test/e2e/vscode/run.sh" "$VSIX" "$ART/vscode"
else
  fail "vscode: not run (no .vsix or dependencies missing)"
fi

# 4. The pre-commit hook, installed and run by pre-commit itself (needs apt's pre-commit and the npm registry)
if command -v pre-commit >/dev/null && [ $deps_ok = 1 ]; then
  phase pre-commit 900 bash "$ROOT/test/e2e/pre-commit.sh" "$ART/pre-commit"
else
  fail "pre-commit: not run (pre-commit or dependencies missing)"
fi

# 5. Neovim and Emacs + Eglot over stdio
for editor in nvim emacs; do
  if [ -f "$ROOT/dist/server.js" ] && command -v "$editor" >/dev/null; then
    phase "$editor" 400 bash "$ROOT/test/e2e/lsp-editors.sh" "$editor" "$ART/$editor"
  else
    fail "$editor: not run (no dist/server.js or no $editor)"
  fi
done

# 6. The web extension's language server in a browser worker: here rather than in npm test, which has no Chromium
#    (this script installs it) and must not skip anything.
if [ -f "$ROOT/dist/browser/server.js" ] && command -v chromium >/dev/null; then
  phase browser 300 node --import tsx "$ROOT/test/browser/run.ts"
else
  fail "browser: not run (no dist/browser/server.js or no chromium)"
fi

stamp "finished in $((SECONDS - T0))s; artifacts in test-artifacts/editors/"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
