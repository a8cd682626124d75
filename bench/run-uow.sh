#!/usr/bin/env bash
# bench/run-uow.sh - write transactions per second (the unit of work): one transaction of 172
# prepared statements over two related tables, through ormgate in flush mode auto and in flush
# mode always, beside the same statements run directly on SQLite by a small C program.
#
#   1. builds ormgate (`make build` at the repo root; if that fails, e.g. because a source file
#      is half-edited, the existing build/ormgate is used with a warning) and bench/uowtx.c;
#   2. writes ormgate's own config and work directory ($BENCH_DIR/og: 127.0.0.1:$PORT, trust,
#      workers = number of cores, no config for databases: data/<db>.sqlite3);
#   3. RUNS rounds; in each, for each number of clients in $CLIENTS, three measurements, each on
#      a new, empty database:
#        auto:   start ormgate, create the tables THROUGH ormgate with psql
#                  author (id serial PRIMARY KEY, name text NOT NULL, score int NOT NULL DEFAULT 0)
#                  book (id serial PRIMARY KEY, author_id int NOT NULL REFERENCES author
#                        ON DELETE CASCADE, title text NOT NULL)
#                uowtx --pg ($CLIENTS libpq connections, PQprepare once per statement,
#                PQexecPrepared; WARMUP s, then SECS s measured), stop ormgate (only the PID
#                started here);
#        always: the same with `SET ormgate.flush_mode = always` on each connection (uowtx -f);
#        sqlite: uowtx --sqlite on its own file ($BENCH_DIR/direct.sqlite3, created by uowtx with
#                the equivalent SQLite DDL: INTEGER PRIMARY KEY AUTOINCREMENT, foreign key with
#                ON DELETE CASCADE; WAL, foreign_keys = ON, BEGIN IMMEDIATE ... COMMIT);
#   4. prints each measurement and the medians: transactions/s, statements/s (x 172), latency of
#      one transaction, CPU per transaction, ratios, and the backend round trips of one
#      transaction in each flush mode (SHOW ormgate.stats before and after one transaction).
#
# The transaction (bench/uowtx.c): BEGIN; 50 x (INSERT INTO author (name) VALUES ($1) RETURNING
# id; INSERT INTO book (author_id, title) VALUES ($1, $2) RETURNING id); 50 x UPDATE author SET
# score = score + $1 WHERE id = $2; 20 x DELETE FROM book WHERE id = $1; COMMIT.
#
# Client and server share the machine's cores: the uowtx threads, ormgate's workers and its
# SQLite pool threads all run on the same CPUs. With several clients on one database, SQLite
# lets one transaction write at a time (ormgate and the direct program alike): that is the
# backend's nature and is measured as it is.
#
# Usage: bash bench/run-uow.sh               (from anywhere; Debian 12)
# Env:   CLIENTS="1 4" SECS=10 WARMUP=2 RUNS=3 PORT=16700
#        BENCH_DIR=/tmp/ormgate-uowbench  OG_BIN=(unset: make build, then build/ormgate)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
CLIENTS=${CLIENTS:-1 4}
SECS=${SECS:-10}
WARMUP=${WARMUP:-2}
RUNS=${RUNS:-3}
PORT=${PORT:-16700}
W=$(realpath -m "${BENCH_DIR:-/tmp/ormgate-uowbench}")
DBUSER=bench
DBNAME=bench
STMTS=172 # statements per transaction: BEGIN + 100 INSERT + 50 UPDATE + 20 DELETE + COMMIT
MODES=(auto always sqlite)

T_START=$(date +%s)
say() { echo "run-uow [+$(($(date +%s) - T_START))s]: $*" >&2; }
die() { echo "run-uow: ERROR: $*" >&2; exit 1; }
for c in $CLIENTS; do [[ $c =~ ^[1-9][0-9]*$ ]] || die "CLIENTS must be numbers (CLIENTS=\"1 4\")"; done

# ---- packages -----------------------------------------------------------------------------
BENCH_CLIENT=uowtx
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
UT=$CLIENT
SQ_FILE=$W/direct.sqlite3

# a new, empty database served by a new ormgate: the tables created through it
fresh_ormgate() {
  rm -rf "$OG_DIR/data"
  start_ormgate
  "${PSQL[@]}" >"$W/schema.log" 2>&1 <<SQL || { cat "$W/schema.log" >&2; die "creating the tables through ormgate failed"; }
CREATE TABLE author (id serial PRIMARY KEY, name text NOT NULL, score int NOT NULL DEFAULT 0);
CREATE TABLE book (id serial PRIMARY KEY, author_id int NOT NULL REFERENCES author ON DELETE CASCADE, title text NOT NULL);
SQL
}

# ---- rounds -----------------------------------------------------------------------------------
HZ=$(getconf CLK_TCK)
kv() { tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1==k{print $2}'; }
declare -A OUT=() SRV_CPU=()
say "ormgate: $OG_DESC; $(nproc) workers on 127.0.0.1:$PORT; clients: $CLIENTS; $RUNS rounds of ${WARMUP}s + ${SECS}s"
for ((r = 1; r <= RUNS; r++)); do
  for c in $CLIENTS; do
    for m in "${MODES[@]}"; do
      key="$r,$c,$m" log="$W/$m-c$c-$r"
      if [ "$m" = sqlite ]; then
        rm -f "$SQ_FILE" "$SQ_FILE-wal" "$SQ_FILE-shm"
        args=(--sqlite "$SQ_FILE")
      else
        fresh_ormgate
        args=(-f "$m" --pg "$CONNINFO")
      fi
      "$UT" -c "$c" -T "$WARMUP" "${args[@]}" >"$log.warmup.out" 2>"$log.err" ||
        say "round $r, $c clients, $m: warm-up: errors: $(head -3 "$log.err" | tr '\n' ' ' | cut -c1-400)"
      [ -n "$OG_PID" ] && c0=$(cpu_ticks "$OG_PID")
      out=$("$UT" -c "$c" -T "$SECS" "${args[@]}" 2>>"$log.err") ||
        say "round $r, $c clients, $m: errors: $(head -5 "$log.err" | tr '\n' ' ' | cut -c1-600)"
      if [ -n "$OG_PID" ]; then
        c1=$(cpu_ticks "$OG_PID")
        SRV_CPU[$key]=$(awk -v t=$((c1 - c0)) -v hz="$HZ" 'BEGIN{printf "%.2f", t / hz}')
        alive "$OG_PID" || say "round $r: ormgate died (see $OG_DIR/ormgate.log)"
        stop_ormgate
      else
        SRV_CPU[$key]=0
      fi
      OUT[$key]=$out
      say "round $r, $c clients, $m: $out server_cpu_s=${SRV_CPU[$key]}"
    done
  done
done
rm -f "$SQ_FILE" "$SQ_FILE-wal" "$SQ_FILE-shm"
rm -rf "$OG_DIR/data"

# ---- report -----------------------------------------------------------------------------------
median() { # median [FORMAT] < numbers
  sort -g | awk -v f="${1:-%.0f}" '{v[NR] = $1}
    END{ if (NR) printf f "\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# CPU microseconds per transaction: server (ormgate) + client (uowtx)
us_tx() { awk -v s="$2" -v c="$(kv "$1" cpu_s)" -v n="$(kv "$1" tx)" 'BEGIN{ if (n > 0) printf "%.0f", (s + c) * 1e6 / n; else print "-" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0 && a != "") printf "%.3f", a / b; else print "-" }'; }
label() { case $1 in auto) echo "ormgate auto" ;; always) echo "ormgate always" ;; *) echo "SQLite direct" ;; esac; }
{
  echo
  echo "Unit of work: transactions of $STMTS prepared statements (BEGIN; 50 x INSERT author RETURNING id +"
  echo "INSERT book RETURNING id; 50 x UPDATE author by id; 20 x DELETE book by id; COMMIT), ${SECS}s per"
  echo "measurement after ${WARMUP}s warm-up, $RUNS runs, each on an empty database; $(nproc) cores shared by client and server"
  echo "ormgate: $OG_DESC"
  printf '%-4s %-3s %-15s %9s %10s %8s %8s %10s %12s %8s %-6s %s\n' run cl mode "tx/s" "stmts/s" "p50 ms" "p99 ms" \
    "CPU us/tx" "(srv+cli)" errors check "tx/thread min-max"
  for ((r = 1; r <= RUNS; r++)); do
    for c in $CLIENTS; do
      for m in "${MODES[@]}"; do
        o=${OUT[$r,$c,$m]} s=${SRV_CPU[$r,$c,$m]}
        printf '%-4s %-3s %-15s %9s %10s %8s %8s %10s %12s %8s %-6s %s\n' "$r" "$c" "$(label "$m")" \
          "$(kv "$o" rate)" "$(kv "$o" stmt_rate)" "$(kv "$o" p50_ms)" "$(kv "$o" p99_ms)" "$(us_tx "$o" "$s")" \
          "($(awk -v s="$s" -v n="$(kv "$o" tx)" 'BEGIN{ if (n > 0) printf "%.0f", s * 1e6 / n; else printf "-" }')+$(
            awk -v c="$(kv "$o" cpu_s)" -v n="$(kv "$o" tx)" 'BEGIN{ if (n > 0) printf "%.0f", c * 1e6 / n; else printf "-" }'))" \
          "$(kv "$o" errors)" "$(kv "$o" check)" "$(kv "$o" thread_tx_min)-$(kv "$o" thread_tx_max)"
      done
    done
  done
  echo
  echo "Medians over the $RUNS runs:"
  printf '%-3s %-15s %9s %10s %8s %8s %10s %10s %10s\n' cl mode "tx/s" "stmts/s" "p50 ms" "p99 ms" "CPU us/tx" \
    "vs SQLite" "vs always"
  for c in $CLIENTS; do
    declare -A MED=()
    for m in "${MODES[@]}"; do
      MED[$m]=$(for ((r = 1; r <= RUNS; r++)); do kv "${OUT[$r,$c,$m]}" rate; done | median %.1f)
    done
    for m in "${MODES[@]}"; do
      p50=$(for ((r = 1; r <= RUNS; r++)); do kv "${OUT[$r,$c,$m]}" p50_ms; done | median %.2f)
      p99=$(for ((r = 1; r <= RUNS; r++)); do kv "${OUT[$r,$c,$m]}" p99_ms; done | median %.2f)
      cpu=$(for ((r = 1; r <= RUNS; r++)); do us_tx "${OUT[$r,$c,$m]}" "${SRV_CPU[$r,$c,$m]}"; echo; done | { grep -v '^-\?$' || true; } | median %.0f)
      vs_always=-
      [ "$m" = auto ] && vs_always="$(ratio "${MED[auto]}" "${MED[always]}")x"
      printf '%-3s %-15s %9s %10s %8s %8s %10s %10s %10s\n' "$c" "$(label "$m")" "${MED[$m]:--}" \
        "$(awk -v t="${MED[$m]:-0}" -v k=$STMTS 'BEGIN{printf "%.0f", t * k}')" "${p50:--}" "${p99:--}" "${cpu:--}" \
        "$(ratio "${MED[$m]}" "${MED[sqlite]}")" "$vs_always"
    done
    unset MED
  done
  echo
  echo "Backend round trips per transaction (SHOW ormgate.stats; one: thread 0's second transaction, before the run;"
  echo "run: all connections' counters over the measured run / committed transactions, median of the runs):"
  c1=${CLIENTS%% *}
  for m in auto always; do
    o=${OUT[1,$c1,$m]}
    avg=$(for c in $CLIENTS; do
      printf ', %s cl %s' "$c" "$(for ((r = 1; r <= RUNS; r++)); do kv "${OUT[$r,$c,$m]}" avg_roundtrips; done |
        { grep -v '^-\?$' || true; } | median %.2f)"
    done)
    printf '  flush mode %-6s: one %s (identity map hits %s, flushes %s, rows flushed %s); run%s\n' \
      "$m" "$(kv "$o" tx_roundtrips)" "$(kv "$o" tx_map_hits)" "$(kv "$o" tx_flushes)" "$(kv "$o" tx_flushed)" "${avg#,}"
  done
  echo "cl: clients (one connection / thread each). CPU us/tx: ormgate's CPU (user+sys, from /proc) + uowtx's (getrusage)"
  echo "per committed transaction; SQLite direct: uowtx's own. errors: transactions rolled back after an error (see *.err)."
  echo "check: the tables grew by exactly what the committed transactions wrote. stmts/s = tx/s x $STMTS."
  echo "finished in $(($(date +%s) - T_START)) s; logs in $W"
} | tee "$W/results.txt"
