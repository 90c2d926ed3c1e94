#!/usr/bin/env bash
# Directory throughput on this machine: a release `vereint directory serve` and, in a second
# process, the load generator (benches/directory_load.rs) over loopback. Scenarios: a trivial
# route (baseline), booking-status reads, and durable signed report ingestion.
#
#   benches/directory.sh [sqlite|postgres|both] [SECONDS] [CONNECTIONS]
#
# Env for a side-by-side run against an older build (alternate the two in a loop): SERVER_BIN (the
# vereint binary serving, default target/release/vereint) and SERVER_CATALOG (its catalogue fixture
# folder, default tests/fixtures/directory/catalog; an old build may refuse newer fixtures).
#
# SQLite runs on a temp file with WAL and synchronous=FULL; PostgreSQL is a throwaway server from
# tests/pg.sh (Debian's package, fsync on). Reports are acknowledged only after their commit.
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-both}
seconds=${2:-10}
connections=${3:-64}

# builds the load generator and, as a side effect, target/release/vereint with the same features
cargo bench --no-run --bench directory_load
token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run() {
    local label=$1 database=$2
    XDG_CONFIG_HOME="$work" VEREINT_DIRECTORY__ADMIN_TOKEN="$token" \
        VEREINT_DIRECTORY__RATE_LIMIT__PER_SECOND=0 VEREINT_DIRECTORY__LOG=warn VEREINT_CATALOG__DIR="${SERVER_CATALOG:-tests/fixtures/directory/catalog}" \
        "${SERVER_BIN:-target/release/vereint}" --lang en directory serve --bind 127.0.0.1:0 --database "$database" \
        >"$work/server.out" 2>"$work/server.err" &
    local pid=$!
    for _ in $(seq 100); do
        grep -q "http://" "$work/server.out" 2>/dev/null && break
        sleep 0.1
    done
    local addr
    addr=$(grep -o 'http://[^ ]*' "$work/server.out" | head -n1)
    echo "== $label: $addr, $seconds s per scenario, $connections connections"
    VEREINT_DIRECTORY__ADMIN_TOKEN="$token" cargo bench -q --bench directory_load -- --url "$addr" \
        --seconds "$seconds" --connections "$connections"
    kill -TERM "$pid"
    wait "$pid" || true
}

if [[ $which == sqlite || $which == both ]]; then
    run "SQLite (WAL, synchronous=FULL)" "$work/bench.sqlite3"
fi
if [[ $which == postgres || $which == both ]]; then
    url=$(bash tests/pg.sh start --watch $$)
    run "PostgreSQL 15 (fsync on)" "$url"
fi
