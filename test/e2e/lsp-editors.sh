#!/usr/bin/env bash
# Drives dist/server.js --stdio from a real third-party editor, headless, through the editor's own LSP client:
#   nvim  — Neovim 0.7+ built-in client (test/e2e/nvim/lsp_check.lua)
#   emacs — Emacs 28 + Eglot (test/e2e/emacs/eglot_check.el)
# Each scenario opens a copy of a fixture, waits (bounded) for diagnostics, applies the preferred quick fix through
# the editor's code-action UI path, saves, and compares the file on disk byte for byte with the expected text.
# Usage: lsp-editors.sh nvim|emacs OUT_DIR      (SERVER=path to server.js; default dist/server.js)
# Prints "ok - …"/"not ok - …" lines and a closing "N passed, N failed"; exit 1 on any failure.
set -uo pipefail
EDITOR_NAME=${1:?nvim or emacs}; OUT=${2:?out dir}
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd)
SERVER=${SERVER:-$ROOT/dist/server.js}
FIX="$HERE/fixtures"
PER_RUN_TIMEOUT=${PER_RUN_TIMEOUT:-60}
rm -rf "$OUT"; mkdir -p "$OUT"
passed=0; failed=0
ok() { passed=$((passed + 1)); echo "ok - $EDITOR_NAME: $*"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $EDITOR_NAME: $*"; }

[ -f "$SERVER" ] || { not_ok "server not built: $SERVER"; echo "$passed passed, $failed failed"; exit 1; }
export LSP_CMD_JSON="[\"$(command -v node)\",\"$SERVER\",\"--stdio\"]"
export LSP_VERBOSE=1 LSP_HARD_TIMEOUT_MS=$(( (PER_RUN_TIMEOUT - 10) * 1000 ))

case "$EDITOR_NAME" in
  nvim)  EDIT_FORM=changes ;;          # 0.7 declares no workspaceEdit.documentChanges
  emacs) EDIT_FORM=documentChanges ;;  # Eglot declares documentChanges
  *) echo "unknown editor $EDITOR_NAME" >&2; exit 2 ;;
esac

# run_editor NAME FIXTURE [VAR=value ...]: copy FIXTURE into OUT/NAME/, run the editor probe on it.
# Sets $file (the copy) and returns the probe's exit code; output in OUT/NAME/{out.jsonl,stderr.log}.
run_editor() {
  local name=$1 fixture=$2; shift 2
  local dir="$OUT/$name"; mkdir -p "$dir/home"
  file="$dir/$(basename "$fixture")"; cp "$FIX/$fixture" "$file"
  local cmd
  if [ "$EDITOR_NAME" = nvim ]; then cmd=(nvim --headless -u NONE -i NONE -n --noplugin -c "luafile $HERE/nvim/lsp_check.lua")
  else cmd=(emacs -Q --batch -l "$HERE/emacs/eglot_check.el"); fi
  local rc=0
  # fresh HOME/XDG dirs: no user config, and Neovim's lsp.log (server stderr) lands in the scenario folder
  env HOME="$dir/home" XDG_CACHE_HOME="$dir/home/cache" XDG_STATE_HOME="$dir/home/state" XDG_CONFIG_HOME="$dir/home/config" \
    LSP_FILE="$file" LSP_EVENTS_OUT="$dir/eglot-events.log" "$@" \
    timeout -k 5 "$PER_RUN_TIMEOUT" "${cmd[@]}" </dev/null >"$dir/out.jsonl" 2>"$dir/stderr.log" || rc=$?
  return $rc
}

# show NAME: what the editor saw, for a failure
show() {
  local dir="$OUT/$1"
  echo "    --- $EDITOR_NAME saw (JSON lines) ---"; sed 's/^/    /' "$dir/out.jsonl"
  echo "    --- editor + server log (stderr) ---"; tail -40 "$dir/stderr.log" | sed 's/^/    /'
  [ -f "$dir/home/cache/nvim/lsp.log" ] && { echo "    --- nvim lsp.log ---"; tail -40 "$dir/home/cache/nvim/lsp.log" | sed 's/^/    /'; }
  [ -f "$dir/eglot-events.log" ] && { echo "    --- Eglot events/stderr buffers ---"; tail -60 "$dir/eglot-events.log" | sed 's/^/    /'; }
  return 0
}

# scenario NAME FIXTURE DESCRIPTION [VAR=value ...]
scenario() {
  local name=$1 fixture=$2 desc=$3; shift 3
  local rc=0; run_editor "$name" "$fixture" "$@" || rc=$?
  local reason; reason=$(grep '"type":"result"' "$OUT/$name/out.jsonl" | sed -n 's/.*"reason":"\([^"]*\)".*/\1/p')
  if [ $rc -eq 0 ]; then ok "$desc"; else not_ok "$desc (exit $rc${reason:+: $reason})"; show "$name"; fi
  return $rc
}

DEFAULTS='{"sidecarLint":{}}'
OLD_K8S='{"sidecarLint":{"kubernetesVersion":"1.28"}}'

# fix_scenario NAME DESCRIPTION [VAR=value ...]: a code action on deployment.yaml, then the saved file is compared
# byte for byte with fixtures/deployment.fixed.yaml
fix_scenario() {
  local name=$1 desc=$2; shift 2
  if ! scenario "$name" deployment.yaml "$desc" "$@"; then
    not_ok "$name: file on disk (not checked: the action was not applied)"
  elif cmp -s "$file" "$FIX/deployment.fixed.yaml"; then
    ok "$name: file on disk equals fixtures/deployment.fixed.yaml"
  else
    not_ok "$name: file on disk differs from fixtures/deployment.fixed.yaml"
    diff -u "$FIX/deployment.fixed.yaml" "$file" | sed 's/^/    /'
  fi
}

# 1. diagnostics -> preferred quick fix through the code-action menu -> :write / save-buffer -> file on disk
fix_scenario quickfix "legacy-sidecar reported, preferred fix applied with a '$EDIT_FORM' edit, saved" \
  LSP_SETTINGS_JSON="$DEFAULTS" LSP_WAIT_CODE=legacy-sidecar LSP_EXPECT_CODES=legacy-sidecar \
  LSP_ACTION_AT_TEXT='log-shipper' LSP_ACTION_TITLE="^Convert 'log.shipper' to a native sidecar$" \
  LSP_EXPECT_PREFERRED=1 LSP_EXPECT_EDIT_FORM="$EDIT_FORM"

# 1a. Neovim's code_action() sends the cursor as the range and the line's diagnostics as context: with the cursor at
#     the start of the line, before the finding, the conversion is still offered and applied
if [ "$EDITOR_NAME" = nvim ]; then
  fix_scenario quickfix-line-start "legacy-sidecar's fix offered and applied with the cursor at the start of the line" \
    LSP_SETTINGS_JSON="$DEFAULTS" LSP_WAIT_CODE=legacy-sidecar LSP_ACTION_AT_TEXT='log-shipper' LSP_ACTION_AT_LINE_START=1 \
    LSP_ACTION_TITLE="^Convert 'log.shipper' to a native sidecar$" LSP_EXPECT_PREFERRED=1
fi

# 1b. the source.fixAll action gives the same text. Neovim 0.7 declares codeAction resolveSupport for `edit`: the server
#     offers it on the finding's line and the editor resolves it. Eglot 1.9 cannot resolve, so the server computes it
#     only when asked for the kind (context.only), as `M-x eglot-code-actions` with that kind does.
if [ "$EDITOR_NAME" = emacs ]; then kind=(LSP_ACTION_KIND=source.fixAll.sidecar-lint); else kind=(); fi
fix_scenario fixall "'Fix all sidecar-lint problems' applied and saved" \
  LSP_SETTINGS_JSON="$DEFAULTS" LSP_WAIT_CODE=legacy-sidecar "${kind[@]}" \
  LSP_ACTION_AT_TEXT='log-shipper' LSP_ACTION_TITLE='^Fix all sidecar.lint problems$'

# 2. the fixed manifest is clean (nothing else to fix)
scenario fixed-clean deployment.fixed.yaml "the fixed manifest has no findings" \
  LSP_SETTINGS_JSON="$DEFAULTS" LSP_MAX_DIAGS=0

# 3. settings through workspace/configuration: on Kubernetes 1.28 there is no legacy-sidecar finding
scenario settings-pull deployment.yaml "kubernetesVersion 1.28 from workspace/configuration silences legacy-sidecar" \
  LSP_SETTINGS_JSON="$OLD_K8S" LSP_MAX_DIAGS=0

# 4. settings through initializationOptions (nvim: stock 0.7 capabilities, no workspace.configuration declared;
#    Eglot always answers workspace/configuration, here with nothing for the sidecarLint section)
if [ "$EDITOR_NAME" = nvim ]; then stock=(LSP_STOCK_CAPS=1); else stock=(); fi
scenario settings-initopts deployment.yaml "kubernetesVersion 1.28 from initializationOptions silences legacy-sidecar" \
  "${stock[@]}" LSP_SETTINGS_JSON='{}' LSP_INIT_OPTIONS_JSON='{"kubernetesVersion":"1.28"}' LSP_MAX_DIAGS=0

# 5. completion without snippetSupport (neither client declares it here): plain text only; Eglot 1.9 has no
#    insertTextMode, so the text it inserts must already carry the indentation of the line (checked after accepting)
if [ "$EDITOR_NAME" = nvim ]; then accept=(); else accept=(LSP_COMPLETE_ACCEPT=1 LSP_EXPECT_INSERTED='^      restartPolicy: Always$'); fi
scenario completion-plain snippet.yaml "'sidecar-native' completion is plain text for a client without snippetSupport$( [ "$EDITOR_NAME" = emacs ] && echo ', inserted indented for its line')" \
  LSP_SETTINGS_JSON="$DEFAULTS" LSP_COMPLETE_AT_TEXT='    sidecar-native' LSP_EXPECT_COMPLETION='^sidecar.native$' \
  LSP_EXPECT_PLAIN_COMPLETION=1 "${accept[@]}"

# 6. Neovim with snippetSupport declared still gets the item
if [ "$EDITOR_NAME" = nvim ]; then
  scenario completion-snippet snippet.yaml "'sidecar-native' completion offered to a client with snippetSupport" \
    LSP_SETTINGS_JSON="$DEFAULTS" LSP_SNIPPETS=1 LSP_COMPLETE_AT_TEXT='    sidecar-native' LSP_EXPECT_COMPLETION='^sidecar.native$'
fi

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
