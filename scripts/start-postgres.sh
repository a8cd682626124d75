#!/usr/bin/env bash
# start-postgres.sh: start a throwaway PostgreSQL 15 for ormgate's tests (idempotent).
#
# Usage: scripts/start-postgres.sh [DIR] [PORT] [USER] [PASSWORD] [DBNAME]
#   defaults: DIR=/tmp/ormgate-test/postgres PORT=15432 USER=ormgate PASSWORD=ormgate DBNAME=ormgate
#
# Environment:
#   PG_AUTH=scram-sha-256|md5   TCP auth method in pg_hba.conf (default scram-sha-256)
#   RESET=1                     stop the cluster in DIR (if it is running) and wipe DIR first
#   PG_OS_USER=postgres         OS user that owns and runs the cluster when invoked as root
#   ENV_FILE=path               also write the env file there (it is always written to DIR/postgres.env)
#
# Layout of DIR:
#   data/          PGDATA (initdb --locale=C -E UTF8: byte-order text collation, as the compat suite expects)
#   run/           unix socket directory (trust for every local user; `postgres` is the superuser)
#   postgres.log   server log
#   postgres.pid   the postmaster's PID, read by scripts/stop-postgres.sh
#   postgres.env   shell variables to source: PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE PG_URL PG_DSN ...
#
# Run again with the same DIR: a running cluster is reused (restarted if PORT changed), the role's
# password and the settings are re-applied. TCP listens on 127.0.0.1 only. fsync is off: the data is
# disposable. The server's TimeZone is UTC whatever the machine's zone is.
#
# Gotchas handled here (from ../shared/recipes/start-postgres.sh): PostgreSQL refuses to run as root,
# so server commands run as PG_OS_USER through runuser; the socket directory is set explicitly (no
# systemd, /var/run/postgresql may not exist); the password is (re)stored with the encryption that
# matches pg_hba (a scram pg_hba rejects an md5-stored password); a killed postmaster stays a zombie
# for a moment, so liveness is read from /proc, not from pg_ctl status; after a kill -9 the old
# backends may still hold shared memory, so the start is retried.
set -euo pipefail

DIR=$(realpath -m "${1:-/tmp/ormgate-test/postgres}")
PORT=${2:-15432}
DBUSER=${3:-ormgate}
DBPASS=${4:-ormgate}
DBNAME=${5:-ormgate}
AUTH=${PG_AUTH:-scram-sha-256}
DATA=$DIR/data
SOCK=$DIR/run
LOG=$DIR/postgres.log

die() {
    echo "start-postgres: ERROR: $*" >&2
    exit 1
}
now_ms() { date +%s%3N; }
T0=$(now_ms)

case "$AUTH" in scram-sha-256 | md5) ;; *) die "PG_AUTH must be scram-sha-256 or md5" ;; esac
[[ $PORT =~ ^[0-9]+$ ]] || die "bad port '$PORT'"
[[ $DBUSER =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "user name must match [A-Za-z_][A-Za-z0-9_]*"
[[ $DBNAME =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "db name must match [A-Za-z_][A-Za-z0-9_]*"
[ "$DIR" != / ] || die "DIR must not be /"

# Prefer PostgreSQL 15 (what the compatibility suite is recorded against), else the newest installed.
if [ -x /usr/lib/postgresql/15/bin/initdb ]; then
    BIN=/usr/lib/postgresql/15/bin
else
    BIN=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -1)
fi
{ [ -n "$BIN" ] && [ -x "$BIN/initdb" ]; } || die "PostgreSQL server binaries not found (apt-get install postgresql; or: bash scripts/deps.sh test)"

# PostgreSQL refuses to run as root: run server-side commands as an unprivileged OS user.
if [ "$(id -u)" = 0 ]; then
    OSUSER=${PG_OS_USER:-postgres}
    id "$OSUSER" >/dev/null 2>&1 || die "OS user '$OSUSER' does not exist (the Debian postgresql package creates 'postgres')"
    as() { runuser -u "$OSUSER" -- "$@"; }
else
    OSUSER=$(id -un)
    as() { "$@"; }
fi

# port_busy PORT: something already accepts TCP connections on 127.0.0.1:PORT
port_busy() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }
# alive PID: the process exists and is not a zombie (an orphan stays a zombie until PID 1 reaps it)
alive() {
    local st
    st=$(awk '/^State:/{print $2}' "/proc/$1/status" 2>/dev/null)
    [ -n "$st" ] && [ "$st" != Z ]
}
# pg_running: the postmaster of DATA is running (pg_ctl status would also count a zombie after kill -9)
pg_running() {
    local pid
    pid=$(head -1 "$DATA/postmaster.pid" 2>/dev/null) || return 1
    [[ $pid =~ ^[0-9]+$ ]] && alive "$pid" && grep -qa 'postgres' "/proc/$pid/cmdline"
}

if [ "${RESET:-0}" = 1 ] && [ -d "$DIR" ]; then
    if pg_running; then as "$BIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null || true; fi
    rm -rf "$DIR"
fi

mkdir -p "$DIR" "$SOCK"
if [ "$(id -u)" = 0 ]; then chown "$OSUSER": "$DIR" "$SOCK"; fi
as test -w "$DIR" || die "$OSUSER cannot write $DIR (is a parent directory not traversable by $OSUSER? use a directory under /tmp)"

# 1. initdb once (a half-made data directory from an interrupted run is wiped).
if [ ! -s "$DATA/PG_VERSION" ]; then
    rm -rf "$DATA"
    as "$BIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C --no-sync --no-instructions >"$DIR/initdb.log" 2>&1 ||
        {
            cat "$DIR/initdb.log" >&2
            die "initdb failed"
        }
    echo "include_if_exists = 'postgresql.test.conf'" | as tee -a "$DATA/postgresql.conf" >/dev/null
fi

# 2. (re)write the settings on every run, so a changed port or auth method takes effect.
as tee "$DATA/postgresql.test.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$SOCK'
fsync = off
synchronous_commit = off
full_page_writes = off
password_encryption = '$AUTH'
max_connections = 200
timezone = 'UTC'
log_timezone = 'UTC'
EOF
as tee "$DATA/pg_hba.conf" >/dev/null <<EOF
# TYPE  DATABASE USER ADDRESS       METHOD
local   all      all                trust
host    all      all  127.0.0.1/32  $AUTH
host    all      all  ::1/128       $AUTH
EOF

# 3. start (or restart when it already runs on another port).
if pg_running; then
    CUR_PORT=$(sed -n 4p "$DATA/postmaster.pid" 2>/dev/null || true)
    if [ "$CUR_PORT" != "$PORT" ]; then
        port_busy "$PORT" && die "port $PORT on 127.0.0.1 is already in use by another process"
        as "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 -s -m fast restart || die "restart failed; see $LOG"
        STATUS=restarted
    else
        as "$BIN/pg_ctl" -D "$DATA" -s reload
        STATUS=already-running
    fi
else
    port_busy "$PORT" && die "port $PORT on 127.0.0.1 is already in use by another process"
    rm -f "$DATA/postmaster.pid" # stale pidfile after a crash or kill -9
    # after a kill -9 of the postmaster its backends may hold the old shared memory for a moment: retry
    for try in 1 2 3 4 5; do
        as "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 -s start >/dev/null 2>&1 && break
        if [ "$try" = 5 ]; then
            tail -20 "$LOG" >&2
            die "pg_ctl start failed"
        fi
        sleep 1
    done
    STATUS=started
fi
for _ in $(seq 1 100); do
    "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" && break
    sleep 0.1
done
"$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" || die "server not accepting TCP connections on 127.0.0.1:$PORT"
T_READY=$(now_ms)

# 4. role and database (idempotent; the password is re-set every run with the current encryption).
#    CREATEDB: the compatibility suite creates one database per scenario.
PWQ=${DBPASS//\'/\'\'}
"$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCK" -p "$PORT" -U postgres -d postgres >/dev/null <<SQL
SET password_encryption = '$AUTH';
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DBUSER') THEN CREATE ROLE "$DBUSER"; END IF;
END \$\$;
ALTER ROLE "$DBUSER" WITH LOGIN CREATEDB PASSWORD '$PWQ';
SELECT 'CREATE DATABASE "$DBNAME" OWNER "$DBUSER"'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DBNAME') \gexec
SQL

# 5. verify password login over TCP.
PGPASSWORD=$DBPASS "$BIN/psql" -X -qAt -h 127.0.0.1 -p "$PORT" -U "$DBUSER" -d "$DBNAME" -c 'select 1' >/dev/null ||
    die "password login over TCP failed"
T_END=$(now_ms)

PID=$(head -1 "$DATA/postmaster.pid")
echo "$PID" >"$DIR/postgres.pid"
VERSION=$("$BIN/postgres" --version | awk '{print $3}')
write_env() {
    echo "# written by scripts/start-postgres.sh; source me"
    printf 'PGT_DIR=%q\nPGT_DATA=%q\nPGT_BIN=%q\nPGT_OSUSER=%q\nPGT_SOCKET_DIR=%q\nPGT_PID=%q\nPGT_VERSION=%q\n' \
        "$DIR" "$DATA" "$BIN" "$OSUSER" "$SOCK" "$PID" "$VERSION"
    printf 'PGHOST=127.0.0.1\nPGPORT=%q\nPGUSER=%q\nPGPASSWORD=%q\nPGDATABASE=%q\n' "$PORT" "$DBUSER" "$DBPASS" "$DBNAME"
    printf 'PG_URL=%q\n' "postgresql://$DBUSER:$DBPASS@127.0.0.1:$PORT/$DBNAME"
    printf 'PG_DSN=%q\n' "host=127.0.0.1 port=$PORT user=$DBUSER password=$DBPASS dbname=$DBNAME"
    echo "export PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE"
}
write_env >"$DIR/postgres.env"
if [ -n "${ENV_FILE:-}" ]; then
    mkdir -p "$(dirname "$ENV_FILE")"
    write_env >"$ENV_FILE"
fi

echo "postgres $VERSION: $STATUS pid=$PID port=$PORT auth=$AUTH dir=$DIR"
echo "  ready after $((T_READY - T0)) ms, role/db ready after $((T_END - T0)) ms"
echo "  connect: PGPASSWORD='$DBPASS' psql -h 127.0.0.1 -p $PORT -U $DBUSER $DBNAME"
echo "  libpq:   host=127.0.0.1 port=$PORT user=$DBUSER password=$DBPASS dbname=$DBNAME"
echo "  admin:   psql -h $SOCK -p $PORT -U postgres postgres   (unix socket, trust)"
echo "  env:     . $DIR/postgres.env"
echo "  stop:    scripts/stop-postgres.sh $DIR"
