#!/usr/bin/env bash
# Chart commands that need no cluster:
#   scripts/helm.sh lint     helm lint --strict helm/superagent with every values file
#   scripts/helm.sh render   regenerate k8s/rendered/{dev,prod}.yaml (generated files: never edit them)
# Installs helm into .tools/ first (scripts/setup.d/helm.sh) and builds the checks package.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
bash scripts/setup.d/helm.sh
tsc -b libs/deploy-checks
exec node libs/deploy-checks/dist/src/cli.js "$@"
