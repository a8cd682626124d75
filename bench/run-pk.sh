#!/usr/bin/env bash
# bench/run-pk.sh - primary-key lookups per second: through ormgate (prepared statement,
# 8 clients) beside the same lookups done directly on the SQLite file by a small C program.
#
#   1. builds ormgate (`make build` at the repo root; if that fails, e.g. because a source file
#      is half-edited, the existing build/ormgate is used with a warning) and bench/pklookup.c;
#   2. starts ormgate with its own config and work directory ($BENCH_DIR/og: 127.0.0.1:$PORT,
#      trust, workers = number of cores, no config for databases: data/<db>.sqlite3);
#   3. loads the table THROUGH ormgate with psql, so the SQLite file has ormgate's storage
#      encoding: CREATE TABLE item (id int PRIMARY KEY, name text NOT NULL,
#      price numeric(10,2), created_at timestamptz), $ROWS rows from generate_series;
#   4. RUNS rounds of: start ormgate, pklookup --pg ($CLIENTS libpq connections, PQprepare once,
#      PQexecPrepared with a random id per lookup, SECS s after a WARMUP s warm-up), stop ormgate
#      (only the PID started here), pklookup --sqlite on data/bench.sqlite3 ($CLIENTS threads,
#      one sqlite3 connection each, WAL, the same SELECT prepared once);
#   5. prints each round and the medians: lookups/s through ormgate, directly on SQLite, ratio.
#
# Client and server share the machine's cores: the pklookup threads, ormgate's workers and its
# SQLite pool threads all run on the same CPUs (the script prints the CPU each side used).
#
# Usage: bash bench/run-pk.sh                (from anywhere; Debian 12)
# Env:   CLIENTS=8 SECS=10 WARMUP=2 ROWS=100000 RUNS=3 PORT=16600
#        BENCH_DIR=/tmp/ormgate-pkbench  OG_BIN=(unset: make build, then build/ormgate)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
CLIENTS=${CLIENTS:-8}
SECS=${SECS:-10}
WARMUP=${WARMUP:-2}
ROWS=${ROWS:-100000}
RUNS=${RUNS:-3}
PORT=${PORT:-16600}
W=$(realpath -m "${BENCH_DIR:-/tmp/ormgate-pkbench}")
DBUSER=bench
DBNAME=bench

T_START=$(date +%s)
say() { echo "run-pk [+$(($(date +%s) - T_START))s]: $*" >&2; }
die() { echo "run-pk: ERROR: $*" >&2; exit 1; }

# ---- packages -----------------------------------------------------------------------------
BENCH_CLIENT=pklookup
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
PK=$CLIENT
DB_FILE=$OG_DIR/data/$DBNAME.sqlite3

# ---- load -------------------------------------------------------------------------------------
start_ormgate
say "ormgate pid $OG_PID on 127.0.0.1:$PORT ($(nproc) workers), loading $ROWS rows through it"
t0=$(date +%s.%N)
"${PSQL[@]}" >"$W/load.log" 2>&1 <<SQL || { cat "$W/load.log" >&2; die "loading through ormgate failed"; }
CREATE TABLE item (id int PRIMARY KEY, name text NOT NULL, price numeric(10,2), created_at timestamptz);
INSERT INTO item
  SELECT g, 'item ' || g, round((g % 10000) / 100.0, 2),
         timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute'
  FROM generate_series(1, $ROWS) AS g;
SQL
t1=$(date +%s.%N)
check=$("${PSQL[@]}" -At -c "SELECT count(*), min(id), max(id) FROM item")
[ "$check" = "$ROWS|1|$ROWS" ] || die "after the load: count|min|max = $check, expected $ROWS|1|$ROWS"
sample=$("${PSQL[@]}" -At -c "SELECT * FROM item WHERE id = 4242")
say "loaded in $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b - a}') s; row 4242: $sample"
stop_ormgate

# ---- rounds -----------------------------------------------------------------------------------
HZ=$(getconf CLK_TCK)
kv() { tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1==k{print $2}'; }
PG_OUT=() SQ_OUT=() OG_CPU=()
for ((r = 1; r <= RUNS; r++)); do
  start_ormgate
  "$PK" -c "$CLIENTS" -T "$WARMUP" -n "$ROWS" -s "$r" --pg "$CONNINFO" >"$W/pg-warmup-$r.out" 2>"$W/pg-$r.err" ||
    say "round $r: warm-up through ormgate: $(head -3 "$W/pg-$r.err" | tr '\n' ' ')"
  c0=$(cpu_ticks "$OG_PID")
  out=$("$PK" -c "$CLIENTS" -T "$SECS" -n "$ROWS" -s "$((r + 100))" --pg "$CONNINFO" 2>>"$W/pg-$r.err") ||
    say "round $r: through ormgate: errors: $(head -5 "$W/pg-$r.err" | tr '\n' ' ' | cut -c1-400)"
  c1=$(cpu_ticks "$OG_PID")
  alive "$OG_PID" || say "round $r: ormgate died (see $OG_DIR/ormgate.log)"
  stop_ormgate
  PG_OUT+=("$out")
  OG_CPU+=("$(awk -v t=$((c1 - c0)) -v hz="$HZ" 'BEGIN{printf "%.2f", t / hz}')")
  say "round $r ormgate: $out server_cpu_s=${OG_CPU[-1]}"

  "$PK" -c "$CLIENTS" -T "$WARMUP" -n "$ROWS" -s "$r" --sqlite "$DB_FILE" >"$W/sqlite-warmup-$r.out" 2>"$W/sqlite-$r.err" ||
    say "round $r: warm-up on SQLite: $(head -3 "$W/sqlite-$r.err" | tr '\n' ' ')"
  out=$("$PK" -c "$CLIENTS" -T "$SECS" -n "$ROWS" -s "$((r + 100))" --sqlite "$DB_FILE" 2>>"$W/sqlite-$r.err") ||
    say "round $r: directly on SQLite: errors: $(head -5 "$W/sqlite-$r.err" | tr '\n' ' ' | cut -c1-400)"
  SQ_OUT+=("$out")
  say "round $r sqlite:  $out"
done

# ---- report -----------------------------------------------------------------------------------
median() { # median [FORMAT] < numbers
  sort -g | awk -v f="${1:-%.0f}" '{v[NR] = $1}
    END{ if (NR) printf f "\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
col() { local -n arr=$1; local x; for x in "${arr[@]}"; do kv "$x" "$2"; done; }
{
  echo
  echo "Primary-key lookups, $CLIENTS clients, ${SECS}s per run, $RUNS runs, $ROWS rows; $(nproc) cores shared by client and server"
  echo "ormgate: $OG_DESC"
  printf '%-5s %14s %7s %7s %7s %11s %11s %14s %11s %7s\n' run "ormgate lk/s" "p50 ms" "p99 ms" errors "srv us/lk" "cli us/lk" \
    "SQLite lk/s" "us/lk" ratio
  for ((r = 0; r < RUNS; r++)); do
    p=${PG_OUT[r]} s=${SQ_OUT[r]}
    printf '%-5s %14s %7s %7s %7s %11s %11s %14s %11s %7s\n' $((r + 1)) "$(kv "$p" rate)" "$(kv "$p" p50_ms)" \
      "$(kv "$p" p99_ms)" "$(kv "$p" errors)/$(kv "$s" errors)" \
      "$(awk -v c="${OG_CPU[r]}" -v n="$(kv "$p" lookups)" 'BEGIN{ if (n > 0) printf "%.1f", c * 1e6 / n; else print "-" }')" \
      "$(awk -v c="$(kv "$p" cpu_s)" -v n="$(kv "$p" lookups)" 'BEGIN{ if (n > 0) printf "%.1f", c * 1e6 / n; else print "-" }')" \
      "$(kv "$s" rate)" \
      "$(awk -v c="$(kv "$s" cpu_s)" -v n="$(kv "$s" lookups)" 'BEGIN{ if (n > 0) printf "%.2f", c * 1e6 / n; else print "-" }')" \
      "$(awk -v a="$(kv "$p" rate)" -v b="$(kv "$s" rate)" 'BEGIN{ if (b > 0) printf "%.3f", a / b; else print "-" }')"
  done
  pg_med=$(col PG_OUT rate | median) sq_med=$(col SQ_OUT rate | median)
  echo
  printf '%-34s %12s\n' "median lookups/s through ormgate:" "$pg_med" \
    "median lookups/s on SQLite:" "$sq_med"
  printf '%-34s %12s\n' "ratio ormgate / SQLite:" \
    "$(awk -v a="$pg_med" -v b="$sq_med" 'BEGIN{ if (b > 0) printf "%.3f (1/%.0f)", a / b, b / a; else print "-" }')"
  og_cpu=$(for ((r = 0; r < RUNS; r++)); do
    awk -v a="${OG_CPU[r]}" -v b="$(kv "${PG_OUT[r]}" cpu_s)" -v n="$(kv "${PG_OUT[r]}" lookups)" \
      'BEGIN{ if (n > 0) printf "%.1f\n", (a + b) * 1e6 / n }'
  done | median %.1f)
  sq_cpu=$(for ((r = 0; r < RUNS; r++)); do
    awk -v c="$(kv "${SQ_OUT[r]}" cpu_s)" -v n="$(kv "${SQ_OUT[r]}" lookups)" 'BEGIN{ if (n > 0) printf "%.2f\n", c * 1e6 / n }'
  done | median %.2f)
  printf '%-34s %12s\n' "median CPU us/lookup, ormgate:" "${og_cpu:--} (server + client)" \
    "median CPU us/lookup, SQLite:" "${sq_cpu:--}"
  echo "errors column: ormgate/SQLite. srv us/lk: ormgate's CPU (user+sys) per lookup; cli us/lk: pklookup's"
  echo "CPU per lookup through libpq; SQLite us/lk: CPU per lookup of the direct program."
  echo "finished in $(($(date +%s) - T_START)) s; logs in $W"
} | tee "$W/results.txt"
