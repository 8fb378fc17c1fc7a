#!/bin/sh
# OrchLab TEST STAND-IN for the postgres image's entrypoint (busybox shell, no database inside).
if [ "${1#-}" != "$1" ]; then set -- postgres "$@"; fi
if [ "$1" != postgres ]; then exec "$@"; fi
if [ -z "$POSTGRES_PASSWORD" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != trust ]; then
  cat >&2 <<'MSG'
Error: Database is uninitialized and superuser password is not specified.
       You must specify POSTGRES_PASSWORD to a non-empty value for the
       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".
MSG
  exit 1
fi
mkdir -p "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  echo "${PG_MAJOR:-16}" > "$PGDATA/PG_VERSION"
  echo "${POSTGRES_DB:-${POSTGRES_USER:-postgres}}" > "$PGDATA/ORCHLAB_STANDIN_DATABASE"
  echo "PostgreSQL init process complete; ready for start up. (OrchLab stand-in)"
else
  echo "PostgreSQL Database directory appears to contain a database; Skipping initialization"
fi
echo "LOG:  database system is ready to accept connections (OrchLab stand-in, nothing is stored)"
(
  while true; do nc -l -p 5432 </dev/null >/dev/null 2>&1 || sleep 1; done
) &
pid=$!
trap 'kill $pid 2>/dev/null; exit 0' TERM INT QUIT
wait $pid
