#!/usr/bin/env bash
# Property-based API tests: schemathesis (PyPI, pinned) generates requests from the directory's own
# /api/v1/openapi.json and checks that no answer is a 5xx and every answer matches the schema
# (status code, content type, headers, body). Runs against a debug `vereint directory serve` on a
# fresh SQLite file, with a random admin token so the admin endpoints are reached too.
#   bash tests/schemathesis/run.sh [MAX_EXAMPLES]
set -euo pipefail
cd "$(dirname "$0")/../.."
examples=${1:-25}
venv=${SCHEMATHESIS_VENV:-/var/tmp/vereint-test/schemathesis-venv}
if [[ ! -x $venv/bin/st ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q schemathesis==4.32.5
fi
cargo build -q --locked
work=$(mktemp -d)
pid=
cleanup() {
    [[ -n $pid ]] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf '%s' "$token" >"$work/admin-token"
chmod 600 "$work/admin-token"
cat >"$work/vereint.toml" <<TOML
[directory]
admin_token_file = "$work/admin-token"
log = "warn"
[directory.rate_limit]
per_second = 0.0
TOML
XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" \
    target/debug/vereint --lang en --config "$work/vereint.toml" directory serve \
    --bind 127.0.0.1:0 --database "$work/st.sqlite3" >"$work/server.out" 2>"$work/server.err" &
pid=$!
addr=
for _ in $(seq 100); do
    addr=$(grep -o 'http://[^ ]*' "$work/server.out" 2>/dev/null | head -n1 || true)
    [[ -n $addr ]] && break
    sleep 0.1
done
[[ -n $addr ]] || { echo "directory did not start:" >&2; cat "$work/server.err" >&2; exit 1; }
# the admin token reaches schemathesis through its environment, not the command line
printf 'headers = { Authorization = "Bearer ${ST_ADMIN_TOKEN}" }\n' >"$work/schemathesis.toml"
ST_ADMIN_TOKEN=$token \
"$venv/bin/st" --config-file "$work/schemathesis.toml" run "$addr/api/v1/openapi.json" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
    --phases examples,coverage,fuzzing --max-examples "$examples" --workers 2 \
    --suppress-health-check all --warnings off
if grep -qi "panicked\|$token" "$work/server.err"; then
    echo "the directory's log holds a panic or the admin token:" >&2
    cat "$work/server.err" >&2
    exit 1
fi
