#!/usr/bin/env bash
# Builds the pinned k6 (version in load/k6-version) into "$(go env GOPATH)/bin/k6" unless that
# binary already is that version. Used by `make k6` and .ci/run.
#
# Why not `go install go.k6.io/k6/v2@<version>`: the module proxy serves k6's 2.x versions but no
# version list for the /v2 path, and `go install pkg@version` insists on reading that list (to
# look up deprecations) and fails. Building the same module and version from a throw-away main
# module needs no list; the result is the same binary.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version="$(tr -d '[:space:]' < "$here/k6-version")"
bin_dir="$(go env GOPATH)/bin"
target="$bin_dir/k6"

if [ -x "$target" ] && "$target" version 2>/dev/null | grep -q "k6 ${version} "; then
  echo "k6 ${version} already at ${target}"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/go.mod" <<MOD
module openqoe.invalid/k6build

go 1.25

require go.k6.io/k6/v2 ${version}
MOD
echo "building k6 ${version} (a few minutes on 2 cores)…"
mkdir -p "$bin_dir"
(cd "$work" && GOFLAGS=-mod=mod nice -n 19 go build -trimpath -o "$target" go.k6.io/k6/v2)
"$target" version
