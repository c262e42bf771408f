#!/usr/bin/env bash
# Makes a fresh clone ready: system packages (when root), npm dependencies, build-time fixtures.
# Idempotent and quiet; prints details only when a step fails. Called by npm pre-scripts and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
quiet=${1:-}
log=$(mktemp -t superagent-setup.XXXXXX)
trap 'rm -f "$log"' EXIT

step() { # name, command...
  local name=$1; shift
  [ "$quiet" = "--quiet" ] || echo "setup: $name"
  if ! "$@" >>"$log" 2>&1; then
    echo "setup: $name failed:" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
}

apt_packages=(redis-server redis-sentinel redis-tools chromium-headless-shell fonts-liberation)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    step "apt-get install ${missing[*]}" bash -c \
      "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${missing[*]}"
  else
    echo "setup: missing system packages: ${missing[*]} (run as root: apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi

# npm ci only when the lockfile changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci" npm ci --no-audit --no-fund
  touch node_modules/.package-lock.json
fi

# `npx superagent`: npm ci links no workspace's bin (the lockfile does not list them); rebuild does.
if [ ! -e node_modules/.bin/superagent ]; then
  step "link the superagent CLI" npm rebuild --ignore-scripts --no-audit --no-fund @superagent/cli
fi

for hook in scripts/setup.d/*.sh; do
  [ -e "$hook" ] || continue
  step "$(basename "$hook" .sh)" bash "$hook"
done
