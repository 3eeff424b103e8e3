#!/usr/bin/env bash
# A throwaway PostgreSQL 15 for tests and CI: a fresh cluster in a temporary folder, listening on a free loopback
# port, trust authentication, removed on exit.
#
#   scripts/pg-test-server.sh                 prints the URL, serves until SIGINT/SIGTERM, then stops and cleans up
#   scripts/pg-test-server.sh -- CMD ARGS…    runs CMD with RASAD_TEST_PG=<url> in its environment, then stops
#   scripts/pg-test-server.sh --stdin         serves until its standard input closes (a test process that spawned
#                                             it and died, even by SIGKILL, leaves no server behind)
#
# The URL is printed alone on the first line of standard output (test/postgres/server.ts reads it); logs go to
# standard error. As root, the server runs as the user postgres (initdb refuses root). PGBIN overrides the
# binaries' folder (default /usr/lib/postgresql/15/bin).
set -euo pipefail

PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
if [ ! -x "$PGBIN/initdb" ]; then
  echo "pg-test-server: PostgreSQL 15 is not installed ($PGBIN/initdb is missing); apt-get install postgresql" >&2
  exit 3
fi

run_as=()
if [ "$(id -u)" -eq 0 ]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "pg-test-server: running as root needs the user postgres (initdb refuses root)" >&2
    exit 3
  fi
  run_as=(runuser -u postgres --)
fi

DIR="$(mktemp -d "${TMPDIR:-/tmp}/rasad-pg.XXXXXX")"
[ ${#run_as[@]} -gt 0 ] && chown postgres "$DIR"
chmod 700 "$DIR"

started=0
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ "$started" -eq 1 ]; then
    "${run_as[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$DIR"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A free port: bind to 0 and read what the kernel gave. Another process may take it before the server does, so a
# failed start is retried with a new port.
free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})"
}

"${run_as[@]}" "$PGBIN/initdb" -D "$DIR/data" -U postgres -E UTF8 --locale=C.UTF-8 --auth=trust -N >"$DIR/initdb.log" 2>&1 || {
  cat "$DIR/initdb.log" >&2
  exit 4
}

PORT=""
for attempt in 1 2 3 4 5; do
  PORT="$(free_port)"
  # fsync off and a small shared_buffers: a test server, thrown away after the run
  if "${run_as[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w -t 30 \
      -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null 2>&1; then
    started=1
    break
  fi
  echo "pg-test-server: start on port $PORT failed (attempt $attempt)" >&2
  tail -n 5 "$DIR/log" >&2 || true
done
if [ "$started" -ne 1 ]; then
  echo "pg-test-server: could not start PostgreSQL" >&2
  exit 4
fi

URL="postgres://postgres@127.0.0.1:$PORT/postgres"

if [ "${1:-}" = "--" ]; then
  shift
  echo "$URL"
  set +e
  RASAD_TEST_PG="$URL" "$@"
  rc=$?
  set -e
  exit "$rc"
fi

echo "$URL"
if [ "${1:-}" = "--stdin" ]; then
  # a background command reads /dev/null unless given another descriptor: hand it our stdin as fd 3
  exec 3<&0
  cat <&3 >/dev/null &
  wait $! || true
  exit 0
fi
echo "pg-test-server: serving in $DIR; stop with Ctrl-C or SIGTERM" >&2
# wait on a background sleep so that a signal is handled at once
while :; do sleep 3600 & wait $! || true; done
