#!/usr/bin/env bash
# Refreshes the README's screenshots (images/screenshots/) from the host tier: the packaged .vsix installed in a
# real VS Code, against the local cluster seeded by the real helm. CI does not run this; commit the new PNGs.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent package >/dev/null
node scripts/host/run.mjs --vsix dist/helm-hooks.vsix
mkdir -p images/screenshots
for name in workbench-diagnostic execution-plan release-view-failed-hook hook-logs; do
  cp ".artifacts/host/$name.png" "images/screenshots/$name.png"
done
echo "updated images/screenshots/: $(ls images/screenshots | tr '\n' ' ')"
