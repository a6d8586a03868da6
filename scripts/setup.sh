#!/usr/bin/env bash
# Installs what Stockpilot's build needs, skipping every step that is already
# satisfied, so a second run takes seconds. Sourced by serve.sh and test.sh;
# pass "test" to also install what the browser tests need.
#
# Everything comes from the package registries (Debian, crates.io, npm): Trunk
# is told to run offline (Trunk.toml) so it never tries to download its tools
# from GitHub, and uses the ones installed here instead.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
want_test_tools=${1:-}
TRUNK_VERSION=0.21.14

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "Installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}"
  fi
}

# C toolchain and TLS headers for `cargo install`, Node.js for wasm-opt and the test driver.
apt_install build-essential pkg-config libssl-dev ca-certificates
command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
if [ "$want_test_tools" = test ]; then
  apt_install chromium chromium-driver
fi

command -v cargo >/dev/null || { echo "cargo not found: install Rust with rustup first (https://rustup.rs)" >&2; exit 1; }
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "Adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "Installing trunk $TRUNK_VERSION (about 7 minutes on 2 cores)"
  # 0.22 needs a newer rustc than this toolchain.
  cargo install --locked "trunk@$TRUNK_VERSION"
fi

# Trunk only uses a wasm-bindgen whose version equals the one in Cargo.lock.
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' "$root/Cargo.lock")
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen_version" ]; then
  say "Installing wasm-bindgen-cli $bindgen_version (about 5 minutes)"
  # Not --locked: its lockfile pins a webpki-roots release the registry lacks.
  cargo install --force "wasm-bindgen-cli@$bindgen_version"
fi

# wasm-opt from npm's binaryen 132 (Debian's binaryen 108 silently breaks the
# app) and playwright-core, both pinned by package-lock.json.
lock_stamp="$root/node_modules/.package-lock.sha256"
lock_hash=$(sha256sum "$root/package-lock.json" | cut -d' ' -f1)
if [ ! -f "$lock_stamp" ] || [ "$(cat "$lock_stamp")" != "$lock_hash" ]; then
  say "Installing npm packages (binaryen, playwright-core, axe-core)"
  (cd "$root" && npm ci --no-audit --no-fund)
  echo "$lock_hash" > "$lock_stamp"
fi
export PATH="$root/node_modules/.bin:$PATH"

# Trunk runs cargo offline; fetch the locked crates once.
(cd "$root" && cargo fetch --locked -q)
