#!/usr/bin/env bash
# Starts code-server (VS Code's server + workbench) in the background on 127.0.0.1:PORT with fresh, isolated state
# (user data, extensions, HOME) under RUN_DIR, installs the given .vsix files first, waits (bounded) for /healthz.
# Adapted from shared/recipes/real-vscode/start-code-server.sh.
# EXTRA_SETTINGS (optional): a JSON object of machine settings (see below).
# Usage: NODE24_DIR=… CS_DIR=… start-code-server.sh RUN_DIR PORT VSIX…   -> prints the server's PID on stdout
set -euo pipefail
RUN_DIR=$1; PORT=$2; shift 2
: "${NODE24_DIR:?}" "${CS_DIR:?}"
export PATH="$NODE24_DIR/bin:$PATH"
export EXTENSIONS_GALLERY='{}'   # no marketplace (code-server's default gallery is a public host)
export HOME="$RUN_DIR/home" XDG_CONFIG_HOME="$RUN_DIR/home/.config" XDG_DATA_HOME="$RUN_DIR/home/.local/share"
mkdir -p "$HOME" "$RUN_DIR/user-data/User"
CS="$CS_DIR/node_modules/code-server/out/node/entry.js"
COMMON=(--config "$RUN_DIR/config.yaml" --user-data-dir "$RUN_DIR/user-data" --extensions-dir "$RUN_DIR/extensions")
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$PORT" > "$RUN_DIR/config.yaml"
# no telemetry, no trust prompt, no welcome page, no update or gallery traffic, no AI panel
cat > "$RUN_DIR/user-data/User/settings.json" <<'JSON'
{
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "update.mode": "none",
  "workbench.enableExperiments": false,
  "chat.disableAIFeatures": true,
  "git.enabled": false,
  "extensions.ignoreRecommendations": true,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "editor.minimap.enabled": false
}
JSON
# EXTRA_SETTINGS go to the remote machine's settings (the Settings editor's "Remote" tab): code-server's workbench is
# a remote window, which ignores machine-scoped settings such as sidecarLint.helm.path in the user settings.
if [ -n "${EXTRA_SETTINGS:-}" ]; then
  mkdir -p "$RUN_DIR/user-data/Machine"
  printf '%s\n' "$EXTRA_SETTINGS" > "$RUN_DIR/user-data/Machine/settings.json"
fi
for v in "$@"; do timeout 120 node "$CS" "${COMMON[@]}" --install-extension "$v" >&2; done
nohup node "$CS" "${COMMON[@]}" --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override --disable-proxy --ignore-last-opened \
  > "$RUN_DIR/code-server.log" 2>&1 < /dev/null &
pid=$!
echo "$pid" > "$RUN_DIR/code-server.pid"
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { echo "code-server exited early:" >&2; tail -20 "$RUN_DIR/code-server.log" >&2; echo "$pid"; exit 1; }
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/healthz" >&2 && echo >&2 || { echo "code-server not healthy after 60s" >&2; echo "$pid"; exit 1; }
echo "$pid"
