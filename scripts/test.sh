#!/usr/bin/env bash
# Installs whatever the tests need (Debian chromium + chromium-driver, npm
# playwright-core, the Wasm toolchain) and runs every test:
#   0. gates: rustfmt, clippy with warnings as errors;
#   1. native tests: engine (unit, property, golden, tidy, a bounded fuzz run), CLI, app logic;
#   2. wasm-bindgen tests in headless Chromium (IndexedDB persistence, components);
#   3. the release build, at the root and for a sub-path, and the size budget
#      (gzip -9 of everything a first visit fetches under 1,000 KiB);
#   4. end-to-end journeys in headless Chromium against the release build.
# Fails loudly if a tool is missing and cannot be installed.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/scripts/setup.sh" test
cd "$root"

step() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }

step "Formatting (cargo fmt --check)"
cargo fmt --all --check

step "Lints (cargo clippy, warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Native tests (engine, CLI, app logic)"
cargo test --workspace --locked

step "wasm-bindgen tests in headless Chromium"
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
[ -x "$CHROMEDRIVER" ] || { echo "chromedriver not found at $CHROMEDRIVER" >&2; exit 1; }
cargo test --locked --target wasm32-unknown-unknown -p stockpilot-app --test web

step "Release build (root)"
trunk build --release
step "Size budget of a first visit (gzip -9)"
node scripts/size-budget.mjs dist
step "Release build for a sub-path (/stockpilot/)"
trunk build --release --public-url /stockpilot/ --dist dist-sub

step "End-to-end journeys in headless Chromium"
node --test --test-concurrency=1 tests/e2e/
