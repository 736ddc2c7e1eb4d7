#!/usr/bin/env bash
# Installs Google's structured-data rules (the npm package structured-data-testing-tool, "sdtt") into
# the git-ignored .local/node/, where tests/browser/test_public_site.py looks for it. Run once (CI: in
# .ci/run before `make test`); the browser test skips only its validator step when it is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
SDTT_VERSION=4.5.0
PREFIX=.local/node
if [ -x "$PREFIX/node_modules/.bin/sdtt" ] && grep -q "\"version\": \"$SDTT_VERSION\"" "$PREFIX/node_modules/structured-data-testing-tool/package.json"; then
  exit 0
fi
mkdir -p "$PREFIX"
npm install --prefix "$PREFIX" --no-audit --no-fund --loglevel=error "structured-data-testing-tool@$SDTT_VERSION"
