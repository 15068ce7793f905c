#!/usr/bin/env bash
# The suite on SQLite with the clock at a year's last day and at the next year's first (month
# end, year end, a public holiday), the two runs side by side: tests that assume today's date
# fail here.
set -uo pipefail
BIN=${BIN:-.venv/bin}
export LIANXI_TESTING=1
. scripts/side_by_side.sh
# The route and page sweeps and the drills (marker `sweep`) do not depend on the date: left out.
start "clock 2026-12-31T15:00+08:00" env -u DATABASE_URL "$BIN/pytest" -m "not sweep" --clock 2026-12-31T15:00:00+08:00 "$@"
start "clock 2027-01-01T00:30+08:00" env -u DATABASE_URL "$BIN/pytest" -m "not sweep" --clock 2027-01-01T00:30:00+08:00 "$@"
finish
