# bench/lib.sh - what the benchmark scripts share, sourced by bench/run-*.sh after they set
#   W (work directory), PORT, DBUSER, DBNAME, BENCH_CLIENT (bench/<name>.c, the client program),
#   say() and die():
# it installs missing Debian packages, builds ormgate (make build, or takes OG_BIN) and the
# client into $W ($CLIENT), writes an ormgate config for 127.0.0.1:$PORT into $OG_DIR, and
# defines start_ormgate / stop_ormgate (only the PID started here), cpu_ticks, PSQL and CONNINFO.
# shellcheck shell=bash

need_pkgs() { # need_pkgs PKG...: install the missing ones (root) or say how
  local installed missing=() p
  installed=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "$@" 2>/dev/null || true)
  for p in "$@"; do grep -qx "$p installed" <<<"$installed" || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || die "missing Debian packages: ${missing[*]} (apt-get install -y ${missing[*]})"
  say "installing ${missing[*]}"
  { DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" ||
    { DEBIAN_FRONTEND=noninteractive apt-get update -q &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; }; } \
    >"$W/apt.log" 2>&1 || { tail -20 "$W/apt.log" >&2; die "apt-get install ${missing[*]} failed"; }
}

mkdir -p "$W"
want=(gcc libc6-dev libpq-dev libsqlite3-dev postgresql-client iproute2)
[ -n "${OG_BIN:-}" ] || want+=(cmake make pkg-config libevent-dev libssl-dev libpg-query-dev libprotobuf-c-dev
                               libinih-dev libmariadb-dev libmongoc-dev libcmocka-dev)
need_pkgs "${want[@]}"

# ---- state and cleanup ----------------------------------------------------------------------
alive() { local st; st=$(awk '/^State:/{print $2}' "/proc/$1/status" 2>/dev/null); [ -n "$st" ] && [ "$st" != Z ]; }
OG_PID=''
stop_ormgate() { # SIGINT (closes every session, exits 0) to the PID started here, then wait
  local pid=$OG_PID
  OG_PID=''
  [ -n "$pid" ] && alive "$pid" && grep -qa -- ormgate "/proc/$pid/cmdline" 2>/dev/null || return 0
  kill -INT "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do alive "$pid" || { wait "$pid" 2>/dev/null || true; return 0; }; sleep 0.1; done
  say "ormgate pid $pid did not stop on SIGINT: SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
trap stop_ormgate EXIT
trap 'exit 130' INT TERM

# ---- build ------------------------------------------------------------------------------------
if [ -n "${OG_BIN:-}" ]; then
  [ -x "$OG_BIN" ] || die "OG_BIN=$OG_BIN is not an executable"
  OG_DESC="$(realpath "$OG_BIN") of $(date -r "$OG_BIN" '+%F %T')"
else
  OG_BIN=build/ormgate
  say "building ormgate (make build, log in $W/build.log)"
  if ! make build >"$W/build.log" 2>&1; then
    [ -x "$OG_BIN" ] || { grep -m5 -E 'error' "$W/build.log" >&2 || true; die "make build failed (see $W/build.log)"; }
    say "WARNING: make build failed (see $W/build.log); using the existing $OG_BIN of $(date -r "$OG_BIN" '+%F %T')"
    grep -m3 -E 'error' "$W/build.log" | sed 's/^/  /' >&2 || true
  fi
  OG_DESC="build/ormgate of $(date -r "$OG_BIN" '+%F %T'), tree at $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(
    git diff --quiet HEAD 2>/dev/null || echo ' + uncommitted changes')"
fi
# a private copy: a rebuild of build/ during the run must not change the binary under test
cp "$OG_BIN" "$W/ormgate"
OG_BIN=$W/ormgate
CLIENT=$W/$BENCH_CLIENT
cc -O2 -Wall -Wextra -Werror -pthread -I"$(pg_config --includedir)" -o "$CLIENT" "bench/$BENCH_CLIENT.c" -lpq -lsqlite3 ||
  die "bench/$BENCH_CLIENT.c does not build"

# ---- ormgate ----------------------------------------------------------------------------------
[ -z "$(ss -Htln "( sport = :$PORT )" 2>/dev/null)" ] || die "port $PORT is in use (set PORT=...)"
OG_DIR=$W/og
rm -rf "$OG_DIR"
mkdir -p "$OG_DIR"
cat >"$OG_DIR/ormgate.ini" <<EOF
[ormgate]
listen_addr = 127.0.0.1
listen_port = $PORT
unix_socket_dir =
workers = $(nproc)
auth_type = trust
log_level = warning

[databases]
* = driver=sqlite dsn=data/%d.sqlite3
EOF

start_ormgate() {
  (cd "$OG_DIR" && exec "$OG_BIN" -c "$OG_DIR/ormgate.ini" >>"$OG_DIR/ormgate.log" 2>&1 </dev/null) &
  OG_PID=$!
  local i
  for ((i = 0; i < 100; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && return 0
    alive "$OG_PID" || break
    sleep 0.1
  done
  tail -5 "$OG_DIR/ormgate.log" >&2 || true
  die "ormgate did not start (see $OG_DIR/ormgate.log)"
}
cpu_ticks() { awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$1/stat" 2>/dev/null || echo 0; }
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U "$DBUSER" -d "$DBNAME")
CONNINFO="host=127.0.0.1 port=$PORT user=$DBUSER dbname=$DBNAME"

