#!/usr/bin/env bash
# A development cluster on this machine (DESIGN §8, docs/cluster.md §7): N server processes on 127.0.0.1 forming one
# cluster, its layout applied with the CLI, an admin token and an access key.
#
# Usage: scripts/dev-cluster.sh start N [--base-port P] [--membership adonet|localhost] [--keep-data] [--no-layout]
#        scripts/dev-cluster.sh stop | kill I | restart I | add
#
# Node i (0..N-1) listens on S3 P+10i, silo P+10i+1, web P+10i+2, admin P+10i+3 (P defaults to 3900), in zone
# z1, z2, z3, z1... (round-robin), with its data in $DEV_CLUSTER_DIR/node<i> (default
# ${TMPDIR:-/tmp}/garage-orleans-dev-cluster; wiped at start unless --keep-data).
# Membership: `adonet` (the default for N >= 2, the only multi-process provider until raft lands) starts a private
# PostgreSQL with scripts/postgres.sh in $DEV_CLUSTER_DIR/postgres; `localhost` serves one node only (default for
# N = 1, which applies its own layout). With adonet, `start` waits until every node is live, assigns each one
# (zone, capacity $DEV_CLUSTER_CAPACITY, default 10G) with `garage-orleans layout assign`, sets RF = min(3, N) with
# `layout config -r`, runs `layout apply --version 1`, and waits until every node answers /health/ready.
# `--no-layout` stops after the nodes are live (no layout, not ready, no key: accessKeyId is null): to lay the
# cluster out by hand.
# `start` builds the server and the CLI in Release when their sources changed, creates a key with the CLI, then
# prints one JSON document on stdout (progress goes to stderr), also kept in $DEV_CLUSTER_DIR/cluster.json:
#   {"nodes":[{"s3":URL,"admin":URL,"web":URL,"pid":PID,"zone":Z,"nodeId":HEX,"dataDir":DIR,"metadataDir":DIR},...],
#    "membership":"adonet","adminToken":"...","accessKeyId":"...","secretAccessKey":"..."}
# `stop`      stops what `start` (and `add`) started, by the pids recorded: the nodes (SIGTERM, SIGKILL after
#             30 s), then PostgreSQL (pg_ctl by its pid file, then its pid); data and logs stay.
# `kill I`    SIGKILLs node I (a crash); `restart I` starts node I again on its ports and data (stopping it first
#             if it still runs) and waits for /health/live; `add` starts one more node on the next ports and zone,
#             not in the layout (assign it, then apply), and prints its JSON entry. Both print the node's entry.
# Everything `start` recorded lives in $DEV_CLUSTER_DIR/state.json.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
STATE=${DEV_CLUSTER_DIR:-${TMPDIR:-/tmp}/garage-orleans-dev-cluster}
STATE_FILE="$STATE/state.json"
PG_DIR="$STATE/postgres"
SERVER_DLL="$REPO/src/GarageOrleans.Server/bin/Release/net10.0/garage-orleans-server.dll"
CLI_DLL="$REPO/src/GarageOrleans.Cli/bin/Release/net10.0/garage-orleans.dll"
BUILD_STAMP="$REPO/src/GarageOrleans.Server/bin/Release/.dev-cluster-build"
PY=/usr/bin/python3
CAPACITY=${DEV_CLUSTER_CAPACITY:-10G}
LIVE_TIMEOUT=120
# Membership propagation (a node seeing the others) and the first layout reaching every node take seconds, not minutes.
JOIN_TIMEOUT=60
READY_TIMEOUT=120

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

# state.json access: `state get EXPR` prints a value (Python expression over `s`), `state set EXPR` runs a statement.
state() {
  local mode=$1 expr=$2
  "$PY" - "$STATE_FILE" "$mode" "$expr" <<'EOF'
import json, sys
path, mode, expr = sys.argv[1:4]
with open(path) as f:
    s = json.load(f)
if mode == "get":
    v = eval(expr)
    print(v if isinstance(v, str) else json.dumps(v))
else:
    exec(expr)
    with open(path + ".tmp", "w") as f:
        json.dump(s, f, indent=2)
    import os
    os.replace(path + ".tmp", path)
EOF
}

# The CLI against node I's admin API (node 0 by default) with the cluster's token; the token goes through the
# environment, not the command line that ps shows.
cli_at() {
  local i=$1
  shift
  GARAGEORLEANS_Admin__Token="$TOKEN" dotnet "$CLI_DLL" --admin "http://127.0.0.1:$((BASE + 10 * i + 3))" "$@"
}

node_dir() { echo "$STATE/node$1"; }

zone_of() { echo "z$(($1 % 3 + 1))"; }

# Starts node I in the background on its ports and data, records its pid; does not wait.
launch_node() {
  local i=$1 dir
  dir=$(node_dir "$i")
  local s3=$((BASE + 10 * i)) silo=$((BASE + 10 * i + 1)) web=$((BASE + 10 * i + 2)) admin=$((BASE + 10 * i + 3))
  local zone
  zone=$(zone_of "$i")
  mkdir -p "$dir"
  local membership_args=(--Cluster:Membership="$MEMBERSHIP")
  if [ "$MEMBERSHIP" = adonet ]; then
    membership_args+=(--Cluster:MembershipConnectionString="$CONNECTION_STRING")
  fi
  log "starting node $i: S3 :$s3, silo :$silo, web :$web, admin :$admin, zone $zone, data $dir"
  (
    cd "$dir"
    export GARAGEORLEANS_Admin__Token="$TOKEN"
    exec nohup dotnet "$SERVER_DLL" \
      --Node:MetadataDir="$dir/meta" --Node:DataDir="$dir/blocks" --Node:BindAddress=127.0.0.1 \
      --Node:Zone="$zone" --Node:Capacity="$CAPACITY" --S3:Port="$s3" --Web:Port="$web" --Admin:Port="$admin" \
      --Cluster:SiloPort="$silo" --Cluster:AdvertisedAddress=127.0.0.1 --Cluster:Id="$CLUSTER_ID" \
      --Cluster:ReplicationFactor="$RF" "${membership_args[@]}" \
      >>"$STATE/node$i.log" 2>&1 </dev/null
  ) &
  echo "$!" >"$STATE/node$i.pid"
}

wait_http() {
  local i=$1 path=$2 timeout=$3 pid deadline=$((SECONDS + $3))
  local url="http://127.0.0.1:$((BASE + 10 * i + 3))$path"
  pid=$(cat "$STATE/node$i.pid")
  until curl -sf -o /dev/null --max-time 2 "$url"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 40 "$STATE/node$i.log" >&2
      die "node $i (pid $pid) exited before $url answered; log: $STATE/node$i.log"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 40 "$STATE/node$i.log" >&2
      die "node $i (pid $pid) did not answer $url within ${timeout}s; log: $STATE/node$i.log"
    fi
    sleep 0.2
  done
}

node_id() {
  local file
  file="$(node_dir "$1")/meta/node_id"
  for ((t = 0; t < 100; t++)); do
    [ -s "$file" ] && break
    sleep 0.1
  done
  [ -s "$file" ] || die "node $1 wrote no $file"
  tr -d ' \n' <"$file"
}

# Records node I (pid, ports, zone, id, dirs) in state.json.
record_node() {
  local i=$1 dir
  dir=$(node_dir "$i")
  state set "
i = $i
node = {'index': i, 's3': 'http://127.0.0.1:%d' % ($BASE + 10 * i), 'admin': 'http://127.0.0.1:%d' % ($BASE + 10 * i + 3),
        'web': 'http://127.0.0.1:%d' % ($BASE + 10 * i + 2), 'silo': $BASE + 10 * i + 1,
        'pid': $(cat "$STATE/node$i.pid"), 'zone': '$(zone_of "$i")', 'nodeId': '$(node_id "$i")',
        'dataDir': '$dir/blocks', 'metadataDir': '$dir/meta'}
s['nodes'] = [n for n in s['nodes'] if n['index'] != i] + [node]
s['nodes'].sort(key=lambda n: n['index'])
"
}

# The public JSON entry of node I (DESIGN §8 fields, plus web and metadataDir).
node_entry() {
  state get "{k: v for k, v in next(n for n in s['nodes'] if n['index'] == $1).items() if k not in ('index', 'silo')}"
}

load_state() {
  [ -f "$STATE_FILE" ] || die "no dev cluster state in $STATE (run '$0 start N' first)"
  BASE=$(state get "s['basePort']")
  TOKEN=$(state get "s['adminToken']")
  MEMBERSHIP=$(state get "s['membership']")
  CONNECTION_STRING=$(state get "s.get('membershipConnectionString') or ''")
  CLUSTER_ID=$(state get "s['clusterId']")
  RF=$(state get "s['replicationFactor']")
}

start_postgres() {
  log "starting a private PostgreSQL in $PG_DIR (membership table)"
  CONNECTION_STRING=$("$REPO/scripts/postgres.sh" start "$PG_DIR") || die "scripts/postgres.sh start $PG_DIR failed"
  head -n 1 "$PG_DIR/data/postmaster.pid" >"$STATE/postgres.pid"
}

stop_postgres() {
  [ -d "$PG_DIR/data" ] || return 0
  local pid=""
  [ -f "$STATE/postgres.pid" ] && pid=$(cat "$STATE/postgres.pid")
  if [ -f "$PG_DIR/data/postmaster.pid" ]; then
    "$REPO/scripts/postgres.sh" stop "$PG_DIR" || log "pg_ctl stop failed; stopping PostgreSQL by its pid"
  fi
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q postgres; then
    kill -TERM "$pid"
    for ((t = 0; t < 100; t++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  rm -f "$STATE/postgres.pid"
  log "PostgreSQL stopped"
}

# Waits until node 0 lists every node id given (members not in the layout yet included).
wait_members() {
  local deadline=$((SECONDS + JOIN_TIMEOUT)) status=""
  while :; do
    status=$(cli_at 0 --json status 2>/dev/null || true)
    if [ -n "$status" ] && "$PY" -c '
import json, sys
try:
    listed = {n["id"] for n in json.loads(sys.argv[1])["nodes"] if n.get("isUp")}
except (ValueError, KeyError, TypeError):
    sys.exit(1)
sys.exit(0 if set(sys.argv[2:]) <= listed else 1)' "$status" "$@"; then
      return 0
    fi
    [ "$SECONDS" -lt "$deadline" ] || die "node 0 did not see all $# nodes within ${JOIN_TIMEOUT}s; last status: $status"
    sleep 0.5
  done
}

apply_first_layout() {
  local n=$1 ids=()
  for ((i = 0; i < n; i++)); do ids+=("$(node_id "$i")"); done
  local layout version
  layout=$(cli_at 0 --json layout show) || die "the CLI could not read the layout (garage-orleans layout show)"
  version=$("$PY" -c 'import json,sys; print(json.loads(sys.argv[1])["version"])' "$layout")
  if [ "$version" != 0 ]; then
    log "the cluster already has layout version $version; leaving it as it is"
    return
  fi
  log "waiting until node 0 sees all $n nodes"
  wait_members "${ids[@]}"
  for ((i = 0; i < n; i++)); do
    log "layout assign ${ids[$i]:0:16} -z $(zone_of "$i") -c $CAPACITY"
    cli_at 0 layout assign "${ids[$i]}" -z "$(zone_of "$i")" -c "$CAPACITY" >&2 || die "layout assign of node $i failed"
  done
  log "layout config -r $RF; layout apply --version 1"
  cli_at 0 layout config -r "$RF" >&2 || die "layout config failed"
  cli_at 0 layout apply --version 1 >&2 || die "layout apply failed"
}

stop_node() {
  local pidfile=$1 pid
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
    return 0
  fi
  return 1
}

start() {
  local n="" keep=no membership="" layout=yes
  BASE=3900
  while [ $# -gt 0 ]; do
    case "$1" in
      --base-port) BASE=${2:?--base-port needs a value}; shift 2 ;;
      --membership) membership=${2:?--membership needs a value}; shift 2 ;;
      --keep-data) keep=yes; shift ;;
      --no-layout) layout=no; shift ;;
      -*) usage ;;
      *) [ -z "$n" ] || usage; n=$1; shift ;;
    esac
  done
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || usage
  [[ "$BASE" =~ ^[0-9]+$ ]] || usage
  if [ -z "$membership" ]; then
    if [ "$n" -ge 2 ]; then membership=adonet; else membership=localhost; fi
  fi
  case "$membership" in
    adonet) ;;
    localhost) [ "$n" -eq 1 ] || die "--membership localhost serves a single node; use adonet for $n nodes" ;;
    raft) die "--membership raft is not available yet (docs/cluster.md §1); use adonet" ;;
    *) die "--membership must be adonet or localhost, not '$membership'" ;;
  esac
  MEMBERSHIP=$membership
  RF=$((n < 3 ? n : 3))

  mkdir -p "$STATE"
  for pidfile in "$STATE"/node*.pid; do
    [ -e "$pidfile" ] || continue
    if pid=$(live_pid "$pidfile"); then die "already running (pid $pid, $pidfile): run '$0 stop' first"; fi
    rm -f "$pidfile"
  done
  for ((i = 0; i < n; i++)); do
    for port in $((BASE + 10 * i)) $((BASE + 10 * i + 1)) $((BASE + 10 * i + 2)) $((BASE + 10 * i + 3)); do
      if port_in_use "$port"; then die "port $port on 127.0.0.1 is in use (choose another --base-port)"; fi
    done
  done

  build_if_needed
  if [ "$keep" = yes ] && [ -f "$STATE_FILE" ]; then
    TOKEN=$(state get "s['adminToken']")
    CLUSTER_ID=$(state get "s['clusterId']")
  else
    TOKEN=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
    CLUSTER_ID="dev-$(od -An -tx1 -N4 /dev/urandom | tr -d ' \n')"
  fi
  if [ "$keep" != yes ]; then
    stop_postgres
    rm -rf "$PG_DIR" "$STATE"/node* "$STATE/cluster.json"
  fi

  CONNECTION_STRING=""
  if [ "$MEMBERSHIP" = adonet ]; then start_postgres; fi
  "$PY" - "$STATE_FILE" <<EOF
import json, sys
json.dump({"basePort": $BASE, "membership": "$MEMBERSHIP", "membershipConnectionString": "$CONNECTION_STRING",
           "clusterId": "$CLUSTER_ID", "replicationFactor": $RF, "adminToken": "$TOKEN", "nodes": []},
          open(sys.argv[1], "w"), indent=2)
EOF
  chmod 600 "$STATE_FILE"

  for ((i = 0; i < n; i++)); do launch_node "$i"; done
  for ((i = 0; i < n; i++)); do
    wait_http "$i" /health/live "$LIVE_TIMEOUT"
    record_node "$i"
    log "node $i is live (pid $(cat "$STATE/node$i.pid"), id $(node_id "$i" | cut -c1-16))"
  done

  if [ "$layout" = yes ]; then
    if [ "$MEMBERSHIP" = adonet ]; then apply_first_layout "$n"; fi
    for ((i = 0; i < n; i++)); do wait_http "$i" /health/ready "$READY_TIMEOUT"; done
    log "every node is ready"
  else
    log "--no-layout: the nodes are live but have no layout; lay them out with garage-orleans layout assign/config/apply"
  fi

  if [ "$layout" = yes ]; then
    local key_json
    key_json=$(cli_at 0 key create dev-cluster --json) || die "the CLI could not create the access key"
    state set "
k = json.loads('''$key_json''')
s['accessKeyId'] = k['accessKeyId']
s['secretAccessKey'] = k['secretAccessKey']
"
  fi
  print_cluster >"$STATE/cluster.json"
  chmod 600 "$STATE/cluster.json"
  cat "$STATE/cluster.json"
}

print_cluster() {
  state get "json.dumps({
    'nodes': [{k: v for k, v in n.items() if k not in ('index', 'silo')} for n in s['nodes']],
    'membership': s['membership'],
    'adminToken': s['adminToken'],
    'accessKeyId': s.get('accessKeyId'),
    'secretAccessKey': s.get('secretAccessKey'),
}, indent=2)"
}

stop() {
  local stopped=0
  for pidfile in "$STATE"/node*.pid; do
    [ -e "$pidfile" ] || continue
    if stop_node "$pidfile"; then stopped=$((stopped + 1)); fi
    rm -f "$pidfile"
  done
  stop_postgres
  log "stopped $stopped node(s); data and logs stay in $STATE"
}

node_index() {
  local i=$1
  [[ "$i" =~ ^[0-9]+$ ]] || usage
  [ "$(state get "any(n['index'] == $i for n in s['nodes'])")" = true ] || die "no node $i in this dev cluster"
}

kill_node() {
  load_state
  node_index "$1"
  local pid
  pid=$(live_pid "$STATE/node$1.pid") || die "node $1 is not running"
  kill -KILL "$pid"
  # Return once it is gone, so that what the caller checks next sees a dead node.
  for ((t = 0; t < 100; t++)); do
    [ -d "/proc/$pid" ] && [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ] || break
    sleep 0.05
  done
  log "node $1 (pid $pid) killed with SIGKILL"
}

restart_node() {
  load_state
  node_index "$1"
  stop_node "$STATE/node$1.pid" || true
  for port in $((BASE + 10 * $1)) $((BASE + 10 * $1 + 1)) $((BASE + 10 * $1 + 2)) $((BASE + 10 * $1 + 3)); do
    port_in_use "$port" && die "port $port on 127.0.0.1 is still in use; node $1 cannot restart on it"
  done
  launch_node "$1"
  wait_http "$1" /health/live "$LIVE_TIMEOUT"
  record_node "$1"
  log "node $1 is live again (pid $(cat "$STATE/node$1.pid"))"
  node_entry "$1"
}

add_node() {
  load_state
  local i
  i=$(state get "max(n['index'] for n in s['nodes']) + 1")
  for port in $((BASE + 10 * i)) $((BASE + 10 * i + 1)) $((BASE + 10 * i + 2)) $((BASE + 10 * i + 3)); do
    port_in_use "$port" && die "port $port on 127.0.0.1 is in use; cannot add node $i"
  done
  [ "$MEMBERSHIP" = adonet ] || die "a $MEMBERSHIP cluster has one node; start with --membership adonet to add nodes"
  launch_node "$i"
  wait_http "$i" /health/live "$LIVE_TIMEOUT"
  record_node "$i"
  log "node $i is live (pid $(cat "$STATE/node$i.pid")); it has no role yet: layout assign $(node_id "$i" | cut -c1-16) -z $(zone_of "$i") -c $CAPACITY, then layout apply"
  node_entry "$i"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  kill) [ $# -eq 2 ] || usage; kill_node "$2" ;;
  restart) [ $# -eq 2 ] || usage; restart_node "$2" ;;
  add) [ $# -eq 1 ] || usage; add_node ;;
  *) usage ;;
esac
