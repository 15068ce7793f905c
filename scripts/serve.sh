#!/usr/bin/env bash
# Serve lianxi with granian (WSGI) and run the huey consumer beside it; Ctrl-C stops both.
set -euo pipefail
BIN=${BIN:-.venv/bin}
PORT=${PORT:-8000}
WORKERS=${WORKERS:-2}
"$BIN/python" manage.py run_huey --workers 2 --worker-type thread &
HUEY_PID=$!
trap 'kill $HUEY_PID 2>/dev/null || true' EXIT INT TERM
echo "lianxi: http://127.0.0.1:${PORT}/  (admin: /admin/, API docs: /api/v1/docs)"
"$BIN/granian" --interface wsgi --host 127.0.0.1 --port "$PORT" --workers "$WORKERS" \
  --blocking-threads "${THREADS:-8}" --no-ws --log-level warning lianxi.wsgi:application
