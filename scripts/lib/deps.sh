# Installs the npm dependencies when they are missing or older than package-lock.json.
ensure_node_modules() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "Node.js 20.19 or later with npm is needed: install it first (https://nodejs.org)." >&2
    exit 2
  fi
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "Installing npm dependencies (npm ci)..."
    npm ci --no-audit --no-fund
  fi
}
