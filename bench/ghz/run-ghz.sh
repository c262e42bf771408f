#!/usr/bin/env bash
# Runs every ghz config in this folder with the real ghz (where it is installed), against
# services already running (e.g. `npm run dev`, or a port-forwarded cluster). Override the target
# of all configs with GHZ_HOST=host:port, or per config by editing "host". GenerateTest and RunSpec
# (scribe-generate-test.json, runner-run-spec.json) drive the demo app at its default address: start it
# first with `node demo/dist/src/main.js` (127.0.0.1:4000).
# Where ghz cannot be installed, `npm run bench -- ghz` reads the same files with the Node load runner.
set -euo pipefail
cd "$(dirname "$0")"
command -v ghz >/dev/null || { echo "ghz is not installed (https://ghz.sh); use: npm run bench -- ghz" >&2; exit 1; }
for config in *.json; do
  echo "== $config"
  if [ -n "${GHZ_HOST:-}" ]; then ghz --config "$config" "$GHZ_HOST"; else ghz --config "$config"; fi
done
