#!/usr/bin/env bash
# deps.sh MODE: make sure the Debian packages ormgate needs for MODE are installed.
#
#   run    build and run the server
#   test   run + unit, integration and fuzz tests (make check)
#   bench  test + the benchmark tools (pgbench, PgBouncer)
#   lint   run + the formatters and linters (make format / make lint)
#
# Each mode is checked with one dpkg-query call, so this is instant when
# everything is present. Missing packages are installed with apt-get when we
# are root; otherwise the exact command is printed and we exit 1, so that
# `make run` / `make check` never half-start on a machine without the tools.
set -euo pipefail

mode=${1:-run}

run_pkgs=(cmake gcc make pkg-config libevent-dev libssl-dev libpg-query-dev libprotobuf-c-dev
    libinih-dev libsqlite3-dev libpq-dev libmariadb-dev libmongoc-dev)
test_pkgs=(libcmocka-dev clang libclang-rt-14-dev postgresql postgresql-client python3-psycopg
    python3-pytest openssl valgrind)
bench_pkgs=(pgbouncer postgresql-contrib)
lint_pkgs=(clang-format clang-tidy cppcheck)

case "$mode" in
run) pkgs=("${run_pkgs[@]}") ;;
test) pkgs=("${run_pkgs[@]}" "${test_pkgs[@]}") ;;
bench) pkgs=("${run_pkgs[@]}" "${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
lint) pkgs=("${run_pkgs[@]}" "${lint_pkgs[@]}") ;;
*)
    echo "usage: $0 run|test|bench|lint" >&2
    exit 2
    ;;
esac

# dpkg-query prints one "name status" line per known package and complains on
# stderr about packages it has never heard of; both cases count as missing.
installed=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${pkgs[@]}" 2>/dev/null || true)
missing=()
for p in "${pkgs[@]}"; do
    if ! grep -qx "$p installed" <<<"$installed"; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "ormgate: missing Debian packages for '$mode': ${missing[*]}" >&2
    echo "install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
fi

echo "ormgate: installing missing Debian packages for '$mode': ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
