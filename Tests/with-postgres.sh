#!/usr/bin/env bash
# Runs "$@" beside a throwaway PostgreSQL server (make test): initdb in a temporary folder, listening
# on 127.0.0.1 and on a socket in that folder only, password (SCRAM) authentication for an
# unprivileged role. G3_TEST_POSTGRES holds its connection string (without the password) and
# G3_TEST_POSTGRES_PASSWORD the password. The server is stopped and its folder removed when the
# command ends, also when it fails or is interrupted. Run as root, the server runs as user postgres.
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bindir" ]; then echo "with-postgres.sh: no PostgreSQL server (apt-get install postgresql)" >&2; exit 69; fi
dir=$(mktemp -d /tmp/g3-postgres.XXXXXX)
as_server=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"
  as_server=(runuser -u postgres --)
fi
stop() {
  "${as_server[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT INT TERM
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
printf '%s\n' "$password" >"$dir/password"
chmod 600 "$dir/password"
[ "$(id -u)" = 0 ] && chown postgres "$dir/password"
"${as_server[@]}" "$bindir/initdb" -D "$dir/data" -U g3 --auth=scram-sha-256 --pwfile="$dir/password" \
  -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 70; }
"${as_server[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 70; }
export G3_TEST_POSTGRES="host=127.0.0.1 port=$port user=g3 dbname=postgres"
export G3_TEST_POSTGRES_PASSWORD="$password"
"$@"
