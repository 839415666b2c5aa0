#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need, builds, runs every test project,
# then runs the engine tests again with AVX2 and with all hardware intrinsics switched off (the scalar paths).
# Usage: scripts/test.sh            (from anywhere; exits non-zero when anything fails)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

log() { printf '\n== %s\n' "$*"; }

log "installing test dependencies"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
    else
        echo "node and npm are needed (for the apache-arrow interop tests) and apt-get is not available" >&2
        exit 1
    fi
fi
# PostgreSQL server binaries: the aggregation bench compares against a server it starts on 127.0.0.1, and the
# production store is PostgreSQL.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    else
        echo "PostgreSQL server binaries are needed and apt-get is not available" >&2
        exit 1
    fi
fi
# The reference Arrow implementation, pinned in tests/interop/package-lock.json.
(cd tests/interop && npm ci --no-audit --no-fund --loglevel=error)

log "building"
dotnet build Traffic.sln -c Release --nologo -v quiet -clp:ErrorsOnly

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
status=0
# run_tests <name> <project> [VAR=value ...] [-- extra dotnet test arguments]
run_tests() {
    local name="$1" project="$2"
    shift 2
    local vars=() extra=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do vars+=("$1"); shift; done
    [ $# -gt 0 ] && shift && extra=("$@")
    log "tests: $name"
    local out="$results/$name.log"
    if ! env "${vars[@]}" dotnet test "$project" -c Release --no-build --nologo "${extra[@]}" 2>&1 | tee "$out"; then
        status=1
    fi
}

# The scalar re-runs cover the code with SIMD paths; the long real-data runs (whole datasets matched and scored)
# do not change with the instruction set and run once.
scalar_filter="FullyQualifiedName!~RealData&FullyQualifiedName!~TDriveWeekdayTpi&FullyQualifiedName!~Accuracy&FullyQualifiedName!~BeijingMatch"
run_tests engine tests/TrafficEngine.Tests
run_tests engine-no-avx2 tests/TrafficEngine.Tests DOTNET_EnableAVX2=0 -- --filter "$scalar_filter"
run_tests engine-no-intrinsics tests/TrafficEngine.Tests DOTNET_EnableHWIntrinsic=0 -- --filter "$scalar_filter"
run_tests jobs tests/Jobs.Tests
run_tests api tests/Api.Tests

passed=0
failed=0
for f in "$results"/*.log; do
    p=$(grep -Eo 'Passed: +[0-9]+' "$f" | awk '{s += $2} END {print s + 0}')
    x=$(grep -Eo 'Failed: +[0-9]+' "$f" | awk '{s += $2} END {print s + 0}')
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${x:-0}))
    if ! grep -Eq 'Passed: +[0-9]+' "$f"; then
        echo "no test results in $(basename "$f" .log)" >&2
        status=1
    fi
done
echo
echo "Tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ] || status=1
exit $status
