#!/usr/bin/env bash
# Installs whatever is missing, builds the release site into dist/ and serves it
# at http://127.0.0.1:8080 (PORT=… to change). The sample workspace loads on the
# first visit.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/scripts/setup.sh"
cd "$root"
echo "==> Building the release site (first build takes a few minutes)"
trunk build --release
port=${PORT:-8080}
echo "==> Serving dist/ at http://127.0.0.1:$port (Ctrl-C to stop)"
exec node "$root/scripts/static-server.mjs" "$root/dist" "$port"
