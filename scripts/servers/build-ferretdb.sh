#!/usr/bin/env bash
# Builds the project's FerretDB v1 (SQLite backend) launcher once, into the servers cache, keyed by the
# FerretDB version and a hash of the launcher's sources. Idempotent. Cold build takes 4-8 minutes.
set -euo pipefail
source "$(dirname "$0")/common.sh"

src="$(cd "$(dirname "$0")/ferretdb" && pwd)"
version="$(grep -oE 'github.com/FerretDB/FerretDB v[0-9.]+' "$src/go.mod" | head -1 | cut -d' ' -f2)"
key="$(cat "$src/go.mod" "$src/go.sum" "$src/main.go" | sha256sum | cut -c1-12)"
target="$SERVERS_CACHE/ferretdb-$version-$key/bin/ferretdb-sqlite"

if [ -x "$target" ]; then
  echo "$target"
  exit 0
fi
log "building FerretDB $version over SQLite (first time only; 4-8 minutes)"
mkdir -p "$(dirname "$target")"
(cd "$src" && GOFLAGS="-trimpath -buildvcs=false -mod=readonly" go build -o "$target.partial" .)
mv "$target.partial" "$target"
echo "$target"
