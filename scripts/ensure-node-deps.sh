#!/usr/bin/env bash
# Install the npm packages when they are missing or older than package-lock.json, so that
# `npm start` and `npm test` work from a fresh clone. Everything else is installed from TypeScript.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "==> Installing npm packages (npm ci)…"
  npm ci --no-audit --no-fund
fi
