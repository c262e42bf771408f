#!/usr/bin/env bash
# Regenerates libs/proto from proto/: ts-proto code (libs/proto/src/gen) and the descriptor set used
# for gRPC reflection (libs/proto/descriptors.binpb). Deterministic: the same protos give the same bytes.
#
#   scripts/proto-gen.sh           lint, then regenerate in place
#   scripts/proto-gen.sh --check   lint, regenerate into a temp dir and fail (exit 1) listing every
#                                  generated file that is stale, missing or extra in the repo
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# Node 24 and buf come from the workspace (see docs/DEVELOPMENT.md); the ts-proto plugin runs on it.
export PATH="$root/node_modules/.bin:$PATH"

mode="write"
case "${1:-}" in
  "") ;;
  --check) mode="check" ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

gen_dir="libs/proto/src/gen"
descriptor="libs/proto/descriptors.binpb"

# generate <base dir>: writes <base>/$gen_dir and <base>/$descriptor.
generate() {
  local base="$1"
  buf generate --template buf.gen.yaml -o "$base"
  # Imports included (the default) so reflection can resolve every type; source info kept so that
  # reflection clients can show the field comments.
  buf build -o "$base/$descriptor"
}

buf lint

if [[ "$mode" == "write" ]]; then
  generate "$root"
  echo "proto-gen: wrote $gen_dir and $descriptor"
  exit 0
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
generate "$tmp"

stale=()
while IFS= read -r rel; do
  if [[ ! -f "$root/$rel" ]]; then
    stale+=("missing: $rel")
  elif ! cmp -s "$tmp/$rel" "$root/$rel"; then
    stale+=("stale:   $rel")
  fi
done < <(cd "$tmp" && { find "$gen_dir" -type f; echo "$descriptor"; } | LC_ALL=C sort)

if [[ -d "$root/$gen_dir" ]]; then
  while IFS= read -r rel; do
    [[ -f "$tmp/$rel" ]] || stale+=("extra:   $rel")
  done < <(find "$gen_dir" -type f | LC_ALL=C sort)
fi

if (( ${#stale[@]} > 0 )); then
  echo "proto:check FAILED: generated code differs from proto/ (run 'npm run proto:gen' and commit):" >&2
  printf '  %s\n' "${stale[@]}" >&2
  exit 1
fi
echo "proto:check OK: $gen_dir and $descriptor match proto/"
