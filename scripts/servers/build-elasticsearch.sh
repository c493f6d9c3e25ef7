#!/usr/bin/env bash
# Builds the project's Elasticsearch 8 launcher (scripts/servers/elasticsearch) once, into the servers cache,
# keyed by the ES version and a hash of the launcher's pom and sources, and prints the path of bin/es-node.
# Idempotent: a second run prints the path at once. Maven's output stays in the cache, never in the repository;
# the jars come from Maven Central through ~/.m2. Cold build: about a minute
# (Maven download on the first run, compile, then one start of the node to record a class-data archive).
set -euo pipefail
source "$(dirname "$0")/common.sh"

src="$(cd "$(dirname "$0")/elasticsearch" && pwd)"
version="$(grep -oE '<es.version>[^<]+' "$src/pom.xml" | head -1 | cut -d'>' -f2)"
key="$(cd "$src" && find pom.xml src -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-12)"
home="$SERVERS_CACHE/elasticsearch-$version-$key"
target="$home/bin/es-node"

if [ -x "$target" ]; then
  echo "$target"
  exit 0
fi
log "building the Elasticsearch $version launcher (first time only; about a minute)"
work="$(mktemp -d "$SERVERS_CACHE/.elasticsearch-$version-$key.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp -R "$src/pom.xml" "$src/src" "$work/"
# Maven 3.8 prints colour resets even in batch mode; strip them. All of Maven's output goes to stderr.
mvn -q -B -f "$work/pom.xml" package 2>&1 | sed -e 's/\x1b\[[0-9;]*m//g' -e '/^$/d' >&2
mkdir -p "$work/dist/bin" "$work/dist/lib"
mv "$work"/target/lib/*.jar "$work/dist/lib/"
mv "$work"/target/es-node-*.jar "$work/dist/lib/"
install -m 0755 "$work/src/main/sh/es-node" "$work/dist/bin/es-node"
# A parallel build may have finished first; its result is identical, so keep it.
if mv -T "$work/dist" "$home" 2>/dev/null; then
  # Recorded in place: the archive remembers the jars' absolute paths.
  log "recording the class-data archive (one start and stop of the node)"
  bash "$work/src/main/sh/record-cds-archive" "$home"
elif [ ! -x "$target" ]; then
  log "could not install into $home"
  exit 1
fi
echo "$target"
