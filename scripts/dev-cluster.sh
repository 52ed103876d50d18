#!/usr/bin/env bash
# A development cluster on this machine (DESIGN §8): N server processes on 127.0.0.1, an admin token, and an access
# key made with the CLI.
#
# Usage: scripts/dev-cluster.sh start N [--base-port P] [--keep-data]
#        scripts/dev-cluster.sh stop
#
# Node i (0..N-1) listens on S3 P+10i, silo P+10i+1, web P+10i+2, admin P+10i+3 (P defaults to 3900), in zone
# dc<i+1>, with its data in $DEV_CLUSTER_DIR/node<i> (default ${TMPDIR:-/tmp}/garage-orleans-dev-cluster; wiped
# at start unless --keep-data). `start` builds the server and the CLI in Release when their sources changed, then
# prints one JSON document on stdout (progress goes to stderr), also kept in $DEV_CLUSTER_DIR/cluster.json:
#   {"nodes":[{"s3":URL,"admin":URL,"pid":PID,"zone":Z},...],"adminToken":"...","accessKeyId":"...","secretAccessKey":"..."}
# `stop` stops what `start` started, by the pids it recorded (SIGTERM, SIGKILL after 30 s).
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
STATE=${DEV_CLUSTER_DIR:-${TMPDIR:-/tmp}/garage-orleans-dev-cluster}
SERVER_DLL="$REPO/src/GarageOrleans.Server/bin/Release/net10.0/garage-orleans-server.dll"
CLI_DLL="$REPO/src/GarageOrleans.Cli/bin/Release/net10.0/garage-orleans.dll"
BUILD_STAMP="$REPO/src/GarageOrleans.Server/bin/Release/.dev-cluster-build"
PY=/usr/bin/python3
LIVE_TIMEOUT=120

log() { echo "dev-cluster: $*" >&2; }
die() {
  log "$*"
  exit 1
}
usage() {
  sed -n '5,6p' "$0" | sed 's/^# //' >&2
  exit 2
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The pid in FILE if that process is still one of our servers (guards against a recycled pid).
live_pid() {
  local pid
  [ -f "$1" ] || return 1
  pid=$(cat "$1")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q garage-orleans-server && echo "$pid"
}

build_if_needed() {
  local changed=""
  if [ ! -f "$SERVER_DLL" ] || [ ! -f "$CLI_DLL" ] || [ ! -f "$BUILD_STAMP" ]; then
    changed=yes
  else
    changed=$(find "$REPO/src" "$REPO/Directory.Build.props" "$REPO/Directory.Packages.props" \
      \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.json' \) \
      -not -path '*/bin/*' -not -path '*/obj/*' -newer "$BUILD_STAMP" -print -quit)
  fi
  if [ -n "$changed" ]; then
    log "building the server and the CLI (Release)"
    dotnet build "$REPO/src/GarageOrleans.Server" -c Release -nologo -v quiet -clp:NoSummary >&2
    dotnet build "$REPO/src/GarageOrleans.Cli" -c Release -nologo -v quiet -clp:NoSummary >&2
    touch "$BUILD_STAMP"
  fi
}

wait_live() {
  local i=$1 pid=$2 admin=$3 deadline=$((SECONDS + LIVE_TIMEOUT))
  until curl -sf -o /dev/null --max-time 2 "$admin/health/live"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 40 "$STATE/node$i.log" >&2
      die "node $i (pid $pid) exited before $admin/health/live answered; log: $STATE/node$i.log"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 40 "$STATE/node$i.log" >&2
      die "node $i (pid $pid) did not answer $admin/health/live within ${LIVE_TIMEOUT}s; log: $STATE/node$i.log"
    fi
    sleep 0.2
  done
}

start() {
  local n="" base=3900 keep=no
  while [ $# -gt 0 ]; do
    case "$1" in
      --base-port) base=${2:?--base-port needs a value}; shift 2 ;;
      --keep-data) keep=yes; shift ;;
      -*) usage ;;
      *) [ -z "$n" ] || usage; n=$1; shift ;;
    esac
  done
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || usage
  [[ "$base" =~ ^[0-9]+$ ]] || usage
  if [ "$n" -gt 1 ]; then
    die "multi-node membership is not available yet: Cluster:Membership=localhost serves a single node (start 1)"
  fi

  mkdir -p "$STATE"
  for pidfile in "$STATE"/node*.pid; do
    [ -e "$pidfile" ] || continue
    if pid=$(live_pid "$pidfile"); then die "already running (pid $pid, $pidfile): run '$0 stop' first"; fi
    rm -f "$pidfile"
  done
  for ((i = 0; i < n; i++)); do
    for port in $((base + 10 * i)) $((base + 10 * i + 1)) $((base + 10 * i + 2)) $((base + 10 * i + 3)); do
      if port_in_use "$port"; then die "port $port on 127.0.0.1 is in use (choose another --base-port)"; fi
    done
  done

  build_if_needed
  local token
  token=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
  local nodes=()
  for ((i = 0; i < n; i++)); do
    local dir="$STATE/node$i" s3=$((base + 10 * i)) silo=$((base + 10 * i + 1)) web=$((base + 10 * i + 2))
    local admin=$((base + 10 * i + 3)) zone="dc$((i + 1))"
    [ "$keep" = yes ] || rm -rf "$dir"
    mkdir -p "$dir"
    log "starting node $i: S3 :$s3, silo :$silo, web :$web, admin :$admin, zone $zone, data $dir"
    # The token goes through the environment, not the command line that ps shows.
    (
      cd "$dir"
      export GARAGEORLEANS_Admin__Token="$token"
      exec nohup dotnet "$SERVER_DLL" \
        --Node:MetadataDir="$dir/meta" --Node:DataDir="$dir/blocks" --Node:BindAddress=127.0.0.1 \
        --Node:Zone="$zone" --S3:Port="$s3" --Web:Port="$web" --Admin:Port="$admin" --Cluster:SiloPort="$silo" \
        >"$STATE/node$i.log" 2>&1 </dev/null
    ) &
    local pid=$!
    echo "$pid" >"$STATE/node$i.pid"
    wait_live "$i" "$pid" "http://127.0.0.1:$admin"
    log "node $i is live (pid $pid)"
    nodes+=("http://127.0.0.1:$s3" "http://127.0.0.1:$admin" "$pid" "$zone")
  done

  local key_json
  key_json=$(dotnet "$CLI_DLL" --admin "http://127.0.0.1:$((base + 3))" --token "$token" key create dev-cluster --json) ||
    die "the CLI could not create the access key"
  "$PY" - "$token" "$key_json" "${nodes[@]}" >"$STATE/cluster.json" <<'EOF'
import json
import sys

token, key_json, *flat = sys.argv[1:]
key = json.loads(key_json)
nodes = [
    {"s3": flat[i], "admin": flat[i + 1], "pid": int(flat[i + 2]), "zone": flat[i + 3]}
    for i in range(0, len(flat), 4)
]
print(json.dumps({
    "nodes": nodes,
    "adminToken": token,
    "accessKeyId": key["accessKeyId"],
    "secretAccessKey": key["secretAccessKey"],
}, indent=2))
EOF
  cat "$STATE/cluster.json"
}

stop() {
  local stopped=0
  for pidfile in "$STATE"/node*.pid; do
    [ -e "$pidfile" ] || continue
    local pid
    if pid=$(live_pid "$pidfile"); then
      log "stopping $(basename "$pidfile" .pid) (pid $pid)"
      kill -TERM "$pid"
      for ((t = 0; t < 300; t++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      if kill -0 "$pid" 2>/dev/null; then
        log "pid $pid did not stop within 30 s: SIGKILL"
        kill -KILL "$pid"
      fi
      stopped=$((stopped + 1))
    fi
    rm -f "$pidfile"
  done
  log "stopped $stopped node(s); data and logs stay in $STATE"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  *) usage ;;
esac
