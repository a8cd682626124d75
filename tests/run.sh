#!/usr/bin/env bash
# tests/run.sh: run every ormgate test and print one summary line.
#
# Expects the trees that `make check` builds:
#   build/        release build with the cmocka unit tests
#   build-asan/   the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   build-fuzz/   clang + libFuzzer targets in build-fuzz/fuzz/
#
# Parts, each reported with a PASS/FAIL line:
#   unit         ctest in build/ and in build-asan/
#   integration  pytest tests/integration against build-asan/ormgate (the full
#                suite; ORMGATE_BIN overrides), then the tests marked `smoke`
#                against build/ormgate
#   fuzz         every target in build-fuzz/fuzz/ for FUZZ_SECONDS (default 60)
#                each, seeded from tests/fuzz/corpus/<target>/ when present
#
# Counting: one per ctest test, per pytest case, per fuzz target. A skipped
# pytest case counts as failed unless it is marked expected_skip (its reason
# then starts with "expected-skip:"). The last line is always
#   ormgate-tests: N passed, M failed[, K skipped]
# and the exit status is non-zero when anything failed.
#
# Environment: FUZZ_SECONDS, ORMGATE_BIN, PYTEST_ARGS (extra pytest arguments,
# e.g. "-k cancel"), SKIP_FUZZ=1 / SKIP_UNIT=1 / SKIP_SMOKE=1 to leave parts out
# while developing.
set -uo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
PY=/usr/bin/python3 # Debian's python: it has psycopg and pytest (pyenv's may not)
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
OUT=$ROOT/build/test-results
mkdir -p "$OUT"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

passed=0
failed=0
skipped=0

# report PART OK DETAIL: one PASS/FAIL line per part
report() {
    if [ "$2" = 1 ]; then
        echo "PASS $1 ($3)"
    else
        echo "FAIL $1 ($3)"
    fi
}

# ctest_part NAME DIR: run the unit tests of one build tree and count them
ctest_part() {
    local name=$1 dir=$2 log=$OUT/$1.log
    if [ ! -f "$dir/CTestTestfile.cmake" ]; then
        echo "$dir is not configured (run make check)"
        failed=$((failed + 1))
        report "$name" 0 "no build tree"
        return
    fi
    ctest --test-dir "$dir" --output-on-failure -j "$(nproc)" --timeout 300 2>&1 | tee "$log"
    local rc=${PIPESTATUS[0]}
    # "100% tests passed, 0 tests failed out of 7" (absent when there are no tests)
    local total nfail
    total=$(sed -n 's/.*tests failed out of \([0-9]*\).*/\1/p' "$log" | tail -1)
    nfail=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of.*/\1/p' "$log" | tail -1)
    total=${total:-0}
    nfail=${nfail:-0}
    if [ "$rc" -ne 0 ] && [ "$nfail" -eq 0 ]; then
        nfail=1 # ctest itself failed (or found nothing it could run)
    fi
    passed=$((passed + total - nfail))
    failed=$((failed + nfail))
    report "$name" "$([ "$rc" -eq 0 ] && echo 1 || echo 0)" "$((total - nfail))/$total passed"
}

# pytest_part NAME BIN [pytest args...]: run the integration suite against BIN and count the cases
pytest_part() {
    local name=$1 bin=$2
    shift 2
    local xml=$OUT/$name.xml
    rm -f "$xml"
    if [ ! -x "$bin" ]; then
        echo "server binary $bin not found"
        failed=$((failed + 1))
        report "$name" 0 "no binary"
        return
    fi
    # shellcheck disable=SC2086
    ORMGATE_BIN=$bin timeout 1800 "$PY" -m pytest tests/integration -p no:cacheprovider -q -rfEs \
        --junitxml="$xml" -o junit_family=xunit2 "$@" ${PYTEST_ARGS:-}
    local rc=$?
    if [ ! -f "$xml" ]; then
        failed=$((failed + 1))
        report "$name" 0 "pytest exited $rc without results"
        return
    fi
    # counts: passed failed skipped-unexpected skipped-expected
    local counts p f s e
    counts=$("$PY" - "$xml" <<'EOF'
import sys, xml.etree.ElementTree as ET
p = f = s = e = 0
for case in ET.parse(sys.argv[1]).getroot().iter("testcase"):
    kids = {c.tag: c for c in case}
    if "failure" in kids or "error" in kids:
        f += 1
    elif "skipped" in kids:
        if kids["skipped"].get("message", "").startswith("expected-skip:"):
            e += 1
        else:
            s += 1
    else:
        p += 1
print(p, f, s, e)
EOF
)
    read -r p f s e <<<"$counts"
    passed=$((passed + p))
    failed=$((failed + f + s))
    skipped=$((skipped + s + e))
    local ok=1
    if [ "$f" -ne 0 ] || [ "$s" -ne 0 ] || { [ "$rc" -ne 0 ] && [ "$rc" -ne 5 ]; }; then
        ok=0
    fi
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && [ "$s" -eq 0 ] && [ "$rc" -ne 5 ]; then
        failed=$((failed + 1)) # pytest failed outside any test case (collection, internal error, timeout)
    fi
    report "$name" "$ok" "$p passed, $f failed, $s unexpected skips, $e expected skips"
}

# fuzz_part: run each libFuzzer target for FUZZ_SECONDS
fuzz_part() {
    local dir=$ROOT/build-fuzz/fuzz
    local targets=()
    if [ -d "$dir" ]; then
        mapfile -t targets < <(find "$dir" -maxdepth 1 -type f -perm -u+x -name 'fuzz_*' | sort)
    fi
    if [ ${#targets[@]} -eq 0 ]; then
        echo "no fuzz targets in $dir"
        failed=$((failed + 1))
        report fuzz 0 "no targets"
        return
    fi
    local t name work seeds rc nok=0
    for t in "${targets[@]}"; do
        name=$(basename "$t")
        work=$ROOT/build-fuzz/run/$name
        rm -rf "$work"
        mkdir -p "$work/corpus" "$work/artifacts"
        seeds=()
        if [ -d "$ROOT/tests/fuzz/corpus/$name" ]; then
            seeds=("$ROOT/tests/fuzz/corpus/$name")
        fi
        # new inputs go to the scratch corpus (first dir), never into the source tree
        "$t" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
            -artifact_prefix="$work/artifacts/" "$work/corpus" "${seeds[@]}" >"$work/fuzz.log" 2>&1
        rc=$?
        if [ "$rc" -eq 0 ]; then
            passed=$((passed + 1))
            nok=$((nok + 1))
            echo "  $name: $(grep -m1 -o 'stat::number_of_executed_units: [0-9]*' "$work/fuzz.log" || echo 'ran') in ${FUZZ_SECONDS}s"
        else
            failed=$((failed + 1))
            echo "  $name: FAILED (exit $rc); artifacts in $work/artifacts; log tail:"
            tail -40 "$work/fuzz.log" | sed 's/^/    /'
        fi
    done
    report fuzz "$([ "$nok" -eq ${#targets[@]} ] && echo 1 || echo 0)" "$nok/${#targets[@]} targets clean"
}

if [ "${SKIP_UNIT:-0}" != 1 ]; then
    echo "== unit tests (build/)"
    ctest_part unit ./build
    echo "== unit tests (build-asan/, ASan + UBSan)"
    ctest_part unit-asan ./build-asan
fi

echo "== integration tests (${ORMGATE_BIN:-build-asan/ormgate})"
pytest_part integration "${ORMGATE_BIN:-$ROOT/build-asan/ormgate}"

if [ "${SKIP_SMOKE:-0}" != 1 ] && [ -z "${ORMGATE_BIN:-}" ]; then
    echo "== integration smoke tests (build/ormgate)"
    pytest_part integration-smoke "$ROOT/build/ormgate" -m smoke
fi

if [ "${SKIP_FUZZ:-0}" != 1 ]; then
    echo "== fuzz targets (${FUZZ_SECONDS}s each)"
    fuzz_part
fi

summary="ormgate-tests: $passed passed, $failed failed"
if [ "$skipped" -ne 0 ]; then
    summary="$summary, $skipped skipped"
fi
echo "$summary"
[ "$failed" -eq 0 ]
