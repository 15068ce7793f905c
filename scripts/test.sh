#!/usr/bin/env bash
# The whole suite on SQLite and, where a server answers, on PostgreSQL: the two runs side by
# side (each with its own var/ directory), their output shown when both are done.
# With CI=true an unreachable PostgreSQL is a failure, not a skip. TEST_SERIAL=1 runs them one
# after the other, with their output as it comes.
set -uo pipefail
BIN=${BIN:-.venv/bin}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432/lianxi}
export LIANXI_TESTING=1
. scripts/side_by_side.sh

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

# The sweeps over every route and page (marker `sweep`) and the browser journeys (`browser`):
# each run takes its own bucket of them, so that each runs once per `make test`, on one
# database or the other (the buckets move with the commit); tests that never touch the
# database run on SQLite only (docs/decisions/0010). `make sweeps` runs the sweeps on both;
# LIANXI_SWEEPS=all runs everything in both runs.
SWEEPS=${LIANXI_SWEEPS:-}
bucket() { [ -n "$SWEEPS" ] && echo "$SWEEPS" || echo "$1/2"; }
start "SQLite" env -u DATABASE_URL LIANXI_SWEEPS="$(bucket 0)" "$BIN/pytest" "$@"
pg_rc=0
if pg_reachable; then
  start "PostgreSQL" env DATABASE_URL="$PG_URL" LIANXI_SWEEPS="$(bucket 1)" "$BIN/pytest" "$@"
elif [ "${CI:-}" = "true" ]; then
  echo "CI=true but PostgreSQL is unreachable at $PG_URL" >&2
  pg_rc=1
else
  echo "PostgreSQL not reachable: skipped the PostgreSQL run (CI=true makes this a failure)."
fi
finish
rc=$?
[ $rc -eq 0 ] && [ $pg_rc -eq 0 ]
