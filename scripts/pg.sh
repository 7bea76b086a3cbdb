#!/usr/bin/env bash
# A private PostgreSQL cluster for the tests: owned by an unprivileged user
# ("postgres" when run as root, else yourself), in a directory of its own, on
# a free port, listening on 127.0.0.1 only.
#
#   scripts/pg.sh start DIR       start it; prints the superuser URL
#   scripts/pg.sh createdb DIR    a fresh database owned by the role "chanjiao"
#                                 (no superuser, no BYPASSRLS); prints its URL
#   scripts/pg.sh stop DIR        stop it and remove DIR
set -euo pipefail
cmd=${1:?usage: pg.sh start|createdb|stop DIR}
dir=${2:?usage: pg.sh start|createdb|stop DIR}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "pg.sh: PostgreSQL is not installed (scripts/setup.sh test)" >&2; exit 1; }

as_owner() {
	# (from /, which the cluster's owner may enter, unlike a root-only work tree)
	if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

psql_admin() {
	"$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(cat "$dir/port")" -U postgres -d postgres "$@"
}

case $cmd in
start)
	mkdir -p "$dir"
	[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 \
		--locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
	as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=on" \
		start >/dev/null
	echo "$port" >"$dir/port"
	psql_admin -c "CREATE ROLE chanjiao LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"
	echo "postgres://postgres@127.0.0.1:$port/postgres"
	;;
createdb)
	name="cj_$(date +%s)_$$_$RANDOM"
	psql_admin -c "CREATE DATABASE $name OWNER chanjiao"
	echo "postgres://chanjiao@127.0.0.1:$(cat "$dir/port")/$name"
	;;
stop)
	if [ -d "$dir/data" ]; then
		as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
	fi
	rm -rf "$dir"
	;;
*)
	echo "usage: pg.sh start|createdb|stop DIR" >&2
	exit 2
	;;
esac
