# Provisions the real VS Code host the `host` test tier runs in (scripts/host/provision.mjs):
# the Debian packages it needs (Chromium, Kerberos headers; installed only when missing, and only as root),
# then Node 24 and the VS Code server (npm code-server), cached outside the work tree and reused when present.
# Returns non-zero, with the reason printed, when something is missing that it cannot install.
ensure_host() {
  if [ "$(id -u)" = 0 ]; then
    node scripts/host/provision.mjs --system
  else
    node scripts/host/provision.mjs
  fi
}
