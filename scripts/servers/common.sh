# Shared by the server build and start scripts: where built servers are cached (outside the repository,
# keyed by version) and small helpers. Source it; do not run it.
SERVERS_CACHE="${SHEBAO_SERVERS_CACHE:-$HOME/.cache/shebao-archive/servers}"
mkdir -p "$SERVERS_CACHE"

log() { printf '[servers] %s\n' "$*" >&2; }
