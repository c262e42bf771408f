#!/usr/bin/env bash
# Runs every ghz config in this folder with the real ghz (where it is installed), against
# services already running (e.g. `npm run dev`, or a port-forwarded cluster). Override the target
# of all configs with GHZ_HOST=host:port, or per config by editing "host".
# Where ghz cannot be installed, `npm run bench -- ghz` reads the same files with the Node load runner.
set -euo pipefail
cd "$(dirname "$0")"
command -v ghz >/dev/null || { echo "ghz is not installed (https://ghz.sh); use: npm run bench -- ghz" >&2; exit 1; }
for config in *.json; do
  echo "== $config"
  if [ -n "${GHZ_HOST:-}" ]; then ghz --config "$config" "$GHZ_HOST"; else ghz --config "$config"; fi
done
