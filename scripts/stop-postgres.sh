#!/usr/bin/env bash
# stop-postgres.sh: stop the PostgreSQL that scripts/start-postgres.sh started in DIR.
#
# Usage: scripts/stop-postgres.sh [DIR]        default DIR=/tmp/ormgate-test/postgres
# Environment:
#   PURGE=1   also delete DIR (data, log, env file) once the server is down
#
# Only the PID recorded in DIR/postgres.pid is signalled, and only when /proc/PID/cmdline shows the
# postgres binary running on DIR/data, so a stale pidfile never stops an unrelated process (nor a
# PostgreSQL that someone else started). Idempotent: when nothing runs it says so and exits 0.
# Stop: pg_ctl stop -m fast as the cluster's OS user, SIGINT (fast shutdown) if pg_ctl fails,
# SIGKILL after 30 s. A killed process stays a zombie for a moment: liveness is read from /proc.
set -uo pipefail

DIR=$(realpath -m "${1:-/tmp/ormgate-test/postgres}")
DATA=$DIR/data
PIDF=$DIR/postgres.pid
RC=0

# alive PID: the process exists and is not a zombie
alive() {
    local st
    st=$(awk '/^State:/{print $2}' "/proc/$1/status" 2>/dev/null)
    [ -n "$st" ] && [ "$st" != Z ]
}
# shellcheck disable=SC1091 # the env file is written by start-postgres.sh
env_get() { (. "$DIR/postgres.env" 2>/dev/null && eval "echo \"\${$1:-}\""); }

pid=$(cat "$PIDF" 2>/dev/null || true)
if [[ ! $pid =~ ^[0-9]+$ ]] || ! alive "$pid"; then
    echo "postgres ($DIR): not running"
    rm -f "$PIDF"
elif ! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "bin/postgres .*-D $DATA\( \|$\)"; then
    echo "postgres ($DIR): pid $pid is not the postgres of $DATA; not touching it" >&2
    rm -f "$PIDF"
    RC=1
else
    T0=$(date +%s%3N)
    bin=$(env_get PGT_BIN)
    osu=$(env_get PGT_OSUSER)
    stopped=0
    if [ -n "$bin" ] && [ -x "$bin/pg_ctl" ]; then
        if [ "$(id -u)" = 0 ] && [ -n "$osu" ] && [ "$osu" != root ]; then
            runuser -u "$osu" -- "$bin/pg_ctl" -D "$DATA" -m fast -w -t 30 -s stop && stopped=1
        else
            "$bin/pg_ctl" -D "$DATA" -m fast -w -t 30 -s stop && stopped=1
        fi
    fi
    [ "$stopped" = 1 ] || kill -INT "$pid" 2>/dev/null # postmaster: SIGINT = fast shutdown
    for _ in $(seq 1 300); do
        alive "$pid" || break
        sleep 0.1
    done
    if alive "$pid"; then
        echo "postgres ($DIR): pid $pid did not exit in 30 s, sending SIGKILL" >&2
        kill -KILL "$pid" 2>/dev/null
        RC=1
    fi
    echo "postgres ($DIR): stopped pid $pid in $(($(date +%s%3N) - T0)) ms"
    rm -f "$PIDF"
fi

if [ "${PURGE:-0}" = 1 ] && [ -d "$DIR" ] && [ "$DIR" != / ]; then
    rm -rf "$DIR" && echo "postgres: removed $DIR"
fi
exit $RC
