#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what the tiers need, builds, runs every tier.
# CI (.ci/run) calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
source scripts/lib/host.sh
started=$SECONDS
ensure_node_modules
# A host that cannot be provisioned does not stop the other tiers: the host tier then fails with the reason.
if ! ensure_host; then
  echo "host: provisioning failed (reason above); the host tier will fail" >&2
fi
# The cluster tier's binaries (scripts/cluster/README.md), cached outside the work tree: a cold build takes
# about 6 min on an idle machine, 16 min on a busy one (Go build, niced); instant when cached.
if ! bash scripts/cluster/provision.sh; then
  echo "cluster: provisioning failed (reason above); the cluster tier will fail" >&2
fi
echo "set-up took $((SECONDS - started)) s"
npm test
