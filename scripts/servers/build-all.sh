#!/usr/bin/env bash
# Builds every test server of the production profile (each once, cached outside the repository, keyed by
# version): FerretDB over SQLite, MinIO, Elasticsearch 8. Prints nothing but progress on stderr.
# GOTOOLCHAIN=auto lets an older Go fetch the toolchain a go.mod asks for from the Go module proxy.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export GOTOOLCHAIN="${GOTOOLCHAIN:-auto}"
for server in ferretdb minio elasticsearch; do
  started=$(date +%s)
  path="$(bash "$here/build-$server.sh")"
  echo "[servers] $server: $path ($(( $(date +%s) - started )) s)" >&2
done
