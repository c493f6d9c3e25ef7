#!/usr/bin/env bash
# Builds MinIO from the Go module proxy once, into the servers cache, keyed by its version.
# Idempotent: a cached binary is reused. Cold build takes 10-20 minutes on 2 cores.
set -euo pipefail
source "$(dirname "$0")/common.sh"

# The Go module proxy serves only the last commit of the (now unmaintained) repository, as a pseudo-version;
# the RELEASE.* commits before it answer 403 "not available".
MINIO_VERSION="v0.0.0-20260212201848-7aac2a2c5b7c"
target="$SERVERS_CACHE/minio-$MINIO_VERSION/bin/minio"

if [ -x "$target" ]; then
  echo "$target"
  exit 0
fi
log "building MinIO $MINIO_VERSION from the Go module proxy (first time only; 10-20 minutes)"
tmp="$SERVERS_CACHE/minio-$MINIO_VERSION/bin.partial"
rm -rf "$tmp" && mkdir -p "$tmp"
GOFLAGS="-trimpath -buildvcs=false" GOBIN="$tmp" go install "github.com/minio/minio@$MINIO_VERSION"
mv "$tmp/minio" "$tmp/minio.ok" && mkdir -p "$(dirname "$target")" && mv "$tmp/minio.ok" "$target" && rm -rf "$tmp"
echo "$target"
