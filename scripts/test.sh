#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what the tiers need, builds, runs every tier.
# CI (.ci/run) calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
ensure_node_modules
npm test
