#!/usr/bin/env bash
# The whole suite on SQLite, then again on PostgreSQL where a server answers.
# With CI=true an unreachable PostgreSQL is a failure, not a skip.
set -uo pipefail
BIN=${BIN:-.venv/bin}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432/lianxi}
export LIANXI_TESTING=1

pg_reachable() {
  "$BIN/python" - "$PG_URL" <<'PY'
import sys
import psycopg
url = sys.argv[1].rsplit("/", 1)[0] + "/postgres"
try:
    psycopg.connect(url, connect_timeout=3).close()
except Exception as exc:
    print(f"PostgreSQL unreachable: {exc}", file=sys.stderr)
    sys.exit(1)
PY
}

echo "=== tests on SQLite ==="
env -u DATABASE_URL "$BIN/pytest" "$@"
sqlite_rc=$?

pg_rc=0
if pg_reachable; then
  echo "=== tests on PostgreSQL ==="
  DATABASE_URL="$PG_URL" "$BIN/pytest" "$@"
  pg_rc=$?
elif [ "${CI:-}" = "true" ]; then
  echo "CI=true but PostgreSQL is unreachable at $PG_URL" >&2
  pg_rc=1
else
  echo "PostgreSQL not reachable: skipped the PostgreSQL run (CI=true makes this a failure)."
fi

echo "SQLite exit: $sqlite_rc, PostgreSQL exit: $pg_rc"
[ $sqlite_rc -eq 0 ] && [ $pg_rc -eq 0 ]
