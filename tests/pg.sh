#!/usr/bin/env bash
# Starts a throwaway PostgreSQL (Debian's package) in a temp dir, listening on 127.0.0.1 and a
# unix socket in that dir, with trust auth, and prints its URL on stdout.
#
#   tests/pg.sh start [--watch PID]   prints postgres://postgres@127.0.0.1:PORT/postgres and, on
#                                     stderr, PG_DIR=...; with --watch the server is stopped and
#                                     its dir removed when process PID ends
#   tests/pg.sh stop DIR              stops the server in DIR and removes DIR
#
# Needs `apt-get install -y postgresql` (binaries in /usr/lib/postgresql/<version>/bin). Exits 3
# when PostgreSQL is not installed.
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
    echo "pg.sh: PostgreSQL is not installed; install it with: apt-get install -y postgresql" >&2
    exit 3
fi

as_db_user() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

case "${1:-start}" in
start)
    watch=""
    if [[ "${2:-}" == "--watch" ]]; then watch="${3:?--watch needs a PID}"; fi
    dir=$(mktemp -d /tmp/vereint-pg.XXXXXX)
    if [[ $(id -u) -eq 0 ]]; then chown postgres: "$dir"; fi
    as_db_user "$bindir/initdb" -D "$dir/data" --auth=trust -U postgres -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 || {
        cat "$dir/initdb.log" >&2
        exit 1
    }
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_db_user "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c max_connections=300 -c shared_buffers=128MB" \
        start >/dev/null || {
        cat "$dir/server.log" >&2
        exit 1
    }
    if [[ -n "$watch" ]]; then
        setsid bash -c "
            while kill -0 $watch 2>/dev/null; do sleep 0.5; done
            $(declare -f as_db_user)
            as_db_user '$bindir/pg_ctl' -D '$dir/data' -m immediate stop >/dev/null 2>&1
            rm -rf '$dir'
        " </dev/null >/dev/null 2>&1 &
    fi
    echo "PG_DIR=$dir" >&2
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
stop)
    dir="${2:?usage: pg.sh stop DIR}"
    as_db_user "$bindir/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
*)
    echo "usage: tests/pg.sh start [--watch PID] | stop DIR" >&2
    exit 2
    ;;
esac
