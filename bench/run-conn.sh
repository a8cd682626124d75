#!/usr/bin/env bash
# bench/run-conn.sh - connection benchmarks of issue 2: ormgate vs PgBouncer vs PostgreSQL 15.
#
# For each target, in one run and the same way (bench/connbench.c, raw sockets, trust auth):
#   1. memory per idle client connection: the server's memory before and after opening
#      CONNS (1000) idle connections (startup complete, ReadyForQuery received), divided by CONNS.
#      PSS = sum of Pss over /proc/PID/smaps_rollup of the server process and all its children;
#      RSS = sum of VmRSS from /proc/PID/status over the same processes. For the one-process
#      servers (ormgate, PgBouncer) both are the process's own memory. PostgreSQL forks a
#      backend per connection whose RSS counts the shared pages (binary, libraries, shared
#      memory) it maps again, so its RSS sum overstates; its PSS delta is the real added memory.
#   2. connections per second: RATE_THREADS (8) threads, each looping connect + startup until
#      ReadyForQuery + Terminate + close, for RATE_SECS (10) s; latency p50/p99 is connect() to
#      ReadyForQuery.
# Servers: ormgate (build/ormgate, built if missing; workers=0, auth_type=trust),
# PgBouncer 1.18 (pool_mode=transaction, auth_type=trust) in front of PostgreSQL 15, and
# PostgreSQL 15 directly (max_connections=1100, trust). All on 127.0.0.1, started here, stopped
# by PID at exit. Logs and configs stay in $BENCH_DIR.
#
# Usage: bash bench/run-conn.sh            (from the repo root, as root on Debian 12)
# Env:   CONNS=1000 RATE_SECS=10 RATE_THREADS=8 TARGETS="ormgate pgbouncer postgres"
#        BENCH_DIR=/tmp/ormgate-connbench   OG_BIN=build/ormgate (built in its directory if missing)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
CONNS=${CONNS:-1000}
RATE_SECS=${RATE_SECS:-10}
RATE_THREADS=${RATE_THREADS:-8}
TARGETS=${TARGETS:-"ormgate pgbouncer postgres"}
W=$(realpath -m "${BENCH_DIR:-/tmp/ormgate-connbench}")
OG_BIN=${OG_BIN:-build/ormgate}
DBUSER=bench
DBNAME=bench

die() { echo "run-conn: ERROR: $*" >&2; exit 1; }
T_START=$(date +%s)
say() { echo "run-conn [+$(($(date +%s) - T_START))s]: $*" >&2; }

# ---- packages -----------------------------------------------------------------------------
need_pkgs() { # need_pkgs PKG...: install the missing ones (root) or say how
  local installed missing=() p
  installed=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "$@" 2>/dev/null || true)
  for p in "$@"; do grep -qx "$p installed" <<<"$installed" || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    die "missing Debian packages: ${missing[*]} (apt-get install -y ${missing[*]})"
  fi
  say "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >"$W/apt.log" 2>&1 ||
    { DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$W/apt.log" 2>&1 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$W/apt.log" 2>&1; } ||
    { tail -20 "$W/apt.log" >&2; die "apt-get install ${missing[*]} failed"; }
}

mkdir -p "$W"
want=(gcc libc6-dev iproute2 procps)
case " $TARGETS " in *" postgres "*|*" pgbouncer "*) want+=(postgresql postgresql-client) ;; esac
case " $TARGETS " in *" pgbouncer "*) want+=(pgbouncer) ;; esac
case " $TARGETS " in *" ormgate "*)
  [ -x "$OG_BIN" ] || want+=(cmake make pkg-config libevent-dev libssl-dev libpg-query-dev libprotobuf-c-dev
                              libinih-dev libsqlite3-dev libpq-dev libmariadb-dev libmongoc-dev libcmocka-dev) ;;
esac
need_pkgs "${want[@]}"

# ---- run servers as an unprivileged user (PostgreSQL and PgBouncer refuse root) ------------
# setpriv, unlike runuser/su, keeps our RLIMIT_NOFILE (PAM would reset it to 1024).
if [ "$(id -u)" = 0 ]; then
  OSUSER=${PG_OS_USER:-postgres}
  id "$OSUSER" >/dev/null 2>&1 || die "OS user $OSUSER does not exist (it comes with the postgresql package)"
  as() { setpriv --reuid="$OSUSER" --regid="$OSUSER" --init-groups -- "$@"; }
else
  OSUSER=$(id -un)
  as() { "$@"; }
fi
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge $((CONNS + 200)) ] ||
  say "warning: open files limit $(ulimit -n) is below $((CONNS + 200))"

# ---- state and cleanup ----------------------------------------------------------------------
alive() { local st; st=$(awk '/^State:/{print $2}' "/proc/$1/status" 2>/dev/null); [ -n "$st" ] && [ "$st" != Z ]; }
is_prog() { alive "$1" && grep -qa -- "$2" "/proc/$1/cmdline" 2>/dev/null; }
OG_PID='' PGB_PID='' PG_PID='' HOLD_PID='' PGBIN=''
stop_pid() { # stop_pid PID PATTERN SIGNAL: signal PID if it is still that program, wait, then KILL
  local pid=$1 pat=$2 sig=$3
  [ -n "$pid" ] && is_prog "$pid" "$pat" || return 0
  kill "-$sig" "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do alive "$pid" || return 0; sleep 0.1; done
  say "pid $pid ($pat) did not stop on SIG$sig: SIGKILL"; kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  exec 7>&- 2>/dev/null || true
  stop_pid "$HOLD_PID" connbench TERM
  stop_pid "$OG_PID" ormgate INT
  stop_pid "$PGB_PID" pgbouncer TERM
  if [ -n "$PG_PID" ] && is_prog "$PG_PID" postgres; then
    as "$PGBIN/pg_ctl" -D "$W/pg/data" -m fast -w -t 30 -s stop >/dev/null 2>&1 || true
    stop_pid "$PG_PID" postgres INT
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# free_port: a port nothing listens on, below the ephemeral range (the rate test uses that)
PORT_CANDIDATE=$((20000 + RANDOM % 8000))
free_port() { # sets FREE_PORT (not in a subshell, so two calls never return the same port)
  while :; do
    PORT_CANDIDATE=$((PORT_CANDIDATE + 1))
    if [ -z "$(ss -Htan "( sport = :$PORT_CANDIDATE )" 2>/dev/null)" ]; then FREE_PORT=$PORT_CANDIDATE; return; fi
  done
}
wait_port() { # wait_port PORT PID SECONDS
  local i
  for ((i = 0; i < $3 * 10; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    alive "$2" || return 1
    sleep 0.1
  done
  return 1
}

# ---- build ------------------------------------------------------------------------------------
CB=$W/connbench
cc -O2 -Wall -Wextra -Werror -pthread -o "$CB" bench/connbench.c || die "connbench does not build"

OG_STATUS=''
if [[ " $TARGETS " == *" ormgate "* ]] && [ ! -x "$OG_BIN" ]; then
  OG_BUILD=$(dirname "$OG_BIN")
  say "building ormgate (cmake -S . -B $OG_BUILD && cmake --build $OG_BUILD)"
  if ! { cmake -S . -B "$OG_BUILD" && cmake --build "$OG_BUILD" -j"$(nproc)"; } >"$W/ormgate-build.log" 2>&1; then
    OG_STATUS="build failed (see $W/ormgate-build.log)"
    grep -m3 -E 'error' "$W/ormgate-build.log" | sed 's/^/  /' >&2 || true
  fi
  [ -x "$OG_BIN" ] || OG_STATUS=${OG_STATUS:-"no $OG_BIN after the build"}
fi

# ---- servers ----------------------------------------------------------------------------------
start_postgres() {
  PGBIN=/usr/lib/postgresql/15/bin
  [ -x "$PGBIN/initdb" ] || die "PostgreSQL binaries not found"
  free_port; PG_PORT=$FREE_PORT
  mkdir -p "$W/pg/run"
  [ "$(id -u)" = 0 ] && chown "$OSUSER": "$W" "$W/pg" "$W/pg/run"
  if [ -f "$W/pg/data/postmaster.pid" ]; then # a previous run was killed: stop its server if alive
    local old; old=$(head -1 "$W/pg/data/postmaster.pid")
    [[ $old =~ ^[0-9]+$ ]] && stop_pid "$old" postgres INT
    rm -f "$W/pg/data/postmaster.pid"
  fi
  if [ ! -s "$W/pg/data/PG_VERSION" ]; then
    rm -rf "$W/pg/data"
    as "$PGBIN/initdb" -D "$W/pg/data" -U postgres -A trust -E UTF8 --locale=C --no-sync --no-instructions \
      >"$W/pg/initdb.log" 2>&1 || { cat "$W/pg/initdb.log" >&2; die "initdb failed"; }
    echo "include_if_exists = 'postgresql.bench.conf'" | as tee -a "$W/pg/data/postgresql.conf" >/dev/null
  fi
  as tee "$W/pg/data/postgresql.bench.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$W/pg/run'
max_connections = 1100
shared_buffers = 128MB
fsync = off
synchronous_commit = off
full_page_writes = off
log_connections = off
log_disconnections = off
EOF
  as tee "$W/pg/data/pg_hba.conf" >/dev/null <<EOF
local all all              trust
host  all all 127.0.0.1/32 trust
EOF
  as "$PGBIN/pg_ctl" -D "$W/pg/data" -l "$W/pg/postgres.log" -w -t 60 -s start >/dev/null 2>&1 ||
    { tail -20 "$W/pg/postgres.log" >&2; die "PostgreSQL did not start"; }
  PG_PID=$(head -1 "$W/pg/data/postmaster.pid")
  "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$W/pg/run" -p "$PG_PORT" -U postgres -d postgres >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DBUSER') THEN CREATE ROLE $DBUSER LOGIN; END IF;
END \$\$;
SELECT 'CREATE DATABASE $DBNAME OWNER $DBUSER' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DBNAME') \gexec
SQL
  say "PostgreSQL $("$PGBIN/postgres" -V | awk '{print $3}') pid $PG_PID on 127.0.0.1:$PG_PORT (max_connections=1100)"
}

start_pgbouncer() {
  free_port; PGB_PORT=$FREE_PORT
  mkdir -p "$W/pgb/run"
  [ "$(id -u)" = 0 ] && chown "$OSUSER": "$W/pgb" "$W/pgb/run"
  printf '"%s" ""\n' "$DBUSER" | as tee "$W/pgb/userlist.txt" >/dev/null
  as tee "$W/pgb/pgbouncer.ini" >/dev/null <<EOF
[databases]
* = host=127.0.0.1 port=$PG_PORT

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PGB_PORT
unix_socket_dir = $W/pgb/run
auth_type = trust
auth_file = $W/pgb/userlist.txt
pool_mode = transaction
max_client_conn = 5000
default_pool_size = 20
log_connections = 0
log_disconnections = 0
logfile = $W/pgb/pgbouncer.log
pidfile = $W/pgb/pgbouncer.pid
EOF
  rm -f "$W/pgb/pgbouncer.pid"
  as pgbouncer -d -q "$W/pgb/pgbouncer.ini" || { tail -20 "$W/pgb/pgbouncer.log" >&2; die "PgBouncer did not start"; }
  for _ in $(seq 1 50); do [ -s "$W/pgb/pgbouncer.pid" ] && break; sleep 0.1; done
  PGB_PID=$(cat "$W/pgb/pgbouncer.pid" 2>/dev/null) || die "PgBouncer wrote no pidfile"
  wait_port "$PGB_PORT" "$PGB_PID" 10 || { tail -20 "$W/pgb/pgbouncer.log" >&2; die "PgBouncer not listening"; }
  say "PgBouncer $(pgbouncer --version | awk 'NR==1{print $2}') pid $PGB_PID on 127.0.0.1:$PGB_PORT -> :$PG_PORT"
}

start_ormgate() {
  free_port; OG_PORT=$FREE_PORT
  mkdir -p "$W/og"
  cat >"$W/og/ormgate.ini" <<EOF
[ormgate]
listen_addr = 127.0.0.1
listen_port = $OG_PORT
unix_socket_dir = $W/og
workers = 0
auth_type = trust
max_client_conn = 5000
log_level = warning
EOF
  local bin; bin=$(realpath "$OG_BIN")
  (cd "$W/og" && exec "$bin" -c "$W/og/ormgate.ini" >"$W/og/ormgate.log" 2>&1 </dev/null) &
  OG_PID=$!
  if ! wait_port "$OG_PORT" "$OG_PID" 10; then
    OG_STATUS="did not start (see $W/og/ormgate.log)"; tail -5 "$W/og/ormgate.log" >&2 || true
    return 1
  fi
  say "ormgate pid $OG_PID on 127.0.0.1:$OG_PORT (workers=0 -> $(nproc) threads)"
}

# ---- measurements ---------------------------------------------------------------------------
children() { ps -o pid= --ppid "$1" 2>/dev/null | tr '\n' ' ' || true; }
# tree_mem PID: "RSS_KiB PSS_KiB NPROC" summed over PID and its direct children (one cat and one
# awk for all of them: a thousand forks would take a minute on a VM with slow page faults)
tree_mem() {
  local p st=() sm=() rss pss
  for p in $1 $(children "$1"); do st+=("/proc/$p/status"); sm+=("/proc/$p/smaps_rollup"); done
  rss=$(cat "${st[@]}" 2>/dev/null | awk '/^VmRSS:/{s += $2; n++} END{print s + 0, n + 0}' || true)
  pss=$(cat "${sm[@]}" 2>/dev/null | awk '/^Pss:/{s += $2} END{print s + 0}' || true)
  echo "${rss% *} $pss ${rss#* }"
}
nchildren() { children "$1" | wc -w; }
# cpu_ticks PID: user+system CPU of PID and of its reaped children (PostgreSQL's exited backends)
cpu_ticks() { awk '{sub(/^.*\) /, ""); print $12 + $13 + $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
listen_overflows() { nstat -az TcpExtListenOverflows 2>/dev/null | awk '/ListenOverflows/{print $2}'; }

RESULTS=()
# measure NAME PORT PID
measure() {
  local name=$1 port=$2 pid=$3 before after out ready t kids0 ov0 ov1 cpu0 cpu1 rc=0
  local cb=("$CB" -q -h 127.0.0.1 -p "$port" -U "$DBUSER" -d "$DBNAME")
  kids0=$(nchildren "$pid")
  # warm-up: lazy initialisation (PgBouncer's first server login, caches) is not per-connection cost
  "${cb[@]}" -j 1 hold 20 </dev/null >"$W/$name-warmup.log" 2>&1 || say "$name: warm-up had errors: $(head -3 "$W/$name-warmup.log")"
  for _ in $(seq 1 50); do [ "$(nchildren "$pid")" -le "$kids0" ] && break; sleep 0.1; done
  sleep 0.5
  before=$(tree_mem "$pid")

  rm -f "$W/hold.fifo"; mkfifo "$W/hold.fifo"
  "${cb[@]}" -j 4 hold "$CONNS" <"$W/hold.fifo" >"$W/$name-hold.out" 2>"$W/$name-hold.err" &
  HOLD_PID=$!
  exec 7>"$W/hold.fifo"
  for ((t = 0; t < 1200; t++)); do
    grep -q '^ready' "$W/$name-hold.out" 2>/dev/null && break
    alive "$HOLD_PID" || break
    sleep 0.1
  done
  ready=$(awk '/^ready/{print $2}' "$W/$name-hold.out" 2>/dev/null)
  ready=${ready:-0}
  sleep 1 # let the server settle (PostgreSQL backends finish their start-up)
  after=$(tree_mem "$pid")
  exec 7>&-
  wait "$HOLD_PID" 2>/dev/null || rc=$?
  HOLD_PID=''
  [ "$rc" = 0 ] || say "$name: hold: $(tr '\n' ' ' <"$W/$name-hold.err" | cut -c1-300)"
  alive "$pid" || say "$name: server process $pid died during the hold test"

  # wait for the closed connections to go away (PostgreSQL backends exit asynchronously)
  for _ in $(seq 1 100); do [ "$(nchildren "$pid")" -le "$kids0" ] && break; sleep 0.1; done
  sleep 0.5

  ov0=$(listen_overflows)
  cpu0=$(cpu_ticks "$pid")
  out=$("${cb[@]}" rate "$RATE_SECS" "$RATE_THREADS" 2>"$W/$name-rate.err") || true
  sleep 0.5 # PostgreSQL: the last backends exit and are reaped
  cpu1=$(cpu_ticks "$pid")
  ov1=$(listen_overflows)
  out="$out cpu_ticks=$((cpu1 - cpu0))"
  echo "$out" >"$W/$name-rate.out"
  if [ -s "$W/$name-rate.err" ]; then say "$name: rate: $(head -5 "$W/$name-rate.err" | tr '\n' ' ' | cut -c1-300)"; fi
  if [ "${ov1:-0}" != "${ov0:-0}" ]; then say "$name: listen queue overflows during the rate test: $((ov1 - ov0))"; fi
  alive "$pid" || say "$name: server process $pid died during the rate test"

  # statement round trips: pgbench running "SELECT 1" (answered by each target; ormgate answers it
  # itself, PgBouncer forwards it to PostgreSQL), simple and extended protocol
  local tps_s tps_e
  tps_s=$(pgbench -n -h 127.0.0.1 -p "$port" -U "$DBUSER" -c 8 -j 2 -T "$PGBENCH_SECS" -M simple -f "$W/select1.sql" \
    "$DBNAME" 2>"$W/$name-pgbench.err" | awk '/^tps/{printf "%.0f", $3}')
  tps_e=$(pgbench -n -h 127.0.0.1 -p "$port" -U "$DBUSER" -c 8 -j 2 -T "$PGBENCH_SECS" -M extended -f "$W/select1.sql" \
    "$DBNAME" 2>>"$W/$name-pgbench.err" | awk '/^tps/{printf "%.0f", $3}')
  out="$out tps_simple=${tps_s:-0} tps_extended=${tps_e:-0}"

  # shellcheck disable=SC2086
  set -- $before $after
  local drss=$(($4 - $1)) dpss=$(($5 - $2))
  local kv; kv=$(tr ' ' '\n' <<<"$out" | grep '=' | tr '\n' ' ')
  RESULTS+=("$name $ready $drss $dpss $2 $5 $3 $6 ${ov0:-0} ${ov1:-0} $kv")
  say "$name: $ready idle conns (opened in $(awk '/^ready/{print $6}' "$W/$name-hold.out") s): RSS $1 -> $4 KiB, PSS $2 -> $5 KiB ($3 -> $6 processes); rate: $out"
}

PGBENCH_SECS=${PGBENCH_SECS:-5}
echo 'SELECT 1;' >"$W/select1.sql"

for t in $TARGETS; do
  case $t in
  ormgate)
    if [ -z "$OG_STATUS" ] && start_ormgate; then
      measure ormgate "$OG_PORT" "$OG_PID"
      if alive "$OG_PID"; then stop_pid "$OG_PID" ormgate INT; else OG_STATUS="crashed (see $W/og/ormgate.log)"; fi
      grep -iE 'error|fatal|assert|sanitizer' "$W/og/ormgate.log" | head -5 | sed 's/^/  ormgate log: /' >&2 || true
    fi
    if [ -n "$OG_STATUS" ]; then say "ormgate: $OG_STATUS"; RESULTS+=("ormgate-skipped"); fi
    ;;
  pgbouncer)
    [ -n "$PG_PID" ] || start_postgres
    start_pgbouncer
    measure pgbouncer "$PGB_PORT" "$PGB_PID"
    stop_pid "$PGB_PID" pgbouncer TERM
    ;;
  postgres)
    [ -n "$PG_PID" ] || start_postgres
    measure postgres "$PG_PORT" "$PG_PID"
    ;;
  *) die "unknown target $t" ;;
  esac
done

# ---- report -----------------------------------------------------------------------------------
HZ=$(getconf CLK_TCK)
kv() { tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1==k{print $2}'; }
{
  echo
  echo "Connection benchmark: $(nproc) cores, $(uname -r), $CONNS idle connections, rate over ${RATE_SECS}s on $RATE_THREADS threads"
  echo "(one anonymous page fault costs $("$CB" faultcost | cut -d= -f2) us here; on bare metal typically well under 1 us)"
  printf '%-10s %13s %13s %8s %7s %7s %11s %7s %8s %8s\n' target "KiB/conn PSS" "KiB/conn RSS" "conn/s" "p50 ms" "p99 ms" \
    "CPU us/conn" errors "mem/PgB" "rate/PgB"
  pgb_mem='' pgb_rate=''
  for r in "${RESULTS[@]}"; do
    # shellcheck disable=SC2086
    set -- $r
    [ "$1" = pgbouncer ] && [ "$2" -gt 0 ] && { pgb_mem=$(awk -v d="$4" -v n="$2" 'BEGIN{printf "%.3f", d/n}'); pgb_rate=$(kv "$r" rate); }
  done
  for r in "${RESULTS[@]}"; do
    # shellcheck disable=SC2086
    set -- $r
    if [ "$1" = ormgate-skipped ]; then
      printf '%-10s %s\n' ormgate "not measured: $OG_STATUS"; continue
    fi
    name=$1 ready=$2 drss=$3 dpss=$4
    [ "$ready" -gt 0 ] || { printf '%-10s %s\n' "$name" "no connection could be opened"; continue; }
    mem=$(awk -v d="$dpss" -v n="$ready" 'BEGIN{printf "%.1f", d/n}')
    memr=$(awk -v d="$drss" -v n="$ready" 'BEGIN{printf "%.1f", d/n}')
    rate=$(kv "$r" rate) p50=$(kv "$r" p50_ms) p99=$(kv "$r" p99_ms) errs=$(kv "$r" errors)
    rm_=$(awk -v a="$dpss" -v n="$ready" -v b="$pgb_mem" 'BEGIN{ if (b > 0) printf "%.2fx", (a/n)/b; else print "-" }')
    rr=$(awk -v a="${rate:-0}" -v b="$pgb_rate" 'BEGIN{ if (b > 0) printf "%.2fx", a/b; else print "-" }')
    cpu=$(awk -v t="$(kv "$r" cpu_ticks)" -v n="$(kv "$r" conns)" -v hz="$HZ" 'BEGIN{ if (n > 0) printf "%.0f", t * 1e6 / hz / n; else print "-" }')
    printf '%-10s %13s %13s %8s %7s %7s %11s %7s %8s %8s\n' "$name" "$mem" "$memr" "${rate:--}" "${p50:--}" "${p99:--}" \
      "$cpu" "${errs:--}" "$rm_" "$rr"
  done
  echo
  echo "pgbench 'SELECT 1', 8 clients, ${PGBENCH_SECS}s each (tps; ratio to PgBouncer):"
  printf '%-10s %12s %8s %12s %8s\n' target simple ratio extended ratio
  pgb_s='' pgb_e=''
  for r in "${RESULTS[@]}"; do
    case $r in pgbouncer*) pgb_s=$(kv "$r" tps_simple) pgb_e=$(kv "$r" tps_extended) ;; esac
  done
  for r in "${RESULTS[@]}"; do
    # shellcheck disable=SC2086
    set -- $r
    [ "$1" = ormgate-skipped ] && continue
    ts=$(kv "$r" tps_simple) te=$(kv "$r" tps_extended)
    printf '%-10s %12s %8s %12s %8s\n' "$1" "${ts:--}" \
      "$(awk -v a="${ts:-0}" -v b="${pgb_s:-0}" 'BEGIN{ if (b > 0) printf "%.2fx", a/b; else print "-" }')" "${te:--}" \
      "$(awk -v a="${te:-0}" -v b="${pgb_e:-0}" 'BEGIN{ if (b > 0) printf "%.2fx", a/b; else print "-" }')"
  done
  echo "PSS: sum of Pss (smaps_rollup) of the server and its children, after minus before, per connection."
  echo "RSS: same with VmRSS (PostgreSQL: counts each backend's shared pages again). Ratios use PSS and conn/s."
  echo "CPU us/conn: the server's user+system CPU (with reaped children) during the rate test / connections."
  echo "finished in $(($(date +%s) - T_START)) s; logs in $W"
} | tee "$W/results.txt"
