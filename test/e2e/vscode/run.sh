#!/usr/bin/env bash
# Installs the packaged extension into a fresh code-server, starts it on a free loopback port, drives the workbench
# with e2e.mjs (Chromium, headless), and stops code-server and everything it started, by PID, on exit.
# Then runs the extension-host suite (test/vscode/suite) inside the same code-server through a test-only runner
# extension (code-server has no --extensionTestsPath). SUITE=0 leaves that out.
# The user settings point sidecarLint.helm.path and sidecarLint.kustomize.kubectlPath at the real helm and kubectl of
# the tools cache (scripts/fetch-tools.mjs fills it), for the render workspace: a copy of the batch chart and of the
# base + shipper overlays.
# Usage: NODE24_DIR=… CS_DIR=… run.sh SIDECAR_LINT_VSIX OUT_DIR
set -uo pipefail
VSIX=${1:?vsix}; OUT=${2:?out dir}
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../../.." && pwd); FIX="$HERE/../fixtures"
RUN_DIR="$OUT/run"; WS="$OUT/workspace"; SHOTS="$OUT/screenshots"; SUITE_WS=""; SUITE_VSIX=""; RENDER_WS="$OUT/render-workspace"
rm -rf "$RUN_DIR" "$WS" "$SHOTS" "$OUT/suite-runner" "$OUT/suite-workspace" "$RENDER_WS"; mkdir -p "$RUN_DIR" "$WS" "$SHOTS"
cp "$FIX/deployment.yaml" "$WS/"
sed '$d' "$FIX/snippet.yaml" > "$WS/snippet.yaml"   # ends with "initContainers:"; the test types the prefix

# A workspace of its own, so the chart and the overlays cannot change what the first workspace's checks see.
mkdir -p "$RENDER_WS/overlays"
cp -r "$ROOT/test/fixtures/charts/batch" "$RENDER_WS/batch"
cp -r "$ROOT/test/fixtures/overlays/base" "$ROOT/test/fixtures/overlays/shipper" "$RENDER_WS/overlays/"
EXTRA_SETTINGS=""
if node "$ROOT/scripts/fetch-tools.mjs" --quiet >"$OUT/fetch-tools.log" 2>&1; then
  EXTRA_SETTINGS=$(node --input-type=module -e "
    import { toolPaths } from '$ROOT/scripts/fetch-tools.mjs';
    const t = toolPaths();
    console.log(JSON.stringify({ 'sidecarLint.helm.path': t.helm3, 'sidecarLint.kustomize.kubectlPath': t.kubectl }));")
else
  echo "# scripts/fetch-tools.mjs failed, the render checks will fail:"; sed 's/^/#   /' "$OUT/fetch-tools.log"
fi
export EXTRA_SETTINGS

if [ "${SUITE:-1}" = 1 ]; then   # package the runner extension with the bundled suite
  cp -r "$HERE/suite-runner" "$OUT/suite-runner"
  node --import tsx "$ROOT/test/vscode/bundle.ts" "$OUT/suite-runner/suite.js"
  ( cd "$OUT/suite-runner" && "$ROOT/node_modules/.bin/vsce" package --allow-missing-repository --skip-license \
      -o "$OUT/suite-runner.vsix" >"$OUT/suite-runner.log" 2>&1 ) || { cat "$OUT/suite-runner.log"; exit 1; }
  SUITE_VSIX="$OUT/suite-runner.vsix"; SUITE_WS="$OUT/suite-workspace"
  mkdir -p "$SUITE_WS"; : > "$SUITE_WS/run-sidecar-lint-suite.flag"
fi
PORT=${PORT:-$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}

CS_PID=""
descendants() { local c; for c in $(pgrep -P "$1" 2>/dev/null); do echo "$c"; descendants "$c"; done; }
cleanup() {  # SIGTERM the server, wait for its whole tree (ext host, language server), SIGKILL stragglers by PID
  [ -n "$CS_PID" ] || return 0
  local pids p; pids="$CS_PID $(descendants "$CS_PID" | tr '\n' ' ')"
  kill "$CS_PID" 2>/dev/null || true
  for p in $pids; do
    for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || continue 2; sleep 0.2; done
    echo "# pid $p still alive 10 s after SIGTERM: SIGKILL" >&2; kill -9 "$p" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 143' TERM INT HUP   # run the EXIT trap (stop code-server) when interrupted too

vsixes=("$VSIX"); [ -n "$SUITE_VSIX" ] && vsixes+=("$SUITE_VSIX")
if ! CS_PID=$(bash "$HERE/start-code-server.sh" "$RUN_DIR" "$PORT" "${vsixes[@]}" 2>"$RUN_DIR/start.log"); then
  CS_PID=$(cat "$RUN_DIR/code-server.pid" 2>/dev/null || true)
  echo "not ok - vscode: code-server did not start"; sed 's/^/#   /' "$RUN_DIR/start.log"
  echo "0 passed, 1 failed"; exit 1
fi
echo "# code-server pid $CS_PID on 127.0.0.1:$PORT ($(grep -o '"status":"[a-z]*"' "$RUN_DIR/start.log" | head -1))"
rc=0
CS_URL="http://127.0.0.1:$PORT" WS_DIR="$WS" FIXTURES="$FIX" LOGS_DIR="$RUN_DIR/user-data/logs" SHOT_DIR="$SHOTS" \
  SUITE_WS="$SUITE_WS" RENDER_WS="$RENDER_WS" timeout -k 10 900 node "$HERE/e2e.mjs" || rc=$?
if [ $rc -ne 0 ]; then
  echo "# --- code-server log (last 20 lines) ---"; tail -20 "$RUN_DIR/code-server.log" | sed 's/^/#   /'
  echo "# --- extension host log: sidecar-lint lines ---"
  grep -rh -i "sidecar" "$RUN_DIR"/user-data/logs/*/exthost*/remoteexthost.log 2>/dev/null | tail -20 | sed 's/^/#   /'
fi
exit $rc
