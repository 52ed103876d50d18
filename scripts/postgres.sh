#!/usr/bin/env bash
# A private PostgreSQL for the adonet membership (docs/cluster.md §1): tests and development clusters start their
# own instance in a directory of their choosing; no system service, nothing assumed on port 5432.
#
# Usage: scripts/postgres.sh start DIR   initdb into DIR/data (first time), start it on a free 127.0.0.1 port with its
#                                        socket in DIR, create the database `garage`, apply
#                                        scripts/sql/postgresql-membership.sql, print the connection string
#        scripts/postgres.sh stop DIR    stop it (pg_ctl stop -m fast, by the pid file in DIR/data)
#        scripts/postgres.sh url DIR     print the connection string of the running instance
#
# The connection string (stdout, one line): Host=127.0.0.1;Port=P;Username=orleans;Database=garage
# Trust authentication on loopback only: this instance is for one machine's tests and development, never production.
# Installs Debian's postgresql when no /usr/lib/postgresql/*/bin/initdb exists (needs root or sudo). As root, the
# server runs as the `postgres` user (initdb refuses root) and DIR is given to it. `start` is idempotent: a running
# instance is left as it is and its connection string printed again; a stopped one restarts on its former port when
# that port is free.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
SCHEMA="$REPO/scripts/sql/postgresql-membership.sql"
USER_NAME=orleans
DATABASE=garage

log() { echo "postgres.sh: $*" >&2; }
die() {
  log "error: $*"
  exit 1
}
usage() {
  sed -n '5,7p' "$0" | sed 's/^# //' >&2
  exit 2
}

[ $# -eq 2 ] || usage
command=$1
DIR=$2
[ -n "$DIR" ] || usage
DIR=$(mkdir -p "$DIR" && cd "$DIR" && pwd) || die "cannot create $2"
DATA="$DIR/data"
PORT_FILE="$DIR/port"

is_root() { [ "$(id -u)" -eq 0 ]; }

bindir() {
  local initdb
  initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$initdb" ] && dirname "$initdb"
}

install_postgresql() {
  local sudo=""
  is_root || sudo="sudo"
  log "no PostgreSQL server found; installing Debian's postgresql"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq || die "apt-get update failed"
  $sudo apt-get install -y -qq postgresql >/dev/null || die "apt-get install postgresql failed"
}

# Runs a server binary as the owner of DIR: `postgres` when we are root, else ourselves.
as_owner() {
  if is_root; then
    (cd "$DIR" && runuser -u postgres -- "$@")
  else
    (cd "$DIR" && "$@")
  fi
}

running() { [ -f "$DATA/postmaster.pid" ] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

connection_string() { echo "Host=127.0.0.1;Port=$(cat "$PORT_FILE");Username=$USER_NAME;Database=$DATABASE"; }

psql_run() { PGOPTIONS="-c client_min_messages=warning" "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(cat "$PORT_FILE")" -U "$USER_NAME" "$@"; }

start() {
  BIN=$(bindir) || true
  if [ -z "$BIN" ]; then
    install_postgresql
    BIN=$(bindir) || die "postgresql is installed but no /usr/lib/postgresql/*/bin/initdb exists"
  fi

  if is_root; then
    id postgres >/dev/null 2>&1 || die "the postgres user does not exist (it comes with Debian's postgresql package)"
    chown postgres: "$DIR"
    chmod 700 "$DIR"
    # The server runs as postgres: every parent of DIR must let it through (a mktemp -d parent is mode 0700).
    runuser -u postgres -- test -x "$DIR" \
      || die "the postgres user cannot reach $DIR: a parent directory is not searchable by others (chmod o+x it, or choose a DIR under /tmp)"
  fi

  if [ ! -f "$DATA/PG_VERSION" ]; then
    log "initdb into $DATA"
    as_owner "$BIN/initdb" -D "$DATA" -U "$USER_NAME" -A trust -E UTF8 --locale=C >"$DIR/initdb.log" 2>&1 \
      || die "initdb failed; see $DIR/initdb.log"
  fi

  if running; then
    [ -f "$PORT_FILE" ] || die "a server runs on $DATA but $PORT_FILE is missing"
    connection_string
    return
  fi

  # A stale pid file (the server was killed) would make pg_ctl refuse to start.
  rm -f "$DATA/postmaster.pid"
  local port attempt
  for attempt in 1 2 3 4 5; do
    if [ -f "$PORT_FILE" ] && port_free "$(cat "$PORT_FILE")"; then
      port=$(cat "$PORT_FILE")
    else
      port=$((20000 + RANDOM % 40000))
      port_free "$port" || continue
    fi

    echo "$port" >"$PORT_FILE"
    if as_owner "$BIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 \
      -o "-p $port -k $DIR -c listen_addresses=127.0.0.1" start >/dev/null; then
      break
    fi

    log "start on port $port failed (attempt $attempt); see $DIR/server.log"
    rm -f "$PORT_FILE"
  done

  running || die "PostgreSQL did not start; see $DIR/server.log"

  if [ "$(psql_run -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != "1" ]; then
    psql_run -d postgres -c "CREATE DATABASE $DATABASE" || die "cannot create database $DATABASE"
  fi

  psql_run -d "$DATABASE" -f "$SCHEMA" >/dev/null || die "applying $SCHEMA failed"
  log "PostgreSQL $(basename "$(dirname "$BIN")") runs on 127.0.0.1:$(cat "$PORT_FILE") (data in $DATA)"
  connection_string
}

stop() {
  BIN=$(bindir) || die "no PostgreSQL server is installed"
  if [ ! -f "$DATA/postmaster.pid" ]; then
    log "nothing runs on $DATA"
    return
  fi

  as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null || die "pg_ctl stop failed for $DATA"
  log "stopped the server on $DATA"
}

url() {
  BIN=$(bindir) || die "no PostgreSQL server is installed"
  running || die "no server runs on $DATA (start it with: scripts/postgres.sh start $DIR)"
  connection_string
}

case "$command" in
  start) start ;;
  stop) stop ;;
  url) url ;;
  *) usage ;;
esac
