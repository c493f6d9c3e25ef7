#!/usr/bin/env bash
# System packages the tests use, from Debian's apt: poppler-utils (pdftoppm, pdftotext, pdffonts) renders
# and reads back every printed form with a second, independent PDF engine; chromium runs the viewer's
# browser tests (driven by playwright-core, never a downloaded browser) and fonts-wqy-zenhei lets it draw
# Chinese. The production backends' test servers are built from source: Go builds MinIO and FerretDB (an
# older Go from apt fetches the toolchain their go.mod asks for from the Go module proxy), Java 17 and Maven
# build the Elasticsearch launcher. Idempotent: installs only what is missing; needs root (or sudo) only then.
set -euo pipefail
missing=()
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-wqy-zenhei)
command -v go >/dev/null 2>&1 || missing+=(golang-go)
command -v javac >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then as_root=(sudo -n); else
    echo "system-packages: need root to install ${missing[*]} (apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || {
  "${as_root[@]}" apt-get update -q >/dev/null
  "${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}
echo "system-packages: installed ${missing[*]}"
