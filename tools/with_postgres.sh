#!/usr/bin/env bash
# Run a command (the test suite, the bench) with a throw-away PostgreSQL 15 server: the
# server store's tests and bench rows need one. `make test` and `make bench` call this.
#
# - PGHOST already set (a server you started): the command runs against it.
# - Else, as root with apt-get, the PostgreSQL 15 server packages are installed when
#   missing, and pg_virtualenv (postgresql-common) runs the command in a cluster of its
#   own, made for it and dropped after; it sets PGHOST, PGPORT, PGUSER and PGPASSWORD.
# - Else, as another user, initdb and pg_ctl make the cluster in a temporary folder.
# - When no server can be had, the command still runs, with TRACKER_TEST_SERVER_SKIP
#   saying why: the server tests are skipped, and the suite says so loudly.
set -u

if [ -n "${PGHOST:-}" ]; then
    exec "$@"
fi

skip() {  # skip REASON COMMAND...: run the command without a server, saying why
    local why="$1"
    shift
    echo "with_postgres: no PostgreSQL server: $why" >&2
    TRACKER_TEST_SERVER_SKIP="$why" exec "$@"
}

find_bin() {  # the first PostgreSQL 15+ bin folder with initdb
    for dir in /usr/lib/postgresql/*/bin; do
        if [ -x "$dir/initdb" ]; then echo "$dir"; return 0; fi
    done
    command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)" && return 0
    return 1
}

if [ "$(id -u)" = 0 ]; then
    if ! command -v pg_virtualenv >/dev/null 2>&1 || ! find_bin >/dev/null; then
        if command -v apt-get >/dev/null 2>&1; then
            echo "with_postgres: installing the PostgreSQL 15 server packages" >&2
            { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
                --no-install-recommends postgresql-15 postgresql-common >/dev/null; } \
                || skip "apt-get could not install postgresql-15" "$@"
        else
            skip "pg_virtualenv is missing and there is no apt-get to install it" "$@"
        fi
    fi
    exec pg_virtualenv -t -v 15 -o log_checkpoints=off -o log_min_messages=warning "$@"
fi

# Not root: a cluster of our own with initdb and pg_ctl, on a free port.
bin="$(find_bin)" || skip "initdb is not installed (apt install postgresql-15)" "$@"
work="$(mktemp -d "${TMPDIR:-/tmp}/tracker-pg.XXXXXX")"
port=$(( 20000 + RANDOM % 20000 ))
export PGHOST="$work" PGPORT="$port" PGUSER="$(id -un)" PGDATABASE=postgres
stop() { "$bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1; rm -rf "$work"; }
trap stop EXIT
"$bin/initdb" -D "$work/data" -A trust -U "$PGUSER" >/dev/null 2>&1 \
    || skip "initdb failed in $work" "$@"
"$bin/pg_ctl" -D "$work/data" -l "$work/log" -w \
    -o "-k $work -p $port -c listen_addresses=''" start >/dev/null \
    || skip "the server did not start (see $work/log)" "$@"
"$@"
